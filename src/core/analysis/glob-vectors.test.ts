import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { globCovers, globVectors, literalGlob, nonEmptyConstraint, usernameSubjectConstraint, wildcardGlob } from './glob-vectors.ts';
import { matchesUsernamePattern, usernameSubject } from '../match/username.ts';

const PATTERNS = ['*', '*\\admin*', 'contoso.com\\*', 'contoso.com\\admin1*', 'jeff*', '*@*', 'a*b*a', '', 'x\\y'];

describe('globVectors', () => {
  it('finds the four combinations of two overlapping patterns', () => {
    const r = globVectors([wildcardGlob('*\\admin*'), wildcardGlob('contoso.com\\*')], usernameSubjectConstraint);
    expect(r.complete).toBe(true);
    expect(r.vectors.map((v) => v.truth.join()).sort()).toEqual(['false,false', 'false,true', 'true,false', 'true,true']);
  });
  it('never claims an impossible combination: a subject with @ needs a backslash', () => {
    const r = globVectors([wildcardGlob('*@*'), wildcardGlob('*\\*')], usernameSubjectConstraint);
    expect(r.vectors.some((v) => v.truth[0] && !v.truth[1])).toBe(false);
  });
  it('exact values exclude each other', () => {
    const r = globVectors([literalGlob('IT'), literalGlob('HR')], nonEmptyConstraint);
    expect(r.vectors.some((v) => v.truth[0] && v.truth[1])).toBe(false);
  });
  it('says when it stops early', () => {
    const many = 'abcdefghijklmnop'.split('').map((c) => wildcardGlob(`*${c}*`));
    expect(globVectors(many, nonEmptyConstraint, 500).complete).toBe(false);
  });
  it('decides pattern inclusion', () => {
    expect(globCovers(wildcardGlob('*\\jeff'), wildcardGlob('contoso.com\\jeff'), usernameSubjectConstraint)).toBe(true);
    expect(globCovers(wildcardGlob('contoso.com\\jeff'), wildcardGlob('*\\jeff'), usernameSubjectConstraint)).toBe(false);
    expect(globCovers(wildcardGlob('*\\*'), wildcardGlob('*@*'), usernameSubjectConstraint)).toBe(true);
  });
  it('agrees with brute-force matching (property)', () => {
    fc.assert(
      fc.property(fc.subarray(PATTERNS, { minLength: 1, maxLength: 4 }), fc.array(fc.stringMatching(/^[a-z\\@.1 *]{0,14}$/), { maxLength: 20 }), (patterns, users) => {
        const r = globVectors(patterns.map(wildcardGlob), usernameSubjectConstraint);
        const keys = new Set(r.vectors.map((v) => v.truth.join()));
        for (const v of r.vectors) {
          const subject = usernameSubject(v.witness);
          expect(subject).toBe(v.witness);
          expect(patterns.map((p) => matchesUsernamePattern(p, subject)).join()).toBe(v.truth.join());
        }
        for (const u of users) {
          const subject = usernameSubject(u);
          expect(keys.has(patterns.map((p) => matchesUsernamePattern(p, subject)).join())).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
