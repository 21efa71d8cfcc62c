/**
 * The tokenizer's reader of `{ … }` script blocks: one token holding the body, braces inside strings
 * and comments not counted; an unclosed block is a finding and runs to the end of the text.
 */
import { isDoubleQuote, isSingleQuote } from '../chars.ts';
import { advanceNewline, isNewline, push, type Scanner } from './scanner.ts';

export function readScriptBlock(s: Scanner, start: number, startLine: number, startCol: number): void {
  s.i += 1;
  let depth = 1;
  const bodyStart = s.i;
  while (s.i < s.n && depth > 0) {
    const ch = s.text[s.i] as string;
    if (ch === '{') {
      depth += 1;
      s.i += 1;
    } else if (ch === '}') {
      depth -= 1;
      s.i += 1;
    } else if (isSingleQuote(ch)) {
      s.i += 1;
      while (s.i < s.n) {
        const q = s.text[s.i] as string;
        if (isSingleQuote(q)) {
          if (isSingleQuote(s.text[s.i + 1])) {
            s.i += 2;
            continue;
          }
          s.i += 1;
          break;
        }
        if (isNewline(q)) advanceNewline(s);
        else s.i += 1;
      }
    } else if (isDoubleQuote(ch)) {
      s.i += 1;
      while (s.i < s.n) {
        const q = s.text[s.i] as string;
        if (q === '`') {
          s.i += 2;
          continue;
        }
        if (isDoubleQuote(q)) {
          if (isDoubleQuote(s.text[s.i + 1])) {
            s.i += 2;
            continue;
          }
          s.i += 1;
          break;
        }
        if (isNewline(q)) advanceNewline(s);
        else s.i += 1;
      }
    } else if (ch === '#' ) {
      while (s.i < s.n && !isNewline(s.text[s.i] as string)) s.i += 1;
    } else if (isNewline(ch)) {
      advanceNewline(s);
    } else {
      s.i += 1;
    }
  }
  if (depth > 0) {
    s.findings.push({ line: startLine, column: startCol, severity: 'error', message: 'This { script block is never closed with }; it runs to the end of the text.' });
    push(s, 'scriptblock', s.text.slice(bodyStart, s.n), start, startLine, startCol);
    return;
  }
  push(s, 'scriptblock', s.text.slice(bodyStart, s.i - 1), start, startLine, startCol);
}
