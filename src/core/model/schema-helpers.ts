/**
 * Small zod helpers shared by the schemas at the edges (project file, connection): how a bad value is
 * shown in a message, and enums read case-insensitively into their canonical spelling.
 */
import { z } from 'zod';

/** How a bad value appears in an error message: `'text'`, `a list`, `number 3`, … */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** `a or b`, or `one of a, b, c`, for "expected …" messages. */
function alternatives(values: readonly string[]): string {
  if (values.length === 2) return `${values[0]} or ${values[1]}`;
  return `one of ${values.join(', ')}`;
}

/**
 * An enum read case-insensitively (admins type `allowaccess`, Get output has `Allow`), always stored
 * in its canonical spelling. `aliases` maps other accepted spellings (lower case) to a canonical value.
 */
export function enumValue<const T extends string>(values: readonly T[], aliases: Record<string, T> = {}) {
  const expected = alternatives(values);
  return z.unknown().transform((input, ctx): T => {
    if (typeof input === 'string') {
      const lower = input.trim().toLowerCase();
      const found = values.find((v) => v.toLowerCase() === lower) ?? aliases[lower];
      if (found) return found;
    }
    ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${show(input)}` });
    return z.NEVER;
  });
}
