/**
 * The analysis view's action registry: applying an exact finding's fix (which may insert an allow
 * rule for the admin path), one undo step. The admin path itself: `lib/admin-path-actions.ts`.
 */
import { applyAnalysisFix } from '../../../core/analysis/findings.ts';
import type { LintFinding } from '../../../core/model/types.ts';
import { changeRuleSet, type FeatureAction } from '../../lib/actions.ts';

export const ANALYSIS_ACTIONS = {
  /** The button shows the finding's own fix text; a fix that no longer applies changes nothing. */
  applyFix: {
    label: 'Fix',
    core: 'applyAnalysisFix',
    run: (ctx, params) => changeRuleSet(ctx, ANALYSIS_ACTIONS.applyFix, params, (s) => applyAnalysisFix(s, params.finding) ?? s),
  } satisfies FeatureAction<{ finding: LintFinding }>,
};
