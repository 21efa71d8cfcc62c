import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { comparison } from './ast.ts';
import type { OPathNode } from './ast.ts';
import { compileOPath, compileOPathNode, evaluateOPath } from './evaluate.ts';
import { parseOPath } from './parser.ts';
import { attributesArb, opathNodeArb } from '../../test-support/opath-arbitraries.ts';

/** Reference semantics written independently of evaluate.ts (regular expressions, no compilation). */
function reference(node: OPathNode, attributes: Record<string, string>): boolean {
  if (node.kind === 'not') return !reference(node.operand, attributes);
  if (node.kind === 'logical') {
    const l = reference(node.left, attributes);
    const r = reference(node.right, attributes);
    return node.operator === 'and' ? l && r : l || r;
  }
  const key =
    node.property in attributes
      ? node.property
      : Object.keys(attributes).find((k) => k.toLowerCase() === node.property.toLowerCase());
  const raw = key === undefined ? undefined : attributes[key];
  const actual = raw === undefined || raw === '' ? null : raw;
  const wanted = node.value === '' ? null : node.value;
  let positive: boolean;
  if (wanted === null) positive = actual === null;
  else if (actual === null) positive = false;
  else if (node.operator === 'eq' || node.operator === 'ne') positive = actual.toLowerCase() === wanted.toLowerCase();
  else {
    const source = wanted
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    positive = new RegExp(`^${source}$`, 's').test(actual.toLowerCase());
  }
  return node.operator === 'ne' || node.operator === 'notlike' ? !positive : positive;
}

function run(filter: string, attributes: Record<string, string>): boolean {
  const predicate = compileOPath(filter);
  if (!predicate) throw new Error(`does not parse: ${filter}`);
  const parsed = parseOPath(filter);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const evaluated = evaluateOPath(parsed.ast, attributes);
  expect(predicate(attributes)).toBe(evaluated);
  return evaluated;
}

describe('evaluateOPath: the examples of spec 6 and the seeds', () => {
  it.each(["{City -eq 'Redmond'}", `"City -eq 'Redmond'"`, "'City -eq ''Redmond'''"])('%s', (filter) => {
    expect(run(filter, { City: 'Redmond' })).toBe(true);
    expect(run(filter, { city: 'REDMOND' })).toBe(true);
    expect(run(filter, { City: 'Redmond ' })).toBe(false);
    expect(run(filter, { City: 'Seattle' })).toBe(false);
    expect(run(filter, {})).toBe(false);
  });

  it("{Department -ne 'IT'} (seed: allow EAC only for IT) denies everyone outside IT, including users without a department", () => {
    const filter = "{Department -ne 'IT'}";
    expect(run(filter, { Department: 'IT' })).toBe(false);
    expect(run(filter, { department: 'it' })).toBe(false);
    expect(run(filter, { Department: 'Sales' })).toBe(true);
    expect(run(filter, {})).toBe(true);
    expect(run(filter, { Department: '' })).toBe(true);
  });
});

