/**
 * Tokenizer for `UserRecipientFilter` text (spec 6), with positions in the text the admin wrote.
 *
 * What it accepts, and why:
 * - Operators `-eq -ne -like -notlike -and -or -not`, any case, with a hyphen or with the en dash,
 *   em dash or horizontal bar that PowerShell also accepts as a dash (`–eq`, pasted from Word or a
 *   web page).
 * - Single-quoted values: `'it''s'` is `it's`. The typographic single quotes ‘ ’ ‚ ‛ count as single
 *   quotes, as in PowerShell.
 * - Double-quoted values: `"say ""hi"""` is `say "hi"`; a backtick escapes the next character
 *   (`` `" `` is `"`, `` `$ `` is `$`, `` `` `` is `` ` ``; `` `n `` `` `t `` `` `r `` `` `0 `` are newline, tab,
 *   carriage return and NUL as in PowerShell). The typographic double quotes “ ” „ count as double
 *   quotes. No variable expansion happens here (the parser warns when `$` appears).
 * - `$name` becomes a `variable` token (`$null` is the only one the parser accepts as a value).
 * - A backtick at the end of a line is a PowerShell line continuation and counts as white space.
 * - Words (letters, digits, `_`, `.`) are property names or, in value position, unquoted values that
 *   the parser rejects with a hint.
 */
import { isDash, isDoubleQuote, isSingleQuote, readBacktickEscape } from '../powershell/chars.ts';
import type { SourceFinding } from '../model/types.ts';

/**
 * The text the tokenizer reads, and where each of its characters came from in the original text.
 * A filter wrapped as `'City -eq ''Redmond'''` is read as `City -eq 'Redmond'`, while positions in
 * messages still point into what the admin typed.
 */
export interface OPathSource {
  /** The text exactly as given (the one positions refer to). */
  original: string;
  /** The filter text after removing the wrapper and its escapes. */
  text: string;
  /** `offsets[i]` is the offset in `original` of `text[i]`; `offsets[text.length]` is the end. */
  offsets: number[];
}

/** A parse error: where (1-based line/column, 0-based offset into the original text) and why. */
export type OPathError = SourceFinding & { severity: 'error'; offset: number };

/** Token kinds: `word` (property or unquoted value), `operator` (`-eq`…`-not`), parentheses, `string`, `variable` (`$name`). */
export type OPathTokenKind = 'word' | 'operator' | 'lparen' | 'rparen' | 'string' | 'variable';

/** One token; `start`/`end` are offsets into the original text (end exclusive). */
export interface OPathToken {
  kind: OPathTokenKind;
  /** The token as written in the filter text (after wrapper unescaping). */
  raw: string;
  /**
   * `string`: the unescaped value; `operator`: the lower-case name without dash (`eq`);
   * `variable`: the lower-case name without `$` (`null`); `word`: the word as written.
   */
  value: string;
  /** For `string` tokens: which quotes delimit it. */
  quote?: 'single' | 'double';
  start: number;
  end: number;
}

/** The result of {@link tokenizeOPath}: every token, or the first error. */
export type TokenizeResult = { ok: true; tokens: OPathToken[] } | { ok: false; error: OPathError };

export { BACKTICK_ESCAPES, isDash, isDoubleQuote, isSingleQuote } from '../powershell/chars.ts';

const OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'like', 'notlike', 'and', 'or', 'not']);
const WORD_CHAR = /[\p{L}\p{N}_.]/u;
const LETTER = /[\p{L}]/u;

/**
 * A source whose text is the original itself (the bare form of a filter).
 *
 * @example plainSource("City -eq 'Redmond'").offsets[5] // 5
 */
export function plainSource(text: string): OPathSource {
  const offsets = new Array<number>(text.length + 1);
  for (let i = 0; i <= text.length; i++) offsets[i] = i;
  return { original: text, text, offsets };
}

/**
 * The 1-based line and column of an offset in a text (columns count UTF-16 code units, as editors do).
 *
 * @example positionAt('a\nbc', 3) // { line: 2, column: 2 }
 */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * "column 17" for a one-line filter, "line 2, column 5" for a filter written over several lines.
 *
 * @example describePosition("City -eq", 5) // "column 6"
 */
export function describePosition(text: string, offset: number): string {
  const { line, column } = positionAt(text, offset);
  return text.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
}

/**
 * Builds an error finding; `message` receives the human position ("column 17") to embed.
 *
 * @example makeError(src, 0, 4, (at) => `unknown property 'Dept' at ${at}`)
 */
export function makeError(
  original: string,
  start: number,
  end: number,
  message: (at: string) => string,
): OPathError {
  const { line, column } = positionAt(original, start);
  const error: OPathError = { severity: 'error', message: message(describePosition(original, start)), line, column, offset: start };
  if (end > start) {
    const last = positionAt(original, end);
    error.endLine = last.line;
    error.endColumn = last.column;
  }
  return error;
}

