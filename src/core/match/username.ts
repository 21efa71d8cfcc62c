/**
 * Username patterns of a Client Access Rule (spec 5): `-UsernameMatchesAnyOfPatterns` and
 * `-ExceptUsernameMatchesAnyOfPatterns`.
 *
 * The subject is `Domain\UserName`. A pattern matches when the whole subject matches it,
 * case-insensitively, with `*` standing for any run of characters (backslash included). Nothing else
 * is special: `.`, `?`, `[`, `(`, `\` and the rest are literal characters, and there is no escaping.
 */

/**
 * The subject a username pattern is matched against (spec 5): `Domain\UserName`.
 *
 * Edge cases: a UPN `jeff@contoso.com` becomes `contoso.com\jeff` (split at the last `@`); a
 * `CONTOSO\jeff` input is taken as it is; a bare name without `@` or `\` is returned as it is
 * (it then has no domain part); surrounding whitespace is trimmed. Case is kept (matching ignores it).
 *
 * @example usernameSubject('jeff@contoso.com') // 'contoso.com\\jeff'
 */
export function usernameSubject(user: string): string {
  const u = user.trim();
  if (u.includes('\\')) return u;
  const at = u.lastIndexOf('@');
  if (at < 0) return u;
  return `${u.slice(at + 1)}\\${u.slice(0, at)}`;
}

/** One pattern split at its `*`s, lower-cased. */
interface CompiledPattern {
  /** No `*`: the whole subject must equal `prefix`. */
  readonly exact: boolean;
  readonly prefix: string;
  readonly suffix: string;
  /** Non-empty literal runs between the first and last `*`. */
  readonly middles: readonly string[];
  readonly minLength: number;
}

function compilePattern(pattern: string): CompiledPattern {
  const lower = pattern.toLowerCase();
  const segments = lower.split('*');
  if (segments.length === 1) return { exact: true, prefix: lower, suffix: '', middles: [], minLength: lower.length };
  const prefix = segments[0] ?? '';
  const suffix = segments[segments.length - 1] ?? '';
  return {
    exact: false,
    prefix,
    suffix,
    middles: segments.slice(1, -1).filter((m) => m !== ''),
    minLength: prefix.length + suffix.length,
  };
}

function matchCompiled(p: CompiledPattern, s: string): boolean {
  if (p.exact) return s === p.prefix;
  if (s.length < p.minLength || !s.startsWith(p.prefix) || !s.endsWith(p.suffix)) return false;
  const middles = p.middles;
  if (middles.length === 0) return true;
  const limit = s.length - p.suffix.length;
  let pos = p.prefix.length;
  // Leftmost placement of each literal run is optimal for `*`-only globs: it leaves the most room.
  for (let i = 0; i < middles.length; i++) {
    const m = middles[i]!;
    const at = s.indexOf(m, pos);
    if (at < 0 || at + m.length > limit) return false;
    pos = at + m.length;
  }
  return true;
}

function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0]!;
  for (const v of values) {
    let i = 0;
    while (i < prefix.length && i < v.length && prefix.charCodeAt(i) === v.charCodeAt(i)) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/** A compiled list of patterns (ORed) for the evaluator's hot path. */
export interface UsernameMatcher {
  readonly patterns: readonly string[];
  /** Index of the first pattern matching the already lower-cased subject, or -1. */
  matchLower(lowerSubject: string): number;
}

/**
 * Compiles a rule's username patterns once into a matcher over lower-cased subjects (spec 5).
 *
 * Edge cases: regex metacharacters are literal; consecutive `*` act as one; an empty pattern matches
 * only an empty subject (never a real one).
 *
 * @example compileUsernameMatcher(['*jeff*']).matchLower('contoso.com\\jeff') // 0
 */
export function compileUsernameMatcher(patterns: readonly string[]): UsernameMatcher {
  const compiled = patterns.map(compilePattern);
  const n = compiled.length;
  // Every subject a pattern can match starts with that pattern's literal prefix, so a subject that
  // lacks the prefix shared by all patterns (`contoso.com\exec` for a list of executives) matches none.
  const shared = commonPrefix(compiled.map((p) => p.prefix));
  return {
    patterns,
    matchLower(lowerSubject: string): number {
      if (shared.length > 0 && !lowerSubject.startsWith(shared)) return -1;
      for (let i = 0; i < n; i++) if (matchCompiled(compiled[i]!, lowerSubject)) return i;
      return -1;
    },
  };
}

/**
 * Compiles username patterns once; the returned function takes a subject (`Domain\UserName`, any
 * case) and returns the first pattern that matches it, or null (spec 5: values are ORed).
 *
 * @example compileUsernamePatterns(['contoso.com\\admin*'])('CONTOSO.COM\\Admin1') // 'contoso.com\\admin*'
 */
export function compileUsernamePatterns(patterns: readonly string[]): (subject: string) => string | null {
  const m = compileUsernameMatcher(patterns);
  return (subject) => {
    const i = m.matchLower(subject.toLowerCase());
    return i < 0 ? null : (patterns[i] ?? null);
  };
}

/**
 * Whether one pattern matches a subject (spec 5): whole subject, case-insensitive, `*` = any run.
 *
 * @example matchesUsernamePattern('jeff*', 'contoso.com\\jeff') // false: the subject starts with the domain
 */
export function matchesUsernamePattern(pattern: string, subject: string): boolean {
  return matchCompiled(compilePattern(pattern), subject.toLowerCase());
}

/**
 * Whether a pattern is the classic `jeff*` mistake (spec 5, 7): it has no backslash and does not
 * start with `*`, so its leading literal text is compared with the **domain** part of the subject.
 * `jeff` never matches (every subject contains `\`); `jeff*` only matches a domain starting with
 * "jeff", never the user jeff. Patterns with a `\` (`contoso.com\admin*`) or starting with `*`
 * (`*jeff*`) are fine. Blank patterns are not reported here.
 *
 * @example isJeffStarPattern('jeff*') // true; suggestUsernamePattern('jeff*') === '*\\jeff*'
 */
export function isJeffStarPattern(pattern: string): boolean {
  const p = pattern.trim();
  return p !== '' && !p.includes('\\') && !p.startsWith('*');
}

/**
 * The fix the linter offers for a `jeff*`-style pattern: match any domain, then the user part.
 *
 * @example suggestUsernamePattern('jeff*') // '*\\jeff*'
 */
export function suggestUsernamePattern(pattern: string): string {
  return `*\\${pattern.trim()}`;
}
