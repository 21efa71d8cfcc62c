/**
 * The state of one scan of PowerShell text and the few steps every part of the tokenizer shares:
 * positions (a `\r\n` counts as one line break), pushing a token, and the character classes.
 * `../tokenizer.ts` drives the scan; `scan-literals.ts` and `scan-blocks.ts` read the longer tokens.
 */
import type { SourceFinding } from '../../model/types.ts';
import { isDoubleQuote, isSingleQuote } from '../chars.ts';
import type { Token, TokenKind } from '../tokenizer.ts';

/** Where the scan is in `text`, and what it has produced so far. */
export interface Scanner {
  readonly text: string;
  readonly n: number;
  /** Offset of the next character to read. */
  i: number;
  line: number;
  /** Offset where the current line starts (negative for a body that starts mid-line, see `from`). */
  lineStart: number;
  /** Whether whitespace, a comment or a line continuation came since the last token. */
  spaceBefore: boolean;
  readonly tokens: Token[];
  readonly comments: Map<number, string>;
  readonly findings: SourceFinding[];
}

/**
 * A scanner at the start of `text`, which starts at `from` in a larger script.
 *
 * @example newScanner('New-ClientAccessRule X', { line: 3, column: 5 }).line // 3
 */
export function newScanner(text: string, from: { line: number; column: number }): Scanner {
  return { text, n: text.length, i: 0, line: from.line, lineStart: 1 - from.column, spaceBefore: true, tokens: [], comments: new Map(), findings: [] };
}

/** The column of `offset` on the current line (1-based). */
export function col(s: Scanner, offset: number): number {
  return offset - s.lineStart + 1;
}

/** Adds a token that started at `start` and ends where the scan is now. */
export function push(s: Scanner, kind: TokenKind, value: string, start: number, startLine: number, startCol: number, extra?: Partial<Token>): void {
  s.tokens.push({ kind, text: value, line: startLine, column: startCol, offset: start, end: s.i, spaceBefore: s.spaceBefore, ...extra });
  s.spaceBefore = false;
}

/** Advances over one line break, keeping line bookkeeping right (`\r\n` counts once). */
export function advanceNewline(s: Scanner): void {
  if (s.text[s.i] === '\r' && s.text[s.i + 1] === '\n') s.i += 2;
  else s.i += 1;
  s.line += 1;
  s.lineStart = s.i;
}

export function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00A0' || c === '\uFEFF' || c === '\u200B';
}

export function isNewline(c: string): boolean {
  return c === '\n' || c === '\r';
}

export function isNameStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || c === '_' || code > 127 && /\p{L}/u.test(c);
}

export function isNameChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return isNameStart(c) || (code >= 48 && code <= 57) || c === '?' ;
}

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Characters that end a bare word. */
export function endsWord(c: string): boolean {
  return (
    isSpace(c) ||
    isNewline(c) ||
    c === ';' ||
    c === '|' ||
    c === ',' ||
    c === '(' ||
    c === ')' ||
    c === '{' ||
    c === '}' ||
    c === '=' ||
    isSingleQuote(c) ||
    isDoubleQuote(c)
  );
}
