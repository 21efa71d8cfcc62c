/**
 * The tokenizer's readers of words and string literals: bare words (backtick escapes resolved),
 * single-quoted, double-quoted (with `$name` and `$(…)` parts for the parser) and here-strings. The
 * quote characters and escapes come from `../chars.ts`, shared with the OPath tokenizer.
 */
import { isDoubleQuote, isSingleQuote, readBacktickEscape } from '../chars.ts';
import type { StringPart } from '../tokenizer.ts';
import { advanceNewline, endsWord, isDigit, isNameChar, isNameStart, isNewline, isSpace, push, type Scanner } from './scanner.ts';

export function isHereStringStart(s: Scanner, from: number): boolean {
  let j = from;
  while (j < s.n && isSpace(s.text[j] as string)) j += 1;
  return j < s.n && isNewline(s.text[j] as string);
}

export function readWord(s: Scanner, start: number, startLine: number, startCol: number): void {
  let value = '';
  let chunkStart = s.i;
  while (s.i < s.n) {
    const ch = s.text[s.i] as string;
    if (ch === '`') {
      const next = s.text[s.i + 1];
      if (next === undefined || isNewline(next)) break;
      const escape = readBacktickEscape(s.text, s.i);
      value += s.text.slice(chunkStart, s.i) + escape.value;
      s.i = escape.end;
      chunkStart = s.i;
      continue;
    }
    if (s.i > start && endsWord(ch)) break;
    // A number ends at `+` (`0x000A+'b'`), as PowerShell's number scanner does.
    if (ch === '+' && s.i > start && isDigit(s.text[start])) break;
    if (s.i === start && endsWord(ch)) {
      s.i += 1;
      break;
    }
    s.i += 1;
  }
  value += s.text.slice(chunkStart, s.i);
  push(s, 'word', value, start, startLine, startCol);
}

export function readSingleQuoted(s: Scanner, start: number, startLine: number, startCol: number): void {
  s.i += 1;
  let value = '';
  let chunkStart = s.i;
  let closed = false;
  while (s.i < s.n) {
    const ch = s.text[s.i] as string;
    if (isSingleQuote(ch)) {
      if (isSingleQuote(s.text[s.i + 1])) {
        value += s.text.slice(chunkStart, s.i) + (s.text[s.i + 1] as string);
        s.i += 2;
        chunkStart = s.i;
        continue;
      }
      value += s.text.slice(chunkStart, s.i);
      s.i += 1;
      closed = true;
      break;
    }
    if (isNewline(ch)) {
      const before = s.i;
      advanceNewline(s);
      value += s.text.slice(chunkStart, before) + s.text.slice(before, s.i);
      chunkStart = s.i;
      continue;
    }
    s.i += 1;
  }
  if (!closed) {
    value += s.text.slice(chunkStart, s.i);
    s.findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This single-quoted string is never closed; it runs to the end of the text.' });
  }
  warnIfSwallowsCommands(s, value, startLine, startCol);
  push(s, 'string', value, start, startLine, startCol, { quote: 'single' });
}

/**
 * A quote in pasted prose (`company’s`) opens a string that PowerShell runs on to the next quote,
 * swallowing the commands in between. Not guessed around: reported, so the admin sees why.
 */
export function warnIfSwallowsCommands(s: Scanner, value: string, startLine: number, startCol: number): void {
  if (!value.includes('\n')) return;
  const m = /\n[ \t]*((?:new|set|remove|get|test)-clientaccessrule)\b/i.exec(value);
  if (!m) return;
  const lineOffset = value.slice(0, m.index + 1).split('\n').length - 1;
  s.findings.push({
    line: startLine,
    column: startCol,
    severity: 'warning',
    message: `This quote opens a string that runs over ${m[1]} on line ${startLine + lineOffset}, so that command is read as text, as PowerShell would. If the quote is an apostrophe in pasted prose (such as company’s), remove the prose or the apostrophe.`,
  });
}

