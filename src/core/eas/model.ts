/**
 * The Exchange ActiveSync device access model (seed 001): device access rules
 * (`New-ActiveSyncDeviceAccessRule`), the organization default (`Set-ActiveSyncOrganizationSettings
 * -DefaultAccessLevel`) and each mailbox's personal lists and switch (`Set-CASMailbox
 * -ActiveSyncAllowedDeviceIDs / -ActiveSyncBlockedDeviceIDs / -ActiveSyncEnabled`).
 *
 * Decisions:
 * - A rule matches when the device's characteristic equals the query string exactly, as a whole,
 *   with no wildcards (`*` is an ordinary character), ignoring case. Exchange names a rule
 *   `<QueryString> (<Characteristic>)` and stores it as a directory object whose names compare
 *   without case, so two rules differing only in case cannot exist; the comparison follows that.
 * - Device IDs and mailbox identities are compared ignoring case too.
 * - Every change is a pure function returning a new config; the app applies them through the store.
 * - Rule ids come from the caller or from the configuration itself (`nextEasRuleId`), never from a
 *   module-level counter or the clock: the same input always reads to the same ids.
 */
import type { RuleSet } from '../model/types.ts';

export const EAS_CHARACTERISTICS = ['DeviceType', 'DeviceModel', 'DeviceOS', 'UserAgent', 'XMSWLHeader'] as const;
export type EasCharacteristic = (typeof EAS_CHARACTERISTICS)[number];

export const EAS_ACCESS_LEVELS = ['Allow', 'Block', 'Quarantine'] as const;
export type EasAccessLevel = (typeof EAS_ACCESS_LEVELS)[number];

/** What `Get-MobileDevice` reports as DeviceAccessState. */
export type EasAccessState = 'Allowed' | 'Blocked' | 'Quarantined';

export const ACCESS_STATE_OF_LEVEL: Readonly<Record<EasAccessLevel, EasAccessState>> = {
  Allow: 'Allowed',
  Block: 'Blocked',
  Quarantine: 'Quarantined',
};

/**
 * The device property each characteristic reads, and its name in `Get-MobileDevice` output (null:
 * Get-MobileDevice does not show the X-MS-WL header).
 */
export const CHARACTERISTIC_FIELDS: Readonly<Record<EasCharacteristic, { field: keyof EasDeviceInfo; getProperty: string | null }>> = {
  DeviceType: { field: 'deviceType', getProperty: 'DeviceType' },
  DeviceModel: { field: 'deviceModel', getProperty: 'DeviceModel' },
  DeviceOS: { field: 'deviceOS', getProperty: 'DeviceOS' },
  UserAgent: { field: 'userAgent', getProperty: 'DeviceUserAgent' },
  XMSWLHeader: { field: 'xmsWlHeader', getProperty: null },
};

export interface EasRule {
  /** Stable identity inside the app; not an Exchange field. */
  id: string;
  characteristic: EasCharacteristic;
  queryString: string;
  accessLevel: EasAccessLevel;
}

/** One mailbox's ActiveSync settings (Set-CASMailbox). */
export interface EasMailbox {
  /** As written in `-Identity`: a UPN, alias or DOMAIN\user. */
  identity: string;
  activeSyncEnabled: boolean;
  allowedDeviceIds: string[];
  blockedDeviceIds: string[];
}

/** The ActiveSync part of a project (the second rule kind). */
export interface EasConfig {
  defaultAccessLevel: EasAccessLevel;
  rules: EasRule[];
  mailboxes: EasMailbox[];
}

/** What identifies a device to the rules. */
export interface EasDeviceInfo {
  deviceId: string;
  deviceType: string;
  deviceModel: string;
  deviceOS: string;
  userAgent: string;
  /** The X-MS-WL header (Windows Live devices); usually empty. */
  xmsWlHeader: string;
}

