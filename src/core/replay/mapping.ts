/**
 * The one table that turns values found in logs into rule values (protocols and authentication
 * types), shown to the user and overridable (`--map AuthenticationType:FBA=BasicAuthentication`).
 *
 * Decisions (each is a row of `DEFAULT_MAPPING`; override any of them):
 * - HttpProxy `Protocol` folders: Ecp → ExchangeAdminCenter, PowerShell → RemotePowerShell,
 *   Owa → OutlookWebApp, Eas → ExchangeActiveSync, Ews → ExchangeWebServices, Mapi and RpcHttp →
 *   OutlookAnywhere (spec 2: OutlookAnywhere includes MAPI over HTTP), Oab → OfflineAddressBook.
 *   Autodiscover is not a protocol Client Access Rules govern: its lines are skipped and counted.
 * - IIS `cs-uri-stem`: the first path segment, the same way (`/ecp`, `/owa`, `/PowerShell`,
 *   `/Microsoft-Server-ActiveSync`, `/EWS`, `/mapi`, `/OAB`, `/rpc`, `/Autodiscover`).
 * - Authentication types: Basic and FBA (forms sign-in posts the password; on-premises EAC rules
 *   filter it as Basic) → BasicAuthentication; Negotiate, NTLM, Kerberos → NonBasicAuthentication;
 *   Bearer and OAuth → OAuthAuthentication; Certificate → CertificateBasedAuthentication; Adfs →
 *   AdfsAuthentication.
 * - A line without an authentication type (IIS logs never record one) takes the protocol's default
 *   (`DefaultAuthenticationType`): the out-of-the-box virtual directory setting (FBA for OWA/EAC,
 *   Basic for ActiveSync, Kerberos for PowerShell, Negotiate/NTLM for the others).
 * - Entra `Client app`: each Exchange client maps to its protocol; the legacy clients Entra lists
 *   (ActiveSync, IMAP4, POP3, EWS, MAPI, OAB, Outlook Anywhere, Exchange Online PowerShell)
 *   authenticate with BasicAuthentication; `Browser` is Outlook on the web with OAuthAuthentication;
 *   `Mobile Apps and Desktop clients` and `Other clients` name no protocol and are skipped as unmapped.
 * - Matching of `from` values is case-insensitive and trimmed.
 */
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../model/types.ts';
import type { AuthenticationType, Protocol } from '../model/types.ts';

/** The columns of the table: which log value an entry maps. */
export const MAPPING_KEYS = ['Protocol', 'UrlStem', 'AuthenticationType', 'DefaultAuthenticationType', 'ClientApp', 'ClientAppAuthenticationType'] as const;
export type MappingKey = (typeof MAPPING_KEYS)[number];

/** A target that means "not something Client Access Rules govern": the line is skipped and counted. */
export const NOT_GOVERNED = 'NotGoverned';

/** One row: `key:from` in a log becomes `to` (a protocol, an authentication type or `NotGoverned`). */
export interface MappingEntry {
  key: MappingKey;
  from: string;
  to: string;
}

/** What each key reads, for the table shown to the user and `cli replay --help`. */
export const MAPPING_KEY_DESCRIPTIONS: Readonly<Record<MappingKey, string>> = {
  Protocol: 'HttpProxy log Protocol column → protocol',
  UrlStem: 'first segment of the URL path (IIS cs-uri-stem, HttpProxy UrlStem) → protocol',
  AuthenticationType: 'HttpProxy AuthenticationType column → authentication type',
  DefaultAuthenticationType: 'protocol → authentication type assumed when the line names none (IIS logs)',
  ClientApp: "Entra sign-in log 'Client app' → protocol",
  ClientAppAuthenticationType: "Entra sign-in log 'Client app' → authentication type",
};

const e = (key: MappingKey, from: string, to: Protocol | AuthenticationType | typeof NOT_GOVERNED): MappingEntry => ({ key, from, to });