/**
 * Splits filter text into tokens. Never throws: bad input gives `{ ok: false, error }` with the
 * position and the reason (unclosed quote, unknown operator, stray character).
 *
 * Accepts a plain string (positions are offsets into it) or an {@link OPathSource} produced by the
 * parser after removing a `{…}`, `"…"` or `'…'` wrapper.
 *
 * @example tokenizeOPath("City -eq 'Redmond'") // word City, operator eq, string Redmond
 * @example tokenizeOPath("City –EQ 'x'")       // the en dash and the capitals are fine: operator eq
 */
export function tokenizeOPath(input: string | OPathSource): TokenizeResult {
  const source = typeof input === 'string' ? plainSource(input) : input;
  const { text, offsets, original } = source;
  const tokens: OPathToken[] = [];
  const at = (i: number): number => offsets[Math.min(i, text.length)] ?? original.length;
  const fail = (start: number, end: number, message: (where: string) => string): TokenizeResult => ({
    ok: false,
    error: makeError(original, at(start), end > start ? at(end - 1) + 1 : at(start), message),
  });
  const push = (kind: OPathTokenKind, start: number, end: number, value: string, quote?: 'single' | 'double') => {
    const token: OPathToken = { kind, raw: text.slice(start, end), value, start: at(start), end: at(end - 1) + 1 };
    if (quote) token.quote = quote;
    tokens.push(token);
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    if (ch === '`' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (ch === '(' || ch === ')') {
      push(ch === '(' ? 'lparen' : 'rparen', i, i + 1, ch);
      i++;
      continue;
    }
    if (isDash(ch) && LETTER.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && LETTER.test(text[j] as string)) j++;
      const name = text.slice(i + 1, j).toLowerCase();
      if (!OPERATORS.has(name)) {
        const written = text.slice(i, j);
        const caseVariant = /^[ci](eq|ne|like|notlike)$/.exec(name);
        if (caseVariant) {
          return fail(i, j, (where) =>
            `unknown operator '${written}' at ${where}; write -${caseVariant[1]} (comparisons in a client ` +
            'access rule filter always ignore case)',
          );
        }
        return fail(i, j, (where) =>
          `unknown operator '${written}' at ${where}; a client access rule filter supports ` +
          '-eq, -ne, -like, -notlike, -and, -or and -not',
        );
      }
      push('operator', i, j, name);
      i = j;
      continue;
    }
    if (isSingleQuote(ch) || isDoubleQuote(ch)) {
      const double = isDoubleQuote(ch);
      const isQuote = double ? isDoubleQuote : isSingleQuote;
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const c = text[j] as string;
        if (isQuote(c)) {
          if (isQuote(text[j + 1])) {
            // PowerShell keeps the second quote of a doubled pair (chars.ts).
            value += text[j + 1] as string;
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        if (double && c === '`' && j + 1 < text.length) {
          const escape = readBacktickEscape(text, j);
          value += escape.value;
          j = escape.end;
          continue;
        }
        value += c;
        j++;
      }
      if (!closed) {
        return fail(i, i + 1, (where) =>
          `the value starting at ${where} has no closing ${double ? 'double' : 'single'} quote`,
        );
      }
      push('string', i, j, value, double ? 'double' : 'single');
      i = j;
      continue;
    }
    if (ch === '$') {
      let j = i + 1;
      while (j < text.length && /[\p{L}\p{N}_:]/u.test(text[j] as string)) j++;
      if (j === i + 1) {
        return fail(i, i + 1, (where) => `unexpected '$' at ${where}; the only variable a filter accepts is $null`);
      }
      push('variable', i, j, text.slice(i + 1, j).toLowerCase());
      i = j;
      continue;
    }
    if (WORD_CHAR.test(ch)) {
      let j = i + 1;
      while (j < text.length && WORD_CHAR.test(text[j] as string)) j++;
      push('word', i, j, text.slice(i, j));
      i = j;
      continue;
    }
    const cp = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (ch === '!') return fail(i, i + 1, (where) => `unexpected '!' at ${where}; write -not to negate a condition`);
    if (ch === '=' || ch === '<' || ch === '>') {
      return fail(i, i + 1, (where) =>
        `unexpected '${ch}' at ${where}; compare with -eq, -ne, -like or -notlike (e.g. City -eq 'Redmond')`,
      );
    }
    if (ch === '&' || ch === '|') {
      return fail(i, i + 1, (where) => `unexpected '${ch}' at ${where}; join conditions with -and or -or`);
    }
    // Invisible characters (zero-width space, byte-order mark, control characters) pasted from web
    // pages would print as nothing, so name them by code point.
    const shown = /[\p{C}\p{Z}]/u.test(cp)
      ? `U+${(cp.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
      : `'${cp}'`;
    return fail(i, i + cp.length, (where) => `unexpected character ${shown} at ${where}`);
  }
  return { ok: true, tokens };
}
