import { describe, it, expect } from 'vitest';
import { addRule, addTestCase, createRule, createRuleSet } from '../../core/model/rule-set.ts';
import { parseProjectFile, serializeProjectFile } from '../../core/model/project-file.ts';
import { createDesignStore, selectCanUndo } from '../store/index.ts';
import { PROJECT_ACTIONS } from './project-actions.ts';
import { sampleConnection } from '../../test-support/sample-connection.ts';

const connection = sampleConnection;

function storeWithProject() {
  const store = createDesignStore();
  store.getState().applyChange((s) => addTestCase(addRule(s, createRule({ name: 'Mine' })), { name: 'Mine test', connection, expected: 'AllowAccess' }));
  return store;
}

describe('project actions', () => {
  it('open a project file as one undo step that replaces rules, target, tests and baseline', () => {
    const store = storeWithProject();
    const before = store.getState().ruleSet;
    const file = addRule(createRuleSet('ExchangeServer'), createRule({ name: 'From file' }));
    const parsed = parseProjectFile(serializeProjectFile(file, { baseline: file }));
    if (!parsed.ok) throw new Error('fixture');
    PROJECT_ACTIONS.openProject.run({ store }, { opened: parsed });
    const { ruleSet, baseline } = store.getState();
    expect(ruleSet.rules.map((r) => r.name)).toEqual(['From file']);
    expect(ruleSet.profile).toBe('ExchangeServer');
    expect(ruleSet.tests).toEqual([]);
    expect(baseline?.rules.map((r) => r.name)).toEqual(['From file']);
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().ruleSet).toBe(before);
    expect(store.getState().baseline).toBeNull();
  });

  it('switch the target as one undo step, and record nothing when it is already the target', () => {
    const store = storeWithProject();
    const profile = store.getState().ruleSet.profile;
    const other = profile === 'ExchangeOnline' ? 'ExchangeServer' : 'ExchangeOnline';
    PROJECT_ACTIONS.setTarget.run({ store }, { profile: other });
    expect(store.getState().ruleSet.profile).toBe(other);
    const steps = store.temporal.getState().pastStates.length;
    PROJECT_ACTIONS.setTarget.run({ store }, { profile: other });
    expect(store.temporal.getState().pastStates).toHaveLength(steps);
    store.getState().undo();
    expect(store.getState().ruleSet.profile).toBe(profile);
  });

  it("start a new project's history with the first run's target (no undo step)", () => {
    const store = createDesignStore();
    const other = store.getState().ruleSet.profile === 'ExchangeOnline' ? 'ExchangeServer' : 'ExchangeOnline';
    PROJECT_ACTIONS.startWithTarget.run({ store }, { profile: other });
    expect(store.getState().ruleSet.profile).toBe(other);
    expect(selectCanUndo(store.temporal.getState())).toBe(false);
  });
});
