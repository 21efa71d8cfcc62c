import { describe, it, expect } from 'vitest';
import { addRule, createRule, createRuleSet, moveRule, updateRule } from '../../core/model/rule-set.ts';
import { createDesignStore } from './store.ts';
import { selectCanRedo, selectCanUndo, selectRules, selectSelectedRule } from './selectors.ts';
import { openProject, setProjectBaseline } from '../../core/model/project.ts';

function storeWithRules(names: string[]) {
  const store = createDesignStore();
  const { applyChange } = store.getState();
  for (const name of names) applyChange((s) => addRule(s, createRule({ name })));
  store.temporal.getState().clear();
  return store;
}

const names = (store: ReturnType<typeof createDesignStore>) => selectRules(store.getState()).map((r) => r.name);

describe('a new project', () => {
  it('starts on Exchange Server 2019/SE, the platform where the rules are live', () => {
    expect(createDesignStore().getState().ruleSet.profile).toBe('ExchangeServer');
  });
});

describe('design store undo policy', () => {
  it('records each change without a coalesce key as its own step', () => {
    const store = storeWithRules(['A', 'B', 'C']);
    const [a, , c] = store.getState().ruleSet.rules;
    store.getState().applyChange((s) => moveRule(s, c!.id, 1));
    store.getState().applyChange((s) => moveRule(s, a!.id, 3));
    expect(names(store)).toEqual(['C', 'B', 'A']);
    store.getState().undo();
    expect(names(store)).toEqual(['C', 'A', 'B']);
    store.getState().undo();
    expect(names(store)).toEqual(['A', 'B', 'C']);
    expect(selectCanUndo(store.temporal.getState())).toBe(false);
    store.getState().redo();
    expect(names(store)).toEqual(['C', 'A', 'B']);
  });

  it('merges consecutive changes with the same coalesce key into one step', () => {
    const store = storeWithRules(['A']);
    const id = store.getState().ruleSet.rules[0]!.id;
    for (const name of ['A1', 'A12', 'A123']) {
      store.getState().applyChange((s) => updateRule(s, id, { name }), { coalesceKey: `name:${id}` });
    }
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    store.getState().undo();
    expect(names(store)).toEqual(['A']);
    store.getState().redo();
    expect(names(store)).toEqual(['A123']);
  });

  it('starts a new step when the key changes or an undo intervenes', () => {
    const store = storeWithRules(['A']);
    const id = store.getState().ruleSet.rules[0]!.id;
    const rename = (name: string) =>
      store.getState().applyChange((s) => updateRule(s, id, { name }), { coalesceKey: `name:${id}` });
    rename('X');
    store.getState().applyChange((s) => updateRule(s, id, { userRecipientFilter: "City -eq 'a'" }), {
      coalesceKey: `filter:${id}`,
    });
    rename('XY');
    expect(store.temporal.getState().pastStates).toHaveLength(3);
    store.getState().undo();
    rename('XZ');
    expect(names(store)).toEqual(['XZ']);
    store.getState().undo();
    expect(names(store)).toEqual(['X']);
  });

  it('records nothing for a change that returns the same rule set', () => {
    const store = storeWithRules(['A']);
    const id = store.getState().ruleSet.rules[0]!.id;
    store.getState().applyChange((s) => moveRule(s, id, 1));
    expect(selectCanUndo(store.temporal.getState())).toBe(false);
  });

  it('keeps UI and simulator state out of the history', () => {
    const store = storeWithRules(['A']);
    const id = store.getState().ruleSet.rules[0]!.id;
    store.getState().selectRule(id);
    store.getState().setTheme('dark');
    store.getState().setConnection({ ipAddress: '10.0.0.1' });
    store.getState().setSimulationMode('test-compatible');
    expect(selectCanUndo(store.temporal.getState())).toBe(false);
    expect(selectSelectedRule(store.getState())?.name).toBe('A');
    expect(store.getState().connection.ipAddress).toBe('10.0.0.1');
    expect(store.getState().connection.port).toBe(443);
  });

  it('makes setting the baseline and replacing the rule set one step each and clears a vanished selection on undo', () => {
    const store = createDesignStore();
    const baseline = addRule(store.getState().ruleSet, createRule({ name: 'Deployed' }));
    store.getState().applyProjectChange((p) => setProjectBaseline(p, baseline));
    store.getState().applyChange(() => baseline);
    store.getState().selectRule(baseline.rules[0]!.id);
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().ruleSet.rules).toHaveLength(0);
    expect(store.getState().baseline).toBe(baseline);
    expect(store.getState().selectedRuleId).toBeNull();
    store.getState().undo();
    expect(store.getState().baseline).toBeNull();
    expect(selectCanRedo(store.temporal.getState())).toBe(true);
  });

  it('hydrate loads a project without an undo step and clears history', () => {
    const store = storeWithRules(['A']);
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'B' })));
    const loaded = addRule(store.getState().ruleSet, createRule({ name: 'C' }));
    store.getState().hydrate({ ruleSet: loaded, baseline: null });
    expect(names(store)).toEqual(['A', 'B', 'C']);
    expect(selectCanUndo(store.temporal.getState())).toBe(false);
  });

  it('opens a project (rules, profile, tests and baseline) as one undo step', () => {
    const store = storeWithRules(['A']);
    const before = store.getState().ruleSet;
    expect(store.getState().ruleSet.profile).toBe('ExchangeServer');
    const opened = { ...addRule(createRuleSet('ExchangeOnline'), createRule({ name: 'Opened' })) };
    const baseline = addRule(createRuleSet('ExchangeOnline'), createRule({ name: 'Deployed' }));
    store.getState().applyProjectChange((p) => openProject(p, { ruleSet: opened, baseline }));
    expect(names(store)).toEqual(['Opened']);
    expect(store.getState().ruleSet.profile).toBe('ExchangeOnline');
    expect(store.getState().baseline).toBe(baseline);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().ruleSet).toBe(before);
    expect(store.getState().baseline).toBeNull();
  });

  it('writes the rule set only through applyProjectChange (replace, baseline, hydrate included)', () => {
    const store = createDesignStore();
    const seen: string[] = [];
    const original = store.getState().applyProjectChange;
    store.setState({
      applyProjectChange: (change, options) => {
        seen.push(options?.history ?? 'record');
        original(change, options);
      },
    });
    const set = addRule(createRuleSet(), createRule({ name: 'X' }));
    store.getState().applyChange(() => set);
    store.getState().applyProjectChange((p) => setProjectBaseline(p, set));
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'Y' })));
    store.getState().hydrate({ ruleSet: set, baseline: null });
    expect(seen).toEqual(['record', 'record', 'record', 'reset']);
    expect(names(store)).toEqual(['X']);
  });
});

describe('view drafts', () => {
  it('keep each view its own inputs outside the project and its undo history', () => {
    const store = createDesignStore();
    store.getState().setViewDraft('adfs', { networksText: '10.0.0.0/8' });
    store.getState().setViewDraft('import', { text: 'x' });
    expect(store.getState().viewDrafts).toEqual({ adfs: { networksText: '10.0.0.0/8' }, import: { text: 'x' } });
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });
});
