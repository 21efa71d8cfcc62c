import { newBuilderId, type BuilderCondition, type BuilderGroup, type BuilderItem } from '../../../core/opath/builder.ts';

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
