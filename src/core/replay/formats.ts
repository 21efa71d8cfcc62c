/**
 * The log formats a replay reads, told apart by their header (column names matched
 * case-insensitively and trimmed), and the reading of one data line into an observation.
 *
 * Decisions:
 * - Exchange HttpProxy logs: a `#`-comment preamble, then a `#Fields:` line and/or a bare header line
 *   starting `DateTime,`; recognised by the `DateTime` and `ClientIpAddress` columns. Positions are
 *   never assumed: every column is found by name. `Protocol` decides the protocol, `UrlStem` when the
 *   Protocol value has no row in the mapping table.
 * - IIS W3C logs: the `#Fields:` directive (space-separated names, may change mid-file after a
 *   restart: each new directive applies to the lines below it). `-` is an empty value.
 * - Entra sign-in CSV: `Date (UTC)`, `Username` (or `User principal name`), `IP address`,
 *   `Client app`; an optional `Status` column: failed sign-ins never reached the rules (they are
 *   evaluated after authentication, spec 3.8) and are skipped as `failed-sign-in`.
 * - The project's own connections CSV: `protocol,authenticationType,ip,port,user[,connectionType]
 *   [,attr:Department,…]`, values as the rules spell them (any case).
 * - Get-User | Export-Csv: one of UserPrincipalName, SamAccountName, WindowsEmailAddress plus any
 *   recipient-filter attributes; a `#TYPE` first line is ignored.
 * - Logs carry no client port: their connections get port 443 (rules never test the port; the
 *   simulator needs one). Logs cannot tell middle-tier applications apart: their connections are
 *   `EndUser`.
 * - Noise, skipped and counted: health mailboxes (user name starting `HealthMailbox`), probe user
 *   agents (`AMProbe`, `ActiveMonitoring`, `MSExchangeHealth`, `Exchange Monitoring`), loopback
 *   addresses (127.0.0.0/8, ::1), anonymous requests (no authenticated user; with HTTP status 401
 *   they are the challenge of a sign-in and counted as `anonymous-401-challenge`).
 */
import { AUTHENTICATION_TYPES, CONNECTION_TYPES, OPATH_PROPERTIES, PROTOCOLS } from '../model/types.ts';
import type { AuthenticationType, ConnectionType, Protocol } from '../model/types.ts';
import { parseAddress } from '../match/ip.ts';
import { normalizeHeader, splitCsvFields } from './csv.ts';
import { NOT_GOVERNED, mapValue } from './mapping.ts';
import type { CompiledMapping, MappingKey } from './mapping.ts';

