import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { comparison, logical, not, opathEquals } from './ast.ts';
import type { OPathNode } from './ast.ts';
import {
  builderFromFilterText,
  builderToFilterText,
  emptyBuilderGroup,
  fromBuilderGroup,
  newBuilderId,
  toBuilderGroup,
} from './builder.ts';
import type { BuilderGroup, BuilderItem } from './builder.ts';
import { evaluateOPath } from './evaluate.ts';
import { parseOPath } from './parser.ts';
import { printOPath } from './printer.ts';
import { attributesArb, opathNodeArb } from '../../test-support/opath-arbitraries.ts';

function parse(text: string): OPathNode {
  const result = parseOPath(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.ast;
}

/** The builder tree without ids, to compare shapes. */
function shape(item: BuilderItem): unknown {
  if (item.kind === 'condition') {
    return `${item.negated ? '!' : ''}${item.property} ${item.operator} ${item.value ?? '$null'}`;
  }
  return { [`${item.negated ? '!' : ''}${item.combinator}`]: item.children.map(shape) };
}

function sequentialIds(): () => string {
  let n = 0;
  return () => `id${++n}`;
}

describe('toBuilderGroup', () => {
  it('makes a single condition an and-group of one', () => {
    expect(shape(toBuilderGroup(parse("City -eq 'Redmond'")))).toEqual({ and: ['City eq Redmond'] });
  });

  it('flattens a chain with one operator into one group', () => {
    expect(shape(toBuilderGroup(parse("City -eq 'a' -and Office -ne $null -and Department -like 'S*'")))).toEqual({
      and: ['City eq a', 'Office ne $null', 'Department like S*'],
    });
  });

  it('turns a mixed left-to-right chain into nested groups that mean the same', () => {
    expect(shape(toBuilderGroup(parse("City -eq 'a' -or City -eq 'b' -and Office -eq 'c' -or Office -eq 'd'")))).toEqual({
      or: [{ and: [{ or: ['City eq a', 'City eq b'] }, 'Office eq c'] }, 'Office eq d'],
    });
  });

  it('keeps parenthesised right operands as nested groups and marks -not', () => {
    expect(shape(toBuilderGroup(parse("City -eq 'a' -and -not (Office -eq 'b' -or Office -eq 'c')")))).toEqual({
      and: ['City eq a', { '!or': ['Office eq b', 'Office eq c'] }],
    });
    expect(shape(toBuilderGroup(parse("-not City -eq 'a'")))).toEqual({ and: ['!City eq a'] });
    expect(shape(toBuilderGroup(parse("-not -not City -eq 'a'")))).toEqual({ '!and': ['!City eq a'] });
  });

  it('gives every item an id from the factory', () => {
    const group = toBuilderGroup(parse("City -eq 'a' -or Office -eq 'b'"), { newId: sequentialIds() });
    expect([group.id, ...group.children.map((c) => c.id)].sort()).toEqual(['id1', 'id2', 'id3']);
    expect(newBuilderId()).not.toBe(newBuilderId());
  });
});

describe('fromBuilderGroup', () => {
  const cond = (id: string, value: string, negated = false): BuilderItem => ({
    kind: 'condition',
    id,
    property: 'City',
    operator: 'eq',
    value,
    negated,
  });

  it('turns an empty group, or groups of empty groups, into no filter', () => {
    expect(fromBuilderGroup(emptyBuilderGroup())).toBeNull();
    const nested: BuilderGroup = { ...emptyBuilderGroup(), negated: true, children: [emptyBuilderGroup()] };
    expect(fromBuilderGroup(nested)).toBeNull();
  });

  it('joins children left to right, drops empty groups and applies negation', () => {
    const group: BuilderGroup = {
      kind: 'group',
      id: 'g',
      combinator: 'or',
      negated: false,
      children: [
        cond('1', 'a'),
        emptyBuilderGroup(),
        { kind: 'group', id: 'h', combinator: 'and', negated: true, children: [cond('2', 'b'), cond('3', 'c', true)] },
      ],
    };
    const ast = fromBuilderGroup(group);
    expect(ast).toEqual(
      logical('or', comparison('City', 'eq', 'a'), not(logical('and', comparison('City', 'eq', 'b'), not(comparison('City', 'eq', 'c'))))),
    );
    expect(printOPath(ast as OPathNode)).toBe(
      "City -eq 'a' -or -not (City -eq 'b' -and -not (City -eq 'c'))",
    );
  });
});

describe('AST → builder → AST (property)', () => {
  it('gives back an equal tree, which evaluates the same and prints the same', () => {
    fc.assert(
      fc.property(opathNodeArb, attributesArb, (ast, attributes) => {
        const back = fromBuilderGroup(toBuilderGroup(ast));
        expect(back).not.toBeNull();
        const node = back as OPathNode;
        expect(opathEquals(node, ast)).toBe(true);
        expect(evaluateOPath(node, attributes)).toBe(evaluateOPath(ast, attributes));
        expect(printOPath(node)).toBe(printOPath(ast));
      }),
      { numRuns: 500 },
    );
  });

  it('builder → AST → builder keeps the meaning of any builder tree', () => {
    fc.assert(
      fc.property(opathNodeArb, attributesArb, (ast, attributes) => {
        const once = fromBuilderGroup(toBuilderGroup(ast)) as OPathNode;
        const twice = fromBuilderGroup(toBuilderGroup(parse(printOPath(once)))) as OPathNode;
        expect(evaluateOPath(twice, attributes)).toBe(evaluateOPath(ast, attributes));
      }),
      { numRuns: 300 },
    );
  });
});

describe('builderFromFilterText and builderToFilterText', () => {
  it('opens blank text as an empty group and writes an empty group as blank text', () => {
    const opened = builderFromFilterText('  ');
    expect(opened.ok && opened.group.children).toEqual([]);
    expect(builderToFilterText(emptyBuilderGroup())).toBe('');
  });

  it('round-trips the seed filter and passes on warnings and errors', () => {
    const opened = builderFromFilterText("{Department -ne 'IT'}");
    expect(opened.ok && builderToFilterText(opened.group)).toBe("Department -ne 'IT'");
    const warned = builderFromFilterText("City -like 'Red'");
    expect(warned.ok && warned.warnings.length).toBe(1);
    const failed = builderFromFilterText("Dept -eq 'IT'");
    expect(!failed.ok && failed.error.column).toBe(1);
  });
});
