/**
 * Rule-name facts (spec 2), one place for every module that compares or checks names: the model
 * operations, the script replay, the change-script planner, the importers and the linter.
 *
 * Decisions:
 * - Names are compared case-insensitively (Exchange rejects a second rule whose name differs only in
 *   case, and `-Identity` finds a rule in any case), with JavaScript's `toLowerCase` standing in for
 *   .NET's ordinal-ignore-case comparison.
 * - Names are not trimmed: `'Block OWA '` and `'Block OWA'` are different names, as PowerShell passes
 *   the text exactly as quoted and `-Identity` must then be given the same text. (The linter's
 *   empty-name check is the only place that looks at a name trimmed.)
 * - Names longer than 64 characters draw a warning (spec 2), not an error.
 */

/** Names longer than this draw a warning (spec 2). */
export const MAX_RULE_NAME_LENGTH = 64;

/**
 * The key under which a rule name is unique: names that Exchange takes as the same rule have the same
 * key. Use it for maps and sets of names.
 *
 * @example ruleNameKey('Block OWA') === ruleNameKey('block owa') // true
 */
export function ruleNameKey(name: string): string {
  return name.toLowerCase();
}

/**
 * Whether two names denote the same rule for Exchange (case-insensitive, not trimmed).
 *
 * @example sameRuleName('Block OWA', 'BLOCK owa') // true
 * @example sameRuleName('Block OWA', 'Block OWA ') // false
 */
export function sameRuleName(a: string, b: string): boolean {
  return ruleNameKey(a) === ruleNameKey(b);
}
