import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Any UTF-16 text, lone surrogates included (built from code units: fast to generate). */
const anyUtf16 = (maxLength: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((units) => String.fromCharCode(...units));
import { escapeControlChars } from './control-chars.ts';

describe('escapeControlChars', () => {
  it('shows the terminal tricks from issue 13 as visible escapes', () => {
    expect(escapeControlChars('x\u001b[2K\rOK: no problems\u001b[8m')).toBe('x\\u001b[2K\\u000dOK: no problems\\u001b[8m');
    expect(escapeControlChars('\u001b[2J')).toBe('\\u001b[2J');
    expect(escapeControlChars('abc\u202Etxt.exe')).toBe('abc\\u202etxt.exe');
    expect(escapeControlChars('\u009b31m \u2028 \u2066')).toBe('\\u009b31m \\u2028 \\u2066');
  });

  it('keeps line feeds, CRLF line ends, tabs, letters and emoji; escapes lone surrogates and a bare CR', () => {
    expect(escapeControlChars('a\n\tb ü 😀')).toBe('a\n\tb ü 😀');
    expect(escapeControlChars('a\r\nb\rc')).toBe('a\r\nb\\u000dc');
    expect(escapeControlChars('x\ud800y')).toBe('x\\ud800y');
  });

  it('leaves no control or bidi character in any text', () => {
    fc.assert(
      fc.property(anyUtf16(100), (text) => {
        const out = escapeControlChars(text).replace(/\r\n/g, '\n');
        // eslint-disable-next-line no-control-regex -- finding control characters is the point
        expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
    );
  });
});