/** A device connecting for a user, as the simulator and `eas test` describe it. */
export interface EasDevice extends EasDeviceInfo {
  user: string;
  /** Whether the device can apply the mailbox's mobile device policy (or non-provisionable devices are allowed). */
  meetsPolicy: boolean;
}

/**
 * An empty ActiveSync configuration: no rules, default access Allow (Exchange's default), no mailboxes.
 *
 * @example createEasConfig().defaultAccessLevel // 'Allow'
 */
export function createEasConfig(): EasConfig {
  return { defaultAccessLevel: 'Allow', rules: [], mailboxes: [] };
}

/**
 * Applies a change to the project's ActiveSync design (created empty when the project has none); the
 * same set when the change returns the same configuration. The app's ActiveSync actions go through it.
 *
 * @example withEasConfig(set, (c) => setEasDefaultAccessLevel(c, 'Quarantine')).activeSync?.defaultAccessLevel // 'Quarantine'
 */
export function withEasConfig(set: RuleSet, change: (config: EasConfig) => EasConfig): RuleSet {
  const current = set.activeSync ?? createEasConfig();
  const next = change(current);
  return next === current ? set : { ...set, activeSync: next };
}

/**
 * The id a new rule of this configuration gets unless the caller gives one: `eas-<n>`, one past the
 * highest `eas-<n>` in use (and never one that is taken). It depends only on the configuration, so
 * reading the same script or project file twice gives the same ids; ids are unique within a
 * configuration, which is all the app needs them for (React keys, selection, undo).
 *
 * @example nextEasRuleId(createEasConfig()) // 'eas-1'
 */
export function nextEasRuleId(config: EasConfig): string {
  const taken = new Set(config.rules.map((r) => r.id));
  let n = 0;
  for (const id of taken) {
    const m = /^eas-(\d{1,15})$/.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  do n += 1;
  while (taken.has(`eas-${n}`));
  return `eas-${n}`;
}

/**
 * The name Exchange gives a device access rule: `<QueryString> (<Characteristic>)`, e.g.
 * `Android (DeviceType)`; it is the rule's `-Identity` for Set- and Remove-.
 *
 * @example easRuleName({ queryString: 'iOS 6.1 10B145', characteristic: 'DeviceOS' }) // 'iOS 6.1 10B145 (DeviceOS)'
 */
export function easRuleName(rule: Pick<EasRule, 'queryString' | 'characteristic'>): string {
  return `${rule.queryString} (${rule.characteristic})`;
}

/** The one comparison for query strings, device IDs and identities (see the module comment). */
export function sameEasText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Whether a rule matches a device: the characteristic's value equals the query string (whole text,
 * no wildcards, ignoring case). An empty device value never matches.
 *
 * @example easRuleMatches({ characteristic: 'DeviceType', queryString: 'Android', … }, { deviceType: 'android', … }) // true
 */
export function easRuleMatches(rule: Pick<EasRule, 'characteristic' | 'queryString'>, device: EasDeviceInfo): boolean {
  const value = device[CHARACTERISTIC_FIELDS[rule.characteristic].field];
  return value !== '' && sameEasText(value, rule.queryString);
}

/**
 * Why a new or edited rule cannot be saved, or null: an empty query string, or a rule with the same
 * characteristic and query string (Exchange refuses the duplicate name).
 *
 * @example easRuleProblem(config, { characteristic: 'DeviceType', queryString: 'Android' }) // 'a rule "Android (DeviceType)" already exists' or null
 */
export function easRuleProblem(config: EasConfig, rule: Pick<EasRule, 'characteristic' | 'queryString'>, exceptId?: string): string | null {
  if (rule.queryString.trim() === '') return 'the query string is empty; write the exact text the device reports, e.g. Android';
  const clash = config.rules.find(
    (r) => r.id !== exceptId && r.characteristic === rule.characteristic && sameEasText(r.queryString, rule.queryString),
  );
  return clash ? `a rule "${easRuleName(clash)}" already exists; Exchange keeps one rule per characteristic and query string` : null;
}

