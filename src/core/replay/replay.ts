/**
 * Replaying real connection logs against rule sets: for every distinct connection (user, address,
 * protocol, authentication type, connection type) the decision before (the baseline, or "everything
 * allowed" without one) and after (the draft), the deciding rule, and how many log lines it stands
 * for; lines skipped, counted by reason; per-rule hits; denied lines per hour.
 *
 * Streaming: `openFile(name)` returns a reader that takes text chunks of any size (`push`) and
 * `end()`. Only the unfinished line and the per-connection counts are kept, never the file.
 *
 * Decisions:
 * - Each distinct connection is decided once, with `evaluate` on the compiled rule sets (the same
 *   decision as `decide`, plus the deciding rule's name); every further line of it is a counter
 *   increment. User names are compared case-insensitively (`CONTOSO\Jeff` = `contoso\jeff`); the
 *   spelling first seen is shown.
 * - The directory (Get-User export) must be read before the first log line, since attributes take
 *   part in each connection's decision; a directory file after log lines is an input error.
 * - "Lines" counts data lines: comment and header lines are not counted, skipped lines are (and are
 *   counted again under their reason). Before/after totals count replayed lines.
 * - A file whose header is not one of the known formats, or lacks a column the format needs, is an
 *   input error with file and line. Bad lines inside a known format are skipped and counted.
 */
import { compileRuleSet, evaluate } from '../evaluator/evaluate.ts';
import type { CompiledRuleSet } from '../evaluator/evaluate.ts';
import { AUTHENTICATION_TYPES, CONNECTION_TYPES, PROTOCOLS } from '../model/types.ts';
import type { Action, AuthenticationType, Connection, ConnectionType, Protocol, RuleSet } from '../model/types.ts';
import { createDirectory, directoryLookup, directoryReader } from './directory.ts';
import type { DirectoryIndex } from './directory.ts';
import { isOpenRecord, normalizeHeader } from './csv.ts';
import { connectionSkipReason, connectionsReader, csvHeaderCells, detectCsvFormat, entraReader, httpProxyReader, iisReader, LOG_FORMAT_NAMES } from './formats.ts';
import type { HeaderError, LogFormat, Observation, RowReader, SkipReason } from './formats.ts';
import { compileMapping, DEFAULT_MAPPING } from './mapping.ts';
import type { CompiledMapping, MappingEntry } from './mapping.ts';
import { LineSplitter } from './lines.ts';

const slotsOf = (values: readonly string[]): Record<string, number> => Object.fromEntries(values.map((v, i) => [v, i]));
const PROTOCOL_SLOT = slotsOf(PROTOCOLS);
const AUTH_SLOT = slotsOf(AUTHENTICATION_TYPES);
const TYPE_SLOT = slotsOf(CONNECTION_TYPES);

/** Bad input: the file and line where it is, and why. */
export class LogReplayError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'LogReplayError';
  }
}

export interface LogReplayOptions {
  /** The rules to be deployed. */
  draft: RuleSet;
  /** The rules deployed today; without it, "before" is everything allowed. */
  baseline?: RuleSet | null;
  /** The mapping table (default `DEFAULT_MAPPING`, with overrides merged by `mergeMapping`). */
  mapping?: readonly MappingEntry[];
}

/** One distinct connection and its decisions. */
export interface ReplayConnection {
  user: string;
  ip: string;
  protocol: Protocol;
  authenticationType: AuthenticationType;
  port: number;
  connectionType: ConnectionType;
  attributes: Record<string, string>;
  before: Action;
  /** The rule that decided before; null when no rule matched (or there is no baseline). */
  beforeRule: string | null;
  after: Action;
  afterRule: string | null;
  /** Log lines this connection stands for. */
  lines: number;
  /** First and last hour seen (`YYYY-MM-DDTHH`), when the lines carry a time. */
  firstHour: string | null;
  lastHour: string | null;
}

/** How often a rule decided replayed traffic. A rule with 0 lines is never reached by real traffic. */
export interface RuleHit {
  set: 'draft' | 'baseline';
  name: string;
  priority: number;
  enabled: boolean;
  action: Action;
  lines: number;
  connections: number;
}

/** An example of a skipped line, to show why. */
export interface SkipExample {
  reason: SkipReason;
  file: string;
  line: number;
  text: string;
}

export interface ReplayFileSummary {
  name: string;
  format: LogFormat;
  lines: number;
  skipped: number;
}

export interface LogReplayResult {
  files: ReplayFileSummary[];
  /** Data lines read (skipped ones included). */
  lines: number;
  skipped: Partial<Record<SkipReason, number>>;
  skipExamples: SkipExample[];
  hasBaseline: boolean;
  connections: ReplayConnection[];
  /** Replayed lines by decision. */
  before: Record<Action, number>;
  after: Record<Action, number>;
  ruleHits: RuleHit[];
  /** Denied lines per hour before and after, for every hour with replayed lines, in hour order. */
  hourly: { hour: string; before: number; after: number }[];
  /** Users read from a directory file, and distinct replayed users it has no row for. */
  directoryUsers: number;
  usersWithoutDirectoryEntry: number;
}