/** The documented default table (see the module's Decisions). */
export const DEFAULT_MAPPING: readonly MappingEntry[] = [
  e('Protocol', 'Ecp', 'ExchangeAdminCenter'),
  e('Protocol', 'PowerShell', 'RemotePowerShell'),
  e('Protocol', 'Owa', 'OutlookWebApp'),
  e('Protocol', 'Eas', 'ExchangeActiveSync'),
  e('Protocol', 'Ews', 'ExchangeWebServices'),
  e('Protocol', 'Mapi', 'OutlookAnywhere'),
  e('Protocol', 'RpcHttp', 'OutlookAnywhere'),
  e('Protocol', 'Oab', 'OfflineAddressBook'),
  e('Protocol', 'Autodiscover', NOT_GOVERNED),
  e('UrlStem', '/ecp', 'ExchangeAdminCenter'),
  e('UrlStem', '/powershell', 'RemotePowerShell'),
  e('UrlStem', '/owa', 'OutlookWebApp'),
  e('UrlStem', '/microsoft-server-activesync', 'ExchangeActiveSync'),
  e('UrlStem', '/ews', 'ExchangeWebServices'),
  e('UrlStem', '/mapi', 'OutlookAnywhere'),
  e('UrlStem', '/rpc', 'OutlookAnywhere'),
  e('UrlStem', '/oab', 'OfflineAddressBook'),
  e('UrlStem', '/autodiscover', NOT_GOVERNED),
  e('AuthenticationType', 'Basic', 'BasicAuthentication'),
  e('AuthenticationType', 'FBA', 'BasicAuthentication'),
  e('AuthenticationType', 'Negotiate', 'NonBasicAuthentication'),
  e('AuthenticationType', 'NTLM', 'NonBasicAuthentication'),
  e('AuthenticationType', 'Kerberos', 'NonBasicAuthentication'),
  e('AuthenticationType', 'Bearer', 'OAuthAuthentication'),
  e('AuthenticationType', 'OAuth', 'OAuthAuthentication'),
  e('AuthenticationType', 'Certificate', 'CertificateBasedAuthentication'),
  e('AuthenticationType', 'Adfs', 'AdfsAuthentication'),
  e('DefaultAuthenticationType', 'ExchangeAdminCenter', 'BasicAuthentication'),
  e('DefaultAuthenticationType', 'OutlookWebApp', 'BasicAuthentication'),
  e('DefaultAuthenticationType', 'ExchangeActiveSync', 'BasicAuthentication'),
  e('DefaultAuthenticationType', 'RemotePowerShell', 'NonBasicAuthentication'),
  e('DefaultAuthenticationType', 'ExchangeWebServices', 'NonBasicAuthentication'),
  e('DefaultAuthenticationType', 'OutlookAnywhere', 'NonBasicAuthentication'),
  e('DefaultAuthenticationType', 'OfflineAddressBook', 'NonBasicAuthentication'),
  e('ClientApp', 'Exchange Online PowerShell', 'RemotePowerShell'),
  e('ClientApp', 'Exchange ActiveSync', 'ExchangeActiveSync'),
  e('ClientApp', 'Exchange Web Services', 'ExchangeWebServices'),
  e('ClientApp', 'IMAP4', 'IMAP4'),
  e('ClientApp', 'POP3', 'POP3'),
  e('ClientApp', 'MAPI over HTTP', 'OutlookAnywhere'),
  e('ClientApp', 'Offline Address Book', 'OfflineAddressBook'),
  e('ClientApp', 'Outlook Anywhere (RPC over HTTP)', 'OutlookAnywhere'),
  e('ClientApp', 'Browser', 'OutlookWebApp'),
  e('ClientAppAuthenticationType', 'Exchange Online PowerShell', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'Exchange ActiveSync', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'Exchange Web Services', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'IMAP4', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'POP3', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'MAPI over HTTP', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'Offline Address Book', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'Outlook Anywhere (RPC over HTTP)', 'BasicAuthentication'),
  e('ClientAppAuthenticationType', 'Browser', 'OAuthAuthentication'),
];

const PROTOCOL_KEYS: readonly MappingKey[] = ['Protocol', 'UrlStem', 'ClientApp'];

function canonical<T extends string>(text: string, values: readonly T[]): T | null {
  const lower = text.trim().toLowerCase();
  return values.find((v) => v.toLowerCase() === lower) ?? null;
}

/**
 * Reads one override, `Key:From=To` (the form of `--map`). The key and the target are matched
 * case-insensitively and returned in canonical spelling; a protocol key needs a protocol or
 * `NotGoverned`, an authentication key an authentication type; `DefaultAuthenticationType` needs a
 * protocol on the left. The `from` text may itself hold `:` or `=` only before the last `=`.
 *
 * @example parseMappingOverride('AuthenticationType:FBA=BasicAuthentication') // { ok: true, entry: {…} }
 */
