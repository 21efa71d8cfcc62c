/**
 * Quoting for generated PowerShell (spec 8): the security boundary between user text (rule names,
 * username patterns, OPath filters, IP values, test users) and the administrator's shell.
 *
 * The shapes this module emits, and nothing else:
 * - a **bare word**, only when provably inert in PowerShell argument mode: an identifier
 *   `[A-Za-z][A-Za-z0-9]*` (every protocol and authentication-type name) or an IPv4/IPv6 address,
 *   CIDR or range (`10.0.0.1`, `10.0.0.0/8`, `10.0.0.1-10.0.0.9`, `2001:db8::/32`; IPv6 only when it
 *   starts with a hex digit);
 * - a **single-quoted literal** `'…'`: inside it PowerShell gives meaning to nothing but the four
 *   single-quote characters `'` ‘ ’ ‚ ‛ (U+0027, U+2018–U+201B), which end the string unless doubled;
 *   each of them is doubled, so `O’Brien` becomes `'O’’Brien'`;
 * - a **parenthesised concatenation** `('abc' + [char]0x202E + 'def')` when the text holds a character
 *   that must not be pasted as it is: control characters (NUL, tab, CR, LF …), format and bidi
 *   characters (U+200E, U+202E, U+2066 …, zero-width joiners, BOM), line and paragraph separators,
 *   spaces other than U+0020, private-use, unassigned and lone surrogate code points. PowerShell would
 *   read them literally inside quotes, but they make the pasted script unreadable or deceptive (a
 *   U+202E can make `'; Remove-Mailbox'` look like something else). Each such UTF-16 code unit becomes
 *   `[char]0xHHHH` (four upper-case hex digits); literal runs stay single-quoted; the first part is
 *   always a single-quoted literal (`''` if need be) so that `+` concatenates strings; parts are joined
 *   with ` + ` (one space each side).
 *
 * Non-ASCII text, decision: by default (`nonAscii: 'escape'`) every character above U+007E is written
 * as `[char]0xHHHH` too, so the script is pure ASCII. Reason: Windows PowerShell 5.1 (the Exchange
 * Management Shell, and what many admins use with Exchange Online) reads a `.ps1` saved as UTF-8 without
 * a byte-order mark in the ANSI code page, and there the bytes of an innocent character can decode to
 * ‘ or ’ (in code page 1252, `Ñ` = C3 91 reads as `Ã‘`), which would end the string early: an
 * injection. `nonAscii: 'literal'` keeps letters such as `ü` or `東` readable (typographic quotes are
 * then doubled); use it only for text pasted into a console or saved as UTF-8 with a BOM.
 *
 * Nothing is ever double-quoted: a double-quoted string expands `$(…)`, `$var` and backtick escapes.
 */
import { SINGLE_QUOTE_CHARS } from './chars.ts';

/** How non-ASCII characters that are safe to read are written (see the module comment). */
export type NonAsciiMode = 'escape' | 'literal';

export interface QuoteOptions {
  /** Default `'escape'`: the output is pure ASCII, safe whatever encoding the file is read in. */
  nonAscii?: NonAsciiMode;
}

/** Every character PowerShell treats as a single quote (`chars.ts`), as a global pattern. */
const SINGLE_QUOTES = new RegExp(`[${SINGLE_QUOTE_CHARS.join('')}]`, 'g');

/**
 * Characters never pasted as they are: controls, format/bidi characters, line and paragraph
 * separators, spaces other than U+0020, private use, unassigned code points and lone surrogates.
 */
const ALWAYS_ESCAPED = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\p{Co}\p{Cn}\p{Cs}]$/u;

/**
 * Whether one character (code point) is never pasted as it is in generated PowerShell: a control,
 * format or bidi character, a line or paragraph separator, a space other than U+0020, private use,
 * unassigned or a lone surrogate. The app marks such characters in names (`text/hidden-chars.ts`).
 *
 * @example isNeverPastedCharacter('\u202E') // true
 */
export function isNeverPastedCharacter(ch: string): boolean {
  return ch !== ' ' && ALWAYS_ESCAPED.test(ch);
}

const IPV4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
const IPV6 = String.raw`[0-9A-Fa-f]{1,4}:[0-9A-Fa-f:.]{1,41}`;
/**
 * Bare words that are inert in argument mode. An identifier cannot be read as a number, variable,
 * parameter, operator or expression; an IP shape starting with a digit holds three dots or a colon, so
 * PowerShell cannot take it for a number literal (as it would `1e5`, `0x10` or `1kb`), and `.` `:` `/`
 * `-` are ordinary characters inside a generic token.
 */
const BARE_WORD = new RegExp(
  String.raw`^(?:[A-Za-z][A-Za-z0-9]{0,63}` +
    String.raw`|${IPV4}(?:/\d{1,2})?|${IPV4}-${IPV4}` +
    String.raw`|${IPV6}(?:/\d{1,3})?|${IPV6}-${IPV6})$`,
);

/** Printable ASCII without the apostrophe: written as it is between single quotes (the common case). */
const PLAIN_ASCII = /^[\x20-\x26\x28-\x7E]*$/;

function needsEscape(char: string, nonAscii: NonAsciiMode): boolean {
  if (char === ' ') return false;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return true;
  if (code < 0x7f) return false;
  if (nonAscii === 'escape') return true;
  return ALWAYS_ESCAPED.test(char);
}

