/**
 * What the Replay view shows, as pure functions: the rows of each tab, filtered and sorted, and the
 * words for sizes and progress. The view and its tests use these; the numbers come from core.
 */
import { changeRule, changedConnections, groupConnections } from '../../../core/replay/report.ts';
import type { ChangeGroup } from '../../../core/replay/report.ts';
import type { LogReplayResult, ReplayConnection } from '../../../core/replay/replay.ts';
import { authenticationDisplayName, authenticationLabel, protocolDisplayName, protocolLabel } from '../../../core/describe.ts';

export type ConnectionTab = 'newly-denied' | 'newly-allowed' | 'all';
export type GroupBy = 'connection' | 'user' | 'ip' | 'rule';

export const CONNECTION_COLUMNS = ['user', 'ip', 'protocol', 'authenticationType', 'before', 'after', 'rule', 'lines'] as const;
export type ConnectionColumn = (typeof CONNECTION_COLUMNS)[number];
export const GROUP_COLUMNS = ['key', 'connections', 'lines'] as const;
export type GroupColumn = (typeof GROUP_COLUMNS)[number];

export interface SortState<C extends string> {
  column: C;
  descending: boolean;
}

/** Column headings. */
export const COLUMN_LABELS: Record<ConnectionColumn | GroupColumn, string> = {
  user: 'User',
  ip: 'Address',
  protocol: 'Protocol',
  authenticationType: 'Authentication',
  before: 'Before',
  after: 'After',
  rule: 'Rule',
  lines: 'Lines',
  key: 'Group',
  connections: 'Connections',
};

export const GROUP_LABELS: Record<GroupBy, string> = { connection: 'Connection', user: 'User', ip: 'Address', rule: 'Rule' };

/** The rule a row is attributed to: the deciding rule after, else before (as in the core report). */
export function rowRule(c: ReplayConnection): string {
  return changeRule(c) ?? '';
}

function cellOf(c: ReplayConnection, column: ConnectionColumn): string | number {
  if (column === 'rule') return rowRule(c);
  if (column === 'protocol') return protocolDisplayName(c.protocol);
  if (column === 'authenticationType') return authenticationDisplayName(c.authenticationType);
  return c[column];
}

/**
 * What a cell shows: protocols and authentication types by display name (one vocabulary), the rest as
 * it is; `title` is its tooltip, with the PowerShell value after the display name.
 *
 * @example cellText(c, 'protocol') // 'Exchange admin center'
 */
export function cellText(c: ReplayConnection, column: ConnectionColumn): { text: string; title: string } {
  if (column === 'protocol') return { text: protocolDisplayName(c.protocol), title: protocolLabel(c.protocol) };
  if (column === 'authenticationType') return { text: authenticationDisplayName(c.authenticationType), title: authenticationLabel(c.authenticationType) };
  if (column === 'lines') return { text: c.lines.toLocaleString('en-US'), title: String(c.lines) };
  if (column === 'rule') return { text: rowRule(c) || '(none)', title: rowRule(c) };
  return { text: String(c[column]), title: String(c[column]) };
}

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { sensitivity: 'base', numeric: true });
}

/** Whether a connection matches the filter text (case-insensitive, over every shown column; a protocol by either name). */
export function matchesFilter(c: ReplayConnection, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (f === '') return true;
  return [c.user, c.ip, c.protocol, protocolDisplayName(c.protocol), c.authenticationType, authenticationDisplayName(c.authenticationType), c.before, c.after, rowRule(c)].some(
    (v) => v.toLowerCase().includes(f),
  );
}

/**
 * The connection rows of a tab, filtered and sorted (ties broken by lines, most first).
 *
 * @example connectionRows(result, 'newly-denied', 'sales', { column: 'lines', descending: true })
 */
export function connectionRows(result: LogReplayResult, tab: ConnectionTab, filter: string, sort: SortState<ConnectionColumn>): ReplayConnection[] {
  const base = tab === 'all' ? [...result.connections] : changedConnections(result, tab);
  const rows = base.filter((c) => matchesFilter(c, filter));
  const sign = sort.descending ? -1 : 1;
  return rows.sort((a, b) => sign * compare(cellOf(a, sort.column), cellOf(b, sort.column)) || b.lines - a.lines);
}

/**
 * The grouped rows of a tab (by user, address or rule), filtered by the group key, sorted.
 *
 * @example groupRows(result, 'newly-denied', 'rule', '', { column: 'lines', descending: true })
 */
export function groupRows(result: LogReplayResult, tab: ConnectionTab, by: Exclude<GroupBy, 'connection'>, filter: string, sort: SortState<GroupColumn>): ChangeGroup[] {
  const base = tab === 'all' ? result.connections : changedConnections(result, tab);
  const f = filter.trim().toLowerCase();
  const sign = sort.descending ? -1 : 1;
  return groupConnections(base, by)
    .filter((g) => f === '' || g.key.toLowerCase().includes(f))
    .sort((a, b) => sign * compare(a[sort.column], b[sort.column]) || b.lines - a.lines);
}

/** The next sort when a column heading is activated: same column flips, a new one starts descending for numbers. */
export function nextSort<C extends string>(current: SortState<C>, column: C, numeric: boolean): SortState<C> {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: numeric };
}

/** A byte count in words: `1.5 GB`, `300 KB`. */
export function describeBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} bytes`;
}

/** A count with its noun: `1 line`, `2,500 lines`. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

const HOUR_MS = 3_600_000;
/** Longest span (in hours) the chart fills hour by hour; beyond it only hours with traffic are drawn. */
export const MAX_FILLED_HOURS = 24 * 62;

/**
 * The hourly counts with the hours between the first and the last that had no replayed line added as
 * zeros, so the chart does not draw a slope across a quiet night. Hours are `YYYY-MM-DDTHH` (UTC).
 *
 * @example continuousHours([{ hour: '2024-05-01T10', before: 1, after: 2 }, { hour: '2024-05-01T12', before: 0, after: 1 }]).length // 3
 */
export function continuousHours<T extends { hour: string; before: number; after: number }>(hourly: readonly T[]): { hour: string; before: number; after: number }[] {
  if (hourly.length < 2) return [...hourly];
  const time = (h: string) => Date.parse(`${h}:00:00Z`);
  const first = time(hourly[0]!.hour);
  const last = time(hourly[hourly.length - 1]!.hour);
  if (Number.isNaN(first) || Number.isNaN(last) || (last - first) / HOUR_MS > MAX_FILLED_HOURS) return [...hourly];
  const byHour = new Map(hourly.map((h) => [h.hour, h]));
  const out: { hour: string; before: number; after: number }[] = [];
  for (let t = first; t <= last; t += HOUR_MS) {
    const hour = new Date(t).toISOString().slice(0, 13);
    const h = byHour.get(hour);
    out.push(h ? { hour, before: h.before, after: h.after } : { hour, before: 0, after: 0 });
  }
  return out;
}
