import { describe, it, expect } from 'vitest';
import { addRule, applyImport, createRule, createRuleSet, uniqueRuleName } from './rule-set.ts';
import { lintRuleSet } from '../lint/lint.ts';
import { parseScript } from '../powershell/parser.ts';
import { replayCommands } from '../powershell/replay.ts';
import { MAX_RULE_NAME_LENGTH, ruleNameKey, sameRuleName } from './names.ts';

describe('rule-name equality: one rule for the model, the linter and the replay', () => {
  it('is case-insensitive and does not trim', () => {
    expect(sameRuleName('Block OWA', 'BLOCK owa')).toBe(true);
    expect(sameRuleName('Block OWA', 'Block OWA ')).toBe(false);
    expect(sameRuleName('Block OWA', 'Block  OWA')).toBe(false);
    expect(ruleNameKey('Zürich')).toBe(ruleNameKey('ZÜRICH'));
  });

  it('the linter, the replay, merge and uniqueRuleName agree on what a duplicate is', () => {
    for (const [a, b] of [
      ['Block OWA', 'block owa'],
      ['Block OWA', 'Block OWA '],
      ['Block OWA', 'Block  OWA'],
    ] as const) {
      const same = sameRuleName(a, b);
      const set = addRule(addRule(createRuleSet(), createRule({ name: a })), createRule({ name: b }));
      expect(lintRuleSet(set).some((f) => f.code === 'duplicate-name')).toBe(same);
      const replayed = replayCommands(createRuleSet(), parseScript(`New-ClientAccessRule '${a}' -Action Allow\nNew-ClientAccessRule '${b}' -Action Allow`).commands);
      expect(replayed.ruleSet.rules.length).toBe(same ? 1 : 2);
      const merged = applyImport(addRule(createRuleSet(), createRule({ name: a })), addRule(createRuleSet(), createRule({ name: b })), 'merge');
      expect(merged.rules.length).toBe(same ? 1 : 2);
      expect(uniqueRuleName(addRule(createRuleSet(), createRule({ name: a })), b) === b).toBe(!same);
    }
  });

  it('the linter warns above MAX_RULE_NAME_LENGTH characters, not at it', () => {
    const at = addRule(createRuleSet(), createRule({ name: 'x'.repeat(MAX_RULE_NAME_LENGTH) }));
    const over = addRule(createRuleSet(), createRule({ name: 'x'.repeat(MAX_RULE_NAME_LENGTH + 1) }));
    expect(lintRuleSet(at).some((f) => f.code === 'name-too-long')).toBe(false);
    expect(lintRuleSet(over).some((f) => f.code === 'name-too-long')).toBe(true);
  });
});
