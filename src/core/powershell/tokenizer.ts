/**
 * A PowerShell tokenizer good enough for Client Access Rule scripts found in the wild (spec 8).
 *
 * It scans the text once, left to right, with no regular expressions over the input, so a 5 MB paste
 * cannot make it hang. It never throws: text it cannot make sense of becomes a `word` token or a
 * finding, and the parser decides what to do with it.
 */
import { isDash, isDoubleQuote, isSingleQuote } from './chars.ts';
import { advanceNewline, col, endsWord, isNameChar, isNameStart, isNewline, isSpace, newScanner, push } from './reader/scanner.ts';
import { isHereStringStart, readDoubleQuoted, readHereString, readSingleQuoted, readWord } from './reader/scan-literals.ts';
import { readScriptBlock } from './reader/scan-blocks.ts';

export { isDash, isDoubleQuote, isSingleQuote } from './chars.ts';
import type { SourceFinding } from '../model/types.ts';

/** A piece of a double-quoted string: literal text, a `$name` reference or a `$(…)` subexpression. */
export type StringPart =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'subexpression'; text: string };

export type TokenKind =
  /** End of a statement: a line break outside brackets (`newline`) or `;`. */
  | 'newline'
  | 'semicolon'
  | 'pipe'
  | 'comma'
  | 'equals'
  | 'plus'
  /** `(`, `)`, `@(`, `@{`, `}`. A `{…}` script block is one `scriptblock` token instead. */
  | 'lparen'
  | 'rparen'
  | 'array-start'
  | 'hash-start'
  | 'rbrace'
  /** `-Name`, `–Name`, `-Confirm:` (the colon form sets `colon`). */
  | 'parameter'
  /** A bare word: a command name, an unquoted argument, a number. */
  | 'word'
  | 'string'
  | 'variable'
  /** `@params`. */
  | 'splat'
  /** `{…}`: `text` is what lies between the braces. */
  | 'scriptblock'
  /** `[…]` on one line: a type literal such as `[char]`, or a placeholder such as `[enter your IPs here]`. */
  | 'bracket'
  /** `<…>` on one line, such as `<PriorityValue>`: only ever a template placeholder in these scripts. */
  | 'placeholder'
  /** Any other operator character (`>`, `!`, `&`, a stray `}` …). */
  | 'other';

export interface Token {
  kind: TokenKind;
  /** The token's value: the parameter name without dash, the string's content, the variable name. */
  text: string;
  line: number;
  column: number;
  /** Offset of the token's first character in the source. */
  offset: number;
  /** Offset just after the token. */
  end: number;
  /** Whether whitespace, a comment or a line continuation came right before the token. */
  spaceBefore: boolean;
  /** `parameter`: written as `-Name:` (value glued with a colon). */
  colon?: boolean;
  /** `string`: which quote form. */
  quote?: 'single' | 'double';
  /** `string` with `quote: 'double'`: the parsed parts, when the string contains `$` expansions. */
  parts?: StringPart[];
  /** `parameter`: written with an en dash, em dash or horizontal bar instead of `-`. */
  typographicDash?: boolean;
}

export interface TokenizeResult {
  tokens: Token[];
  /** Comments by the line they sit on (the text after `#`), for `# expect: DenyAccess` annotations. */
  comments: Map<number, string>;
  findings: SourceFinding[];
}

/** Characters that are a token on their own (`||` is handled where `|` is). */
const PUNCTUATION: Partial<Record<string, TokenKind>> = {
  ';': 'semicolon',
  '|': 'pipe',
  ',': 'comma',
  '=': 'equals',
  '+': 'plus',
  '(': 'lparen',
  ')': 'rparen',
  '}': 'rbrace',
};


