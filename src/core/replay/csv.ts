/**
 * Reading one CSV record (RFC 4180 quoting) for the log readers: only as many fields as the reader
 * needs, so a 75-column HttpProxy line is scanned no further than its last wanted column.
 *
 * Decisions:
 * - Fields are separated by `,` (or the given separator); a field that starts with `"` is quoted and
 *   `""` inside it is one `"`. Text after a closing quote up to the next separator is kept (lenient,
 *   as Excel is). A quoted field that never closes makes the record malformed.
 * - Fields are not trimmed here; header names are (see `normalizeHeader`).
 */

/**
 * Splits `line` into at most `max` fields, written to `out` (reused between calls to avoid
 * allocation). Returns the number of fields written, or -1 when a quoted field is not closed. With
 * `want`, an unquoted field whose index has no 1 there is skipped (written as '') without copying.
 *
 * @example const out: string[] = []; splitCsvFields('a,"b,""c""",d', 2, out) // 2, out = ['a', 'b,"c"']
 */
export function splitCsvFields(line: string, max: number, out: string[], separator = ',', want?: Uint8Array): number {
  let n = 0;
  let pos = 0;
  const len = line.length;
  const sep = separator.charCodeAt(0);
  while (n < max) {
    if (pos < len && line.charCodeAt(pos) === 34) {
      let value = '';
      let i = pos + 1;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return -1;
        value += line.slice(i, q);
        if (q + 1 < len && line.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const next = line.indexOf(separator, i);
      if (next < 0) {
        out[n++] = i < len ? value + line.slice(i) : value;
        return n;
      }
      out[n++] = next > i ? value + line.slice(i, next) : value;
      pos = next + 1;
    } else {
      const next = sep === 44 ? line.indexOf(',', pos) : line.indexOf(separator, pos);
      if (next < 0) {
        out[n++] = line.slice(pos);
        return n;
      }
      out[n] = want === undefined || want[n] === 1 ? line.slice(pos, next) : '';
      n++;
      pos = next + 1;
    }
  }
  return n;
}

/**
 * Whether a record that starts with `text` is still inside a quoted field at its end (an odd number
 * of `"`), so the next physical line belongs to it. For the small CSV exports (Entra, Get-User) whose
 * cells may hold line breaks; log lines never do.
 *
 * @example isOpenRecord('a,"b') // true
 */
export function isOpenRecord(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count % 2 === 1;
}

/**
 * A header cell as the readers compare it: trimmed, lower-case, without a byte-order mark or
 * surrounding quotes (some exports carry trailing spaces in their headers).
 *
 * @example normalizeHeader(' IP address ') // 'ip address'
 */
export function normalizeHeader(cell: string): string {
  return cell.replace(/^\uFEFF/, '').trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase();
}

/**
 * One CSV cell as text that a spreadsheet reads back as exactly that text: quoted when it holds a
 * separator, quote or line break, and prefixed with `'` when it starts with `=`, `+`, `-`, `@`, tab or
 * carriage return (so that a user name from a log cannot become a formula: CSV injection).
 *
 * @example csvCell('=1+1') // "'=1+1"
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
