/**
 * The `activeSync` section of the project file: the ActiveSync device access design as a second rule
 * kind next to the Client Access Rules. Optional and additive: a file without it opens as before, and
 * a project without ActiveSync settings writes none.
 *
 * ```json
 * "activeSync": { "version": 1, "defaultAccessLevel": "Quarantine",
 *   "rules": [ { "characteristic": "DeviceType", "queryString": "Android", "accessLevel": "Block" } ],
 *   "mailboxes": [ { "identity": "jeff@contoso.com", "activeSyncEnabled": true,
 *                    "allowedDeviceIds": ["ABC123"], "blockedDeviceIds": [] } ] }
 * ```
 *
 * The section carries its own `version` (1), validated with zod; a newer version is an error that
 * says so, never guessed. Enum values are read in any case. Rule ids are not stored.
 */
import { z } from 'zod';
import { addEasRule, createEasConfig, EAS_ACCESS_LEVELS, EAS_CHARACTERISTICS, easRuleProblem, type EasConfig } from './model.ts';

export const EAS_SECTION_VERSION = 1;

function enumOf<const T extends string>(values: readonly T[]) {
  return z.string().transform((input, ctx): T => {
    const found = values.find((v) => v.toLowerCase() === input.trim().toLowerCase());
    if (found) return found;
    ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}, got '${input}'` });
    return z.NEVER;
  });
}

const sectionSchema = z.object({
  version: z.number().int(),
  defaultAccessLevel: enumOf(EAS_ACCESS_LEVELS).optional(),
  rules: z
    .array(
      z.object({
        characteristic: enumOf(EAS_CHARACTERISTICS),
        queryString: z.string().min(1, { error: 'the query string is empty' }),
        accessLevel: enumOf(EAS_ACCESS_LEVELS),
      }),
    )
    .optional(),
  mailboxes: z
    .array(
      z.object({
        identity: z.string().min(1, { error: 'the identity is empty' }),
        activeSyncEnabled: z.boolean().optional(),
        allowedDeviceIds: z.array(z.string()).optional(),
        blockedDeviceIds: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

export type EasSectionResult = { ok: true; config: EasConfig } | { ok: false; errors: { path: string; message: string }[] };

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : `${out}.${String(key)}`), 'activeSync');
}

/**
 * Reads the `activeSync` section of a project document (already-parsed JSON). Errors carry their
 * path (`activeSync.rules[1].accessLevel`) and a plain message.
 *
 * Edge cases: a version above `EAS_SECTION_VERSION` is refused with a message naming both; a
 * duplicate rule (same characteristic and query string) is refused, as Exchange would.
 *
 * @example easConfigFromUnknown({ version: 1, rules: [{ characteristic: 'devicetype', queryString: 'Android', accessLevel: 'block' }] })
 */
export function easConfigFromUnknown(value: unknown): EasSectionResult {
  const parsed = sectionSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((iss) => ({
        path: pathText(iss.path),
        message: iss.code === 'invalid_type' && iss.input === undefined ? 'is required' : iss.message,
      })),
    };
  }
  const data = parsed.data;
  if (data.version !== EAS_SECTION_VERSION) {
    return {
      ok: false,
      errors: [
        {
          path: 'activeSync.version',
          message: `this ActiveSync section has version ${data.version}; this designer reads version ${EAS_SECTION_VERSION}${data.version > EAS_SECTION_VERSION ? ' (written by a newer designer: update it to open the file)' : ''}`,
        },
      ],
    };
  }
  let config: EasConfig = { ...createEasConfig(), defaultAccessLevel: data.defaultAccessLevel ?? 'Allow' };
  const errors: { path: string; message: string }[] = [];
  (data.rules ?? []).forEach((r, i) => {
    const problem = easRuleProblem(config, r);
    if (problem) errors.push({ path: `activeSync.rules[${i}]`, message: problem });
    else config = addEasRule(config, r);
  });
  config = {
    ...config,
    mailboxes: (data.mailboxes ?? []).map((m) => ({
      identity: m.identity,
      activeSyncEnabled: m.activeSyncEnabled ?? true,
      allowedDeviceIds: [...(m.allowedDeviceIds ?? [])],
      blockedDeviceIds: [...(m.blockedDeviceIds ?? [])],
    })),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

/**
 * The JSON of the `activeSync` section, in a stable key order (no ids).
 *
 * @example serializeEasConfig(createEasConfig()) // { version: 1, defaultAccessLevel: 'Allow', rules: [], mailboxes: [] }
 */
export function serializeEasConfig(config: EasConfig): Record<string, unknown> {
  return {
    version: EAS_SECTION_VERSION,
    defaultAccessLevel: config.defaultAccessLevel,
    rules: config.rules.map((r) => ({ characteristic: r.characteristic, queryString: r.queryString, accessLevel: r.accessLevel })),
    mailboxes: config.mailboxes.map((m) => ({
      identity: m.identity,
      activeSyncEnabled: m.activeSyncEnabled,
      allowedDeviceIds: [...m.allowedDeviceIds],
      blockedDeviceIds: [...m.blockedDeviceIds],
    })),
  };
}
