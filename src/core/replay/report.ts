/**
 * What a replay shows and exports: the connections whose decision changes, grouped by user, address
 * or rule, the `cli replay --json` summary and the CSV export.
 *
 * Decisions:
 * - "Changed" means the decision before differs from the decision after. Its `rule` is the rule that
 *   decides after (the draft's), or, when no draft rule matches (newly allowed by default), the rule
 *   that decided before; null only when neither set has one.
 * - Tables are sorted by lines, most first, then user, so the busiest connections come first.
 */
import type { Action } from '../model/types.ts';
import { csvCell } from './csv.ts';
import type { LogReplayResult, ReplayConnection } from './replay.ts';

/** One connection whose decision changes, as `cli replay --json` lists it. */
export interface ChangedConnection {
  user: string;
  ip: string;
  protocol: string;
  authenticationType: string;
  from: Action;
  to: Action;
  rule: string | null;
  lines: number;
}

function byLines(a: ReplayConnection, b: ReplayConnection): number {
  return b.lines - a.lines || a.user.localeCompare(b.user) || a.ip.localeCompare(b.ip);
}

/**
 * The connections newly denied (allowed before, denied after) or newly allowed, busiest first.
 *
 * @example changedConnections(result, 'newly-denied').length // 3
 */
export function changedConnections(result: LogReplayResult, which: 'newly-denied' | 'newly-allowed' | 'all'): ReplayConnection[] {
  return result.connections
    .filter((c) => c.before !== c.after && (which === 'all' || (which === 'newly-denied') === (c.after === 'DenyAccess')))
    .sort(byLines);
}

/** The rule a change is attributed to (see Decisions). */
export function changeRule(c: ReplayConnection): string | null {
  return c.afterRule ?? c.beforeRule;
}

/** A group of changed connections: by user, by address or by rule. */
export interface ChangeGroup {
  key: string;
  connections: number;
  lines: number;
}

/**
 * Groups connections by user (case-insensitive, shown as first seen), client address or rule.
 *
 * @example groupConnections(changedConnections(r, 'newly-denied'), 'rule') // [{ key: 'Block POP', connections: 4, lines: 120 }]
 */
export function groupConnections(connections: readonly ReplayConnection[], by: 'user' | 'ip' | 'rule'): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const c of connections) {
    const key = by === 'user' ? c.user : by === 'ip' ? c.ip : (changeRule(c) ?? '(no rule: allowed by default)');
    const id = by === 'user' ? key.toLowerCase() : key;
    let g = groups.get(id);
    if (!g) {
      g = { key, connections: 0, lines: 0 };
      groups.set(id, g);
    }
    g.connections++;
    g.lines += c.lines;
  }
  return [...groups.values()].sort((a, b) => b.lines - a.lines || a.key.localeCompare(b.key));
}

/** The `cli replay --json` document (the shape of issue 8, plus files, rule hits and hourly counts). */
export interface ReplaySummary {
  lines: number;
  skipped: Record<string, number>;
  connections: number;
  before: Record<Action, number>;
  after: Record<Action, number>;
  changed: ChangedConnection[];
  files: LogReplayResult['files'];
  ruleHits: LogReplayResult['ruleHits'];
  hourly: LogReplayResult['hourly'];
}

/**
 * The summary `cli replay --json` prints: line counts, skip reasons, distinct connections, before
 * and after line counts, and every connection whose decision changes.
 *
 * @example replaySummary(result).after.DenyAccess // 42
 */
export function replaySummary(result: LogReplayResult): ReplaySummary {
  return {
    lines: result.lines,
    skipped: { ...result.skipped } as Record<string, number>,
    connections: result.connections.length,
    before: result.before,
    after: result.after,
    changed: changedConnections(result, 'all').map((c) => ({
      user: c.user,
      ip: c.ip,
      protocol: c.protocol,
      authenticationType: c.authenticationType,
      from: c.before,
      to: c.after,
      rule: changeRule(c),
      lines: c.lines,
    })),
    files: result.files,
    ruleHits: result.ruleHits,
    hourly: result.hourly,
  };
}

/** The columns of the CSV export, in order. */
export const REPLAY_CSV_COLUMNS = [
  'user',
  'ip',
  'protocol',
  'authenticationType',
  'connectionType',
  'before',
  'beforeRule',
  'after',
  'afterRule',
  'changed',
  'lines',
  'firstHour',
  'lastHour',
] as const;

/**
 * Every distinct connection as CSV (header row, CRLF line ends, values quoted through `csvCell`, which
 * also defuses spreadsheet formulas). Changed connections first, then by lines.
 *
 * @example replayToCsv(result).split('\r\n')[0] // 'user,ip,protocol,…'
 */
export function replayToCsv(result: LogReplayResult): string {
  const rows = [...result.connections].sort((a, b) => Number(b.before !== b.after) - Number(a.before !== a.after) || byLines(a, b));
  const lines = [REPLAY_CSV_COLUMNS.join(',')];
  for (const c of rows) {
    lines.push(
      [
        c.user,
        c.ip,
        c.protocol,
        c.authenticationType,
        c.connectionType,
        c.before,
        c.beforeRule,
        c.after,
        c.afterRule,
        c.before !== c.after ? 'yes' : 'no',
        c.lines,
        c.firstHour,
        c.lastHour,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
