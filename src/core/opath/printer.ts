/**
 * Canonical text of a `UserRecipientFilter` tree (spec 6).
 */
import { singleQuoted } from '../powershell/quote.ts';
import type { OPathComparison, OPathNode } from './ast.ts';

/**
 * Quotes a filter value as an OPath single-quoted literal: every single-quote character, the
 * typographic ones (U+2018–U+201B) included, is doubled, since PowerShell and the tokenizer treat
 * them all as quotes (the one set and the one doubling: `powershell/chars.ts`, `quote.ts`). Nothing else needs escaping inside single quotes (`$`, backticks and `*` are
 * literal there).
 *
 * @example quoteOPathValue("O'Brien") // "'O''Brien'"
 */
export function quoteOPathValue(value: string): string {
  return singleQuoted(value);
}

function printComparison(node: OPathComparison): string {
  const value = node.value === null ? '$null' : quoteOPathValue(node.value);
  return `${node.property} -${node.operator} ${value}`;
}

/**
 * Prints a filter tree as canonical OPath text: canonical property spelling, lower-case operators,
 * single-quoted values, `$null` for blank.
 *
 * Parentheses: `-and`/`-or` group left to right with equal precedence, so a logical right operand
 * is always parenthesised; a logical left operand is parenthesised when its operator differs from
 * its parent's (not needed for the grouping, but it spells the grouping out and keeps the parser's
 * "mixes -and and -or" warning quiet). `-not` is written `-not (…)` as in Microsoft's examples.
 * Parsing the output gives back an equal tree.
 *
 * @example printOPath(logical('and', logical('or', a, b), c))
 *          // "(City -eq 'A' -or City -eq 'B') -and Department -eq 'IT'"
 * @example printOPath(not(comparison('Department', 'like', 'Sales*'))) // "-not (Department -like 'Sales*')"
 */
export function printOPath(node: OPathNode): string {
  switch (node.kind) {
    case 'comparison':
      return printComparison(node);
    case 'not':
      return `-not (${printOPath(node.operand)})`;
    case 'logical': {
      const left = printOPath(node.left);
      const right = printOPath(node.right);
      const wrapLeft = node.left.kind === 'logical' && node.left.operator !== node.operator;
      const wrapRight = node.right.kind === 'logical';
      return `${wrapLeft ? `(${left})` : left} -${node.operator} ${wrapRight ? `(${right})` : right}`;
    }
  }
}
