/**
 * The syntax tree of a `UserRecipientFilter` (spec 6).
 *
 * The tree carries no source positions and no parentheses: two filters that mean the same grouping
 * have equal trees, which is what the print → parse round trip checks. `-and` and `-or` are binary
 * nodes grouped left to right, as PowerShell and Exchange read them.
 */
import type { OPathProperty } from '../model/types.ts';

/** The comparison operators a client access rule filter accepts, without the leading dash. */
export const OPATH_COMPARISON_OPERATORS = ['eq', 'ne', 'like', 'notlike'] as const;
/** `eq`, `ne`, `like` or `notlike`. */
export type OPathComparisonOperator = (typeof OPATH_COMPARISON_OPERATORS)[number];

/** The two binary logical operators; they have equal precedence in OPath. */
export type OPathLogicalOperator = 'and' | 'or';

/** `Property -operator 'value'`; `value: null` is `$null` (the attribute is not set). */
export interface OPathComparison {
  kind: 'comparison';
  property: OPathProperty;
  operator: OPathComparisonOperator;
  value: string | null;
}

/** `left -and right` or `left -or right`. */
export interface OPathLogical {
  kind: 'logical';
  operator: OPathLogicalOperator;
  left: OPathNode;
  right: OPathNode;
}

/** `-not operand`. */
export interface OPathNot {
  kind: 'not';
  operand: OPathNode;
}

/** Any node of a filter tree. */
export type OPathNode = OPathComparison | OPathLogical | OPathNot;

/**
 * Builds a comparison node.
 *
 * @example comparison('City', 'eq', 'Redmond') // City -eq 'Redmond'
 */
export function comparison(
  property: OPathProperty,
  operator: OPathComparisonOperator,
  value: string | null,
): OPathComparison {
  return { kind: 'comparison', property, operator, value };
}

/**
 * Builds a logical node; chains are built left to right, as OPath groups them.
 *
 * @example logical('and', comparison('City', 'eq', 'Redmond'), comparison('Department', 'eq', 'IT'))
 */
export function logical(operator: OPathLogicalOperator, left: OPathNode, right: OPathNode): OPathLogical {
  return { kind: 'logical', operator, left, right };
}

/**
 * Builds a `-not` node.
 *
 * @example not(comparison('Department', 'eq', 'IT')) // -not (Department -eq 'IT')
 */
export function not(operand: OPathNode): OPathNot {
  return { kind: 'not', operand };
}

/**
 * Structural equality of two filter trees (property spelling is canonical in the tree, values are
 * compared exactly, case included, since a value is text the admin wrote).
 *
 * @example opathEquals(a, a) // true
 */
export function opathEquals(a: OPathNode, b: OPathNode): boolean {
  if (a.kind === 'comparison') {
    return (
      b.kind === 'comparison' && a.property === b.property && a.operator === b.operator && a.value === b.value
    );
  }
  if (a.kind === 'not') return b.kind === 'not' && opathEquals(a.operand, b.operand);
  return (
    b.kind === 'logical' && a.operator === b.operator && opathEquals(a.left, b.left) && opathEquals(a.right, b.right)
  );
}
