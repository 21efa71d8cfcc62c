import { describe, it, expect } from 'vitest';
import { builderFromFilterText, builderToFilterText } from '../../../core/opath/builder.ts';
import { appendChild, newCondition, newGroup, removeItem, updateItem } from './builder-tree.ts';

function open(text: string) {
  const result = builderFromFilterText(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.group;
}

describe('builder tree edits', () => {
  it('changes a condition value and prints the new filter', () => {
    const group = open("Department -eq 'IT'");
    const id = group.children[0]!.id;
    const next = updateItem(group, id, (item) => (item.kind === 'condition' ? { ...item, value: 'Sales' } : item));
    expect(builderToFilterText(next)).toBe("Department -eq 'Sales'");
    expect(builderToFilterText(group)).toBe("Department -eq 'IT'");
  });

  it('adds a nested or-group and removes a condition', () => {
    const group = open("Department -eq 'IT'");
    const nested = newGroup('or');
    const withGroup = appendChild(group, group.id, nested);
    const cond = nested.children[0]!;
    const edited = updateItem(withGroup, cond.id, (item) => (item.kind === 'condition' ? { ...item, property: 'City', value: 'Paris' } : item));
    const withSecond = appendChild(edited, nested.id, { ...newCondition(), property: 'City', value: 'Lyon' });
    expect(builderToFilterText(withSecond)).toBe("Department -eq 'IT' -and (City -eq 'Paris' -or City -eq 'Lyon')");
    expect(builderToFilterText(removeItem(withSecond, group.children[0]!.id))).toBe("City -eq 'Paris' -or City -eq 'Lyon'");
  });

  it('negates a group', () => {
    const group = open("City -eq 'A' -or City -eq 'B'");
    const next = updateItem(group, group.id, (item) => ({ ...item, negated: true }));
    expect(builderToFilterText(next)).toBe("-not (City -eq 'A' -or City -eq 'B')");
  });
});
