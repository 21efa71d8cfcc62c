import { lintRuleSet, findingsByRule } from '../../core/lint/lint.ts';
import type { LintFinding, RuleSet } from '../../core/model/types.ts';
import { selectRuleSet, useDesignStore } from '../store/index.ts';

export interface LintResult {
  findings: LintFinding[];
  byRule: Map<string, LintFinding[]>;
  errors: number;
  warnings: number;
}

const EMPTY: LintFinding[] = [];
const cache = new WeakMap<RuleSet, LintResult>();

/**
 * Lint result for a rule set, computed once per rule-set object and shared by every component that
 * asks (top bar, list rows, editor), so a change lints once, not once per row.
 */
export function lintOf(set: RuleSet): LintResult {
  const cached = cache.get(set);
  if (cached) return cached;
  let findings: LintFinding[];
  try {
    findings = lintRuleSet(set);
  } catch (error) {
    findings = [
      { code: 'lint-failed', severity: 'warning', message: `The checks could not run: ${String(error)}.` },
    ];
  }
  const result: LintResult = {
    findings,
    byRule: findingsByRule(findings),
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
  cache.set(set, result);
  return result;
}

/** Lint result of the current rule set. */
export function useLint(): LintResult {
  return lintOf(useDesignStore(selectRuleSet));
}

/** Findings of one rule; a stable empty array when it has none (keeps memoised rows quiet). */
export function useRuleFindings(ruleId: string): LintFinding[] {
  return useLint().byRule.get(ruleId) ?? EMPTY;
}
