/**
 * Reads a rule set from a file for the CLI. The format is detected from the content (and the file
 * extension as a tie-breaker); each format has a reader in `READERS`, so supporting another format is
 * one entry there.
 */
import { open } from 'node:fs/promises';
import { detectFormat, importText } from '../core/import/import-text.ts';
import { parseProjectFile, PROJECT_FORMAT } from '../core/model/project-file.ts';
import type { RuleSet, Severity } from '../core/model/types.ts';
import { decodeText, emptyInputMessage, EXPECTED_INPUT, MAX_INPUT_BYTES, MAX_INPUT_LABEL, sizeLimitMessage } from '../core/text/decode.ts';
import type { CliIo } from './io.ts';

/** The formats a rule set can come in (docs/architecture.md, `import/import-text.ts`). */
export type SourceFormat = 'project' | 'script' | 'format-list' | 'json' | 'csv';

/** A note from reading the file: a warning from the project file or an import finding. */
export interface LoadFinding {
  severity: Severity;
  message: string;
  line?: number;
  column?: number;
}

export type LoadResult =
  | { ok: true; ruleSet: RuleSet; findings: LoadFinding[]; format: SourceFormat; baseline?: RuleSet | null }
  | { ok: false; errors: string[] };

/** Turns the text of a file into a rule set. `path` is only for messages. */
export type RuleSetReader = (text: string, path: string) => LoadResult;

/** Reads a Client Access Rule Designer project file; errors carry their JSON path. */
export const readProjectText: RuleSetReader = (text, path) => {
  const parsed = parseProjectFile(text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => `${path}: ${e.path}: ${e.message}`) };
  return {
    ok: true,
    ruleSet: parsed.ruleSet,
    baseline: parsed.baseline ?? null,
    format: 'project',
    findings: parsed.warnings.map((message) => ({ severity: 'warning', message })),
  };
};

/**
 * Reads a script or Get-ClientAccessRule output through `importText`. An error finding (a command
 * Exchange would reject, a value that cannot be read statically, a list exported as a type name) fails
 * the load, with FILE:LINE:COLUMN, because the rule set would not be what the file says; warnings are
 * kept as findings with their position in the message.
 */
function importReader(format: Exclude<SourceFormat, 'project'>): RuleSetReader {
  return (text, path) => {
    const result = importText(text, { format });
    const errors = result.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) return { ok: false, errors: errors.map((f) => `${path}:${f.line}:${f.column}: ${f.message}`) };
    return {
      ok: true,
      ruleSet: result.ruleSet,
      format,
      findings: result.findings
        .filter((f) => f.severity === 'warning')
        .map((f) => ({ severity: f.severity, message: `line ${f.line}, column ${f.column}: ${f.message}` })),
    };
  };
}

/** The reader for each format this CLI understands. */
export const READERS: Partial<Record<SourceFormat, RuleSetReader>> = {
  project: readProjectText,
  script: importReader('script'),
  'format-list': importReader('format-list'),
  json: importReader('json'),
  csv: importReader('csv'),
};

const FORMAT_NAMES: Record<SourceFormat, string> = {
  project: 'a project file',
  script: 'a PowerShell script',
  'format-list': 'Get-ClientAccessRule | Format-List output',
  json: 'Get-ClientAccessRule | ConvertTo-Json output',
  csv: 'Get-ClientAccessRule | Export-Csv output',
};

/**
 * Guesses the format of a file: core `detectFormat`, with the file name as a hint (`.ps1`, `.csv`,
 * a broken `.json` project), the same detector the app uses.
 *
 * @example detectSourceFormat('rules.json', '{"format":"client-access-rule-designer"}') // 'project'
 */
export function detectSourceFormat(path: string, text: string): SourceFormat {
  return detectFormat(text, path);
}

/** A file read for a command: its text, and a note when it was not plain UTF-8 (e.g. UTF-16 from Windows PowerShell). */
export type SourceFile = { ok: true; text: string; note?: string } | { ok: false; error: string };

/**
 * Reads at most `limit + 1` bytes, so that a huge file, `/dev/zero` or an endless pipe is refused
 * without being loaded.
 */
async function readCapped(path: string, limit: number): Promise<{ bytes: Uint8Array; size: number | null }> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (info.isFile() && info.size > limit) return { bytes: new Uint8Array(0), size: info.size };
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(1024 * 1024, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) break;
    }
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      bytes.set(c, offset);
      offset += c.length;
    }
    return { bytes, size: info.isFile() ? info.size : null };
  } finally {
    await handle.close();
  }
}

