/**
 * The ActiveSync view's action registry: every change to the project's ActiveSync design goes through
 * core `withEasConfig` and one of the `eas/model.ts` functions, one undo step each.
 */
import {
  addEasRule,
  removeEasMailbox,
  removeEasRule,
  setEasDefaultAccessLevel,
  updateEasRule,
  upsertEasMailbox,
  withEasConfig,
  type EasAccessLevel,
  type EasConfig,
  type EasMailbox,
  type EasRule,
} from '../../../core/eas/model.ts';
import { changeRuleSet, type FeatureAction, type StoreContext } from '../../lib/actions.ts';

function changeEas<P>(ctx: StoreContext, action: Pick<FeatureAction<P>, 'core' | 'undoKey'>, params: P, change: (c: EasConfig) => EasConfig): void {
  changeRuleSet(ctx, action, params, (s) => withEasConfig(s, change));
}

export const ACTIVESYNC_ACTIONS = {
  addRule: {
    label: 'Add rule',
    core: 'addEasRule',
    run: (ctx, params) => changeEas(ctx, ACTIVESYNC_ACTIONS.addRule, params, (c) => addEasRule(c, params.rule)),
  } satisfies FeatureAction<{ rule: Omit<EasRule, 'id'> }>,

  setRuleAccess: {
    label: 'Access level',
    core: 'updateEasRule',
    run: (ctx, params) => changeEas(ctx, ACTIVESYNC_ACTIONS.setRuleAccess, params, (c) => updateEasRule(c, params.id, { accessLevel: params.accessLevel })),
  } satisfies FeatureAction<{ id: string; accessLevel: EasAccessLevel }>,

  removeRule: {
    label: 'Remove',
    core: 'removeEasRule',
    run: (ctx, params) => changeEas(ctx, ACTIVESYNC_ACTIONS.removeRule, params, (c) => removeEasRule(c, params.id)),
  } satisfies FeatureAction<{ id: string }>,

  saveMailbox: {
    label: 'Save mailbox settings',
    core: 'upsertEasMailbox',
    run: (ctx, params) => changeEas(ctx, ACTIVESYNC_ACTIONS.saveMailbox, params, (c) => upsertEasMailbox(c, params.identity, params.patch)),
  } satisfies FeatureAction<{ identity: string; patch: Partial<Omit<EasMailbox, 'identity'>> }>,

  removeMailbox: {
    label: 'Remove settings',
    core: 'removeEasMailbox',
    run: (ctx, params) => changeEas(ctx, ACTIVESYNC_ACTIONS.removeMailbox, params, (c) => removeEasMailbox(c, params.identity)),
  } satisfies FeatureAction<{ identity: string }>,

  /** The configuration `readEasScript` built from a pasted script (read against the current one). */
  importScript: {
    label: 'Import',
    core: 'readEasScript',
    run: (ctx, params) => changeEas(ctx, ACTIVESYNC_ACTIONS.importScript, params, () => params.config),
  } satisfies FeatureAction<{ config: EasConfig }>,

  setDefaultAccessLevel: {
    label: 'Default access level',
    core: 'setEasDefaultAccessLevel',
    run: (ctx, params) => changeEas(ctx, ACTIVESYNC_ACTIONS.setDefaultAccessLevel, params, (c) => setEasDefaultAccessLevel(c, params.level)),
  } satisfies FeatureAction<{ level: EasAccessLevel }>,
};
