import type { AdminUser } from '../../core/model/types.ts';

/**
 * Reads the admin accounts text of the admin path form: one account per line, optionally followed by
 * `; Attribute=Value` pairs. Blank lines are skipped; a pair without `=` is an error naming the line.
 *
 * @example parseAdminUsers('admin@contoso.com; Department=IT').users // [{ user: 'admin@contoso.com', attributes: { Department: 'IT' } }]
 */
export function parseAdminUsers(text: string): { users: AdminUser[]; errors: string[] } {
  const users: AdminUser[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    const [user = '', ...pairs] = line.split(';').map((p) => p.trim());
    if (user === '' && pairs.every((p) => p === '')) return;
    const attributes: Record<string, string> = {};
    for (const pair of pairs) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq <= 0) {
        errors.push(`Line ${i + 1}: '${pair}' is not Attribute=Value.`);
        continue;
      }
      attributes[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    if (user === '') errors.push(`Line ${i + 1}: the account is missing before the attributes.`);
    else users.push({ user, attributes });
  });
  return { users, errors };
}

/**
 * The text form of admin accounts (inverse of `parseAdminUsers`).
 *
 * @example formatAdminUsers([{ user: 'a@b.c', attributes: { City: 'Paris' } }]) // 'a@b.c; City=Paris'
 */
export function formatAdminUsers(users: readonly AdminUser[]): string {
  return users.map((u) => [u.user, ...Object.entries(u.attributes).map(([k, v]) => `${k}=${v}`)].join('; ')).join('\n');
}