export const LOG_FORMATS = ['httpproxy', 'iis', 'entra', 'connections', 'users'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** How each format is named to the user. */
export const LOG_FORMAT_NAMES: Readonly<Record<LogFormat, string>> = {
  httpproxy: 'Exchange HttpProxy log',
  iis: 'IIS W3C log',
  entra: 'Entra sign-in log CSV',
  connections: 'connections CSV',
  users: 'Get-User directory CSV',
};

/** The port given to connections read from logs, which record none (see Decisions). */
export const LOG_CONNECTION_PORT = 443;

/** Why a line was not replayed. Every skipped line is counted under one of these. */
export const SKIP_REASONS = {
  'malformed-line': 'the line does not have the columns of its header, or a quoted value is not closed',
  'unmapped-protocol': 'the protocol value has no row in the mapping table',
  'protocol-not-governed': 'a protocol Client Access Rules do not govern (such as Autodiscover)',
  'unmapped-authentication-type': 'the authentication type has no row in the mapping table',
  'anonymous-401-challenge': 'an anonymous request answered 401: the challenge before a sign-in',
  anonymous: 'no authenticated user on the line',
  'failed-sign-in': 'a sign-in that failed: rules are evaluated after authentication',
  'health-mailbox': 'a health mailbox (Managed Availability monitoring)',
  'probe-user-agent': 'a monitoring probe user agent',
  'loopback-address': 'a loopback client address (the server itself)',
  'invalid-address': 'the client address is not an IPv4 or IPv6 address',
  'invalid-value': 'a value in the connections CSV is not a protocol, authentication type, port or connection type',
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

/** One connection read from a log line, ready to be decided. */
export interface Observation {
  protocol: Protocol;
  authenticationType: AuthenticationType;
  ip: string;
  port: number;
  user: string;
  connectionType: ConnectionType;
  /** Attributes from the line itself (connections CSV `attr:` columns), or null. */
  attributes: Record<string, string> | null;
  /** The hour of the line, `YYYY-MM-DDTHH` (UTC as logged), or null when the line has no time. */
  hour: string | null;
}

/**
 * Reads one data line of a format into an observation or a skip reason. The observation may be the
 * same object on every call (overwritten): use it before reading the next line.
 */
export type RowReader = (line: string) => Observation | SkipReason;

/** A header the reader could not use: the message says why (the caller adds file and line). */
export interface HeaderError {
  error: string;
}

/** Directory attributes by user, from a Get-User export (see `directory.ts`). */
export type HeaderCells = readonly string[];

/**
 * Tells the format of a CSV header line (already split and normalised) or null.
 *
 * @example detectCsvFormat(['date (utc)', 'username', 'ip address', 'client app']) // 'entra'
 */
export function detectCsvFormat(cells: HeaderCells): Exclude<LogFormat, 'iis'> | null {
  const has = (name: string) => cells.includes(name);
  if (has('datetime') && has('clientipaddress')) return 'httpproxy';
  if (has('client app') && (has('ip address') || has('date (utc)'))) return 'entra';
  if (has('protocol') && has('authenticationtype') && has('ip') && has('user')) return 'connections';
  if (has('userprincipalname') || has('samaccountname') || has('windowsemailaddress')) return 'users';
  return null;
}

const HEALTH_MAILBOX = /^(?:[^\\]*\\)?healthmailbox/i;
const PROBE_AGENT = /amprobe|activemonitoring|msexchangehealth|exchange ?monitoring/i;

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1' || ip === '0:0:0:0:0:0:0:1';
}

/**
 * A client address as logs write it, reduced to the address: the first of a comma-separated
 * forwarding chain, without `[…]` brackets around IPv6 or a `:port` after IPv4.
 *
 * @example logAddress('[2001:db8::1]:443') // '2001:db8::1'
 */
export function logAddress(raw: string): string {
  let ip = raw.trim();
  const comma = ip.indexOf(',');
  if (comma >= 0) ip = ip.slice(0, comma).trim();
  if (ip.startsWith('[')) {
    const close = ip.indexOf(']');
    return close > 0 ? ip.slice(1, close) : ip;
  }
  const colon = ip.indexOf(':');
  if (colon > 0 && ip.indexOf(':', colon + 1) < 0) return ip.slice(0, colon);
  return ip;
}

/** `YYYY-MM-DDTHH` from an ISO-like date-time (`2024-05-01T10:15:30Z`, `2024-05-01 10:15:30`), else null. */
export function hourOf(text: string): string | null {
  if (text.length >= 13 && text.charCodeAt(10) === 84 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) return text.slice(0, 13);
  const t = text.trim();
  if (t.length >= 13 && t.charCodeAt(4) === 45 && t.charCodeAt(7) === 45 && (t[10] === 'T' || t[10] === ' ')) {
    return `${t.slice(0, 10)}T${t.slice(11, 13)}`;
  }
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 13);
}

interface UserCheck {
  user: string;
  userAgent: string;
  status: string;
}

const CACHE_LIMIT = 10_000;
const probeAgents = new Map<string, boolean>();

/** Whether a user agent is a monitoring probe; cached, since a log repeats a few agents many times. */
function isProbeAgent(agent: string): boolean {
  let probe = probeAgents.get(agent);
  if (probe === undefined) {
    probe = PROBE_AGENT.test(agent);
    if (probeAgents.size >= CACHE_LIMIT) probeAgents.clear();
    probeAgents.set(agent, probe);
  }
  return probe;
}