/**
 * Reads a text file for a command, the same way the app does (`core/text/decode.ts`): decoded by its
 * byte-order mark (UTF-8, UTF-16 LE or BE, with a note when not UTF-8), refused up front when larger
 * than the readers accept (the limit is named), and refused when empty, BOM-only or blank (saying what
 * was expected). Never throws: a missing, unreadable or folder path comes back as a message that names
 * the file and says why.
 *
 * @example await readSourceFile('nope.ps1') // { ok: false, error: 'nope.ps1: file not found' }
 */
export async function readSourceFile(path: string): Promise<SourceFile> {
  let bytes: Uint8Array;
  let size: number | null;
  try {
    ({ bytes, size } = await readCapped(path, MAX_INPUT_BYTES));
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'this is a folder, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : e instanceof Error
              ? e.message
              : String(e);
    return { ok: false, error: `${path}: ${why}` };
  }
  if (bytes.length > MAX_INPUT_BYTES || (size !== null && size > MAX_INPUT_BYTES)) {
    const why = size !== null && size > MAX_INPUT_BYTES ? sizeLimitMessage(size) : `it is larger than ${MAX_INPUT_LABEL}, the largest file this designer reads`;
    return { ok: false, error: `${path}: refused without reading it: ${why}` };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, error: `${path}: ${decoded.message}` };
  const empty = decoded.text === '' && bytes.length > 0 ? emptyInputMessage('\uFEFF') : emptyInputMessage(decoded.text);
  if (empty) return { ok: false, error: `${path}: nothing to read: ${empty}; ${EXPECTED_INPUT}` };
  return decoded.note ? { ok: true, text: decoded.text, note: decoded.note } : { ok: true, text: decoded.text };
}

/**
 * Reads a rule set from a file of any supported format. Never throws: a missing or unreadable file,
 * an unsupported format and every problem in the content come back as messages that name the file.
 * Rule ids are `rule-1`, `rule-2`, … in priority order (and tests `test-1`, …), so output that
 * includes ids is the same on every run.
 *
 * @example await loadRuleSet('rules.json') // { ok: true, ruleSet, findings: [], format: 'project' }
 */
export async function loadRuleSet(path: string): Promise<LoadResult> {
  const read = await readSourceFile(path);
  if (!read.ok) return { ok: false, errors: [read.error] };
  const { text } = read;
  const encodingNote: LoadFinding[] = read.note ? [{ severity: 'info', message: read.note }] : [];
  const format = detectSourceFormat(path, text);
  const reader = READERS[format];
  if (!reader) {
    return {
      ok: false,
      errors: [`${path}: looks like ${FORMAT_NAMES[format]}, which this command cannot read; use a project file (.json with "format": "${PROJECT_FORMAT}")`],
    };
  }
  const result = reader(text, path);
  if (!result.ok) return result;
  // Ids are per session and random; numbering them makes `--json` output reproducible for pipelines.
  const rules = result.ruleSet.rules.map((rule, index) => ({ ...rule, id: `rule-${index + 1}` }));
  const tests = result.ruleSet.tests.map((test, index) => ({ ...test, id: `test-${index + 1}` }));
  return { ...result, findings: [...encodingNote, ...result.findings], ruleSet: { ...result.ruleSet, rules, tests } };
}

/**
 * Loads the file a command works on, the way every command reports it: when the file cannot be
 * read, its errors go to stderr (after `option`, such as `--baseline`, when the file came from one)
 * and the result is null, for the command to exit 2; otherwise the file's findings go to stderr when
 * `showFindings` is set (the command's main FILE), and the whole reading is returned (the rule set,
 * and a project file's own baseline).
 *
 * @example const loaded = await loadFileForCommand(file, io, { showFindings: true }); if (!loaded) return EXIT_BAD_INPUT;
 */
export async function loadFileForCommand(
  path: string,
  io: CliIo,
  { option, showFindings = false }: { option?: string; showFindings?: boolean } = {},
): Promise<Extract<LoadResult, { ok: true }> | null> {
  const loaded = await loadRuleSet(path);
  if (!loaded.ok) {
    io.stderr(`${option ? `${option}: ` : ''}${loaded.errors.join('\n')}\n`);
    return null;
  }
  if (showFindings) for (const f of loaded.findings) io.stderr(`${path}: ${f.severity}: ${f.message}\n`);
  return loaded;
}

/**
 * `loadFileForCommand` for commands that need only the rule set.
 *
 * @example const ruleSet = await loadForCommand(file, io, { showFindings: true }); if (!ruleSet) return EXIT_BAD_INPUT;
 */
export async function loadForCommand(
  path: string,
  io: CliIo,
  options: { option?: string; showFindings?: boolean } = {},
): Promise<RuleSet | null> {
  return (await loadFileForCommand(path, io, options))?.ruleSet ?? null;
}
