/**
 * Evaluation of a `UserRecipientFilter` against a user's directory attributes (spec 6).
 *
 * Semantics (decisions noted where Microsoft's pages are silent):
 * - Attribute names match properties case-insensitively; a missing attribute is `$null`. An empty
 *   string counts as `$null` too (the directory does not store empty strings), and so does the value
 *   `''` in a filter: `City -eq ''` means the same as `City -eq $null`.
 * - `-eq`/`-ne`: whole-value, case-insensitive equality; `*` is a literal character.
 *   `-ne 'x'` is exactly `-not (-eq 'x')`, so a user without the attribute matches `Department -ne 'IT'`
 *   (as Exchange's LDAP translation `(!(department=IT))` does).
 * - `-eq $null` is true when the attribute is missing or empty; `-ne $null` when it has a value.
 * - `-like`/`-notlike`: whole-value, case-insensitive match where `*` stands for any run of characters
 *   (empty included) and every other character is literal. A missing attribute never matches
 *   `-like 'x*'` (so it matches `-notlike 'x*'`). `-like $null` is `-eq $null`.
 */
import type { OPathNode } from './ast.ts';
import { parseOPath } from './parser.ts';

/** A compiled filter: true when a user with these attributes is in the filter. */
export type OPathPredicate = (attributes: Record<string, string>) => boolean;

function lookup(attributes: Record<string, string>, property: string, lower: string): string | null {
  const direct = attributes[property];
  if (direct !== undefined) return direct === '' ? null : direct;
  for (const key in attributes) {
    if (key.toLowerCase() === lower) {
      const value = attributes[key];
      return value === undefined || value === '' ? null : value;
    }
  }
  return null;
}

/**
 * Compiles a `-like` pattern once: lower-cased literal segments between the `*`s, matched by
 * anchored prefix, suffix and in-order search (no regular expression, so no backtracking).
 */
function compileWildcard(pattern: string): (lowerValue: string) => boolean {
  const parts = pattern.toLowerCase().split('*');
  if (parts.length === 1) {
    const exact = parts[0] as string;
    return (v) => v === exact;
  }
  const head = parts[0] as string;
  const tail = parts[parts.length - 1] as string;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const minLength = head.length + tail.length;
  return (v) => {
    if (v.length < minLength || !v.startsWith(head) || !v.endsWith(tail)) return false;
    let pos = head.length;
    const limit = v.length - tail.length;
    for (const part of middle) {
      const found = v.indexOf(part, pos);
      if (found < 0 || found + part.length > limit) return false;
      pos = found + part.length;
    }
    return true;
  };
}

/**
 * Compiles a parsed filter into a predicate (wildcards compiled once, values lower-cased once).
 * Use it when the same filter is checked against many users (simulator bulk runs, the bench).
 *
 * @example compileOPathNode(parsed.ast)({ city: 'REDMOND' }) // true for City -eq 'Redmond'
 */
export function compileOPathNode(node: OPathNode): OPathPredicate {
  switch (node.kind) {
    case 'not': {
      const inner = compileOPathNode(node.operand);
      return (a) => !inner(a);
    }
    case 'logical': {
      const left = compileOPathNode(node.left);
      const right = compileOPathNode(node.right);
      return node.operator === 'and' ? (a) => left(a) && right(a) : (a) => left(a) || right(a);
    }
    case 'comparison': {
      const { property } = node;
      const lower = property.toLowerCase();
      const negate = node.operator === 'ne' || node.operator === 'notlike';
      let test: (value: string | null) => boolean;
      if (node.value === null || node.value === '') {
        test = (v) => v === null;
      } else if (node.operator === 'like' || node.operator === 'notlike') {
        const match = compileWildcard(node.value);
        test = (v) => v !== null && match(v.toLowerCase());
      } else {
        const expected = node.value.toLowerCase();
        test = (v) => v !== null && v.toLowerCase() === expected;
      }
      return negate ? (a) => !test(lookup(a, property, lower)) : (a) => test(lookup(a, property, lower));
    }
  }
}

/**
 * Whether a user with these directory attributes is in the filter (spec 6). See the module comment
 * for the exact comparison rules.
 *
 * @example evaluateOPath(parseOPath("Department -ne 'IT'").ast, { department: 'it' }) // false
 * @example evaluateOPath(parseOPath("City -eq $null").ast, {})                        // true
 */
export function evaluateOPath(node: OPathNode, attributes: Record<string, string>): boolean {
  return compileOPathNode(node)(attributes);
}

/**
 * Parses and compiles filter text; null when it does not parse (spec 6: the rule's filter condition
 * is then false, as in Exchange; the linter reports why). Blank text also gives null: callers decide
 * whether blank means "condition not used" with `isBlankFilter`.
 *
 * @example compileOPath("{City -like 'Red*'}")?.({ City: 'Redmond' }) // true
 * @example compileOPath("City -eq") // null
 */
export function compileOPath(text: string): OPathPredicate | null {
  const parsed = parseOPath(text);
  return parsed.ok ? compileOPathNode(parsed.ast) : null;
}
