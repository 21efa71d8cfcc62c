import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRule } from './rule-set.ts';
import { inEvaluationOrder, isEvaluatedFirst } from './evaluation-order.ts';

describe('inEvaluationOrder', () => {
  it('is the stable partition DatacenterAdminsOnly first (against brute force), and returns the same array when in order', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 12 }), (flags) => {
        const rules = flags.map((dc, i) => createRule({ name: `r${i}`, datacenterAdminsOnly: dc }));
        const expected = [...rules].sort((a, b) => Number(isEvaluatedFirst(b)) - Number(isEvaluatedFirst(a)) || rules.indexOf(a) - rules.indexOf(b));
        const ordered = inEvaluationOrder(rules);
        expect(ordered).toEqual(expected);
        if (ordered.every((r, i) => r === rules[i])) expect(ordered).toBe(rules);
        expect(inEvaluationOrder(rules.map((rule) => ({ rule })), (x) => x.rule).map((x) => x.rule)).toEqual(expected);
      }),
    );
  });
});
