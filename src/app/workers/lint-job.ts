import { lintRuleSet } from '../../core/lint/lint.ts';
import type { LintFinding, RuleSet } from '../../core/model/types.ts';

/**
 * The linter's findings for a rule set, as plain data that crosses the worker boundary. A program
 * error in the linter is not a finding about the rules: it becomes one `lint-failed` warning that says
 * the checks could not run, so the top bar never claims "no problems" for a set it did not check.
 *
 * @example runLintJob(createRuleSet()) // []
 */
export function runLintJob(set: RuleSet): LintFinding[] {
  try {
    return lintRuleSet(set);
  } catch (error) {
    return [{ code: 'lint-failed', severity: 'warning', message: `The checks could not run: ${String(error)}.` }];
  }
}

/**
 * Whether linting this set is cheap enough for the main thread (well under a frame). The linter runs
 * the exact whole-policy analysis, whose cost grows quickly with rules and values, so anything beyond a
 * handful of rules goes to the lint worker.
 *
 * @example lintFitsInAFrame(createRuleSet()) // true
 */
export function lintFitsInAFrame(set: RuleSet): boolean {
  return set.rules.length <= 8;
}
