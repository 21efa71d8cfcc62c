import { describe, it, expect } from 'vitest';
import { describePosition, plainSource, positionAt, tokenizeOPath } from './tokenizer.ts';
import type { OPathToken } from './tokenizer.ts';

function tokens(text: string): OPathToken[] {
  const result = tokenizeOPath(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.tokens;
}

describe('tokenizeOPath', () => {
  it('splits a filter into tokens with offsets', () => {
    expect(tokens("(City -EQ 'Red''mond')").map((t) => [t.kind, t.value, t.start, t.end])).toEqual([
      ['lparen', '(', 0, 1],
      ['word', 'City', 1, 5],
      ['operator', 'eq', 6, 9],
      ['string', "Red'mond", 10, 21],
      ['rparen', ')', 21, 22],
    ]);
  });

  it('reads dash variants, typographic quotes, double-quote escapes and variables', () => {
    expect(tokens('\u2013and \u2014NOT \u2015or').map((t) => t.value)).toEqual(['and', 'not', 'or']);
    expect(tokens('\u2018it\u2019\u2019s\u2019')[0]).toMatchObject({ kind: 'string', value: 'it\u2019s', quote: 'single' });
    expect(tokens('"a""b`"c`$d``e`nf"')[0]).toMatchObject({ kind: 'string', value: 'a"b"c$d`e\nf', quote: 'double' });
    expect(tokens('\u201Cx\u201D')[0]).toMatchObject({ kind: 'string', value: 'x' });
    expect(tokens('$NULL $True')).toMatchObject([
      { kind: 'variable', value: 'null' },
      { kind: 'variable', value: 'true' },
    ]);
  });

  it('treats a backtick line continuation as white space', () => {
    expect(tokens("City -eq 'x' `\n -and Office -eq 'y'").map((t) => t.kind)).toEqual([
      'word', 'operator', 'string', 'operator', 'word', 'operator', 'string',
    ]);
  });

  it('reports unknown operators, unclosed quotes and stray characters with positions', () => {
    const gt = tokenizeOPath("City -gt 'x'");
    expect(gt.ok).toBe(false);
    if (!gt.ok) expect([gt.error.column, gt.error.endColumn]).toEqual([6, 9]);
    const unclosed = tokenizeOPath('City -eq "x');
    expect(!unclosed.ok && unclosed.error.message).toBe('the value starting at column 10 has no closing double quote');
    const stray = tokenizeOPath('City -eq ;');
    expect(!stray.ok && stray.error.message).toBe("unexpected character ';' at column 10");
    const emoji = tokenizeOPath('😀');
    expect(!emoji.ok && emoji.error.message).toBe("unexpected character '😀' at column 1");
    const zwsp = tokenizeOPath('City\u200B -eq');
    expect(!zwsp.ok && zwsp.error.message).toBe('unexpected character U+200B at column 5');
    const dollar = tokenizeOPath('City -eq $');
    expect(!dollar.ok && dollar.error.message).toContain("unexpected '$' at column 10");
  });

  it('maps positions through a source built from a wrapper', () => {
    const original = "'City -eq ''x'''";
    const text = "City -eq 'x'";
    const offsets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16];
    const result = tokenizeOPath({ original, text, offsets });
    expect(result.ok && result.tokens[2]).toMatchObject({ value: 'x', start: 10, end: 15 });
  });
});

describe('positions', () => {
  it('computes 1-based lines and columns', () => {
    expect(positionAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(describePosition('ab', 1)).toBe('column 2');
    expect(describePosition('a\nb', 2)).toBe('line 2, column 1');
    expect(plainSource('ab').offsets).toEqual([0, 1, 2]);
  });
});
