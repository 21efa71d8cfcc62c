import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tokenizeOPath, plainSource } from '../opath/tokenizer.ts';
import { parseOPath } from '../opath/parser.ts';
import { DOUBLE_QUOTE_CHARS, SINGLE_QUOTE_CHARS, readBacktickEscape } from './chars.ts';
import { quoteLiteral } from './quote.ts';
import { tokenizePowerShell } from './tokenizer.ts';

/** The string value the script tokenizer reads from `literal`. */
function scriptString(literal: string): string | undefined {
  const tokens = tokenizePowerShell(literal).tokens.filter((t) => t.kind === 'string');
  return tokens.length === 1 ? tokens[0]?.text : undefined;
}

/** The string value the OPath tokenizer reads from `literal`. */
function opathString(literal: string): string | undefined {
  const result = tokenizeOPath(plainSource(literal));
  if (!result.ok) return undefined;
  const strings = result.tokens.filter((t) => t.kind === 'string');
  return strings.length === 1 ? strings[0]?.value : undefined;
}

describe('one reading of PowerShell strings (issue 11: the two tokenizers agree)', () => {
  it.each([
    ["'a\u2018\u2019b'", 'a\u2019b'],
    ["'a''b'", "a'b"],
    ['"a\u201C\u201Db"', 'a\u201Db'],
    ['"a`ab"', 'a\u0007b'],
    ['"a`eb"', 'a\u001Bb'],
    ['"x`u{41}y"', 'xAy'],
    ['"x`u{zz}y"', 'xu{zz}y'],
    ['"a`"b"', 'a"b'],
    ['"a`$b"', 'a$b'],
  ])('%s reads as %j in scripts and filters', (literal, value) => {
    expect(scriptString(literal)).toBe(value);
    expect(opathString(literal)).toBe(value);
  });

  it('the wrapped filter form keeps the second of a doubled quote too', () => {
    const parsed = parseOPath("'City -eq \u2018\u2019Z\u2019\u2019'");
    expect(parsed.ok && parsed.ast).toMatchObject({ value: 'Z' });
  });

  it('any text quoted by quoteLiteral reads back the same in both tokenizers', () => {
    const char = fc.constantFrom('a', ' ', '$', '`', '"', '\u201C', ...SINGLE_QUOTE_CHARS, ...DOUBLE_QUOTE_CHARS, 'ü');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')), (text) => {
        const literal = quoteLiteral(text, { nonAscii: 'literal' });
        expect(scriptString(literal)).toBe(text);
        expect(opathString(literal)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('readBacktickEscape reads every escape and leaves other characters as they are', () => {
    expect(readBacktickEscape('`n', 0)).toEqual({ value: '\n', end: 2 });
    expect(readBacktickEscape('x`u{1F600}', 1)).toEqual({ value: '\u{1F600}', end: 10 });
    expect(readBacktickEscape('`q', 0)).toEqual({ value: 'q', end: 2 });
  });
});