/**
 * The noise checks that depend on the line (no user, probe agent). Those that depend only on the
 * connection are in `connectionSkipReason`, which the replay runs once per distinct connection.
 */
function noiseReason(c: UserCheck): SkipReason | null {
  if (c.user === '') return c.status === '401' ? 'anonymous-401-challenge' : 'anonymous';
  if (c.userAgent !== '' && isProbeAgent(c.userAgent)) return 'probe-user-agent';
  return null;
}

/**
 * Why every line of a connection is skipped, from its user and address alone (health mailbox,
 * loopback, an address that does not parse), or null. Checked after the line-level reasons.
 *
 * @example connectionSkipReason('HealthMailbox0c1d@contoso.com', '10.0.0.5') // 'health-mailbox'
 */
export function connectionSkipReason(user: string, ip: string): SkipReason | null {
  if (HEALTH_MAILBOX.test(user)) return 'health-mailbox';
  if (isLoopback(ip)) return 'loopback-address';
  if (parseAddress(ip) === null) return 'invalid-address';
  return null;
}

function protocolOf(mapping: CompiledMapping, key: MappingKey, value: string): Protocol | typeof NOT_GOVERNED | undefined {
  return mapValue(mapping, key, value) as Protocol | typeof NOT_GOVERNED | undefined;
}

function authOf(mapping: CompiledMapping, logged: string, protocol: Protocol): AuthenticationType | undefined {
  const key: MappingKey = logged.trim() === '' ? 'DefaultAuthenticationType' : 'AuthenticationType';
  return mapValue(mapping, key, key === 'AuthenticationType' ? logged : protocol) as AuthenticationType | undefined;
}

function columns<K extends string>(cells: HeaderCells, names: Record<K, readonly string[]>, required: readonly NoInfer<K>[]): Record<K, number> | HeaderError {
  const index = {} as Record<K, number>;
  const missing: string[] = [];
  for (const key of Object.keys(names) as K[]) {
    const aliases = names[key];
    const i = cells.findIndex((c) => aliases.includes(c));
    index[key] = i;
    if (i < 0 && required.includes(key)) missing.push(aliases[0]!);
  }
  return missing.length > 0 ? { error: `the header has no ${missing.map((m) => `'${m}'`).join(', ')} column` } : index;
}

const field = (fields: string[], i: number): string => (i >= 0 ? (fields[i] ?? '') : '');

/**
 * The row reader of an HttpProxy log for its header cells (normalised), or a header error.
 *
 * @example httpProxyReader(cells, mapping)('2024-05-01T10:00:00.000Z,…') // { protocol: 'OutlookWebApp', … }
 */
export function httpProxyReader(cells: HeaderCells, mapping: CompiledMapping): RowReader | HeaderError {
  const col = columns(
    cells,
    {
      time: ['datetime'],
      protocol: ['protocol'],
      stem: ['urlstem'],
      auth: ['authenticationtype'],
      user: ['authenticateduser'],
      agent: ['useragent'],
      ip: ['clientipaddress'],
      status: ['httpstatus'],
    },
    ['time', 'auth', 'user', 'ip'],
  );
  if ('error' in col) return col;
  if (col.protocol < 0 && col.stem < 0) return { error: "the header has neither a 'Protocol' nor a 'UrlStem' column" };
  const need = Math.max(...(Object.values(col) as number[])) + 1;
  const want = new Uint8Array(need);
  for (const i of Object.values(col) as number[]) if (i >= 0) want[i] = 1;
  const buf: string[] = [];
  const out: Observation = {
    protocol: 'OutlookWebApp',
    authenticationType: 'BasicAuthentication',
    ip: '',
    port: LOG_CONNECTION_PORT,
    user: '',
    connectionType: 'EndUser',
    attributes: null,
    hour: null,
  };
  return (line) => {
    const n = splitCsvFields(line, need, buf, ',', want);
    if (n < need) return 'malformed-line';
    let protocol = col.protocol >= 0 ? protocolOf(mapping, 'Protocol', buf[col.protocol]!) : undefined;
    if (protocol === undefined && col.stem >= 0) protocol = protocolOf(mapping, 'UrlStem', buf[col.stem]!);
    if (protocol === undefined) return 'unmapped-protocol';
    if (protocol === NOT_GOVERNED) return 'protocol-not-governed';
    const ip = logAddress(buf[col.ip]!);
    const user = buf[col.user]!.trim();
    const noise = noiseReason({ user, userAgent: field(buf, col.agent), status: field(buf, col.status).trim() });
    if (noise) return noise;
    const authenticationType = authOf(mapping, buf[col.auth]!, protocol);
    if (authenticationType === undefined) return 'unmapped-authentication-type';
    // One observation object per reader, overwritten for each line (the replay copies what it keeps).
    out.protocol = protocol;
    out.authenticationType = authenticationType;
    out.ip = ip;
    out.user = user;
    out.hour = hourOf(buf[col.time]!);
    return out;
  };
}

