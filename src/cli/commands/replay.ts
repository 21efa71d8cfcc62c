/**
 * `replay`: replays connection logs against a draft rule set (and optionally the deployed baseline)
 * and reports whose connections change decision, streaming the files a chunk at a time.
 */
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { MAPPING_KEY_DESCRIPTIONS, DEFAULT_MAPPING, mergeMapping, parseMappingOverride } from '../../core/replay/mapping.ts';
import type { MappingEntry } from '../../core/replay/mapping.ts';
import { LOG_FORMAT_NAMES, SKIP_REASONS } from '../../core/replay/formats.ts';
import { LogReplay, LogReplayError } from '../../core/replay/replay.ts';
import type { LogReplayResult } from '../../core/replay/replay.ts';
import { changedConnections, groupConnections, replaySummary, replayToCsv } from '../../core/replay/report.ts';
import { flagArg, parseCliArgs, stringArg, stringArgs } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadForCommand } from '../load.ts';

const USAGE = `Usage: cli replay --rules DRAFT [--baseline DEPLOYED] [--users USERS.csv] [--map Key:Value=Target]...
                  [--csv OUT.csv] [--json] [--show-mapping] LOG...

Replays real connection logs against the rules in DRAFT: which connections that the deployed rules
(BASELINE; without it, everything allowed) let through would be refused, and which newly allowed.
LOG files (any number, read a chunk at a time): Exchange HttpProxy logs, IIS W3C logs (u_ex*.log),
Entra sign-in CSVs, connections CSVs (protocol,authenticationType,ip,port,user[,connectionType]
[,attr:Department,...]); the format is detected from the header.
  --rules FILE       the draft rule set (project file, .ps1 or Get-ClientAccessRule output)
  --baseline FILE    the rules deployed today
  --users FILE       Get-User | Export-Csv output, for UserRecipientFilter attributes
  --map K:V=T        override a row of the mapping table (repeatable), e.g. AuthenticationType:FBA=BasicAuthentication
  --show-mapping     print the mapping table and exit
  --csv FILE         also write every distinct connection and its decisions as CSV
  --json             print {"lines", "skipped", "connections", "before", "after", "changed", ...} as JSON
A progress line goes to stderr when it is a terminal.
Exit codes: 0 replayed, 2 bad input (file and line say where).
`;

