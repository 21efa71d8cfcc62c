/**
 * The visual builder's model of a `UserRecipientFilter`: groups with one combinator each, holding
 * conditions (property, operator, value) and nested groups, any of which may be negated.
 *
 * OPath reads `-and`/`-or` chains left to right with equal precedence; a group has one combinator,
 * so a mixed chain `a -or b -and c` becomes nested groups `[[a or b] and c]`, which means the same.
 */
import type { OPathProperty } from '../model/types.ts';
import type { SourceFinding } from '../model/types.ts';
import { newId } from '../model/rule-set.ts';
import { comparison, logical, not } from './ast.ts';
import type { OPathComparisonOperator, OPathNode } from './ast.ts';
import { isBlankFilter, parseOPath } from './parser.ts';
import { printOPath } from './printer.ts';
import type { OPathError } from './tokenizer.ts';

/** A group of conditions joined by one combinator; `negated` puts `-not` in front of the group. */
export interface BuilderGroup {
  kind: 'group';
  id: string;
  combinator: 'and' | 'or';
  negated: boolean;
  children: (BuilderGroup | BuilderCondition)[];
}

/** One comparison; `value: null` is `$null` (attribute blank); `negated` puts `-not` in front. */
export interface BuilderCondition {
  kind: 'condition';
  id: string;
  property: OPathProperty;
  operator: OPathComparisonOperator;
  value: string | null;
  negated: boolean;
}

/** A builder group or condition (a group's child). */
export type BuilderItem = BuilderGroup | BuilderCondition;

/** Options for {@link toBuilderGroup} and {@link emptyBuilderGroup}. */
export interface BuilderOptions {
  /** Id source for new groups and conditions (tests pass a deterministic one). */
  newId?: () => string;
}

/**
 * A fresh builder item id, unique within the session (React keys, drag-and-drop); from core's one id
 * source, `newId`, with no counter kept here. Tests pass a deterministic `newId` option instead.
 *
 * @example newBuilderId() // "opath-3f2a…"
 */
export function newBuilderId(): string {
  return newId('opath');
}

/**
 * An empty `and` group: the builder's starting point. It converts to no filter (blank text).
 *
 * @example fromBuilderGroup(emptyBuilderGroup()) // null
 */
export function emptyBuilderGroup(options: BuilderOptions = {}): BuilderGroup {
  return { kind: 'group', id: (options.newId ?? newBuilderId)(), combinator: 'and', negated: false, children: [] };
}

function toItem(node: OPathNode, newId: () => string): BuilderItem {
  switch (node.kind) {
    case 'comparison':
      return {
        kind: 'condition',
        id: newId(),
        property: node.property,
        operator: node.operator,
        value: node.value,
        negated: false,
      };
    case 'not': {
      const inner = toItem(node.operand, newId);
      if (!inner.negated) return { ...inner, negated: true };
      return { kind: 'group', id: newId(), combinator: 'and', negated: true, children: [inner] };
    }
    case 'logical': {
      const operands: OPathNode[] = [];
      let current: OPathNode = node;
      // A left operand with the same operator continues the chain (that is how left-to-right
      // grouping stores `a -and b -and c`); a right operand came from explicit parentheses.
      while (current.kind === 'logical' && current.operator === node.operator) {
        operands.push(current.right);
        current = current.left;
      }
      operands.push(current);
      operands.reverse();
      return {
        kind: 'group',
        id: newId(),
        combinator: node.operator,
        negated: false,
        children: operands.map((operand) => toItem(operand, newId)),
      };
    }
  }
}

/**
 * Converts a parsed filter to the builder's groups, preserving its meaning and its shape:
 * `fromBuilderGroup(toBuilderGroup(ast))` gives back an equal tree.
 *
 * - A chain with one operator is one group (`a -and b -and c` → `[a and b and c]`).
 * - A mixed chain, grouped left to right, becomes nested groups (`a -or b -and c` → `[[a or b] and c]`).
 * - Parenthesised right operands become nested groups; `-not` sets `negated` on the condition or
 *   group it applies to (a double `-not` becomes a negated group holding the negated item).
 * - The root is always a group (a single condition is an `and` group of one).
 *
 * @example toBuilderGroup(parseOPath("City -eq 'Redmond'").ast).children[0].property // 'City'
 */
export function toBuilderGroup(ast: OPathNode, options: BuilderOptions = {}): BuilderGroup {
  const newId = options.newId ?? newBuilderId;
  const item = toItem(ast, newId);
  if (item.kind === 'group') return item;
  return { kind: 'group', id: newId(), combinator: 'and', negated: false, children: [item] };
}

function fromItem(item: BuilderItem): OPathNode | null {
  if (item.kind === 'condition') {
    const node = comparison(item.property, item.operator, item.value);
    return item.negated ? not(node) : node;
  }
  let result: OPathNode | null = null;
  for (const child of item.children) {
    const node = fromItem(child);
    if (node === null) continue;
    result = result === null ? node : logical(item.combinator, result, node);
  }
  if (result === null) return null;
  return item.negated ? not(result) : result;
}

/**
 * Converts the builder's groups back to a filter tree; null when there is no condition at all (an
 * empty group, or groups holding only empty groups): the rule then has no filter (blank text).
 * Empty nested groups are dropped. A group's children are joined left to right with its combinator;
 * a nested group becomes a parenthesised operand when printed.
 *
 * @example fromBuilderGroup(emptyBuilderGroup()) // null
 */
export function fromBuilderGroup(group: BuilderGroup): OPathNode | null {
  return fromItem(group);
}

/**
 * The filter text for a builder tree, as the rule stores it: canonical OPath (see `printOPath`), or
 * `''` when the builder holds no condition (the rule's filter is then not used).
 *
 * @example builderToFilterText(emptyBuilderGroup()) // ''
 */
export function builderToFilterText(group: BuilderGroup): string {
  const ast = fromBuilderGroup(group);
  return ast === null ? '' : printOPath(ast);
}

/** The result of {@link builderFromFilterText}. */
export type BuilderFromTextResult =
  | { ok: true; group: BuilderGroup; warnings: SourceFinding[] }
  | { ok: false; error: OPathError };

/**
 * Opens filter text in the builder: blank text gives an empty group; text that does not parse gives
 * the parser's error (the editor then stays in text mode and shows where and why).
 *
 * @example builderFromFilterText("{Department -ne 'IT'}") // ok, one condition Department ne IT
 * @example builderFromFilterText('') // ok, empty group
 */
export function builderFromFilterText(text: string, options: BuilderOptions = {}): BuilderFromTextResult {
  if (isBlankFilter(text)) return { ok: true, group: emptyBuilderGroup(options), warnings: [] };
  const parsed = parseOPath(text);
  if (!parsed.ok) return parsed;
  return { ok: true, group: toBuilderGroup(parsed.ast, options), warnings: parsed.warnings };
}