/**
 * The row reader of an IIS W3C log for the names of its `#Fields:` directive (normalised).
 *
 * @example iisReader(['date', 'time', 'cs-uri-stem', 'cs-username', 'c-ip'], mapping)
 */
export function iisReader(cells: HeaderCells, mapping: CompiledMapping): RowReader | HeaderError {
  const col = columns(
    cells,
    {
      date: ['date'],
      time: ['time'],
      stem: ['cs-uri-stem'],
      user: ['cs-username'],
      ip: ['c-ip'],
      port: ['c-port'],
      agent: ['cs(user-agent)'],
      status: ['sc-status'],
    },
    ['stem', 'user', 'ip'],
  );
  if ('error' in col) return col;
  const need = Math.max(...(Object.values(col) as number[])) + 1;
  const value = (fields: string[], i: number) => {
    const v = field(fields, i);
    return v === '-' ? '' : v;
  };
  return (line) => {
    const fields = line.split(' ');
    if (fields.length < need) return 'malformed-line';
    const protocol = protocolOf(mapping, 'UrlStem', fields[col.stem]!);
    if (protocol === undefined) return 'unmapped-protocol';
    if (protocol === NOT_GOVERNED) return 'protocol-not-governed';
    const ip = logAddress(fields[col.ip]!);
    const user = decodeIisValue(value(fields, col.user));
    const noise = noiseReason({ user, userAgent: decodeIisValue(value(fields, col.agent)), status: value(fields, col.status) });
    if (noise) return noise;
    const authenticationType = authOf(mapping, '', protocol);
    if (authenticationType === undefined) return 'unmapped-authentication-type';
    const port = Number(value(fields, col.port));
    const date = value(fields, col.date);
    const time = value(fields, col.time);
    return {
      protocol,
      authenticationType,
      ip,
      port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : LOG_CONNECTION_PORT,
      user,
      connectionType: 'EndUser',
      attributes: null,
      hour: date !== '' && time.length >= 2 ? `${date}T${time.slice(0, 2)}` : null,
    };
  };
}

