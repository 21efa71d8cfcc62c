/**
 * The analysis view's action registry: declaring or removing the admin path, and applying an exact
 * finding's fix (which may insert an allow rule for the admin path). One undo step each.
 */
import { applyAnalysisFix } from '../../../core/analysis/findings.ts';
import { setAdminPath } from '../../../core/model/rule-set.ts';
import type { AdminPath, LintFinding } from '../../../core/model/types.ts';
import { changeRuleSet, type FeatureAction } from '../../lib/actions.ts';

export const ANALYSIS_ACTIONS = {
  saveAdminPath: {
    label: 'Save admin path',
    core: 'setAdminPath',
    run: (ctx, params) => changeRuleSet(ctx, ANALYSIS_ACTIONS.saveAdminPath, params, (s) => setAdminPath(s, params.path)),
  } satisfies FeatureAction<{ path: AdminPath }>,

  removeAdminPath: {
    label: 'Remove admin path',
    core: 'setAdminPath',
    run: (ctx, params) => changeRuleSet(ctx, ANALYSIS_ACTIONS.removeAdminPath, params, (s) => setAdminPath(s, null)),
  } satisfies FeatureAction<void>,

  /** The button shows the finding's own fix text; a fix that no longer applies changes nothing. */
  applyFix: {
    label: 'Fix',
    core: 'applyAnalysisFix',
    run: (ctx, params) => changeRuleSet(ctx, ANALYSIS_ACTIONS.applyFix, params, (s) => applyAnalysisFix(s, params.finding) ?? s),
  } satisfies FeatureAction<{ finding: LintFinding }>,
};