/**
 * Splits PowerShell text into tokens.
 *
 * Mirrors the PowerShell tokenizer where scripts in the wild depend on it: a backtick at the end of a
 * line continues the line; `#` comments and `<# … #>` blocks are skipped; typographic quotes (‘ ’ ‚ ‛
 * and “ ” „) are quotes and doubling any quote of the same family inside a string yields one (the second
 * one, as PowerShell does); en/em dashes start parameters; line breaks inside `(`, `@(`, `@{` do not end
 * a statement (the parser skips them there). Double-quoted strings resolve backtick escapes; `$name` and
 * `$(…)` inside them are kept as parts for the parser to resolve or report. Never throws; an unterminated
 * string or block becomes a finding and runs to the end of the text. `from` is where `text` starts in
 * a larger script (a function body read on its own), so positions are reported where they are there.
 *
 * @example tokenizePowerShell("New-ClientAccessRule –Name 'Block' `\n -Action Deny").tokens.map(t => t.kind)
 * // ['word', 'parameter', 'string', 'parameter', 'word']
 */
export function tokenizePowerShell(text: string, from: { line: number; column: number } = { line: 1, column: 1 }): TokenizeResult {
  const s = newScanner(text, from);
  while (s.i < s.n) {
    const c = s.text[s.i] as string;
    const start = s.i;
    const startLine = s.line;
    const startCol = col(s, s.i);

    if (isSpace(c)) {
      s.i += 1;
      s.spaceBefore = true;
      continue;
    }
    if (isNewline(c)) {
      advanceNewline(s);
      s.tokens.push({ kind: 'newline', text: '\n', line: startLine, column: startCol, offset: start, end: s.i, spaceBefore: s.spaceBefore });
      s.spaceBefore = true;
      continue;
    }
    if (c === '`') {
      // Line continuation: a backtick followed by optional spaces and a line break.
      let j = s.i + 1;
      while (j < s.n && isSpace(s.text[j] as string)) j += 1;
      if (j >= s.n || isNewline(s.text[j] as string)) {
        s.i = j;
        if (s.i < s.n) advanceNewline(s);
        s.spaceBefore = true;
        continue;
      }
      // Otherwise an escaped character starting a bare word.
      readWord(s, start, startLine, startCol);
      continue;
    }
    if (c === '#') {
      let j = s.i + 1;
      while (j < s.n && !isNewline(s.text[j] as string)) j += 1;
      const comment = s.text.slice(s.i + 1, j);
      const previous = s.comments.get(startLine);
      s.comments.set(startLine, previous === undefined ? comment : `${previous} ${comment}`);
      s.i = j;
      s.spaceBefore = true;
      continue;
    }
    if (c === '<' && s.text[s.i + 1] === '#') {
      const close = s.text.indexOf('#>', s.i + 2);
      const stop = close < 0 ? s.n : close + 2;
      if (close < 0) s.findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This <# block comment is never closed with #>; the rest of the text is treated as a comment.' });
      while (s.i < stop) {
        if (isNewline(s.text[s.i] as string)) advanceNewline(s);
        else s.i += 1;
      }
      s.spaceBefore = true;
      continue;
    }
    if (c === '<') {
      // `<PriorityValue>`, `<IP address>`: a template placeholder (on one line).
      let j = s.i + 1;
      while (j < s.n && s.text[j] !== '>' && !isNewline(s.text[j] as string)) j += 1;
      if (j < s.n && s.text[j] === '>') {
        s.i = j + 1;
        push(s, 'placeholder', s.text.slice(start, s.i), start, startLine, startCol);
        continue;
      }
      s.i += 1;
      push(s, 'other', c, start, startLine, startCol);
      continue;
    }
    if (c === '[') {
      // Nested brackets (`[string[]]`, `[Parameter(Mandatory = $true)]`) belong to the one token.
      let j = s.i + 1;
      let nested = 0;
      while (j < s.n && !isNewline(s.text[j] as string) && (s.text[j] !== ']' || nested > 0)) {
        if (s.text[j] === '[') nested += 1;
        else if (s.text[j] === ']') nested -= 1;
        j += 1;
      }
      if (j < s.n && s.text[j] === ']') {
        s.i = j + 1;
        push(s, 'bracket', s.text.slice(start + 1, j), start, startLine, startCol);
        continue;
      }
      readWord(s, start, startLine, startCol);
      continue;
    }
    if (isSingleQuote(c)) {
      readSingleQuoted(s, start, startLine, startCol);
      continue;
    }
    if (isDoubleQuote(c)) {
      readDoubleQuoted(s, start, startLine, startCol);
      continue;
    }
    if (c === '@') {
      const next = s.text[s.i + 1];
      if (next === '(') {
        s.i += 2;
        push(s, 'array-start', '@(', start, startLine, startCol);
        continue;
      }
      if (next === '{') {
        s.i += 2;
        push(s, 'hash-start', '@{', start, startLine, startCol);
        continue;
      }
      if ((isSingleQuote(next) || isDoubleQuote(next)) && isHereStringStart(s, s.i + 2)) {
        readHereString(s, start, startLine, startCol, isSingleQuote(next));
        continue;
      }
      if (isNameStart(next)) {
        let j = s.i + 1;
        while (j < s.n && isNameChar(s.text[j])) j += 1;
        s.i = j;
        push(s, 'splat', s.text.slice(start + 1, j), start, startLine, startCol);
        continue;
      }
      readWord(s, start, startLine, startCol);
      continue;
    }
    if (c === '$') {
      const next = s.text[s.i + 1];
      if (next === '{') {
        const close = s.text.indexOf('}', s.i + 2);
        const stop = close < 0 ? s.n : close;
        const name = s.text.slice(s.i + 2, stop);
        s.i = close < 0 ? s.n : close + 1;
        push(s, 'variable', name, start, startLine, startCol);
        continue;
      }
      if (isNameStart(next) || next === '_' || (next !== undefined && next >= '0' && next <= '9')) {
        let j = s.i + 1;
        while (j < s.n && (isNameChar(s.text[j]) || s.text[j] === ':')) {
          // `$env:NAME` scope prefixes keep their colon; a trailing colon (`$x:`) does not belong.
          if (s.text[j] === ':' && !isNameStart(s.text[j + 1])) break;
          j += 1;
        }
        s.i = j;
        push(s, 'variable', s.text.slice(start + 1, j), start, startLine, startCol);
        continue;
      }
      if (next === '(' || next === '$' || next === '?' || next === '^') {
        s.i += 2;
        push(s, 'variable', next, start, startLine, startCol);
        continue;
      }
      readWord(s, start, startLine, startCol);
      continue;
    }
    if (isDash(c) && (isNameStart(s.text[s.i + 1]))) {
      let j = s.i + 1;
      while (j < s.n && (isNameChar(s.text[j]) || s.text[j] === '-')) {
        if (s.text[j] === '-') break;
        j += 1;
      }
      const name = s.text.slice(s.i + 1, j);
      // A dash inside the word (`-Foo-Bar`) or other glued characters: a bare word, not a parameter.
      const after = s.text[j];
      if (after !== undefined && after !== ':' && !endsWord(after)) {
        readWord(s, start, startLine, startCol);
        continue;
      }
      s.i = j;
      let colon = false;
      if (s.text[s.i] === ':') {
        colon = true;
        s.i += 1;
      }
      push(s, 'parameter', name, start, startLine, startCol, { colon, typographicDash: c !== '-' });
      continue;
    }
    const punctuation = PUNCTUATION[c];
    if (punctuation && !(c === '|' && s.text[s.i + 1] === '|')) {
      s.i += 1;
      push(s, punctuation, c, start, startLine, startCol);
      continue;
    }
    switch (c) {
      case '|':
        s.i += 2;
        push(s, 'other', '||', start, startLine, startCol);
        continue;
      case '{':
        readScriptBlock(s, start, startLine, startCol);
        continue;
      default:
        if (c === '&' || c === '>' || c === '!') {
          s.i += 1;
          push(s, 'other', c, start, startLine, startCol);
          continue;
        }
        readWord(s, start, startLine, startCol);
    }
  }
  return { tokens: s.tokens, comments: s.comments, findings: s.findings };
}
