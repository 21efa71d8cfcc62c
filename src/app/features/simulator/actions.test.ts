import { describe, it, expect } from 'vitest';
import { createDesignStore, DEFAULT_CONNECTION } from '../../store/index.ts';
import { SIMULATOR_ACTIONS } from './actions.ts';

describe('simulator actions', () => {
  it('saves, edits and removes a test case, one undo step each', () => {
    const store = createDesignStore();
    const ctx = { store };
    const tests = () => store.getState().ruleSet.tests;
    SIMULATOR_ACTIONS.saveTest.run(ctx, { name: 'OWA', expected: 'AllowAccess', connection: DEFAULT_CONNECTION });
    const id = tests()[0]!.id;
    SIMULATOR_ACTIONS.editTest.run(ctx, { id, patch: { expected: 'DenyAccess' } });
    expect(tests()).toMatchObject([{ name: 'OWA', expected: 'DenyAccess' }]);
    SIMULATOR_ACTIONS.removeTest.run(ctx, { id });
    expect(tests()).toEqual([]);
    store.getState().undo();
    expect(tests()).toMatchObject([{ expected: 'DenyAccess' }]);
    store.getState().undo();
    expect(tests()).toMatchObject([{ expected: 'AllowAccess' }]);
  });
});
