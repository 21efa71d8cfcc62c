/**
 * A PowerShell tokenizer good enough for Client Access Rule scripts found in the wild (spec 8).
 *
 * It scans the text once, left to right, with no regular expressions over the input, so a 5 MB paste
 * cannot make it hang. It never throws: text it cannot make sense of becomes a `word` token or a
 * finding, and the parser decides what to do with it.
 */
import { isDash, isDoubleQuote, isSingleQuote, readBacktickEscape } from './chars.ts';

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

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00A0' || c === '\uFEFF' || c === '\u200B';
}

function isNewline(c: string): boolean {
  return c === '\n' || c === '\r';
}

function isNameStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || c === '_' || code > 127 && /\p{L}/u.test(c);
}

function isNameChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return isNameStart(c) || (code >= 48 && code <= 57) || c === '?' ;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Characters that end a bare word. */
function endsWord(c: string): boolean {
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


/**
 * Splits PowerShell text into tokens.
 *
 * Mirrors the PowerShell tokenizer where scripts in the wild depend on it: a backtick at the end of a
 * line continues the line; `#` comments and `<# … #>` blocks are skipped; typographic quotes (‘ ’ ‚ ‛
 * and “ ” „) are quotes and doubling any quote of the same family inside a string yields one (the second
 * one, as PowerShell does); en/em dashes start parameters; line breaks inside `(`, `@(`, `@{` do not end
 * a statement (the parser skips them there). Double-quoted strings resolve backtick escapes; `$name` and
 * `$(…)` inside them are kept as parts for the parser to resolve or report. Never throws; an unterminated
 * string or block becomes a finding and runs to the end of the text.
 *
 * @example tokenizePowerShell("New-ClientAccessRule –Name 'Block' `\n -Action Deny").tokens.map(t => t.kind)
 * // ['word', 'parameter', 'string', 'parameter', 'word']
 */
export function tokenizePowerShell(text: string, from: { line: number; column: number } = { line: 1, column: 1 }): TokenizeResult {
  const tokens: Token[] = [];
  const comments = new Map<number, string>();
  const findings: SourceFinding[] = [];
  const n = text.length;
  let i = 0;
  let line = from.line;
  // Positions of a script block's body are reported where the body sits in the whole script.
  let lineStart = 1 - from.column;
  let spaceBefore = true;

  const col = (offset: number): number => offset - lineStart + 1;
  const push = (kind: TokenKind, value: string, start: number, startLine: number, startCol: number, extra?: Partial<Token>): void => {
    tokens.push({ kind, text: value, line: startLine, column: startCol, offset: start, end: i, spaceBefore, ...extra });
    spaceBefore = false;
  };
  /** Advances over one character, keeping line bookkeeping right (`\r\n` counts once). */
  const advanceNewline = (): void => {
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else i += 1;
    line += 1;
    lineStart = i;
  };

  while (i < n) {
    const c = text[i] as string;
    const start = i;
    const startLine = line;
    const startCol = col(i);

    if (isSpace(c)) {
      i += 1;
      spaceBefore = true;
      continue;
    }
    if (isNewline(c)) {
      advanceNewline();
      tokens.push({ kind: 'newline', text: '\n', line: startLine, column: startCol, offset: start, end: i, spaceBefore });
      spaceBefore = true;
      continue;
    }
    if (c === '`') {
      // Line continuation: a backtick followed by optional spaces and a line break.
      let j = i + 1;
      while (j < n && isSpace(text[j] as string)) j += 1;
      if (j >= n || isNewline(text[j] as string)) {
        i = j;
        if (i < n) advanceNewline();
        spaceBefore = true;
        continue;
      }
      // Otherwise an escaped character starting a bare word.
      readWord(start, startLine, startCol);
      continue;
    }
    if (c === '#') {
      let j = i + 1;
      while (j < n && !isNewline(text[j] as string)) j += 1;
      const comment = text.slice(i + 1, j);
      const previous = comments.get(startLine);
      comments.set(startLine, previous === undefined ? comment : `${previous} ${comment}`);
      i = j;
      spaceBefore = true;
      continue;
    }
    if (c === '<' && text[i + 1] === '#') {
      const close = text.indexOf('#>', i + 2);
      const stop = close < 0 ? n : close + 2;
      if (close < 0) findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This <# block comment is never closed with #>; the rest of the text is treated as a comment.' });
      while (i < stop) {
        if (isNewline(text[i] as string)) advanceNewline();
        else i += 1;
      }
      spaceBefore = true;
      continue;
    }
    if (c === '<') {
      // `<PriorityValue>`, `<IP address>`: a template placeholder (on one line).
      let j = i + 1;
      while (j < n && text[j] !== '>' && !isNewline(text[j] as string)) j += 1;
      if (j < n && text[j] === '>') {
        i = j + 1;
        push('placeholder', text.slice(start, i), start, startLine, startCol);
        continue;
      }
      i += 1;
      push('other', c, start, startLine, startCol);
      continue;
    }
    if (c === '[') {
      // Nested brackets (`[string[]]`, `[Parameter(Mandatory = $true)]`) belong to the one token.
      let j = i + 1;
      let nested = 0;
      while (j < n && !isNewline(text[j] as string) && (text[j] !== ']' || nested > 0)) {
        if (text[j] === '[') nested += 1;
        else if (text[j] === ']') nested -= 1;
        j += 1;
      }
      if (j < n && text[j] === ']') {
        i = j + 1;
        push('bracket', text.slice(start + 1, j), start, startLine, startCol);
        continue;
      }
      readWord(start, startLine, startCol);
      continue;
    }
    if (isSingleQuote(c)) {
      readSingleQuoted(start, startLine, startCol);
      continue;
    }
    if (isDoubleQuote(c)) {
      readDoubleQuoted(start, startLine, startCol);
      continue;
    }
    if (c === '@') {
      const next = text[i + 1];
      if (next === '(') {
        i += 2;
        push('array-start', '@(', start, startLine, startCol);
        continue;
      }
      if (next === '{') {
        i += 2;
        push('hash-start', '@{', start, startLine, startCol);
        continue;
      }
      if ((isSingleQuote(next) || isDoubleQuote(next)) && isHereStringStart(i + 2)) {
        readHereString(start, startLine, startCol, isSingleQuote(next));
        continue;
      }
      if (isNameStart(next)) {
        let j = i + 1;
        while (j < n && isNameChar(text[j])) j += 1;
        i = j;
        push('splat', text.slice(start + 1, j), start, startLine, startCol);
        continue;
      }
      readWord(start, startLine, startCol);
      continue;
    }
    if (c === '$') {
      const next = text[i + 1];
      if (next === '{') {
        const close = text.indexOf('}', i + 2);
        const stop = close < 0 ? n : close;
        const name = text.slice(i + 2, stop);
        i = close < 0 ? n : close + 1;
        push('variable', name, start, startLine, startCol);
        continue;
      }
      if (isNameStart(next) || next === '_' || (next !== undefined && next >= '0' && next <= '9')) {
        let j = i + 1;
        while (j < n && (isNameChar(text[j]) || text[j] === ':')) {
          // `$env:NAME` scope prefixes keep their colon; a trailing colon (`$x:`) does not belong.
          if (text[j] === ':' && !isNameStart(text[j + 1])) break;
          j += 1;
        }
        i = j;
        push('variable', text.slice(start + 1, j), start, startLine, startCol);
        continue;
      }
      if (next === '(' || next === '$' || next === '?' || next === '^') {
        i += 2;
        push('variable', next, start, startLine, startCol);
        continue;
      }
      readWord(start, startLine, startCol);
      continue;
    }
    if (isDash(c) && (isNameStart(text[i + 1]))) {
      let j = i + 1;
      while (j < n && (isNameChar(text[j]) || text[j] === '-')) {
        if (text[j] === '-') break;
        j += 1;
      }
      const name = text.slice(i + 1, j);
      // A dash inside the word (`-Foo-Bar`) or other glued characters: a bare word, not a parameter.
      const after = text[j];
      if (after !== undefined && after !== ':' && !endsWord(after)) {
        readWord(start, startLine, startCol);
        continue;
      }
      i = j;
      let colon = false;
      if (text[i] === ':') {
        colon = true;
        i += 1;
      }
      push('parameter', name, start, startLine, startCol, { colon, typographicDash: c !== '-' });
      continue;
    }
    const punctuation = PUNCTUATION[c];
    if (punctuation && !(c === '|' && text[i + 1] === '|')) {
      i += 1;
      push(punctuation, c, start, startLine, startCol);
      continue;
    }
    switch (c) {
      case '|':
        i += 2;
        push('other', '||', start, startLine, startCol);
        continue;
      case '{':
        readScriptBlock(start, startLine, startCol);
        continue;
      default:
        if (c === '&' || c === '>' || c === '!') {
          i += 1;
          push('other', c, start, startLine, startCol);
          continue;
        }
        readWord(start, startLine, startCol);
    }
  }
  return { tokens, comments, findings };

  function isHereStringStart(from: number): boolean {
    let j = from;
    while (j < n && isSpace(text[j] as string)) j += 1;
    return j < n && isNewline(text[j] as string);
  }

  function readWord(start: number, startLine: number, startCol: number): void {
    let value = '';
    let chunkStart = i;
    while (i < n) {
      const ch = text[i] as string;
      if (ch === '`') {
        const next = text[i + 1];
        if (next === undefined || isNewline(next)) break;
        const escape = readBacktickEscape(text, i);
        value += text.slice(chunkStart, i) + escape.value;
        i = escape.end;
        chunkStart = i;
        continue;
      }
      if (i > start && endsWord(ch)) break;
      // A number ends at `+` (`0x000A+'b'`), as PowerShell's number scanner does.
      if (ch === '+' && i > start && isDigit(text[start])) break;
      if (i === start && endsWord(ch)) {
        i += 1;
        break;
      }
      i += 1;
    }
    value += text.slice(chunkStart, i);
    push('word', value, start, startLine, startCol);
  }

  function readSingleQuoted(start: number, startLine: number, startCol: number): void {
    i += 1;
    let value = '';
    let chunkStart = i;
    let closed = false;
    while (i < n) {
      const ch = text[i] as string;
      if (isSingleQuote(ch)) {
        if (isSingleQuote(text[i + 1])) {
          value += text.slice(chunkStart, i) + (text[i + 1] as string);
          i += 2;
          chunkStart = i;
          continue;
        }
        value += text.slice(chunkStart, i);
        i += 1;
        closed = true;
        break;
      }
      if (isNewline(ch)) {
        const before = i;
        advanceNewline();
        value += text.slice(chunkStart, before) + text.slice(before, i);
        chunkStart = i;
        continue;
      }
      i += 1;
    }
    if (!closed) {
      value += text.slice(chunkStart, i);
      findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This single-quoted string is never closed; it runs to the end of the text.' });
    }
    warnIfSwallowsCommands(value, startLine, startCol);
    push('string', value, start, startLine, startCol, { quote: 'single' });
  }

  /**
   * A quote in pasted prose (`company’s`) opens a string that PowerShell runs on to the next quote,
   * swallowing the commands in between. Not guessed around: reported, so the admin sees why.
   */
  function warnIfSwallowsCommands(value: string, startLine: number, startCol: number): void {
    if (!value.includes('\n')) return;
    const m = /\n[ \t]*((?:new|set|remove|get|test)-clientaccessrule)\b/i.exec(value);
    if (!m) return;
    const lineOffset = value.slice(0, m.index + 1).split('\n').length - 1;
    findings.push({
      line: startLine,
      column: startCol,
      severity: 'warning',
      message: `This quote opens a string that runs over ${m[1]} on line ${startLine + lineOffset}, so that command is read as text, as PowerShell would. If the quote is an apostrophe in pasted prose (such as company’s), remove the prose or the apostrophe.`,
    });
  }

  function readDoubleQuoted(start: number, startLine: number, startCol: number): void {
    i += 1;
    const parts: StringPart[] = [];
    let value = '';
    let closed = false;
    let expands = false;
    const flush = (): void => {
      if (value !== '') parts.push({ kind: 'text', text: value });
      value = '';
    };
    while (i < n) {
      const ch = text[i] as string;
      if (isDoubleQuote(ch)) {
        if (isDoubleQuote(text[i + 1])) {
          value += text[i + 1] as string;
          i += 2;
          continue;
        }
        i += 1;
        closed = true;
        break;
      }
      if (ch === '`') {
        const next = text[i + 1];
        if (next === undefined) {
          i += 1;
          break;
        }
        if (isNewline(next)) {
          i += 1;
          const before = i;
          advanceNewline();
          value += text.slice(before, i);
          continue;
        }
        const escape = readBacktickEscape(text, i);
        value += escape.value;
        i = escape.end;
        continue;
      }
      if (ch === '$') {
        const next = text[i + 1];
        if (next === '(') {
          // `$(…)`: find the matching parenthesis, counting nesting only.
          let depth = 1;
          let j = i + 2;
          while (j < n && depth > 0) {
            if (text[j] === '(') depth += 1;
            else if (text[j] === ')') depth -= 1;
            if (depth > 0) j += 1;
          }
          flush();
          parts.push({ kind: 'subexpression', text: text.slice(i, Math.min(j + 1, n)) });
          expands = true;
          while (i < Math.min(j + 1, n)) {
            if (isNewline(text[i] as string)) advanceNewline();
            else i += 1;
          }
          continue;
        }
        if (next === '{') {
          const close = text.indexOf('}', i + 2);
          if (close >= 0) {
            flush();
            parts.push({ kind: 'variable', name: text.slice(i + 2, close) });
            expands = true;
            i = close + 1;
            continue;
          }
        }
        if (isNameStart(next) || next === '_' || next === '$' || next === '?' || next === '^') {
          let j = i + 1;
          if (next === '$' || next === '?' || next === '^') j += 1;
          else while (j < n && (isNameChar(text[j]) || (text[j] === ':' && isNameStart(text[j + 1])))) j += 1;
          flush();
          parts.push({ kind: 'variable', name: text.slice(i + 1, j) });
          expands = true;
          i = j;
          continue;
        }
        value += '$';
        i += 1;
        continue;
      }
      if (isNewline(ch)) {
        const before = i;
        advanceNewline();
        value += text.slice(before, i);
        continue;
      }
      value += ch;
      i += 1;
    }
    if (!closed) {
      findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This double-quoted string is never closed; it runs to the end of the text.' });
    }
    flush();
    const plain = parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    warnIfSwallowsCommands(plain, startLine, startCol);
    push('string', plain, start, startLine, startCol, expands ? { quote: 'double', parts } : { quote: 'double' });
  }

  function readHereString(start: number, startLine: number, startCol: number, single: boolean): void {
    // Skip `@'` and the rest of the opening line.
    i += 2;
    while (i < n && !isNewline(text[i] as string)) i += 1;
    if (i < n) advanceNewline();
    const bodyStart = i;
    let bodyEnd = -1;
    while (i < n) {
      const ch = text[i] as string;
      if (isNewline(ch)) {
        const lineBreak = i;
        advanceNewline();
        if ((single ? isSingleQuote(text[i]) : isDoubleQuote(text[i])) && text[i + 1] === '@') {
          bodyEnd = lineBreak;
          i += 2;
          break;
        }
        continue;
      }
      if (i === bodyStart && (single ? isSingleQuote(ch) : isDoubleQuote(ch)) && text[i + 1] === '@') {
        bodyEnd = i;
        i += 2;
        break;
      }
      i += 1;
    }
    if (bodyEnd < 0) {
      bodyEnd = n;
      findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This here-string is never closed (a line starting with \'@ or "@); it runs to the end of the text.' });
    }
    const body = text.slice(bodyStart, bodyEnd);
    if (single) {
      push('string', body, start, startLine, startCol, { quote: 'single' });
      return;
    }
    const expands = body.includes('$') || body.includes('`');
    push('string', body, start, startLine, startCol, expands ? { quote: 'double', parts: [{ kind: 'subexpression', text: body }] } : { quote: 'double' });
  }

  function readScriptBlock(start: number, startLine: number, startCol: number): void {
    i += 1;
    let depth = 1;
    const bodyStart = i;
    while (i < n && depth > 0) {
      const ch = text[i] as string;
      if (ch === '{') {
        depth += 1;
        i += 1;
      } else if (ch === '}') {
        depth -= 1;
        i += 1;
      } else if (isSingleQuote(ch)) {
        i += 1;
        while (i < n) {
          const q = text[i] as string;
          if (isSingleQuote(q)) {
            if (isSingleQuote(text[i + 1])) {
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (isNewline(q)) advanceNewline();
          else i += 1;
        }
      } else if (isDoubleQuote(ch)) {
        i += 1;
        while (i < n) {
          const q = text[i] as string;
          if (q === '`') {
            i += 2;
            continue;
          }
          if (isDoubleQuote(q)) {
            if (isDoubleQuote(text[i + 1])) {
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (isNewline(q)) advanceNewline();
          else i += 1;
        }
      } else if (ch === '#' ) {
        while (i < n && !isNewline(text[i] as string)) i += 1;
      } else if (isNewline(ch)) {
        advanceNewline();
      } else {
        i += 1;
      }
    }
    if (depth > 0) {
      findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This { script block is never closed with }; it runs to the end of the text.' });
      push('scriptblock', text.slice(bodyStart, n), start, startLine, startCol);
      return;
    }
    push('scriptblock', text.slice(bodyStart, i - 1), start, startLine, startCol);
  }
}