export function readDoubleQuoted(s: Scanner, start: number, startLine: number, startCol: number): void {
  s.i += 1;
  const parts: StringPart[] = [];
  let value = '';
  let closed = false;
  let expands = false;
  const flush = (): void => {
    if (value !== '') parts.push({ kind: 'text', text: value });
    value = '';
  };
  while (s.i < s.n) {
    const ch = s.text[s.i] as string;
    if (isDoubleQuote(ch)) {
      if (isDoubleQuote(s.text[s.i + 1])) {
        value += s.text[s.i + 1] as string;
        s.i += 2;
        continue;
      }
      s.i += 1;
      closed = true;
      break;
    }
    if (ch === '`') {
      const next = s.text[s.i + 1];
      if (next === undefined) {
        s.i += 1;
        break;
      }
      if (isNewline(next)) {
        s.i += 1;
        const before = s.i;
        advanceNewline(s);
        value += s.text.slice(before, s.i);
        continue;
      }
      const escape = readBacktickEscape(s.text, s.i);
      value += escape.value;
      s.i = escape.end;
      continue;
    }
    if (ch === '$') {
      const next = s.text[s.i + 1];
      if (next === '(') {
        // `$(…)`: find the matching parenthesis, counting nesting only.
        let depth = 1;
        let j = s.i + 2;
        while (j < s.n && depth > 0) {
          if (s.text[j] === '(') depth += 1;
          else if (s.text[j] === ')') depth -= 1;
          if (depth > 0) j += 1;
        }
        flush();
        parts.push({ kind: 'subexpression', text: s.text.slice(s.i, Math.min(j + 1, s.n)) });
        expands = true;
        while (s.i < Math.min(j + 1, s.n)) {
          if (isNewline(s.text[s.i] as string)) advanceNewline(s);
          else s.i += 1;
        }
        continue;
      }
      if (next === '{') {
        const close = s.text.indexOf('}', s.i + 2);
        if (close >= 0) {
          flush();
          parts.push({ kind: 'variable', name: s.text.slice(s.i + 2, close) });
          expands = true;
          s.i = close + 1;
          continue;
        }
      }
      if (isNameStart(next) || next === '_' || next === '$' || next === '?' || next === '^') {
        let j = s.i + 1;
        if (next === '$' || next === '?' || next === '^') j += 1;
        else while (j < s.n && (isNameChar(s.text[j]) || (s.text[j] === ':' && isNameStart(s.text[j + 1])))) j += 1;
        flush();
        parts.push({ kind: 'variable', name: s.text.slice(s.i + 1, j) });
        expands = true;
        s.i = j;
        continue;
      }
      value += '$';
      s.i += 1;
      continue;
    }
    if (isNewline(ch)) {
      const before = s.i;
      advanceNewline(s);
      value += s.text.slice(before, s.i);
      continue;
    }
    value += ch;
    s.i += 1;
  }
  if (!closed) {
    s.findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This double-quoted string is never closed; it runs to the end of the text.' });
  }
  flush();
  const plain = parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  warnIfSwallowsCommands(s, plain, startLine, startCol);
  push(s, 'string', plain, start, startLine, startCol, expands ? { quote: 'double', parts } : { quote: 'double' });
}

export function readHereString(s: Scanner, start: number, startLine: number, startCol: number, single: boolean): void {
  // Skip `@'` and the rest of the opening line.
  s.i += 2;
  while (s.i < s.n && !isNewline(s.text[s.i] as string)) s.i += 1;
  if (s.i < s.n) advanceNewline(s);
  const bodyStart = s.i;
  let bodyEnd = -1;
  while (s.i < s.n) {
    const ch = s.text[s.i] as string;
    if (isNewline(ch)) {
      const lineBreak = s.i;
      advanceNewline(s);
      if ((single ? isSingleQuote(s.text[s.i]) : isDoubleQuote(s.text[s.i])) && s.text[s.i + 1] === '@') {
        bodyEnd = lineBreak;
        s.i += 2;
        break;
      }
      continue;
    }
    if (s.i === bodyStart && (single ? isSingleQuote(ch) : isDoubleQuote(ch)) && s.text[s.i + 1] === '@') {
      bodyEnd = s.i;
      s.i += 2;
      break;
    }
    s.i += 1;
  }
  if (bodyEnd < 0) {
    bodyEnd = s.n;
    s.findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This here-string is never closed (a line starting with \'@ or "@); it runs to the end of the text.' });
  }
  const body = s.text.slice(bodyStart, bodyEnd);
  if (single) {
    push(s, 'string', body, start, startLine, startCol, { quote: 'single' });
    return;
  }
  const expands = body.includes('$') || body.includes('`');
  push(s, 'string', body, start, startLine, startCol, expands ? { quote: 'double', parts: [{ kind: 'subexpression', text: body }] } : { quote: 'double' });
}