/** Receives a file's chunks. */
export interface LogFileReader {
  push(chunk: string): void;
  /** Ends the file; throws `LogReplayError` when it never had a recognisable header. */
  end(): void;
  /** Data lines read so far. */
  readonly lines: number;
  /** The format, once the header has been read. */
  readonly format: LogFormat | null;
}

interface HourBucket {
  hour: string;
  before: number;
  after: number;
}

interface Entry {
  conn: ReplayConnection;
  /** Order of first appearance, so results list connections as the logs first show them. */
  seq: number;
  /** Why every line of this connection is skipped (health mailbox, loopback, bad address), or null. */
  skip: SkipReason | null;
  beforeDeny: boolean;
  afterDeny: boolean;
  beforeRuleId: string | null;
  afterRuleId: string | null;
}

/**
 * A copy of `text` that shares no memory with the chunk it was cut from: substrings of a chunk keep
 * the whole chunk alive, and kept per distinct connection they would hold most of a large file.
 */
function detach(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

const EXAMPLES_PER_REASON = 3;
const EXAMPLE_LENGTH = 300;

/**
 * A replay over any number of files against a draft (and optional baseline) rule set.
 *
 * @example
 * const replay = new LogReplay({ draft, baseline });
 * const file = replay.openFile('HttpProxy_2024050110-1.LOG');
 * file.push(text); file.end();
 * replay.result().after.DenyAccess // 12
 */
export class LogReplay {
  private readonly draft: CompiledRuleSet;
  private readonly baseline: CompiledRuleSet | null;
  private readonly mapping: CompiledMapping;
  private readonly directory: DirectoryIndex = createDirectory();
  /** Entries by exact user text, then address, then a slot per protocol, authentication and connection type. */
  private readonly byUser = new Map<string, Map<string, (Entry | undefined)[]>>();
  /** The same address maps by lower-cased user, so that every spelling of a user shares them. */
  private readonly byLowerUser = new Map<string, Map<string, (Entry | undefined)[]>>();
  /** Entries of connections that carry their own attributes (connections CSV). */
  private readonly keyed = new Map<string, Entry>();
  private readonly hourly = new Map<string, HourBucket>();
  private lastHour: HourBucket | null = null;
  private readonly skipped: Partial<Record<SkipReason, number>> = {};
  private readonly examples: SkipExample[] = [];
  private readonly files: ReplayFileSummary[] = [];
  private lines = 0;
  private seq = 0;

  constructor(options: LogReplayOptions) {
    this.draft = compileRuleSet(options.draft);
    this.baseline = options.baseline ? compileRuleSet(options.baseline) : null;
    this.mapping = compileMapping(options.mapping ?? DEFAULT_MAPPING);
  }

  /** Data lines read so far over every file. */
  get linesRead(): number {
    return this.lines;
  }

  /** Starts reading a file; `name` is only for messages. */
  openFile(name: string): LogFileReader {
    const summary: ReplayFileSummary = { name, format: 'httpproxy', lines: 0, skipped: 0 };
    let format: LogFormat | null = null;
    let reader: RowReader | null = null;
    let directoryRow: ((line: string) => boolean) | null = null;
    let headerCells: string[] | null = null;
    let pending = '';
    let pendingLine = 0;
    let multiline = false;
    let lastLine = 0;

    const fail = (line: number, why: string): never => {
      throw new LogReplayError(name, line, why);
    };
    const useHeader = (cells: string[], line: number, iis: boolean) => {
      const detected: LogFormat | null = iis ? 'iis' : detectCsvFormat(cells);
      if (!detected) {
        fail(
          line,
          'not a log this replay reads: expected an HttpProxy log (DateTime, ClientIpAddress, …), an IIS log (#Fields: … cs-uri-stem … c-ip), an Entra sign-in CSV (Date (UTC), Username, IP address, Client app), a connections CSV (protocol, authenticationType, ip, port, user) or a Get-User export (UserPrincipalName, …)',
        );
      }
      const f = detected as LogFormat;
      if (format !== null && f !== format) fail(line, `a ${LOG_FORMAT_NAMES[f]} header inside a ${LOG_FORMAT_NAMES[format]}`);
      let made: RowReader | HeaderError | ((line: string) => boolean);
      if (f === 'users') {
        if (this.lines > 0) {
          fail(line, 'a Get-User directory file must be read before the logs (its attributes take part in every decision)');
        }
        made = directoryReader(cells, this.directory);
      } else {
        made =
          f === 'httpproxy'
            ? httpProxyReader(cells, this.mapping)
            : f === 'iis'
              ? iisReader(cells, this.mapping)
              : f === 'entra'
                ? entraReader(cells, this.mapping)
                : connectionsReader(cells);
      }
      if ('error' in made) fail(line, `${LOG_FORMAT_NAMES[f]}: ${made.error}`);
      format = f;
      summary.format = f;
      headerCells = cells;
      multiline = f === 'entra' || f === 'users' || f === 'connections';
      if (f === 'users') directoryRow = made as (line: string) => boolean;
      else reader = made as RowReader;
      if (!this.files.includes(summary)) this.files.push(summary);
    };

    const dataLine = (text: string, lineNumber: number) => {
      summary.lines++;
      if (directoryRow) {
        if (!directoryRow(text)) this.skip('malformed-line', name, lineNumber, text, summary);
        return;
      }
      this.lines++;
      const r = reader!(text);
      const reason = typeof r === 'string' ? r : this.record(r);
      if (reason !== null) this.skip(reason, name, lineNumber, text, summary);
    };

    const onLine = (line: string, lineNumber: number) => {
      lastLine = lineNumber;
      if (pending !== '') {
        pending += `\n${line}`;
        if (isOpenRecord(pending)) return;
        const record = pending;
        pending = '';
        dataLine(record, pendingLine);
        return;
      }
      if (line.length === 0) return;
      if (line.charCodeAt(0) === 35) {
        // '#': a W3C-style directive or comment.
        if (/^#fields:/i.test(line)) {
          const body = line.slice(8).trim();
          const iis = !body.includes(',');
          useHeader(iis ? body.split(/\s+/).map(normalizeHeader) : csvHeaderCells(body), lineNumber, iis);
        }
        return;
      }
      if (headerCells === null) {
        useHeader(csvHeaderCells(line), lineNumber, false);
        return;
      }
      if (format === 'httpproxy' && line.startsWith('DateTime,')) {
        // The bare header line repeated after `#Fields:` (or at a log roll-over).
        useHeader(csvHeaderCells(line), lineNumber, false);
        return;
      }
      if (multiline && isOpenRecord(line)) {
        pending = line;
        pendingLine = lineNumber;
        return;
      }
      dataLine(line, lineNumber);
    };

    const splitter = new LineSplitter(onLine);
    return {
      push: (chunk) => splitter.push(chunk),
      end: () => {
        splitter.end();
        if (pending !== '') {
          const record = pending;
          pending = '';
          dataLine(record, pendingLine);
        }
        if (headerCells === null) fail(Math.max(lastLine, 1), 'no header line: the file is empty or holds only comments');
      },
      get lines() {
        return summary.lines;
      },
      get format() {
        return format;
      },
    };
  }

  private skip(reason: SkipReason, file: string, line: number, text: string, summary: ReplayFileSummary): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    summary.skipped++;
    if (this.skipped[reason]! <= EXAMPLES_PER_REASON) this.examples.push({ reason, file, line, text: detach(text.slice(0, EXAMPLE_LENGTH)) });
  }

  /** The entry of an observation's connection, found without building a string key (the hot path). */
  private entryOf(o: Observation): Entry {
    if (o.attributes !== null) {
      // Connections CSV rows carry their own attributes, which take part in the decision.
      const key = `${o.protocol}|${o.authenticationType}|${o.connectionType}|${o.ip}|${o.user.toLowerCase()}|${JSON.stringify(o.attributes)}`;
      let entry = this.keyed.get(key);
      if (entry === undefined) {
        entry = this.decideNew(o);
        this.keyed.set(key, entry);
      }
      return entry;
    }
    let byIp = this.byUser.get(o.user);
    if (byIp === undefined) {
      const lower = o.user.toLowerCase();
      byIp = this.byLowerUser.get(lower);
      if (byIp === undefined) {
        byIp = new Map();
        this.byLowerUser.set(detach(lower), byIp);
      }
      this.byUser.set(detach(o.user), byIp);
    }
    let slots = byIp.get(o.ip);
    if (slots === undefined) {
      slots = [];
      byIp.set(detach(o.ip), slots);
    }
    const slot = (PROTOCOL_SLOT[o.protocol]! * AUTHENTICATION_TYPES.length + AUTH_SLOT[o.authenticationType]!) * CONNECTION_TYPES.length + TYPE_SLOT[o.connectionType]!;
    let entry = slots[slot];
    if (entry === undefined) {
      entry = this.decideNew(o);
      slots[slot] = entry;
    }
    return entry;
  }

  /** Counts one observation; returns the reason when its connection's lines are skipped. */
  private record(o: Observation): SkipReason | null {
    const entry = this.entryOf(o);
    if (entry.skip !== null) return entry.skip;
    const c = entry.conn;
    c.lines++;
    const hour = o.hour;
    if (hour !== null) {
      // Every hour with replayed traffic gets a bucket (so the chart shows zeros too); logs are in
      // time order, so the last bucket is nearly always the one. The bucket's own copy of the hour
      // text is what connections keep (see `detach`).
      let h = this.lastHour !== null && hour === this.lastHour.hour ? this.lastHour : this.hourly.get(hour);
      if (h === undefined) {
        h = { hour: detach(hour), before: 0, after: 0 };
        this.hourly.set(h.hour, h);
      }
      this.lastHour = h;
      if (c.firstHour === null || h.hour < c.firstHour) c.firstHour = h.hour;
      if (c.lastHour === null || h.hour > c.lastHour) c.lastHour = h.hour;
      if (entry.beforeDeny) h.before++;
      if (entry.afterDeny) h.after++;
    }
    return null;
  }

  private decideNew(o: Observation): Entry {
    const attributes = o.attributes ?? directoryLookup(this.directory, o.user) ?? {};
    const user = detach(o.user);
    const ip = detach(o.ip);
    const connection: Connection = {
      protocol: o.protocol,
      authenticationType: o.authenticationType,
      ipAddress: o.ip,
      port: o.port,
      user: o.user,
      attributes,
      connectionType: o.connectionType,
    };
    const skip = connectionSkipReason(user, ip);
    const after = evaluate(this.draft, connection);
    const before = this.baseline ? evaluate(this.baseline, connection) : null;
    const conn: ReplayConnection = {
      user,
      ip,
      protocol: o.protocol,
      authenticationType: o.authenticationType,
      port: o.port,
      connectionType: o.connectionType,
      attributes,
      before: before?.action ?? 'AllowAccess',
      beforeRule: before?.matchedRule ?? null,
      after: after.action,
      afterRule: after.matchedRule,
      lines: 0,
      firstHour: null,
      lastHour: null,
    };
    return {
      seq: this.seq++,
      conn,
      skip,
      beforeDeny: conn.before === 'DenyAccess',
      afterDeny: conn.after === 'DenyAccess',
      beforeRuleId: before?.matchedRuleId ?? null,
      afterRuleId: after.matchedRuleId,
    };
  }

  /** Every entry, in order of first appearance. */
  private allEntries(): Entry[] {
    const all: Entry[] = [...this.keyed.values()];
    for (const byIp of this.byLowerUser.values()) for (const slots of byIp.values()) for (const e of slots) if (e !== undefined) all.push(e);
    return all.sort((a, b) => a.seq - b.seq);
  }

  /** The results so far (may be called between files for a progress view). */
  result(): LogReplayResult {
    const connections: ReplayConnection[] = [];
    const before: Record<Action, number> = { AllowAccess: 0, DenyAccess: 0 };
    const after: Record<Action, number> = { AllowAccess: 0, DenyAccess: 0 };
    const users = new Set<string>();
    let usersWithout = 0;
    const entries = this.allEntries();
    for (const e of entries) {
      if (e.skip !== null || e.conn.lines === 0) continue;
      connections.push({ ...e.conn, attributes: { ...e.conn.attributes } });
      before[e.conn.before] += e.conn.lines;
      after[e.conn.after] += e.conn.lines;
      const u = e.conn.user.toLowerCase();
      if (!users.has(u)) {
        users.add(u);
        if (this.directory.users > 0 && directoryLookup(this.directory, e.conn.user) === null) usersWithout++;
      }
    }
    const hits = (set: 'draft' | 'baseline', compiled: CompiledRuleSet | null): RuleHit[] => {
      if (!compiled) return [];
      const byId = new Map<string, RuleHit>();
      for (const r of compiled.rules) {
        byId.set(r.rule.id, { set, name: r.rule.name, priority: r.priority, enabled: r.enabled, action: r.action, lines: 0, connections: 0 });
      }
      for (const e of entries) {
        if (e.skip !== null || e.conn.lines === 0) continue;
        const id = set === 'draft' ? e.afterRuleId : e.beforeRuleId;
        const hit = id === null ? undefined : byId.get(id);
        if (hit) {
          hit.lines += e.conn.lines;
          hit.connections++;
        }
      }
      return [...byId.values()].sort((a, b) => a.priority - b.priority);
    };
    return {
      files: this.files.map((f) => ({ ...f })),
      lines: this.lines,
      skipped: { ...this.skipped },
      skipExamples: [...this.examples],
      hasBaseline: this.baseline !== null,
      connections,
      before,
      after,
      ruleHits: [...hits('draft', this.draft), ...hits('baseline', this.baseline)],
      hourly: [...this.hourly.values()].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0)).map((h) => ({ ...h })),
      directoryUsers: this.directory.users,
      usersWithoutDirectoryEntry: usersWithout,
    };
  }
}
