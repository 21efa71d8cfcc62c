import { describe, it, expect } from 'vitest';
import { createDesignStore } from '../../store/index.ts';
import { ANALYSIS_ACTIONS } from './actions.ts';

describe('analysis actions', () => {
  it('saves and removes the admin path through core, one undo step each', () => {
    const store = createDesignStore();
    const ctx = { store };
    const path = { protocols: ['RemotePowerShell' as const], addresses: ['203.0.113.0/24'], users: [] };
    ANALYSIS_ACTIONS.saveAdminPath.run(ctx, { path });
    expect(store.getState().ruleSet.adminPath).toEqual(path);
    ANALYSIS_ACTIONS.removeAdminPath.run(ctx, undefined);
    expect(store.getState().ruleSet.adminPath).toBeUndefined();
    store.getState().undo();
    expect(store.getState().ruleSet.adminPath).toEqual(path);
  });
});
