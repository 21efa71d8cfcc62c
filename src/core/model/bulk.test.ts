import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addRule, createRule, createRuleSet } from './rule-set.ts';
import { moveRulesTo, removeRules, setRulesEnabled } from './bulk.ts';
import type { RuleSet } from './types.ts';

function setOf(names: string[]): RuleSet {
  return names.reduce((set, name) => addRule(set, createRule({ id: name, name })), createRuleSet());
}
const names = (set: RuleSet) => set.rules.map((r) => r.name);

describe('bulk rule changes', () => {
  it('enable, disable and remove several rules, and return the same set when nothing changes', () => {
    const set = setOf(['a', 'b', 'c']);
    const off = setRulesEnabled(set, new Set(['a', 'c']), false);
    expect(off.rules.map((r) => r.enabled)).toEqual([false, true, false]);
    expect(setRulesEnabled(off, new Set(['a']), false)).toBe(off);
    expect(names(removeRules(set, new Set(['b', 'x'])))).toEqual(['a', 'c']);
    expect(removeRules(set, new Set(['x']))).toBe(set);
  });

  it('moves a selection to the top or bottom keeping relative order, as moving one by one would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.boolean(), (n, picks, top) => {
        const all = Array.from({ length: n }, (_, i) => `r${i}`);
        const set = setOf(all);
        const ids = new Set(all.filter((_, i) => picks[i]));
        const moved = names(moveRulesTo(set, ids, top ? 'top' : 'bottom'));
        const picked = all.filter((x) => ids.has(x));
        const rest = all.filter((x) => !ids.has(x));
        expect(moved).toEqual(top ? [...picked, ...rest] : [...rest, ...picked]);
      }),
    );
    const set = setOf(['a', 'b']);
    expect(moveRulesTo(set, new Set(['a']), 'top')).toBe(set);
  });
});
