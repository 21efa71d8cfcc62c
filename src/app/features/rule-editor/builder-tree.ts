import { newBuilderId, type BuilderCondition, type BuilderGroup, type BuilderItem } from '../../../core/opath/builder.ts';
import type { OPathComparisonOperator } from '../../../core/opath/ast.ts';

/** Immutable edits of the recipient-filter builder tree, addressed by item id. */

export function updateItem(group: BuilderGroup, id: string, change: (item: BuilderItem) => BuilderItem): BuilderGroup {
  if (group.id === id) {
    const next = change(group);
    return next.kind === 'group' ? next : group;
  }
  let changed = false;
  const children = group.children.map((child) => {
    if (child.id === id) {
      changed = true;
      return change(child);
    }
    if (child.kind === 'group') {
      const next = updateItem(child, id, change);
      if (next !== child) changed = true;
      return next;
    }
    return child;
  });
  return changed ? { ...group, children } : group;
}

export function removeItem(group: BuilderGroup, id: string): BuilderGroup {
  if (!containsId(group, id)) return group;
  return {
    ...group,
    children: group.children
      .filter((child) => child.id !== id)
      .map((child) => (child.kind === 'group' ? removeItem(child, id) : child)),
  };
}

function containsId(group: BuilderGroup, id: string): boolean {
  return group.children.some((child) => child.id === id || (child.kind === 'group' && containsId(child, id)));
}

export function appendChild(group: BuilderGroup, parentId: string, item: BuilderItem): BuilderGroup {
  return updateItem(group, parentId, (parent) =>
    parent.kind === 'group' ? { ...parent, children: [...parent.children, item] } : parent,
  );
}

export function newCondition(): BuilderCondition {
  return { kind: 'condition', id: newBuilderId(), property: 'Department', operator: 'eq', value: '', negated: false };
}

export function newGroup(combinator: 'and' | 'or' = 'or'): BuilderGroup {
  return { kind: 'group', id: newBuilderId(), combinator, negated: false, children: [newCondition()] };
}

/**
 * The one way the builder negates a comparison: by its operator. `-not (A -eq x)` is `A -ne x` and
 * `-not (A -like x)` is `A -notlike x` (core `evaluateOPath` defines -ne and -notlike as the negation
 * of -eq and -like, `$null` included), so a negated condition from filter text is shown with the
 * opposite operator, and choosing an operator clears the `-not`.
 */
export const OPPOSITE_OPERATOR: Readonly<Record<OPathComparisonOperator, OPathComparisonOperator>> = {
  eq: 'ne',
  ne: 'eq',
  like: 'notlike',
  notlike: 'like',
};

/** The operator a condition means, its `-not` folded in. */
export function effectiveOperator(condition: BuilderCondition): OPathComparisonOperator {
  return condition.negated ? OPPOSITE_OPERATOR[condition.operator] : condition.operator;
}

/** The condition with this operator and no `-not`. */
export function withOperator(condition: BuilderCondition, operator: OPathComparisonOperator): BuilderCondition {
  return { ...condition, operator, negated: false };
}

/** How a group combines its items, negation included: the one way the builder negates a group. */
export type GroupMode = 'and' | 'or' | 'not-and' | 'not-or';

export function groupMode(group: BuilderGroup): GroupMode {
  return group.negated ? (group.combinator === 'and' ? 'not-and' : 'not-or') : group.combinator;
}

export function withGroupMode(group: BuilderGroup, mode: GroupMode): BuilderGroup {
  return { ...group, combinator: mode === 'and' || mode === 'not-and' ? 'and' : 'or', negated: mode.startsWith('not-') };
}
