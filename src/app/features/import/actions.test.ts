import { describe, it, expect } from 'vitest';
import { addRule, createRule, createRuleSet } from '../../../core/model/rule-set.ts';
import { PROJECT_ACTIONS } from '../../lib/project-actions.ts';
import { createDesignStore } from '../../store/index.ts';
import { IMPORT_ACTIONS } from './actions.ts';

const names = (set: { rules: { name: string }[] } | null | undefined) => set?.rules.map((r) => r.name);

describe('import actions', () => {
  it('replace, merge and use as baseline are one undo step each; replace keeps the target and the baseline', () => {
    const store = createDesignStore();
    const ctx = { store };
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'Mine' })));
    const profile = store.getState().ruleSet.profile;
    const deployed = addRule(createRuleSet(), createRule({ name: 'Deployed' }));
    const imported = addRule(createRuleSet(profile === 'ExchangeOnline' ? 'ExchangeServer' : 'ExchangeOnline'), createRule({ name: 'Imported' }));

    IMPORT_ACTIONS.useAsBaseline.run(ctx, { imported: deployed });
    expect(names(store.getState().baseline)).toEqual(['Deployed']);
    expect(names(store.getState().ruleSet)).toEqual(['Mine']);

    IMPORT_ACTIONS.mergeRules.run(ctx, { imported });
    expect(names(store.getState().ruleSet)).toEqual(['Mine', 'Imported']);

    IMPORT_ACTIONS.replaceRules.run(ctx, { imported: addRule(createRuleSet(), createRule({ name: 'Only' })) });
    expect(names(store.getState().ruleSet)).toEqual(['Only']);
    expect(store.getState().ruleSet.profile).toBe(profile);
    expect(names(store.getState().baseline)).toEqual(['Deployed']);

    store.getState().undo();
    expect(names(store.getState().ruleSet)).toEqual(['Mine', 'Imported']);
    store.getState().undo();
    expect(names(store.getState().ruleSet)).toEqual(['Mine']);
    store.getState().undo();
    expect(store.getState().baseline).toBeNull();
  });

  it("opens a project file through the project's own action, the one Export dispatches", () => {
    expect(IMPORT_ACTIONS.openProject.run).toBe(PROJECT_ACTIONS.openProject.run);
    expect(IMPORT_ACTIONS.openProject.core).toBe('openProject');
  });
});
