/**
 * PowerShell's lexical character facts, in one place for every reader and writer: the script
 * tokenizer, the OPath tokenizer and its quote unwrapping, and the quoting of generated values.
 *
 * Decisions (what PowerShell's own tokenizer does, `CharExtensions` and `ScanStringLiteral` /
 * `ScanStringExpandable` in System.Management.Automation):
 * - Single quotes: `'` and the typographic ‘ ’ ‚ ‛ (U+2018–U+201B). Double quotes: `"` and “ ” „
 *   (U+201C–U+201E). Any two quote characters of the same kind in a row stand for one quote, and the
 *   character kept is the **second** one: `'a‘’b'` reads as `a’b`.
 * - Dashes before a parameter or operator name: `-`, en dash, em dash, horizontal bar (U+2013–U+2015).
 * - Backtick escapes in double-quoted strings (and bare words): `` `0 `a `b `e `f `n `r `t `v `` and
 *   `` `u{hex} `` (PowerShell 7; Windows PowerShell 5.1 reads `` `e `` and `` `u `` as the letter, a
 *   difference that only matters for text no admin types into a rule); any other escaped character
 *   stands for itself.
 */

/** The characters PowerShell reads as a single quote (U+0027, U+2018, U+2019, U+201A, U+201B). */
export const SINGLE_QUOTE_CHARS: readonly string[] = ['\u0027', '\u2018', '\u2019', '\u201A', '\u201B'];
/** The characters PowerShell reads as a double quote (U+0022, U+201C, U+201D, U+201E). */
export const DOUBLE_QUOTE_CHARS: readonly string[] = ['\u0022', '\u201C', '\u201D', '\u201E'];
/** The characters PowerShell reads as a dash in front of a parameter or operator name. */
export const DASH_CHARS: readonly string[] = ['-', '\u2013', '\u2014', '\u2015'];

const SINGLE = new Set(SINGLE_QUOTE_CHARS);
const DOUBLE = new Set(DOUBLE_QUOTE_CHARS);
const DASHES = new Set(DASH_CHARS);

/**
 * Whether `c` is a single-quote character PowerShell accepts (ASCII and the typographic ones).
 *
 * @example isSingleQuote('\u2019') // true
 */
export function isSingleQuote(c: string | undefined): boolean {
  return c !== undefined && SINGLE.has(c);
}

/**
 * Whether `c` is a double-quote character PowerShell accepts (ASCII and the typographic ones).
 *
 * @example isDoubleQuote('\u201C') // true
 */
export function isDoubleQuote(c: string | undefined): boolean {
  return c !== undefined && DOUBLE.has(c);
}

/**
 * Whether `c` is a dash PowerShell accepts in front of a parameter or operator name (`-`, `–`, `—`, `―`).
 *
 * @example isDash('\u2013') // true
 */
export function isDash(c: string | undefined): boolean {
  return c !== undefined && DASHES.has(c);
}

/** PowerShell's one-letter backtick escapes; any other escaped character stands for itself. */
export const BACKTICK_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\u0007',
  b: '\b',
  e: '\u001B',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Reads the backtick escape at `text[at]` (which must be a backtick followed by a character that is
 * not a line break: callers handle line continuations). Returns the character(s) it stands for and
 * the index after it. `` `u{41} `` is `A`; an invalid `` `u{…} `` is the letter `u`.
 *
 * @example readBacktickEscape('`n', 0) // { value: '\n', end: 2 }
 */
export function readBacktickEscape(text: string, at: number): { value: string; end: number } {
  const next = text[at + 1] ?? '';
  if (next === 'u' && text[at + 2] === '{') {
    const close = text.indexOf('}', at + 3);
    const hex = close < 0 || close - at > 12 ? '' : text.slice(at + 3, close);
    const code = /^[0-9a-fA-F]{1,6}$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
    if (Number.isFinite(code) && code <= 0x10ffff) return { value: String.fromCodePoint(code), end: close + 1 };
  }
  return { value: BACKTICK_ESCAPES[next] ?? next, end: at + 2 };
}