export function parseMappingOverride(text: string): { ok: true; entry: MappingEntry } | { ok: false; message: string } {
  const colon = text.indexOf(':');
  const eq = text.lastIndexOf('=');
  if (colon < 0 || eq < colon) {
    return { ok: false, message: `'${text}' is not Key:Value=Target (for example AuthenticationType:FBA=BasicAuthentication)` };
  }
  const key = canonical(text.slice(0, colon), MAPPING_KEYS);
  if (!key) return { ok: false, message: `'${text}': unknown key '${text.slice(0, colon)}'; keys: ${MAPPING_KEYS.join(', ')}` };
  const from = text.slice(colon + 1, eq).trim();
  if (from === '') return { ok: false, message: `'${text}': the log value before '=' is empty` };
  const toText = text.slice(eq + 1);
  if (PROTOCOL_KEYS.includes(key)) {
    const to = toText.trim().toLowerCase() === NOT_GOVERNED.toLowerCase() ? NOT_GOVERNED : canonical(toText, PROTOCOLS);
    if (!to) return { ok: false, message: `'${text}': '${toText}' is not a protocol; use one of ${PROTOCOLS.join(', ')} or ${NOT_GOVERNED}` };
    return { ok: true, entry: { key, from: key === 'UrlStem' && !from.startsWith('/') ? `/${from}` : from, to } };
  }
  if (key === 'DefaultAuthenticationType' && !canonical(from, PROTOCOLS)) {
    return { ok: false, message: `'${text}': '${from}' is not a protocol; DefaultAuthenticationType is keyed by protocol` };
  }
  const to = canonical(toText, AUTHENTICATION_TYPES);
  if (!to) return { ok: false, message: `'${text}': '${toText}' is not an authentication type; use one of ${AUTHENTICATION_TYPES.join(', ')}` };
  return { ok: true, entry: { key, from: key === 'DefaultAuthenticationType' ? (canonical(from, PROTOCOLS) ?? from) : from, to } };
}

/**
 * The default table with `overrides` applied: an override replaces the row with the same key and
 * (case-insensitive) value, or is added. The order of the default rows is kept.
 *
 * @example mergeMapping(DEFAULT_MAPPING, [{ key: 'AuthenticationType', from: 'fba', to: 'AdfsAuthentication' }])
 */
export function mergeMapping(base: readonly MappingEntry[], overrides: readonly MappingEntry[]): MappingEntry[] {
  const id = (m: MappingEntry) => `${m.key}:${m.from.trim().toLowerCase()}`;
  const result = [...base];
  for (const o of overrides) {
    const i = result.findIndex((m) => id(m) === id(o));
    if (i >= 0) result[i] = o;
    else result.push(o);
  }
  return result;
}

/** The table as lookups by lower-cased log value (built once per replay). */
export interface CompiledMapping {
  readonly entries: readonly MappingEntry[];
  readonly byKey: Readonly<Record<MappingKey, ReadonlyMap<string, string>>>;
  /** Raw log value → target (or null), per key: logs repeat a few spellings millions of times. */
  readonly seen: Readonly<Record<MappingKey, Map<string, string | null>>>;
}

const SEEN_LIMIT = 10_000;

/**
 * Builds the lookups of a table (`mergeMapping` result).
 *
 * @example mapValue(compileMapping(DEFAULT_MAPPING), 'Protocol', 'eas') // 'ExchangeActiveSync'
 */
export function compileMapping(entries: readonly MappingEntry[] = DEFAULT_MAPPING): CompiledMapping {
  const byKey = Object.fromEntries(MAPPING_KEYS.map((k) => [k, new Map<string, string>()])) as Record<MappingKey, Map<string, string>>;
  for (const m of entries) byKey[m.key].set(m.from.trim().toLowerCase(), m.to);
  const seen = Object.fromEntries(MAPPING_KEYS.map((k) => [k, new Map<string, string | null>()])) as Record<MappingKey, Map<string, string | null>>;
  return { entries, byKey, seen };
}

/**
 * The target of a log value under `key` (case-insensitive, trimmed), or undefined when the table has
 * no row for it. For `UrlStem` the value is a URL path and its first segment is looked up.
 *
 * @example mapValue(mapping, 'UrlStem', '/Microsoft-Server-ActiveSync/default.eas') // 'ExchangeActiveSync'
 */
export function mapValue(mapping: CompiledMapping, key: MappingKey, value: string): string | undefined {
  const seen = mapping.seen[key];
  const known = seen.get(value);
  if (known !== undefined) return known ?? undefined;
  const target = lookUp(mapping, key, value);
  if (seen.size >= SEEN_LIMIT) seen.clear();
  seen.set(value, target ?? null);
  return target;
}

function lookUp(mapping: CompiledMapping, key: MappingKey, value: string): string | undefined {
  const table = mapping.byKey[key];
  if (key === 'UrlStem') {
    const path = value.trim();
    const start = path.startsWith('/') ? 1 : 0;
    const slash = path.indexOf('/', start);
    const seg = path.slice(start, slash < 0 ? path.length : slash).toLowerCase();
    return table.get(`/${seg}`);
  }
  return table.get(value.trim().toLowerCase());
}