/** IIS writes spaces in values as `+`; user names may be percent-encoded. */
function decodeIisValue(v: string): string {
  if (v.indexOf('+') < 0 && v.indexOf('%') < 0) return v;
  const spaced = v.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * The row reader of an Entra sign-in log CSV for its header cells (normalised).
 *
 * @example entraReader(['date (utc)', 'username', 'ip address', 'client app'], mapping)
 */
export function entraReader(cells: HeaderCells, mapping: CompiledMapping): RowReader | HeaderError {
  const col = columns(
    cells,
    {
      time: ['date (utc)', 'date'],
      user: ['username', 'user principal name', 'userprincipalname'],
      ip: ['ip address', 'ipaddress'],
      app: ['client app', 'clientapp'],
      agent: ['user agent', 'useragent'],
      status: ['status'],
    },
    ['user', 'ip', 'app'],
  );
  if ('error' in col) return col;
  const need = Math.max(...(Object.values(col) as number[])) + 1;
  const buf: string[] = [];
  return (line) => {
    const n = splitCsvFields(line, need, buf);
    if (n < need) return 'malformed-line';
    const app = buf[col.app]!;
    const protocol = protocolOf(mapping, 'ClientApp', app);
    if (protocol === undefined) return 'unmapped-protocol';
    if (protocol === NOT_GOVERNED) return 'protocol-not-governed';
    const status = field(buf, col.status).trim().toLowerCase();
    if (status !== '' && status !== 'success') return 'failed-sign-in';
    const ip = logAddress(buf[col.ip]!);
    const user = buf[col.user]!.trim();
    const noise = noiseReason({ user, userAgent: field(buf, col.agent), status: '' });
    if (noise) return noise;
    const authenticationType = mapValue(mapping, 'ClientAppAuthenticationType', app) as AuthenticationType | undefined;
    if (authenticationType === undefined) return 'unmapped-authentication-type';
    const time = field(buf, col.time);
    return { protocol, authenticationType, ip, port: LOG_CONNECTION_PORT, user, connectionType: 'EndUser', attributes: null, hour: time === '' ? null : hourOf(time) };
  };
}

function canonicalOf<T extends string>(text: string, values: readonly T[]): T | null {
  const lower = text.trim().toLowerCase();
  return values.find((v) => v.toLowerCase() === lower) ?? null;
}

/**
 * The row reader of the project's connections CSV (`protocol,authenticationType,ip,port,user
 * [,connectionType][,attr:Department,…]`, header names in any case). Values use the rules' own
 * names; anything else is `invalid-value`. Attribute columns name recipient-filter properties.
 *
 * @example connectionsReader(['protocol', 'authenticationtype', 'ip', 'port', 'user'])('POP3,BasicAuthentication,10.0.0.1,995,a@b.c')
 */
export function connectionsReader(cells: HeaderCells): RowReader | HeaderError {
  const col = columns(
    cells,
    {
      protocol: ['protocol'],
      auth: ['authenticationtype'],
      ip: ['ip'],
      port: ['port'],
      user: ['user'],
      type: ['connectiontype'],
      time: ['time', 'datetime'],
    },
    ['protocol', 'auth', 'ip', 'port', 'user'],
  );
  if ('error' in col) return col;
  const attrs: [string, number][] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (!c.startsWith('attr:')) continue;
    const name = canonicalOf(c.slice(5), OPATH_PROPERTIES);
    if (!name) return { error: `'${c}' names no recipient-filter attribute; attributes: ${OPATH_PROPERTIES.join(', ')}` };
    attrs.push([name, i]);
  }
  const need = Math.max(...(Object.values(col) as number[])) + 1;
  const buf: string[] = [];
  return (line) => {
    const n = splitCsvFields(line, Math.max(need, cells.length), buf);
    if (n < need) return 'malformed-line';
    const protocol = canonicalOf(buf[col.protocol]!, PROTOCOLS);
    const authenticationType = canonicalOf(buf[col.auth]!, AUTHENTICATION_TYPES);
    const typeText = field(buf, col.type).trim();
    const connectionType = typeText === '' ? 'EndUser' : canonicalOf(typeText, CONNECTION_TYPES);
    const port = Number(buf[col.port]!.trim());
    if (!protocol || !authenticationType || !connectionType || !Number.isInteger(port) || port < 1 || port > 65535) return 'invalid-value';
    const ip = logAddress(buf[col.ip]!);
    if (parseAddress(ip) === null) return 'invalid-address';
    const user = buf[col.user]!.trim();
    if (user === '') return 'anonymous';
    const attributes: Record<string, string> = {};
    for (const [name, i] of attrs) {
      const v = field(buf, i);
      if (i < n && v !== '') attributes[name] = v;
    }
    const time = field(buf, col.time);
    return { protocol, authenticationType, ip, port, user, connectionType, attributes: attrs.length > 0 ? attributes : null, hour: time === '' ? null : hourOf(time) };
  };
}

/** Splits and normalises a CSV header line. */
export function csvHeaderCells(line: string): string[] {
  const out: string[] = [];
  const n = splitCsvFields(line, 10_000, out);
  return out.slice(0, Math.max(n, 0)).map(normalizeHeader);
}
