import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { comparison, logical, not, opathEquals } from './ast.ts';
import { parseOPath } from './parser.ts';
import { printOPath, quoteOPathValue } from './printer.ts';
import { SINGLE_QUOTE_CHARS } from '../powershell/chars.ts';
import { opathNodeArb } from '../../test-support/opath-arbitraries.ts';

const a = comparison('City', 'eq', 'A');
const b = comparison('City', 'eq', 'B');
const c = comparison('Department', 'eq', 'IT');

describe('quoteOPathValue', () => {
  it('doubles every single-quote character, typographic ones included', () => {
    expect(quoteOPathValue("O'Brien")).toBe("'O''Brien'");
    expect(quoteOPathValue('it\u2019s')).toBe("'it\u2019\u2019s'");
    expect(quoteOPathValue('$x `n *')).toBe("'$x `n *'");
  });

  it('doubles exactly the single quotes of chars.ts, and each reads back through the parser', () => {
    for (const q of SINGLE_QUOTE_CHARS) {
      expect(quoteOPathValue(`a${q}b`)).toBe(`'a${q}${q}b'`);
      const parsed = parseOPath(`City -eq ${quoteOPathValue(`a${q}b`)}`);
      expect(parsed.ok && parsed.ast).toEqual(comparison('City', 'eq', `a${q}b`));
    }
  });
});

describe('printOPath', () => {
  it('prints a comparison canonically', () => {
    expect(printOPath(comparison('CustomAttribute7', 'like', 'Sales*'))).toBe("CustomAttribute7 -like 'Sales*'");
    expect(printOPath(comparison('Office', 'ne', null))).toBe('Office -ne $null');
  });

  it('needs no parentheses for a left-to-right chain of one operator', () => {
    expect(printOPath(logical('and', logical('and', a, b), c))).toBe(
      "City -eq 'A' -and City -eq 'B' -and Department -eq 'IT'",
    );
  });

  it('parenthesises a right operand and a left operand with a different operator', () => {
    expect(printOPath(logical('and', a, logical('or', b, c)))).toBe(
      "City -eq 'A' -and (City -eq 'B' -or Department -eq 'IT')",
    );
    expect(printOPath(logical('and', a, logical('and', b, c)))).toBe(
      "City -eq 'A' -and (City -eq 'B' -and Department -eq 'IT')",
    );
    expect(printOPath(logical('and', logical('or', a, b), c))).toBe(
      "(City -eq 'A' -or City -eq 'B') -and Department -eq 'IT'",
    );
  });

  it('writes -not with parentheses, as Microsoft examples do', () => {
    expect(printOPath(not(a))).toBe("-not (City -eq 'A')");
    expect(printOPath(not(not(logical('or', a, b))))).toBe("-not (-not (City -eq 'A' -or City -eq 'B'))");
  });

  it('print → parse gives an equal tree, without warnings about grouping (property)', () => {
    fc.assert(
      fc.property(opathNodeArb, (ast) => {
        const text = printOPath(ast);
        const parsed = parseOPath(text);
        if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
        expect(opathEquals(parsed.ast, ast)).toBe(true);
        expect(parsed.warnings.filter((w) => w.message.includes('mixes'))).toEqual([]);
        for (const wrapped of [`{${text}}`, `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`]) {
          const again = parseOPath(wrapped);
          expect(again.ok && opathEquals(again.ast, ast)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
