/**
 * Findings grouped by rule: what the list rows, the editor and the command line show per rule. Its own
 * module so that the app can group the lint worker's findings without loading the linter itself.
 */
import type { LintFinding } from '../model/types.ts';

/** Key under which `findingsByRule` files findings that belong to no single rule. */
export const RULE_SET_KEY = '';

/**
 * Groups findings by rule id, keeping their order; findings that belong to no rule (such as "more
 * than 20 rules") are filed under `RULE_SET_KEY` (the empty string).
 *
 * @example findingsByRule(lintRuleSet(set)).get(rule.id) // that rule's findings
 */
export function findingsByRule(findings: readonly LintFinding[]): Map<string, LintFinding[]> {
  const map = new Map<string, LintFinding[]>();
  for (const f of findings) {
    const key = f.ruleId ?? RULE_SET_KEY;
    const list = map.get(key);
    if (list) list.push(f);
    else map.set(key, [f]);
  }
  return map;
}
