/**
 * Every code a lint finding can carry, as one typed list: the linter, the analyses and the app's
 * fallback finding use only these, and `applyFix` switches over them. Adding a check means adding
 * its code here (the type checker then shows every place that must know it).
 */
export const LINT_CODES = [
  'auth-type-unsupported',
  'auth-unsupported-protocol',
  'auth-without-protocols',
  'classic-eac-only',
  'deny-everything',
  'duplicate-name',
  'empty-name',
  'except-auth-without-auth',
  'filter-warning',
  'invalid-filter',
  'invalid-ip',
  'jeff-star-pattern',
  'microsoft-middle-tier-bypass',
  'name-too-long',
  'remote-powershell-lockout',
  'server-doubtful-condition',
  'server-unsupported-protocol',
  'shadowed-rule',
  'too-many-rules',
  'universal-outlook-username',
  /** A name with bidirectional overrides or invisible characters (text/hidden-chars.ts). */
  'hidden-characters',
  // The exact analysis (analysis/findings.ts).
  'rule-never-matches',
  'dead-exception',
  'redundant-rule',
  'covered-value',
  'admin-path-lockout',
  'analysis-incomplete',
  /** Large sets: the exact checks run in the Analysis view and `cli analyze`, not on every edit. */
  'analysis-deferred',
  /** The checks themselves failed (a program error, shown as such, never as a rule problem). */
  'lint-failed',
] as const;

/** A lint finding's stable machine code. */
export type LintCode = (typeof LINT_CODES)[number];

/**
 * Whether a text (from a file, the command line or another version) is a known lint code.
 *
 * @example isLintCode('invalid-ip') // true
 */
export function isLintCode(code: string): code is LintCode {
  return (LINT_CODES as readonly string[]).includes(code);
}
