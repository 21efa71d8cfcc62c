import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimString, dotnetRegex, parseClaimRules } from './claim-rules.ts';
import { CLAIM_TYPES } from './claims.ts';

/** Values the string syntax can carry (see `claimString`: no backslash right before a quote or at the end). */
const text = fc
  .string({ maxLength: 12, unit: fc.constantFrom('a', 'Z', '0', '.', ' ', '"', '\\', '[', ']', '(', ')', ',', ';', '&', '=', '/', '*', 'é') })
  .filter((v) => !v.endsWith('\\') && !v.includes('\\"'));
const types = fc.constantFrom(...Object.values(CLAIM_TYPES), 'urn:custom');
const literalOps = fc.constantFrom('==', '!=');

/** A random rule and its expected reading. */
const ruleArb = fc.record({
  name: fc.option(text, { nil: undefined }),
  conditions: fc.array(
    fc.record({ kind: fc.constantFrom('match', 'exists', 'not-exists'), type: types, op: literalOps, value: fc.option(text, { nil: undefined }) }),
    { maxLength: 4 },
  ),
  verb: fc.constantFrom('issue', 'add'),
  issuedType: types,
  issuedValue: text,
});

type RuleSpec = typeof ruleArb extends fc.Arbitrary<infer T> ? T : never;

function print(r: RuleSpec, i: number): string {
  const conds = r.conditions.map((c, k) => {
    const tests = `[Type == ${claimString(c.type)}${c.value === undefined ? '' : `, Value ${c.op} ${claimString(c.value)}`}]`;
    if (c.kind === 'match') return `c${i}_${k}:${tests}`;
    return `${c.kind === 'not-exists' ? 'NOT ' : ''}exists(${tests})`;
  });
  const name = r.name === undefined ? '' : `@RuleName = ${claimString(r.name)}\n`;
  return `${name}${conds.join(' &&\n')}\n => ${r.verb}(Type = ${claimString(r.issuedType)}, Value = ${claimString(r.issuedValue)});`;
}

describe('parseClaimRules (property)', () => {
  it('reads back every printed rule set exactly', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 4 }), (rules) => {
        const parsed = parseClaimRules(rules.map(print).join('\n\n'));
        expect(parsed.findings).toEqual([]);
        expect(parsed.rules).toHaveLength(rules.length);
        parsed.rules.forEach((p, i) => {
          const r = rules[i]!;
          expect(p.name).toBe(r.name ?? `Rule ${i + 1}`);
          expect(p.issue).toMatchObject({ verb: r.verb, type: { kind: 'literal', text: r.issuedType }, value: { kind: 'literal', text: r.issuedValue } });
          expect(p.conditions.map((c) => [c.kind, c.tests.map((t) => [t.property, t.operator, t.value])])).toEqual(
            r.conditions.map((c) => [c.kind, [['Type', '==', c.type], ...(c.value === undefined ? [] : [['Value', c.op, c.value]])]]),
          );
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text, and every finding has a position', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (input) => {
        const r = parseClaimRules(input);
        for (const f of r.findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('dotnetRegex', () => {
  it('turns a leading (?i) into the i flag and refuses what JavaScript would read differently', () => {
    expect(dotnetRegex('(?i)abc')).toMatchObject({ ok: true });
    expect(dotnetRegex('(?i)abc').ok && dotnetRegex('(?i)abc')).toMatchObject({ regex: /abc/i });
    expect(dotnetRegex('(?m)^a')).toMatchObject({ ok: false });
    expect(dotnetRegex('a(?i:b)')).toMatchObject({ ok: false });
    expect(dotnetRegex('(?>a)')).toMatchObject({ ok: false });
    expect(dotnetRegex('[')).toMatchObject({ ok: false });
  });
});
