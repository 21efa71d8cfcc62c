/**
 * The order in which Exchange evaluates rules (spec 3.1): DatacenterAdminsOnly rules first (hidden,
 * managed by Microsoft), then every other rule by priority. One place for the model, both evaluators,
 * the project-file reader and the analyses.
 */
import type { Rule } from './types.ts';

/**
 * Whether Exchange evaluates the rule before all rules of priority 1 (a DatacenterAdminsOnly rule).
 *
 * @example isEvaluatedFirst(createRule({ datacenterAdminsOnly: true })) // true
 */
export function isEvaluatedFirst(rule: Rule): boolean {
  return rule.datacenterAdminsOnly === true;
}

/**
 * Items in evaluation order: a stable partition, DatacenterAdminsOnly rules first, each group in its
 * current order. `ruleOf` picks the rule of an item (for lists of rules with extra data). The same
 * array is returned when it is already in order.
 *
 * @example inEvaluationOrder([mine, datacenter]) // [datacenter, mine]
 * @example inEvaluationOrder(indexed, (x) => x.rule)
 */
export function inEvaluationOrder<T>(items: readonly T[], ruleOf: (item: T) => Rule = (item) => item as unknown as Rule): T[] {
  let seenOther = false;
  let ordered = true;
  for (const item of items) {
    const first = isEvaluatedFirst(ruleOf(item));
    if (!first) seenOther = true;
    else if (seenOther) {
      ordered = false;
      break;
    }
  }
  if (ordered) return items as T[];
  return [...items.filter((i) => isEvaluatedFirst(ruleOf(i))), ...items.filter((i) => !isEvaluatedFirst(ruleOf(i)))];
}