describe('evaluateOPath: comparisons', () => {
  it('-eq/-ne compare whole values case-insensitively with * as a literal', () => {
    expect(run("Office -eq 'B*'", { Office: 'Building 4' })).toBe(false);
    expect(run("Office -eq 'B*'", { Office: 'b*' })).toBe(true);
    expect(run("Office -ne 'B*'", { Office: 'Building 4' })).toBe(true);
    expect(run("Office -eq 'Build'", { Office: 'Building' })).toBe(false);
    expect(run("Office -eq 'ÉTAGE'", { Office: 'étage' })).toBe(true);
  });

  it('-like/-notlike: * is any run of characters, everything else literal, whole value, any case', () => {
    expect(run("Department -like 'Sales*'", { Department: 'sales EMEA' })).toBe(true);
    expect(run("Department -like 'Sales*'", { Department: 'Presales' })).toBe(false);
    expect(run("Department -like '*sales*'", { Department: 'Presales team' })).toBe(true);
    expect(run("Department -like '*'", { Department: 'x' })).toBe(true);
    expect(run("Department -like '*'", {})).toBe(false);
    expect(run("Department -like 'a*b*a'", { Department: 'aba' })).toBe(true);
    expect(run("Department -like 'a*b*a'", { Department: 'ab' })).toBe(false);
    expect(run("Department -like 'a*a'", { Department: 'a' })).toBe(false);
    expect(run("Department -like 'a*b*b'", { Department: 'ab' })).toBe(false);
    expect(run("Department -like 'a*b*b'", { Department: 'abxb' })).toBe(true);
    expect(run("Department -like 'a?c[d].*'", { Department: 'a?c[d].xyz' })).toBe(true);
    expect(run("Department -like 'a?c*'", { Department: 'abc' })).toBe(false);
    expect(run("Department -like 'Sales'", { Department: 'SALES' })).toBe(true);
    expect(run("Department -notlike 'Sales*'", { Department: 'Sales' })).toBe(false);
    expect(run("Department -notlike 'Sales*'", {})).toBe(true);
  });

  it('$null: -eq is true when missing or empty, -ne when the attribute has a value', () => {
    expect(run('Office -eq $null', {})).toBe(true);
    expect(run('Office -eq $null', { Office: '' })).toBe(true);
    expect(run('Office -eq $null', { Office: 'x' })).toBe(false);
    expect(run('Office -ne $null', {})).toBe(false);
    expect(run('Office -ne $null', { office: 'x' })).toBe(true);
    expect(run('Office -like $null', {})).toBe(true);
    expect(run("Office -eq ''", {})).toBe(true);
    expect(run("Office -ne ''", { Office: 'x' })).toBe(true);
  });

  it('reads attribute names in any case', () => {
    expect(run("CustomAttribute10 -eq 'x'", { CUSTOMATTRIBUTE10: 'X' })).toBe(true);
    expect(run("CustomAttribute1 -eq 'x'", { CustomAttribute10: 'x' })).toBe(false);
  });
});

describe('evaluateOPath: logic and precedence', () => {
  const filter = "City -eq 'a' -or City -eq 'b' -and Office -eq 'c'";
  it('a -or b -and c is (a -or b) -and c', () => {
    expect(run(filter, { City: 'a' })).toBe(false);
    expect(run(filter, { City: 'a', Office: 'c' })).toBe(true);
    expect(run(filter, { Office: 'c' })).toBe(false);
    expect(run("City -eq 'a' -or (City -eq 'b' -and Office -eq 'c')", { City: 'a' })).toBe(true);
  });

  it('-not negates the next operand', () => {
    expect(run("-not City -eq 'a' -and Office -eq 'c'", { City: 'b', Office: 'c' })).toBe(true);
    expect(run("-not City -eq 'a' -and Office -eq 'c'", { City: 'a', Office: 'c' })).toBe(false);
    expect(run("-not (City -eq 'a' -or Office -eq 'c')", { City: 'b' })).toBe(true);
  });
});

describe('compileOPath', () => {
  it('returns null for filters that do not parse, and for blank text', () => {
    expect(compileOPath("Dept -eq 'IT'")).toBeNull();
    expect(compileOPath('City -eq')).toBeNull();
    expect(compileOPath('')).toBeNull();
  });

  it('agrees with a regular-expression oracle for -like (property)', () => {
    const pattern = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '*', '*', '.'), maxLength: 7 });
    const free = fc.string({ unit: fc.constantFrom('a', 'b', 'B', '.'), maxLength: 6 });
    // Values built from the pattern (stars filled in, then maybe one character cut) hit the edges.
    const pair = pattern.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.oneof(
          free,
          fc
            .tuple(fc.array(free, { minLength: 8, maxLength: 8 }), fc.nat({ max: 8 }))
            .map(([fills, cut]) => {
              const filled = p.split('*').reduce((acc, part, i) => acc + (i > 0 ? (fills[i] ?? '') : '') + part, '');
              return cut < filled.length ? filled.slice(0, cut) + filled.slice(cut + 1) : filled;
            }),
        ),
      ),
    );
    fc.assert(
      fc.property(pair, ([pattern, value]) => {
        const source = pattern
          .split('*')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*');
        const oracle = value !== '' && new RegExp(`^${source}$`, 'is').test(value);
        const predicate = compileOPathNode(comparison('City', 'like', pattern));
        expect(predicate(value === '' ? {} : { City: value })).toBe(pattern === '' ? value === '' : oracle);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with a straightforward reference interpreter (property)', () => {
    fc.assert(
      fc.property(opathNodeArb, attributesArb, (node, attributes) => {
        const expected = reference(node, attributes);
        expect(evaluateOPath(node, attributes)).toBe(expected);
        expect(compileOPathNode(node)(attributes)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});
