import { describe, expect, it } from 'vitest';
import { addRule, createRule, createRuleSet, moveRule, setProfile, updateRule } from '../../core/model/rule-set.ts';
import { isEditInsideOneRule } from './settled-rule-set.ts';

describe('isEditInsideOneRule', () => {
  const set = addRule(addRule(createRuleSet(), createRule({ name: 'A' })), createRule({ name: 'B' }));
  const [a, b] = set.rules;

  it('is true for an edit inside one rule (typing a name)', () => {
    expect(isEditInsideOneRule(set, updateRule(set, a!.id, { name: 'A2' }))).toBe(true);
  });

  it('is false for changes across rules, order, target or the number of rules', () => {
    const both = updateRule(updateRule(set, a!.id, { name: 'A2' }), b!.id, { name: 'B2' });
    expect(isEditInsideOneRule(set, both)).toBe(false);
    expect(isEditInsideOneRule(set, moveRule(set, b!.id, 1))).toBe(false);
    expect(isEditInsideOneRule(set, setProfile(set, 'ExchangeServer'))).toBe(false);
    expect(isEditInsideOneRule(set, addRule(set, createRule({ name: 'C' })))).toBe(false);
  });
});
