import { describe, it, expect } from 'vitest';
import { addRule, createRule } from '../../../core/model/rule-set.ts';
import { lintRuleSet } from '../../../core/lint/lint.ts';
import { createDesignStore } from '../../store/index.ts';
import { RULE_EDITOR_ACTIONS } from './actions.ts';

function setup() {
  const store = createDesignStore();
  const rule = createRule({ name: 'R' });
  store.getState().applyChange((s) => addRule(s, rule));
  store.temporal.getState().clear();
  return { store, ctx: { store }, id: rule.id, rule: () => store.getState().ruleSet.rules[0]! };
}

describe('rule editor actions', () => {
  it('typing a name is one undo step per field; a switch is a step of its own', () => {
    const { store, ctx, id, rule } = setup();
    for (const name of ['R1', 'R12']) RULE_EDITOR_ACTIONS.update.run(ctx, { id, patch: { name }, coalesceKey: `name:${id}` });
    RULE_EDITOR_ACTIONS.update.run(ctx, { id, patch: { enabled: false } });
    expect(rule()).toMatchObject({ name: 'R12', enabled: false });
    store.getState().undo();
    expect(rule()).toMatchObject({ name: 'R12', enabled: true });
    store.getState().undo();
    expect(rule().name).toBe('R');
  });

  it('notes coalesce per field and rule under the key the registry declares', () => {
    const { store, ctx, id, rule } = setup();
    expect(RULE_EDITOR_ACTIONS.setNote.undoKey({ id, field: 'owner', value: '' })).toBe(`note-owner:${id}`);
    for (const value of ['J', 'Jo']) RULE_EDITOR_ACTIONS.setNote.run(ctx, { id, field: 'owner', value });
    expect(rule().notes?.owner).toBe('Jo');
    store.getState().undo();
    expect(rule().notes?.owner ?? '').toBe('');
  });

  it('sets the recipient filter and applies a finding\'s fix through core, one step each', () => {
    const { store, ctx, id, rule } = setup();
    RULE_EDITOR_ACTIONS.setRecipientFilter.run(ctx, { id, filter: "Department -eq 'IT'" });
    expect(rule().userRecipientFilter).toBe("Department -eq 'IT'");
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'R' })));
    const finding = lintRuleSet(store.getState().ruleSet).find((f) => f.code === 'duplicate-name');
    expect(finding).toBeDefined();
    RULE_EDITOR_ACTIONS.applyFix.run(ctx, { finding: finding! });
    expect(store.getState().ruleSet.rules.map((r) => r.name)).toEqual(['R', 'R (2)']);
    store.getState().undo();
    expect(store.getState().ruleSet.rules.map((r) => r.name)).toEqual(['R', 'R']);
  });
});