const OPTIONS = {
  rules: { type: 'string' },
  baseline: { type: 'string' },
  users: { type: 'string' },
  map: { type: 'string', multiple: true },
  csv: { type: 'string' },
  json: { type: 'boolean' },
  'show-mapping': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const CHUNK = 1 << 20;

/**
 * The mapping table as text, one row per line (`Key:Value = Target`), with what each key reads.
 *
 * @example formatMappingTable(DEFAULT_MAPPING).startsWith('Protocol') // true
 */
export function formatMappingTable(entries: readonly MappingEntry[]): string {
  const lines: string[] = [];
  for (const [key, description] of Object.entries(MAPPING_KEY_DESCRIPTIONS)) {
    lines.push(`${key}: ${description}`);
    for (const e of entries.filter((x) => x.key === key)) lines.push(`  ${e.from.padEnd(34)} ${e.to}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface Progress {
  update(file: string, index: number, count: number, done: number, size: number): void;
  clear(): void;
}

/**
 * The progress line on stderr (only when `enabled`, i.e. stderr is a terminal): file, percent of all
 * bytes, MB read and MB/s, redrawn in place at most every 200 ms, erased by `clear`.
 *
 * @example progressLine(io, process.stderr.isTTY === true).update('a.log', 0, 1, 5e6, 1e7)
 */
export function progressLine(io: CliIo, enabled: boolean, now: () => number = Date.now): Progress {
  let last = -Infinity;
  const started = now();
  let totalDone = 0;
  let shown = false;
  return {
    update(file, index, count, done, size) {
      const t = now();
      if (!enabled || t - last < 200) return;
      last = t;
      totalDone = done;
      const pct = size > 0 ? Math.floor((done / size) * 100) : 100;
      const mbps = totalDone / 1e6 / Math.max((t - started) / 1000, 0.001);
      io.stderr(`\r\x1b[Kreplay: file ${index + 1}/${count} ${file} ${pct}% (${(done / 1e6).toFixed(0)} MB, ${mbps.toFixed(0)} MB/s)`);
      shown = true;
    },
    clear() {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

async function streamFile(path: string, replay: LogReplay, onBytes: (n: number) => void): Promise<void> {
  const reader = replay.openFile(path);
  const decoder = new TextDecoder('utf-8');
  let done = 0;
  for await (const buf of createReadStream(path, { highWaterMark: CHUNK })) {
    reader.push(decoder.decode(buf as Buffer, { stream: true }));
    done += (buf as Buffer).length;
    onBytes(done);
  }
  reader.push(decoder.decode());
  reader.end();
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The human report: counts, skip reasons, newly denied and newly allowed connections grouped by
 * user, address and rule, and the rules real traffic never reaches.
 *
 * @example formatReplayReport(result).split('\n')[0] // 'Read 1,234 lines from 2 files: …'
 */
export function formatReplayReport(result: LogReplayResult): string {
  const replayed = result.after.AllowAccess + result.after.DenyAccess;
  const out = [
    `Read ${plural(result.lines, 'line')} from ${plural(result.files.length, 'file')}: ${plural(replayed, 'line')} replayed as ${plural(result.connections.length, 'distinct connection')}.`,
    `Before (${result.hasBaseline ? 'baseline' : 'no baseline: everything allowed'}): ${result.before.AllowAccess} allowed, ${result.before.DenyAccess} denied lines.`,
    `After (draft): ${result.after.AllowAccess} allowed, ${result.after.DenyAccess} denied lines.`,
  ];
  for (const f of result.files) out.push(`  ${f.name}: ${LOG_FORMAT_NAMES[f.format]}, ${plural(f.lines, 'line')}, ${f.skipped} skipped`);
  const reasons = Object.entries(result.skipped);
  if (reasons.length > 0) {
    out.push('', 'Skipped lines:');
    for (const [reason, n] of reasons) out.push(`  ${String(n).padStart(9)}  ${reason}: ${SKIP_REASONS[reason as keyof typeof SKIP_REASONS]}`);
  }
  for (const which of ['newly-denied', 'newly-allowed'] as const) {
    const rows = changedConnections(result, which);
    out.push('', `${which === 'newly-denied' ? 'Newly denied' : 'Newly allowed'}: ${plural(rows.length, 'connection')}, ${plural(rows.reduce((n, c) => n + c.lines, 0), 'line')}`);
    if (rows.length === 0) continue;
    for (const by of ['rule', 'user', 'ip'] as const) {
      const groups = groupConnections(rows, by);
      out.push(`  by ${by === 'ip' ? 'address' : by}:`);
      for (const g of groups.slice(0, 10)) out.push(`    ${g.key}: ${plural(g.connections, 'connection')}, ${plural(g.lines, 'line')}`);
      if (groups.length > 10) out.push(`    … and ${groups.length - 10} more (--json or --csv for all)`);
    }
  }
  const unreached = result.ruleHits.filter((h) => h.set === 'draft' && h.lines === 0);
  if (unreached.length > 0) {
    out.push('', 'Draft rules that no replayed connection reaches:');
    for (const h of unreached) out.push(`  #${h.priority} "${h.name}"${h.enabled ? '' : ' [disabled]'}`);
  }
  return `${out.join('\n')}\n`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv, OPTIONS);
  if (!args.ok) {
    io.stderr(`replay: ${args.message}\n\nRun 'cli replay --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  const { values, positionals } = args;
  if (flagArg(values, 'help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const errors: string[] = [];
  const overrides: MappingEntry[] = [];
  for (const text of stringArgs(values, 'map')) {
    const parsed = parseMappingOverride(text);
    if (parsed.ok) overrides.push(parsed.entry);
    else errors.push(`--map: ${parsed.message}`);
  }
  const mapping = mergeMapping(DEFAULT_MAPPING, overrides);
  if (flagArg(values, 'show-mapping') && errors.length === 0) {
    io.stdout(formatMappingTable(mapping));
    return EXIT_OK;
  }
  const rulesPath = stringArg(values, 'rules');
  if (!rulesPath) errors.push('--rules is required');
  if (positionals.length === 0) errors.push('at least one LOG file is required');
  if (errors.length > 0 || !rulesPath) {
    io.stderr(`${errors.map((e) => `replay: ${e}`).join('\n')}\n\nRun 'cli replay --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  const draft = await loadForCommand(rulesPath, io, { option: '--rules' });
  if (!draft) return EXIT_BAD_INPUT;
  const baselinePath = stringArg(values, 'baseline');
  const baseline = baselinePath ? await loadForCommand(baselinePath, io, { option: '--baseline' }) : null;
  if (baselinePath && !baseline) return EXIT_BAD_INPUT;

  const usersPath = stringArg(values, 'users');
  const files = [...(usersPath ? [usersPath] : []), ...positionals];
  const sizes: number[] = [];
  for (const file of files) {
    try {
      const s = await stat(file);
      if (s.isDirectory()) errors.push(`${file}: this is a folder, not a file`);
      sizes.push(s.size);
    } catch (e) {
      const code = (e as { code?: string }).code;
      errors.push(`${file}: ${code === 'ENOENT' ? 'file not found' : e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (errors.length > 0) {
    io.stderr(`${errors.join('\n')}\n`);
    return EXIT_BAD_INPUT;
  }

  const replay = new LogReplay({ draft, baseline, mapping });
  const progress = progressLine(io, process.stderr.isTTY === true);
  let before = 0;
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      await streamFile(file, replay, (done) => progress.update(file, i, files.length, before + done, before + sizes[i]!));
      before += sizes[i]!;
    }
  } catch (e) {
    progress.clear();
    if (e instanceof LogReplayError) {
      io.stderr(`replay: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const code = (e as { code?: string }).code;
    if (code === 'EACCES' || code === 'ENOENT' || code === 'EISDIR') {
      io.stderr(`replay: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_BAD_INPUT;
    }
    throw e;
  }
  progress.clear();
  const result = replay.result();
  const csvPath = stringArg(values, 'csv');
  if (csvPath) await writeFile(csvPath, replayToCsv(result), 'utf8');
  io.stdout(flagArg(values, 'json') ? `${JSON.stringify(replaySummary(result), null, 2)}\n` : formatReplayReport(result));
  return EXIT_OK;
}

/** The `replay` command. */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'replay connection logs: whose connections the draft rules would refuse',
  usage: USAGE,
  run,
};
