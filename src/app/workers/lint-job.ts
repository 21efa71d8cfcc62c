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
