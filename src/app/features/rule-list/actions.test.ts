import { describe, it, expect, beforeEach } from 'vitest';
import { addRule, createRule } from '../../../core/model/rule-set.ts';
import { createDesignStore } from '../../store/index.ts';
import type { DesignStore } from '../../store/index.ts';
import { RULE_LIST_ACTIONS, shortcutAction, type ActionContext } from './actions.ts';

describe('rule list actions', () => {
  let store: DesignStore;
  let announced: string[];
  let ctx: ActionContext;
  const names = () => store.getState().ruleSet.rules.map((r) => r.name);
  const idOf = (name: string) => store.getState().ruleSet.rules.find((r) => r.name === name)!.id;

  beforeEach(() => {
    store = createDesignStore();
    announced = [];
    ctx = { store, announce: (m) => announced.push(m) };
    for (let i = 0; i < 3; i += 1) RULE_LIST_ACTIONS.addBlank.run(ctx);
    store.temporal.getState().clear();
    announced = [];
  });

  it('adds blank rules with unique names and selects the new one by the id it chose', () => {
    expect(names()).toEqual(['New rule', 'New rule (2)', 'New rule (3)']);
    expect(store.getState().selectedRuleId).toBe(idOf('New rule (3)'));
  });

  it('moves by menu, one undo step each, and announces the new priority', () => {
    RULE_LIST_ACTIONS.moveToTop.run(ctx, { id: idOf('New rule (3)') });
    RULE_LIST_ACTIONS.moveDown.run(ctx, { id: idOf('New rule') });
    expect(names()).toEqual(['New rule (3)', 'New rule (2)', 'New rule']);
    expect(announced).toEqual(['Rule New rule (3) moved to priority 1.', 'Rule New rule moved to priority 3.']);
    store.getState().undo();
    expect(names()).toEqual(['New rule (3)', 'New rule', 'New rule (2)']);
  });

  it('duplicates below and selects the copy, also below datacenter-admin rules; deletes and selects the neighbour', () => {
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'DCA', datacenterAdminsOnly: true }), 1));
    RULE_LIST_ACTIONS.duplicate.run(ctx, { id: idOf('New rule') });
    expect(names()).toEqual(['DCA', 'New rule', 'New rule (copy)', 'New rule (2)', 'New rule (3)']);
    expect(store.getState().selectedRuleId).toBe(idOf('New rule (copy)'));
    RULE_LIST_ACTIONS.remove.run(ctx, { id: idOf('New rule (copy)') });
    expect(names()).toEqual(['DCA', 'New rule', 'New rule (2)', 'New rule (3)']);
    expect(store.getState().selectedRuleId).toBe(idOf('New rule (2)'));
    expect(announced.at(-1)).toBe('Rule New rule (copy) deleted.');
  });

  it('bulk enable, disable, move and delete are one undo step each', () => {
    const ids = new Set([idOf('New rule'), idOf('New rule (3)')]);
    RULE_LIST_ACTIONS.disableSelected.run(ctx, { ids });
    expect(store.getState().ruleSet.rules.map((r) => r.enabled)).toEqual([false, true, false]);
    RULE_LIST_ACTIONS.moveSelectedToBottom.run(ctx, { ids });
    expect(names()).toEqual(['New rule (2)', 'New rule', 'New rule (3)']);
    RULE_LIST_ACTIONS.deleteSelected.run(ctx, { ids });
    expect(names()).toEqual(['New rule (2)']);
    store.getState().undo();
    store.getState().undo();
    expect(names()).toEqual(['New rule', 'New rule (2)', 'New rule (3)']);
    store.getState().undo();
    expect(store.getState().ruleSet.rules.every((r) => r.enabled)).toBe(true);
    expect(announced).toEqual(['2 rules disabled.', '2 rules moved to the bottom.', '2 rules deleted.']);
  });

  it('maps the registry shortcuts', () => {
    expect(shortcutAction({ key: 'ArrowUp', altKey: true, ctrlKey: false, metaKey: false, shiftKey: false })).toBe('moveUp');
    expect(shortcutAction({ key: 'ArrowUp', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false })).toBeNull();
    expect(shortcutAction({ key: 'Delete', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false })).toBe('remove');
  });
});