function charExpression(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) {
    const unit = char.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
    out += `${out === '' ? '' : ' + '}[char]0x${unit}`;
  }
  return out;
}

/**
 * `text` between single quotes with every single-quote character (`chars.ts`: `'` ‘ ’ ‚ ‛) doubled and
 * nothing else changed: the literal form PowerShell and OPath read back as `text`. For generated
 * commands use `quoteLiteral`, which also keeps control, bidi and non-ASCII characters out of the
 * pasted text; this is the part of it that other quoted syntaxes (OPath values) share.
 *
 * @example singleQuoted("O’Brien") // "'O’’Brien'"
 */
export function singleQuoted(text: string): string {
  return `'${text.replace(SINGLE_QUOTES, (q) => q + q)}'`;
}

/**
 * Writes `text` as a PowerShell string that reads back as exactly `text` and cannot run anything:
 * a single-quoted literal with every single-quote character (`'` ‘ ’ ‚ ‛) doubled, or, when the text
 * holds control, bidi or (by default) non-ASCII characters, a parenthesised concatenation of such
 * literals and `[char]0xHHHH` values. Mirrors how PowerShell reads single-quoted strings (spec 8:
 * only the four single-quote characters are special, and a doubled one stands for itself).
 *
 * Edge cases: the empty string gives `''`; a typographic quote doubles as itself (`‘‘` reads back as
 * `‘`); `$(…)`, backticks, `;`, `|`, `#`, `<#`, braces and double quotes need nothing inside single
 * quotes; astral characters become two `[char]` surrogate halves; the result never holds a line break,
 * so it is also safe inside a `#` comment.
 *
 * @example quoteLiteral("O'Brien")          // "'O''Brien'"
 * @example quoteLiteral('a\u202Eb')         // "('a' + [char]0x202E + 'b')"
 * @example quoteLiteral('Zürich')           // "('Z' + [char]0x00FC + 'rich')"
 * @example quoteLiteral('Zürich', { nonAscii: 'literal' }) // "'Zürich'"
 */
export function quoteLiteral(text: string, options: QuoteOptions = {}): string {
  if (PLAIN_ASCII.test(text)) return `'${text}'`;
  const nonAscii = options.nonAscii ?? 'escape';
  const parts: string[] = [];
  let run = '';
  let escaped = false;
  for (const char of text) {
    if (needsEscape(char, nonAscii)) {
      if (run !== '' || parts.length === 0) parts.push(singleQuoted(run));
      run = '';
      parts.push(charExpression(char));
      escaped = true;
    } else {
      run += char;
    }
  }
  if (!escaped) return singleQuoted(run);
  if (run !== '') parts.push(singleQuoted(run));
  return `(${parts.join(' + ')})`;
}

/**
 * Whether `text` may be written as a bare word in a command argument (see `formatValue`).
 *
 * @example isBareWord('RemotePowerShell') // true
 * @example isBareWord('-Confirm')         // false
 */
export function isBareWord(text: string): boolean {
  return BARE_WORD.test(text);
}

/**
 * Writes one argument value for a cmdlet parameter in argument mode: a bare word when it is provably
 * inert (protocol and authentication-type names, simple identifiers, IPv4/IPv6 addresses, CIDRs and
 * ranges), otherwise `quoteLiteral(text)`. Decision: anything holding `\`, `*`, `@`, `_`, a space, a
 * leading digit that could make a number (`1e5`, `0x10`), or any character outside the allowlist is
 * quoted; rule names, username patterns and filters are quoted by the generator whatever they hold.
 * Only for argument mode: inside `@{Add=…}` (expression mode) a bare word would be run as a command,
 * so use `quoteLiteral` there.
 *
 * @example formatValue('ExchangeAdminCenter')       // 'ExchangeAdminCenter'
 * @example formatValue('192.168.0.1-192.168.0.254') // '192.168.0.1-192.168.0.254'
 * @example formatValue('contoso.com\\jeff')         // "'contoso.com\\jeff'"
 * @example formatValue('$(Remove-Mailbox x)')       // "'$(Remove-Mailbox x)'"
 */
export function formatValue(text: string, options: QuoteOptions = {}): string {
  return isBareWord(text) ? text : quoteLiteral(text, options);
}

/**
 * Writes a multi-valued argument (spec 8): the values formatted one by one with `formatValue` and
 * joined by commas without spaces, as in `-AnyOfProtocols ExchangeWebServices,IMAP4`. An empty list
 * gives `$null` (PowerShell's way to clear a multi-valued property).
 *
 * @example formatList(['IMAP4', 'POP3'])              // 'IMAP4,POP3'
 * @example formatList(['10.0.0.0/8', '*\\jeff*'])     // "10.0.0.0/8,'*\\jeff*'"
 * @example formatList([])                             // '$null'
 */
export function formatList(values: readonly string[], options: QuoteOptions = {}): string {
  if (values.length === 0) return '$null';
  return values.map((v) => formatValue(v, options)).join(',');
}

/**
 * Writes a list for expression mode (inside `@{Add=…; Remove=…}`): every value a quoted literal,
 * joined by commas without spaces.
 *
 * @example formatQuotedList(['IMAP4', 'POP3']) // "'IMAP4','POP3'"
 */
export function formatQuotedList(values: readonly string[], options: QuoteOptions = {}): string {
  return values.map((v) => quoteLiteral(v, options)).join(',');
}
