/**
 * Directory attributes for recipient filters, from a `Get-User | Export-Csv` file, joined to log
 * users.
 *
 * Decisions:
 * - Join keys: UserPrincipalName and WindowsEmailAddress (a log user with `@`), SamAccountName (a log
 *   user `DOMAIN\sam`, or a bare name). Case-insensitive. The first row for a key wins.
 * - Columns kept: the recipient-filter properties (spec 6), in their canonical spelling; empty cells
 *   are left out (a missing attribute is `$null`).
 */
import { OPATH_PROPERTIES } from '../model/types.ts';
import { splitCsvFields } from './csv.ts';
import type { HeaderCells, HeaderError } from './formats.ts';

/** Users' attributes by join key (lower-case UPN or address; `\sam` for a SamAccountName). */
export interface DirectoryIndex {
  readonly byKey: Map<string, Record<string, string>>;
  /** Rows read. */
  users: number;
}

/** An empty directory. */
export function createDirectory(): DirectoryIndex {
  return { byKey: new Map(), users: 0 };
}

/**
 * The attributes of a log user, or null when the directory has no row for them.
 *
 * @example directoryLookup(dir, 'CONTOSO\\jeff') // { Department: 'Sales' } when a row has SamAccountName jeff
 */
export function directoryLookup(dir: DirectoryIndex, user: string): Record<string, string> | null {
  const u = user.trim().toLowerCase();
  const slash = u.lastIndexOf('\\');
  if (slash >= 0) return dir.byKey.get(`\\${u.slice(slash + 1)}`) ?? null;
  return dir.byKey.get(u) ?? (u.includes('@') ? null : (dir.byKey.get(`\\${u}`) ?? null));
}

/**
 * The line reader of a Get-User export for its header cells (normalised): each call adds one user to
 * `dir` and returns false when the line is malformed.
 *
 * @example directoryReader(['userprincipalname', 'department'], dir)('jeff@contoso.com,Sales') // true
 */
export function directoryReader(cells: HeaderCells, dir: DirectoryIndex): ((line: string) => boolean) | HeaderError {
  const upn = cells.indexOf('userprincipalname');
  const sam = cells.indexOf('samaccountname');
  const mail = cells.indexOf('windowsemailaddress');
  if (upn < 0 && sam < 0 && mail < 0) return { error: 'a Get-User export needs a UserPrincipalName, SamAccountName or WindowsEmailAddress column' };
  const attrs: [string, number][] = [];
  for (const name of OPATH_PROPERTIES) {
    const i = cells.indexOf(name.toLowerCase());
    if (i >= 0) attrs.push([name, i]);
  }
  const buf: string[] = [];
  return (line) => {
    const n = splitCsvFields(line, cells.length, buf);
    if (n < 0) return false;
    const attributes: Record<string, string> = {};
    for (const [name, i] of attrs) {
      const v = i < n ? (buf[i] ?? '') : '';
      if (v !== '') attributes[name] = v;
    }
    const keys: string[] = [];
    const cell = (i: number) => (i >= 0 && i < n ? (buf[i] ?? '').trim().toLowerCase() : '');
    if (cell(upn) !== '') keys.push(cell(upn));
    if (cell(mail) !== '') keys.push(cell(mail));
    if (cell(sam) !== '') keys.push(`\\${cell(sam)}`);
    if (keys.length === 0) return false;
    for (const k of keys) if (!dir.byKey.has(k)) dir.byKey.set(k, attributes);
    dir.users++;
    return true;
  };
}
