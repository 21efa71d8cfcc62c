import { describe, it, expect } from 'vitest';
import { createDesignStore } from '../store/index.ts';
import { ADMIN_PATH_ACTIONS } from './admin-path-actions.ts';

describe('admin path actions', () => {
  it('saves and removes the admin path through core, one undo step each', () => {
    const store = createDesignStore();
    const ctx = { store };
    const path = { protocols: ['RemotePowerShell' as const], addresses: ['203.0.113.0/24'], users: [] };
    ADMIN_PATH_ACTIONS.save.run(ctx, { path });
    expect(store.getState().ruleSet.adminPath).toEqual(path);
    ADMIN_PATH_ACTIONS.remove.run(ctx, undefined);
    expect(store.getState().ruleSet.adminPath).toBeUndefined();
    store.getState().undo();
    expect(store.getState().ruleSet.adminPath).toEqual(path);
  });
});
