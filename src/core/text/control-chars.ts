/**
 * Making text from a file safe to print on a terminal.
 *
 * Rule names, values and messages come from files an admin did not write (a tenant export, a script
 * from the internet). Printed raw, `\u001b[2J` clears the screen, `\r` returns to the start of the line
 * so that a later "OK" hides an error, and the bidi controls (U+202E and friends) reorder what is shown
 * (the "Trojan Source" trick). Every human-readable line the command line prints goes through
 * `escapeControlChars` (`runCli` applies it to both streams). Applied to JSON output it changes no
 * value (`\u202e` inside a JSON string is the same character), and generated scripts hold no such
 * characters (`powershell/quote.ts` writes them as `[char]0xHHHH`).
 *
 * Decisions:
 * - Escaped: C0 controls except line feed, tab and the carriage return of a CRLF line end (a `\r` not
 *   followed by `\n` is escaped: that is the one that moves the cursor back over the line), DEL, C1 controls (U+0080–U+009F),
 *   the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, the line and paragraph
 *   separators U+2028 and U+2029, and lone surrogates. Line feed ends a line (the output's own line
 *   structure); tab only moves the cursor forward.
 * - The escape is `\u{1B}`-style (`\u001b`), which reads the same as in a JSON string and cannot itself
 *   be mistaken for a control character. A backslash is left alone: an admin reading
 *   `C:\rules\u001b.txt` can tell it apart from a real escape only by context, which is acceptable for
 *   output meant for people; the JSON output is exact.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Replaces every control, bidi-control and line-separator character (and lone surrogate) in `text` by
 * a visible `\uXXXX` escape, keeping line feeds and tabs. Text without such characters is returned
 * unchanged (same string).
 *
 * @example escapeControlChars('x\u001b[2K\rOK') // 'x\\u001b[2K\\u000dOK'
 */
export function escapeControlChars(text: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  UNSAFE.lastIndex = 0;
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
