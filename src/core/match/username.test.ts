import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  compileUsernameMatcher,
  compileUsernamePatterns,
  isJeffStarPattern,
  matchesUsernamePattern,
  suggestUsernamePattern,
  usernameSubject,
} from './username.ts';

describe('usernameSubject', () => {
  it('turns a UPN into Domain\\UserName and keeps DOMAIN\\user as it is', () => {
    expect(usernameSubject('jeff@contoso.com')).toBe('contoso.com\\jeff');
    expect(usernameSubject('CONTOSO\\jeff')).toBe('CONTOSO\\jeff');
    expect(usernameSubject('  jeff@contoso.com ')).toBe('contoso.com\\jeff');
    expect(usernameSubject('jeff')).toBe('jeff');
  });
});

describe('matchesUsernamePattern (spec 5)', () => {
  const subject = usernameSubject('jeff@contoso.com');

  it('never matches jeff* while *jeff* and contoso.com\\jeff do', () => {
    expect(matchesUsernamePattern('jeff*', subject)).toBe(false);
    expect(matchesUsernamePattern('jeff', subject)).toBe(false);
    expect(matchesUsernamePattern('*jeff*', subject)).toBe(true);
    expect(matchesUsernamePattern('contoso.com\\jeff', subject)).toBe(true);
    expect(matchesUsernamePattern('*\\jeff', subject)).toBe(true);
  });

  it('matches contoso.com\\admin* on admin accounts only', () => {
    expect(matchesUsernamePattern('contoso.com\\admin*', 'contoso.com\\admin1')).toBe(true);
    expect(matchesUsernamePattern('contoso.com\\admin*', usernameSubject('Admin-Jane@Contoso.com'))).toBe(true);
    expect(matchesUsernamePattern('contoso.com\\admin*', 'contoso.com\\jeff')).toBe(false);
    expect(matchesUsernamePattern('contoso.com\\admin*', 'fabrikam.com\\admin1')).toBe(false);
  });

  it('is case-insensitive and matches the whole subject', () => {
    expect(matchesUsernamePattern('CONTOSO.COM\\JEFF', subject)).toBe(true);
    expect(matchesUsernamePattern('contoso.com\\jef', subject)).toBe(false);
    expect(matchesUsernamePattern('ontoso.com\\jeff', subject)).toBe(false);
  });

  it('lets * cross the backslash', () => {
    expect(matchesUsernamePattern('contoso*jeff', subject)).toBe(true);
    expect(matchesUsernamePattern('*', subject)).toBe(true);
  });

  it('treats regex metacharacters literally', () => {
    expect(matchesUsernamePattern('contoso.com\\j.ff', subject)).toBe(false);
    expect(matchesUsernamePattern('c?ntoso.com\\jeff', subject)).toBe(false);
    expect(matchesUsernamePattern('*[a-z]*', subject)).toBe(false);
    expect(matchesUsernamePattern('*(x)*', 'corp\\a(x)b')).toBe(true);
    expect(matchesUsernamePattern('corp\\a+b', 'corp\\a+b')).toBe(true);
    expect(matchesUsernamePattern('corp\\a+b', 'corp\\aab')).toBe(false);
    expect(matchesUsernamePattern('corp\\$', 'corp\\$')).toBe(true);
  });

  it('does not let a middle run overlap the suffix', () => {
    expect(matchesUsernamePattern('*ab*ba', 'x\\aba')).toBe(false);
    expect(matchesUsernamePattern('*ab*ba', 'x\\abba')).toBe(true);
  });
});

describe('compiled patterns', () => {
  it('return the first matching pattern', () => {
    const m = compileUsernamePatterns(['fabrikam\\*', '*jeff*', 'contoso.com\\*']);
    expect(m('Contoso.com\\Jeff')).toBe('*jeff*');
    expect(m('contoso.com\\bob')).toBe('contoso.com\\*');
    expect(m('other\\bob')).toBeNull();
    expect(compileUsernameMatcher([]).matchLower('a\\b')).toBe(-1);
  });
});

describe('isJeffStarPattern', () => {
  it('flags patterns whose leading literal would be compared with the domain', () => {
    expect(isJeffStarPattern('jeff*')).toBe(true);
    expect(isJeffStarPattern('jeff')).toBe(true);
    expect(isJeffStarPattern('jeff*smith')).toBe(true);
    expect(isJeffStarPattern('*jeff*')).toBe(false);
    expect(isJeffStarPattern('contoso.com\\admin*')).toBe(false);
    expect(isJeffStarPattern('   ')).toBe(false);
    expect(suggestUsernamePattern('jeff*')).toBe('*\\jeff*');
  });
});

/** Naive backtracking glob matcher: the oracle. */
function naive(p: string, s: string): boolean {
  if (p === '') return s === '';
  if (p[0] === '*') {
    for (let i = 0; i <= s.length; i++) if (naive(p.slice(1), s.slice(i))) return true;
    return false;
  }
  return s !== '' && p[0] === s[0] && naive(p.slice(1), s.slice(1));
}

describe('username matching property', () => {
  it('agrees with a naive backtracking matcher', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', '\\', '.', '*');
    const subjAlphabet = fc.constantFrom('a', 'b', 'B', '\\', '.', '*');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: subjAlphabet, maxLength: 10 }), (p, s) => {
        expect(matchesUsernamePattern(p, s)).toBe(naive(p.toLowerCase(), s.toLowerCase()));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('compiled pattern lists property', () => {
  it('return the first pattern the naive matcher accepts (shared-prefix shortcut included)', () => {
    const unit = fc.constantFrom('a', 'b', '\\', '*');
    const pattern = fc.tuple(fc.constantFrom('', 'ab', 'ab\\', 'a'), fc.string({ unit, maxLength: 5 })).map(([p, rest]) => p + rest);
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 5 }), fc.string({ unit: fc.constantFrom('a', 'b', 'B', '\\'), maxLength: 8 }), (patterns, s) => {
        const expected = patterns.find((p) => naive(p.toLowerCase(), s.toLowerCase())) ?? null;
        expect(compileUsernamePatterns(patterns)(s)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
