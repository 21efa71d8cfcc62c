import { describe, it, expect } from 'vitest';
import { addRule, createRule, createRuleSet, updateRule } from '../../core/model/rule-set.ts';
import { lintOf } from './use-lint.ts';

describe('lintOf', () => {
  it('lints a rule set once and groups findings by rule', async () => {
    const set = addRule(
      addRule(createRuleSet(), createRule({ name: 'Dup', anyOfClientIPAddressesOrRanges: ['10.0.0.300'] })),
      createRule({ name: 'dup' }),
    );
    const result = await lintOf(set);
    expect(await lintOf(set)).toBe(result);
    expect(result.errors).toBeGreaterThanOrEqual(2);
    const first = set.rules[0]!.id;
    expect(result.byRule.get(first)?.map((f) => f.code)).toContain('invalid-ip');
    expect(result.findings.some((f) => f.code === 'duplicate-name')).toBe(true);
    const fixed = updateRule(set, first, { name: 'Unique', anyOfClientIPAddressesOrRanges: ['10.0.0.1'] });
    expect(await lintOf(fixed)).not.toBe(result);
    expect((await lintOf(fixed)).errors).toBe(0);
  });
});
