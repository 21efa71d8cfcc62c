import { describe, it, expect } from 'vitest';
import { addRuleWithId, createRule, updateRule } from '../../core/model/rule-set.ts';
import { createDesignStore } from '../store/index.ts';
import { changeProject, changeRuleSet, type FeatureAction } from './actions.ts';

describe('changeProject', () => {
  it('returns what the core change reported (the new id) and makes one undo step', () => {
    const store = createDesignStore();
    const ctx = { store };
    const action = { core: 'addRuleWithId' } satisfies Pick<FeatureAction<void>, 'core'>;
    const first = changeProject(ctx, action, undefined, (s) => addRuleWithId(s, createRule({ name: 'A', datacenterAdminsOnly: true })));
    const second = changeProject(ctx, action, undefined, (s) => addRuleWithId(s, createRule({ name: 'B' }), 1));
    const rules = store.getState().ruleSet.rules;
    // B asked for priority 1 but datacenter-admin rules stay first: the id, not the position, names it.
    expect(rules.map((r) => r.name)).toEqual(['A', 'B']);
    expect(second?.id).toBe(rules[1]!.id);
    expect(first?.id).toBe(rules[0]!.id);
    store.getState().undo();
    expect(store.getState().ruleSet.rules.map((r) => r.name)).toEqual(['A']);
  });

  it("coalesces consecutive changes with the action's undo key, and keeps other keys apart", () => {
    const store = createDesignStore();
    const ctx = { store };
    const id = changeProject(ctx, { core: 'addRuleWithId' }, undefined, (s) => addRuleWithId(s, createRule({ name: '' })))!.id;
    const rename = { core: 'updateRule', undoKey: (p: { key: string }) => p.key };
    for (const name of ['a', 'ab', 'abc']) changeRuleSet(ctx, rename, { key: `name:${id}` }, (s) => updateRule(s, id, { name }));
    changeRuleSet(ctx, rename, { key: 'other' }, (s) => updateRule(s, id, { enabled: false }));
    store.getState().undo();
    expect(store.getState().ruleSet.rules[0]!.name).toBe('abc');
    store.getState().undo();
    expect(store.getState().ruleSet.rules[0]!.name).toBe('');
  });
});
