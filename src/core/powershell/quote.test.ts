import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatList, formatQuotedList, formatValue, isBareWord, quoteLiteral } from './quote.ts';
import type { NonAsciiMode } from './quote.ts';

/**
 * An independent reader for the value shapes `quote.ts` may emit, following the PowerShell language
 * specification: inside `'…'` the only special characters are the four single-quote characters
 * (U+0027, U+2018, U+2019, U+201A, U+201B); one of them ends the string unless the next character is
 * also one, in which case the pair stands for the second character. Also reads the
 * `('…' + [char]0xHHHH + '…')` concatenation. Returns the text and every character found outside quotes.
 */
const QUOTE_CHARS = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

function readSingleQuoted(src: string, start: number): { text: string; end: number } {
  if (!QUOTE_CHARS.has(src[start] ?? '')) throw new Error(`expected a quote at ${start}`);
  let i = start + 1;
  let text = '';
  for (;;) {
    if (i >= src.length) throw new Error('unterminated string');
    const c = src[i] as string;
    if (QUOTE_CHARS.has(c)) {
      const next = src[i + 1];
      if (next !== undefined && QUOTE_CHARS.has(next)) {
        text += next;
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += c;
    i += 1;
  }
}

function decodeValue(src: string): { text: string; outside: string } {
  if (src.startsWith('(')) {
    let i = 1;
    let text = '';
    let outside = '(';
    for (;;) {
      if (src.startsWith('[char]0x', i)) {
        const hex = src.slice(i + 8, i + 12);
        if (!/^[0-9A-F]{4}$/.test(hex)) throw new Error(`bad [char] at ${i}`);
        text += String.fromCharCode(parseInt(hex, 16));
        outside += src.slice(i, i + 12);
        i += 12;
      } else {
        const literal = readSingleQuoted(src, i);
        text += literal.text;
        outside += "''";
        i = literal.end;
      }
      if (src.startsWith(' + ', i)) {
        outside += ' + ';
        i += 3;
        continue;
      }
      if (src[i] === ')' && i === src.length - 1) return { text, outside: `${outside})` };
      throw new Error(`unexpected ${JSON.stringify(src.slice(i))}`);
    }
  }
  const literal = readSingleQuoted(src, 0);
  if (literal.end !== src.length) throw new Error(`text after the closing quote: ${src.slice(literal.end)}`);
  return { text: literal.text, outside: "''" };
}

const HOSTILE = [
  "'",
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '\u201C',
  '\u201D',
  '\u201E',
  '$',
  '$(Remove-Mailbox -Identity x)',
  '$env:USERNAME',
  '`',
  '`n',
  ';',
  '|',
  '&',
  '#',
  '<#',
  '#>',
  '{',
  '}',
  '@(',
  '\n',
  '\r\n',
  '\0',
  '\u202E',
  "'; Remove-Mailbox -Identity x; '",
  '\u2019; Remove-Mailbox -Identity x; \u2018',
];

describe('quoteLiteral', () => {
  it('writes plain text as a single-quoted literal', () => {
    expect(quoteLiteral('Block OWA')).toBe("'Block OWA'");
    expect(quoteLiteral('')).toBe("''");
  });

  it('doubles the apostrophe', () => {
    expect(quoteLiteral("O'Brien")).toBe("'O''Brien'");
    expect(quoteLiteral("'; Remove-Mailbox -Identity x; '")).toBe("'''; Remove-Mailbox -Identity x; '''");
  });

  it('doubles each typographic single quote as itself (literal mode)', () => {
    const opts = { nonAscii: 'literal' as const };
    expect(quoteLiteral('\u2018a\u2019', opts)).toBe("'\u2018\u2018a\u2019\u2019'");
    expect(quoteLiteral('a\u201Ab\u201Bc', opts)).toBe("'a\u201A\u201Ab\u201B\u201Bc'");
    expect(quoteLiteral('\u2019; Remove-Mailbox -Identity x; \u2018', opts)).toBe(
      "'\u2019\u2019; Remove-Mailbox -Identity x; \u2018\u2018'",
    );
  });

  it('leaves typographic double quotes alone in literal mode (not special inside single quotes)', () => {
    expect(quoteLiteral('\u201Cx\u201D \u201Ey', { nonAscii: 'literal' })).toBe("'\u201Cx\u201D \u201Ey'");
  });

  it('writes typographic quotes as [char] in the default ASCII mode', () => {
    expect(quoteLiteral('O\u2019Brien')).toBe("('O' + [char]0x2019 + 'Brien')");
    expect(quoteLiteral('\u201Cx\u201D')).toBe("('' + [char]0x201C + 'x' + [char]0x201D)");
  });

  it('needs nothing for $, $(…), backticks, ;, |, &, #, <#, braces inside single quotes', () => {
    expect(quoteLiteral('$(Remove-Mailbox -Identity x)')).toBe("'$(Remove-Mailbox -Identity x)'");
    expect(quoteLiteral('a`b;c|d&e#f<#g#>{h}')).toBe("'a`b;c|d&e#f<#g#>{h}'");
    expect(quoteLiteral('$env:USERNAME')).toBe("'$env:USERNAME'");
  });

  it('writes newlines, NUL and bidi characters as [char] outside the quotes', () => {
    expect(quoteLiteral('a\nb')).toBe("('a' + [char]0x000A + 'b')");
    expect(quoteLiteral('a\r\nb')).toBe("('a' + [char]0x000D + [char]0x000A + 'b')");
    expect(quoteLiteral('\0')).toBe("('' + [char]0x0000)");
    expect(quoteLiteral('abc\u202Edef')).toBe("('abc' + [char]0x202E + 'def')");
    expect(quoteLiteral('x\u200By', { nonAscii: 'literal' })).toBe("('x' + [char]0x200B + 'y')");
    expect(quoteLiteral('tab\there')).toBe("('tab' + [char]0x0009 + 'here')");
    expect(quoteLiteral('nb\u00A0sp', { nonAscii: 'literal' })).toBe("('nb' + [char]0x00A0 + 'sp')");
    expect(quoteLiteral('ls\u2028', { nonAscii: 'literal' })).toBe("('ls' + [char]0x2028)");
  });

  it('keeps readable non-ASCII letters only in literal mode', () => {
    expect(quoteLiteral('Zürich', { nonAscii: 'literal' })).toBe("'Zürich'");
    expect(quoteLiteral('Zürich')).toBe("('Z' + [char]0x00FC + 'rich')");
    expect(quoteLiteral('東京', { nonAscii: 'literal' })).toBe("'東京'");
  });

  it('writes astral characters and lone surrogates as UTF-16 halves', () => {
    expect(quoteLiteral('a😀')).toBe("('a' + [char]0xD83D + [char]0xDE00)");
    expect(quoteLiteral('a\uD800b', { nonAscii: 'literal' })).toBe("('a' + [char]0xD800 + 'b')");
    expect(quoteLiteral('\u{E0041}', { nonAscii: 'literal' })).toBe("('' + [char]0xDB40 + [char]0xDC41)");
  });

  it.each(HOSTILE)('reads back hostile text %j exactly, in both modes', (text) => {
    for (const nonAscii of ['escape', 'literal'] as NonAsciiMode[]) {
      const out = quoteLiteral(text, { nonAscii });
      expect(decodeValue(out).text).toBe(text);
      expect(out).not.toMatch(/[\n\r\0\u202E]/);
    }
  });

  const unsafeOutside = /[^()+ [\]char0-9A-Fx']/;
  const arbitraries = {
    'full unicode': fc.string({ unit: 'binary', maxLength: 40 }),
    'quote-heavy': fc.string({
      unit: fc.constantFrom("'", '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '$', '`', ';', '\n', '\u202E', 'a', ' ', '\0', '\uD800', '(', ')', '+'),
      maxLength: 30,
    }),
  };

  for (const [label, arbitrary] of Object.entries(arbitraries)) {
    it(`round-trips ${label} strings through an independent single-quote decoder`, () => {
      fc.assert(
        fc.property(arbitrary, fc.constantFrom<NonAsciiMode>('escape', 'literal'), (text, nonAscii) => {
          const out = quoteLiteral(text, { nonAscii });
          const decoded = decodeValue(out);
          expect(decoded.text).toBe(text);
          // Outside the quotes there is only the concatenation syntax: no $, backtick, ;, newline, etc.
          expect(decoded.outside).not.toMatch(unsafeOutside);
          expect(out).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
          if (nonAscii === 'escape') expect(out).toMatch(/^[\x20-\x7E]*$/);
        }),
        { numRuns: 500 },
      );
    });
  }
});

describe('formatValue', () => {
  it('writes enum names and IP values bare', () => {
    for (const value of [
      'ExchangeAdminCenter',
      'RemotePowerShell',
      'IMAP4',
      'POP3',
      'BasicAuthentication',
      'AllowAccess',
      '192.168.1.1',
      '192.168.3.1/24',
      '192.168.0.1-192.168.0.254',
      '2001:db8::1',
      '2001:db8::/32',
      'fe80::1-fe80::ff',
    ]) {
      expect(formatValue(value)).toBe(value);
    }
  });

  it.each([
    ['-Confirm', "'-Confirm'"],
    ['\u2013Name', "('' + [char]0x2013 + 'Name')"],
    ['\u2014x', "('' + [char]0x2014 + 'x')"],
    ['\u2015x', "('' + [char]0x2015 + 'x')"],
    ['@params', "'@params'"],
    ['$true', "'$true'"],
    ['#x', "'#x'"],
    ['a b', "'a b'"],
    ['a,b', "'a,b'"],
    ['(x)', "'(x)'"],
    ['{x}', "'{x}'"],
    ['a;b', "'a;b'"],
    ['a|b', "'a|b'"],
    ['a&b', "'a&b'"],
    ['<x>', "'<x>'"],
    ['a>b', "'a>b'"],
    ['`a', "'`a'"],
    ['1e5', "'1e5'"],
    ['0x10', "'0x10'"],
    ['1kb', "'1kb'"],
    ['1.50', "'1.50'"],
    ['07', "'07'"],
    ['::1', "'::1'"],
    ['.\\x', "'.\\x'"],
    ['*\\jeff*', "'*\\jeff*'"],
    ['contoso.com\\jeff', "'contoso.com\\jeff'"],
    ['jeff@contoso.com', "'jeff@contoso.com'"],
    ['Deny_Non_Company_IPs', "'Deny_Non_Company_IPs'"],
    ['', "''"],
    ["'; Remove-Mailbox -Identity x; '", "'''; Remove-Mailbox -Identity x; '''"],
  ])('quotes %j', (value, expected) => {
    expect(formatValue(value)).toBe(expected);
  });

  it('is bare only when the text is its own output, else reads back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (text) => {
        const out = formatValue(text);
        if (isBareWord(text)) {
          expect(out).toBe(text);
          expect(out).toMatch(/^[A-Za-z0-9][A-Za-z0-9.:/-]*$/);
        } else {
          expect(decodeValue(out).text).toBe(text);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatList', () => {
  it('joins formatted values with commas', () => {
    expect(formatList(['ExchangeWebServices', 'IMAP4'])).toBe('ExchangeWebServices,IMAP4');
    expect(formatList(['10.0.0.0/8', '*\\jeff*', "O'B"])).toBe("10.0.0.0/8,'*\\jeff*','O''B'");
    expect(formatList(['a,b'])).toBe("'a,b'");
  });

  it('clears with $null when empty', () => {
    expect(formatList([])).toBe('$null');
  });

  it('quotes every value in expression-mode lists', () => {
    expect(formatQuotedList(['IMAP4', 'a\nb'])).toBe("'IMAP4',('a' + [char]0x000A + 'b')");
  });
});
