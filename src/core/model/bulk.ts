/**
 * Changes to several rules at once (the rule list's multi-select). Each is one pure function, so the
 * app applies it as one undo step; each keeps the invariants of the single-rule functions in
 * `rule-set.ts` (priorities 1..N without gaps, datacenter-admin rules first).
 */
import { replaceRules } from './rule-set.ts';
import type { RuleSet } from './types.ts';

/**
 * Enables or disables every rule whose id is in `ids` (`Set-ClientAccessRule -Enabled` on each).
 * Nothing to change: the same set.
 *
 * @example setRulesEnabled(set, ['a', 'b'], false)
 */
export function setRulesEnabled(set: RuleSet, ids: ReadonlySet<string>, enabled: boolean): RuleSet {
  if (!set.rules.some((r) => ids.has(r.id) && r.enabled !== enabled)) return set;
  return { ...set, rules: set.rules.map((r) => (ids.has(r.id) && r.enabled !== enabled ? { ...r, enabled } : r)) };
}

/**
 * Removes every rule whose id is in `ids`; the rest move up, keeping their order. None found: same set.
 *
 * @example removeRules(set, new Set(['a', 'b']))
 */
export function removeRules(set: RuleSet, ids: ReadonlySet<string>): RuleSet {
  if (!set.rules.some((r) => ids.has(r.id))) return set;
  return { ...set, rules: set.rules.filter((r) => !ids.has(r.id)) };
}

/**
 * Moves the rules whose id is in `ids` together to the top or the bottom, keeping their relative
 * order (as a series of `Set-ClientAccessRule -Priority` would). Datacenter-admin rules stay first.
 * Nothing moves: same set.
 *
 * @example moveRulesTo(set, new Set(['c', 'd']), 'top') // c, d, a, b
 */
export function moveRulesTo(set: RuleSet, ids: ReadonlySet<string>, where: 'top' | 'bottom'): RuleSet {
  const picked = set.rules.filter((r) => ids.has(r.id));
  const rest = set.rules.filter((r) => !ids.has(r.id));
  const rules = where === 'top' ? [...picked, ...rest] : [...rest, ...picked];
  const next = replaceRules(set, rules);
  return next.rules.every((r, i) => r === set.rules[i]) ? set : next;
}
