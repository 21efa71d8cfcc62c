import { describe, it, expect } from 'vitest';
import { createDesignStore } from '../../store/index.ts';
import { ACTIVESYNC_ACTIONS } from './actions.ts';

describe('ActiveSync actions', () => {
  it('create the ActiveSync design on first change and make one undo step per change', () => {
    const store = createDesignStore();
    const ctx = { store };
    const eas = () => store.getState().ruleSet.activeSync;
    ACTIVESYNC_ACTIONS.addRule.run(ctx, { rule: { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' } });
    const id = eas()!.rules[0]!.id;
    ACTIVESYNC_ACTIONS.setRuleAccess.run(ctx, { id, accessLevel: 'Quarantine' });
    ACTIVESYNC_ACTIONS.setDefaultAccessLevel.run(ctx, { level: 'Block' });
    ACTIVESYNC_ACTIONS.saveMailbox.run(ctx, { identity: 'jeff@contoso.com', patch: { activeSyncEnabled: false } });
    expect(eas()).toMatchObject({ defaultAccessLevel: 'Block', rules: [{ accessLevel: 'Quarantine' }], mailboxes: [{ identity: 'jeff@contoso.com' }] });
    ACTIVESYNC_ACTIONS.removeMailbox.run(ctx, { identity: 'jeff@contoso.com' });
    ACTIVESYNC_ACTIONS.removeRule.run(ctx, { id });
    expect(eas()).toMatchObject({ rules: [], mailboxes: [] });
    store.getState().undo();
    expect(eas()!.rules).toHaveLength(1);
    // Setting the level it already has changes nothing and records no step.
    const before = store.getState().ruleSet;
    ACTIVESYNC_ACTIONS.setDefaultAccessLevel.run(ctx, { level: 'Block' });
    expect(store.getState().ruleSet).toBe(before);
  });
});
