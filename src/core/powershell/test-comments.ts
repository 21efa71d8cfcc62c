/**
 * The comment convention of saved tests in scripts, written and read here only: a generated
 * `Test-ClientAccessRule` command is preceded by `# Test 3: 'EAC from outside'` (the test's number and
 * its name as a PowerShell literal) and followed by `  # expected: DenyAccess (…)`. The generator
 * and the rollout script write these lines with `testNameComment` / `expectedComment`; the script
 * parser reads them back with `readTestNameComment` / `readExpectedComment`, so a test exported from
 * the designer comes back with its name and expectation.
 *
 * Decisions:
 * - The name is written through `quoteLiteral` (never a line break, every quote doubled, hidden
 *   characters as `[char]0xHHHH` concatenations); the reader returns the literal's text, and the
 *   caller evaluates it with the script parser (this module cannot import the parser: the parser
 *   imports it).
 * - Admins write expectations by hand too, so the reader is lenient: `expect` or `expected`, with `:`,
 *   `=` or nothing, and Allow/Deny words (`AllowAccess`, `Allowed`, `Deny`, `Blocked`, …), any case.
 */
import type { Action } from '../model/types.ts';
import { isSingleQuote } from './chars.ts';
import { quoteLiteral, type QuoteOptions } from './quote.ts';

/**
 * The comment line above a test's command: `# Test <number>: <name as a literal>`.
 *
 * @example testNameComment(1, "Chris's EAC") // "# Test 1: 'Chris''s EAC'"
 */
export function testNameComment(number: number, name: string, options: QuoteOptions = {}): string {
  return `# Test ${number}: ${quoteLiteral(name, options)}`;
}

/**
 * The trailing comment of a test's command (with the `#`), saying what the cmdlet's output must show.
 * `Test-ClientAccessRule` lists the matching rules; the first row decides and no row means allowed.
 *
 * @example expectedComment('DenyAccess') // '# expected: DenyAccess (the first row is DenyAccess)'
 */
export function expectedComment(expected: Action): string {
  return expected === 'DenyAccess'
    ? '# expected: DenyAccess (the first row is DenyAccess)'
    : '# expected: AllowAccess (no row, or the first row is AllowAccess)';
}

const TEST_NAME = /^\s*Test (\d+):\s*(.+)$/;
const EXPECTED = /expect(?:ed)?\s*[:=]?\s*(AllowAccess|DenyAccess|Allow|Deny|Allowed|Denied|Block|Blocked)\b/i;

/**
 * Reads a `Test N: 'name'` comment (the text after `#`): the number and the name's literal text
 * (`'…'`, a typographic quote, or a `('…' + [char]0x…)` concatenation), still to be evaluated by the
 * caller. Anything else, including a name that is not a literal, gives undefined.
 *
 * @example readTestNameComment(" Test 2: 'VPN users'") // { number: 2, literal: "'VPN users'" }
 */
export function readTestNameComment(comment: string): { number: number; literal: string } | undefined {
  const match = TEST_NAME.exec(comment.slice(0, 5000));
  if (!match) return undefined;
  const literal = (match[2] as string).trim();
  if (!literal.startsWith('(') && !isSingleQuote(literal[0])) return undefined;
  return { number: Number(match[1]), literal };
}

/**
 * Reads an expectation from a comment's text: `expected: DenyAccess`, `expect Allow`, `expected=Blocked`.
 *
 * @example readExpectedComment(' expected: DenyAccess (the first row is DenyAccess)') // 'DenyAccess'
 */
export function readExpectedComment(comment: string): Action | undefined {
  const match = EXPECTED.exec(comment.slice(0, 500));
  if (!match) return undefined;
  return /^allow/i.test(match[1] as string) ? 'AllowAccess' : 'DenyAccess';
}
