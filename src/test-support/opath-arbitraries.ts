/**
 * fast-check generators for OPath trees, shared by the OPath property tests (test-only: lint lets
 * only tests, the bench and e2e import `src/test-support/`).
 */
import fc from 'fast-check';
import { OPATH_PROPERTIES } from '../core/model/types.ts';
import { OPATH_COMPARISON_OPERATORS, comparison, logical, not } from '../core/opath/ast.ts';
import type { OPathNode } from '../core/opath/ast.ts';

const TRICKY_CHARS = ["'", '"', '*', '$', '`', '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', ' ', '\n', '(', ')', '{', '}', '-', '\u2013', 'a', 'Z', 'é', 'ß', '😀', '\\'];

/** Filter values, `$null` included: quotes of every kind, `*`, `$`, backticks, unicode. */
export const opathValueArb: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.string({ unit: fc.constantFrom(...TRICKY_CHARS), maxLength: 8 }),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom('Redmond', 'IT', "O'Brien", 'Sales*', '*', '', '$null', '`$x', '""'),
);

/** Random filter trees up to a small depth. */
export const opathNodeArb: fc.Arbitrary<OPathNode> = fc.letrec<{ node: OPathNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.constantFrom(...OPATH_PROPERTIES), fc.constantFrom(...OPATH_COMPARISON_OPERATORS), opathValueArb)
      .map(([p, o, v]) => comparison(p, o, v)),
    fc.tuple(fc.constantFrom('and' as const, 'or' as const), tie('node'), tie('node')).map(([o, l, r]) => logical(o, l, r)),
    tie('node').map((n) => not(n)),
  ),
})).node;

/** Attribute bags: a few properties in random case, values drawn to hit the filters' values often. */
export const attributesArb: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...OPATH_PROPERTIES).chain((p) => fc.constantFrom(p, p.toLowerCase(), p.toUpperCase())),
      fc.oneof(fc.constantFrom('Redmond', 'redmond', 'IT', "o'brien", 'Sales team', '', '*'), fc.string({ maxLength: 4 })),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => Object.fromEntries(pairs));
