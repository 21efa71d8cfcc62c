/**
 * The admin path's action registry, in lib because the admin path form is shared (the Analysis view,
 * the first-run guidance): declare or remove it through core `setAdminPath`, one undo step each.
 */
import { setAdminPath } from '../../core/model/rule-set.ts';
import type { AdminPath } from '../../core/model/types.ts';
import { changeRuleSet, type FeatureAction } from './actions.ts';

export const ADMIN_PATH_ACTIONS = {
  save: {
    label: 'Save admin path',
    core: 'setAdminPath',
    run: (ctx, params) => changeRuleSet(ctx, ADMIN_PATH_ACTIONS.save, params, (s) => setAdminPath(s, params.path)),
  } satisfies FeatureAction<{ path: AdminPath }>,

  remove: {
    label: 'Remove admin path',
    core: 'setAdminPath',
    run: (ctx, params) => changeRuleSet(ctx, ADMIN_PATH_ACTIONS.remove, params, (s) => setAdminPath(s, null)),
  } satisfies FeatureAction<void>,
};