/**
 * A warning for a query string that looks like a pattern (`*` or `?`): Exchange compares the whole
 * text exactly, so such a rule only matches a device reporting those characters. Null otherwise.
 *
 * @example easQueryWarning('iPhone*') // "'iPhone*' holds * or ?, which are not wildcards here: …"
 */
export function easQueryWarning(queryString: string): string | null {
  return /[*?]/.test(queryString)
    ? `'${queryString}' holds * or ?, which are not wildcards here: the rule matches only devices that report exactly this text`
    : null;
}

/**
 * Adds a rule (New-ActiveSyncDeviceAccessRule). Rules have no priority, so order is only display.
 * The rule keeps the id it is given, else gets `nextEasRuleId(config)`.
 *
 * @example addEasRule(createEasConfig(), { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' })
 */
export function addEasRule(config: EasConfig, rule: Omit<EasRule, 'id'> & { id?: string }): EasConfig {
  return { ...config, rules: [...config.rules, { ...rule, id: rule.id ?? nextEasRuleId(config) }] };
}

/** Changes a rule (Set-ActiveSyncDeviceAccessRule changes the access level; the app also edits the rest). */
export function updateEasRule(config: EasConfig, id: string, patch: Partial<Omit<EasRule, 'id'>>): EasConfig {
  return { ...config, rules: config.rules.map((r) => (r.id === id ? { ...r, ...patch } : r)) };
}

/** Removes a rule (Remove-ActiveSyncDeviceAccessRule). */
export function removeEasRule(config: EasConfig, id: string): EasConfig {
  return { ...config, rules: config.rules.filter((r) => r.id !== id) };
}

/** Sets the organization default (Set-ActiveSyncOrganizationSettings -DefaultAccessLevel). */
export function setEasDefaultAccessLevel(config: EasConfig, level: EasAccessLevel): EasConfig {
  return level === config.defaultAccessLevel ? config : { ...config, defaultAccessLevel: level };
}

/**
 * The mailbox settings for an identity (ignoring case), or the defaults of a mailbox nobody changed:
 * ActiveSync enabled, empty lists.
 *
 * @example mailboxFor(createEasConfig(), 'jeff@contoso.com').activeSyncEnabled // true
 */
export function mailboxFor(config: EasConfig, identity: string): EasMailbox {
  return (
    config.mailboxes.find((m) => sameEasText(m.identity, identity)) ?? {
      identity,
      activeSyncEnabled: true,
      allowedDeviceIds: [],
      blockedDeviceIds: [],
    }
  );
}

/**
 * Creates or changes a mailbox's settings (Set-CASMailbox -Identity …). A mailbox back at the
 * defaults is dropped from the list.
 *
 * @example upsertEasMailbox(config, 'jeff@contoso.com', { blockedDeviceIds: ['ABC123'] })
 */
export function upsertEasMailbox(config: EasConfig, identity: string, patch: Partial<Omit<EasMailbox, 'identity'>>): EasConfig {
  const current = mailboxFor(config, identity);
  const next: EasMailbox = { ...current, ...patch };
  const isDefault = next.activeSyncEnabled && next.allowedDeviceIds.length === 0 && next.blockedDeviceIds.length === 0;
  const others = config.mailboxes.filter((m) => !sameEasText(m.identity, identity));
  const index = config.mailboxes.findIndex((m) => sameEasText(m.identity, identity));
  if (isDefault) return index < 0 ? config : { ...config, mailboxes: others };
  const mailboxes = [...config.mailboxes];
  if (index < 0) mailboxes.push(next);
  else mailboxes[index] = next;
  return { ...config, mailboxes };
}

/** Removes a mailbox's settings (back to the defaults). */
export function removeEasMailbox(config: EasConfig, identity: string): EasConfig {
  return { ...config, mailboxes: config.mailboxes.filter((m) => !sameEasText(m.identity, identity)) };
}
