/**
 * The connection a Client Access Rule decides (spec 3), validated in one place: the zod schema that
 * the project file (saved tests), the simulator's stored state, the command line's `test` and the
 * script reader's Test-ClientAccessRule lines share, and the field checks the simulator form shows.
 *
 * Decisions:
 * - Protocol, authentication type and connection type are read case-insensitively and stored in
 *   their canonical spelling; `attributes` defaults to none and `connectionType` to `EndUser`.
 * - The address is one IPv4 or IPv6 address (no range, no prefix), as `-RemoteAddress` takes it.
 * - The port is a whole number from 1 to 65535 (`-RemotePort`).
 * - The user is any text: the simulator warns when it has neither `@` nor `\`, but a bare name is a
 *   valid (if rarely useful) input.
 */
import { z } from 'zod';
import { parseAddress } from '../match/ip.ts';
import { enumValue, show } from './schema-helpers.ts';
import { AUTHENTICATION_TYPES, CONNECTION_TYPES, PROTOCOLS } from './types.ts';
import type { Connection } from './types.ts';


/**
 * Why `text` is not a client address for a connection, or null when it is one.
 *
 * @example checkConnectionAddress('10.0.0.0/8') // 'expected a single IPv4 or IPv6 address, got \'10.0.0.0/8\''
 */
export function checkConnectionAddress(text: string): string | null {
  return parseAddress(text.trim()) === null ? `expected a single IPv4 or IPv6 address, got ${show(text)}` : null;
}

/**
 * Why `value` is not a client port, or null when it is one (a whole number from 1 to 65535; text of
 * digits is read as a number).
 *
 * @example checkConnectionPort(70000) // 'expected a port from 1 to 65535'
 */
export function checkConnectionPort(value: number | string): string | null {
  const port = typeof value === 'number' ? value : /^\s*\d{1,5}\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? null : 'expected a port from 1 to 65535';
}

/** The connection schema (input: JSON-like values; output: a `Connection`). */
export const connectionSchema = z.object({
  protocol: enumValue(PROTOCOLS),
  authenticationType: enumValue(AUTHENTICATION_TYPES),
  ipAddress: z.string().refine((text) => checkConnectionAddress(text) === null, {
    error: (iss) => `expected a single IPv4 or IPv6 address, got ${show(iss.input)}`,
  }),
  port: z
    .number()
    .int()
    .min(1, { error: 'expected a port from 1 to 65535' })
    .max(65535, { error: 'expected a port from 1 to 65535' }),
  user: z.string(),
  attributes: z.record(z.string(), z.string()).optional(),
  connectionType: enumValue(CONNECTION_TYPES).optional(),
});

/**
 * Reads a connection from a JSON-like value (a file, storage, the command line), with every problem
 * as `path: message`. Defaults: no attributes, `EndUser`.
 *
 * @example parseConnection({ protocol: 'pop3', authenticationType: 'BasicAuthentication', ipAddress: '10.0.0.1', port: 995, user: 'a@b.c' }).ok // true
 */
export function parseConnection(value: unknown): { ok: true; connection: Connection } | { ok: false; errors: { path: string; message: string }[] } {
  const parsed = connectionSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
  }
  const c = parsed.data;
  return {
    ok: true,
    connection: {
      protocol: c.protocol,
      authenticationType: c.authenticationType,
      ipAddress: c.ipAddress,
      port: c.port,
      user: c.user,
      attributes: { ...(c.attributes ?? {}) },
      connectionType: c.connectionType ?? 'EndUser',
    },
  };
}
