import { csvHeaderCells, detectCsvFormat } from '../../core/replay/formats.ts';
import { DEFAULT_MAPPING, mergeMapping } from '../../core/replay/mapping.ts';
import type { MappingEntry } from '../../core/replay/mapping.ts';
import { LogReplay, LogReplayError } from '../../core/replay/replay.ts';
import type { LogReplayResult } from '../../core/replay/replay.ts';
import type { RuleSet } from '../../core/model/types.ts';

/** What the replay worker reports while it streams: bytes over every file, for the progress bar. */
export interface ReplayProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesDone: number;
  bytesTotal: number;
  lines: number;
}

export interface ReplayJobOptions {
  draft: RuleSet;
  baseline: RuleSet | null;
  overrides: MappingEntry[];
}

export type ReplayJobResult = { ok: true; result: LogReplayResult } | { ok: false; error: string };

/** The part of a `File` the job reads: its name, size, a slice for the header and a byte stream. */
export interface ReplaySource {
  readonly name: string;
  readonly size: number;
  slice(start: number, end: number): { text(): Promise<string> };
  stream(): ReadableStream<Uint8Array>;
}

const PEEK_BYTES = 64 * 1024;

/** Whether a file is a Get-User export, from its first lines: those are read first (their attributes take part in every decision). */
async function isDirectoryFile(file: ReplaySource): Promise<boolean> {
  const head = await file.slice(0, PEEK_BYTES).text();
  const first = head
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .find((line) => line.trim() !== '' && !line.startsWith('#'));
  return first !== undefined && detectCsvFormat(csvHeaderCells(first)) === 'users';
}

/**
 * Streams files through core `LogReplay` a chunk at a time (`File.stream()` decoded as UTF-8, never
 * read whole), Get-User exports first, reporting progress at most every 100 ms. Bad input comes back
 * as `{ ok: false, error }` with file and line; any other error is thrown (a program error, never
 * shown as a finding). Kept apart from the worker entry so it runs in tests without a worker.
 */
export async function runReplayJob(files: readonly ReplaySource[], options: ReplayJobOptions, onProgress?: (progress: ReplayProgress) => void): Promise<ReplayJobResult> {
  const replay = new LogReplay({ draft: options.draft, baseline: options.baseline, mapping: mergeMapping(DEFAULT_MAPPING, options.overrides) });
  const directory: ReplaySource[] = [];
  const logs: ReplaySource[] = [];
  for (const f of files) (await isDirectoryFile(f) ? directory : logs).push(f);
  const ordered = [...directory, ...logs];
  const bytesTotal = ordered.reduce((n, f) => n + f.size, 0);
  let before = 0;
  let last = 0;
  try {
    for (let i = 0; i < ordered.length; i++) {
      const file = ordered[i]!;
      const reader = replay.openFile(file.name);
      const decoder = new TextDecoder('utf-8');
      let done = 0;
      const stream = file.stream().getReader();
      for (;;) {
        const { value, done: finished } = await stream.read();
        if (finished) break;
        reader.push(decoder.decode(value, { stream: true }));
        done += value.byteLength;
        const now = Date.now();
        if (onProgress && now - last >= 100) {
          last = now;
          onProgress({ file: file.name, fileIndex: i, fileCount: ordered.length, bytesDone: before + done, bytesTotal, lines: replay.linesRead });
        }
      }
      reader.push(decoder.decode());
      reader.end();
      before += file.size;
    }
  } catch (e) {
    if (e instanceof LogReplayError) return { ok: false, error: e.message };
    throw e;
  }
  onProgress?.({ file: '', fileIndex: ordered.length, fileCount: ordered.length, bytesDone: bytesTotal, bytesTotal, lines: replay.linesRead });
  return { ok: true, result: replay.result() };
}
