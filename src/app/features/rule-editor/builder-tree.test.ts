import { describe, it, expect } from 'vitest';
import { builderFromFilterText, builderToFilterText } from '../../../core/opath/builder.ts';
import { appendChild, effectiveOperator, groupMode, newCondition, newGroup, removeItem, updateItem, withGroupMode, withOperator } from './builder-tree.ts';
import { compileOPath } from '../../../core/opath/evaluate.ts';

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

describe('one way to negate', () => {
  const attributeSets: Record<string, string>[] = [{}, { Department: '' }, { Department: 'Sales' }, { Department: 'sales' }, { Department: 'IT' }, { Department: 'Salesforce' }];
  const values = [null, '', 'Sales', 'Sa*', '*'];

  it('a negated condition means the same as the opposite operator, $null included (against core evaluateOPath)', () => {
    for (const operator of ['eq', 'ne', 'like', 'notlike'] as const) {
      for (const value of values) {
        const condition = { kind: 'condition' as const, id: 'c', property: 'Department' as const, operator, value, negated: true };
        const group = { kind: 'group' as const, id: 'g', combinator: 'and' as const, negated: false, children: [condition] };
        const folded = { ...group, children: [withOperator(condition, effectiveOperator(condition))] };
        const before = compileOPath(builderToFilterText(group))!;
        const after = compileOPath(builderToFilterText(folded))!;
        expect(builderToFilterText(folded)).not.toMatch(/-not[ (]/);
        for (const attributes of attributeSets) expect(after(attributes), `${operator} ${String(value)} ${JSON.stringify(attributes)}`).toBe(before(attributes));
      }
    }
  });

  it('a group is negated through its mode', () => {
    const group = open("-not (Department -eq 'IT' -or City -eq 'Paris')");
    expect(groupMode(group)).toBe('not-or');
    expect(builderToFilterText(withGroupMode(group, 'or'))).toBe("Department -eq 'IT' -or City -eq 'Paris'");
    expect(groupMode(withGroupMode(group, 'not-and'))).toBe('not-and');
    expect(builderToFilterText(withGroupMode(group, 'not-and'))).toMatch(/^-not \(Department -eq 'IT' -and City -eq 'Paris'\)$/);
  });
});
