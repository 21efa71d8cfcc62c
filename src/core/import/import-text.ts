/**
 * One entry point for every text an admin may paste or open: a project file, a PowerShell script, or
 * `Get-ClientAccessRule` output as `Format-List`, `ConvertTo-Json` or `Export-Csv`.
 */
import { PROJECT_FORMAT, parseProjectFile } from '../model/project-file.ts';
import { createRuleSet, replaceRules, setProfile } from '../model/rule-set.ts';
import { lintRuleSet } from '../lint/lint.ts';
import type { LintFinding, Profile, RuleSet, SourceFinding } from '../model/types.ts';
import { GET_OUTPUT_PROPERTIES, parseFormatList, parseGetCsv, parseGetJson } from '../powershell/get-output.ts';
import { parseScript, type ParsedCommand } from '../powershell/parser.ts';
import type { SuppliedVariables, UnresolvedVariable } from '../powershell/script-variables.ts';
import { replayCommands } from '../powershell/replay.ts';
import { EXPECTED_INPUT, emptyInputMessage, sizeLimitMessage } from '../text/decode.ts';

export type ImportFormat = 'project' | 'script' | 'format-list' | 'json' | 'csv';

export interface ImportOptions {
  /** The rule set a script is replayed on (a change script needs the rules it changes). Default: empty. */
  baseline?: RuleSet;
  /** Profile of the result when the text does not carry one (scripts, Get output). Default: the baseline's, else ExchangeOnline. */
  profile?: Profile;
  /** Read the text as this format instead of detecting it (e.g. from a `.ps1` or `.csv` file name). */
  format?: ImportFormat;
  /** Values for the variables a script leaves open (`cli import --var`, the Import view's fields). */
  variables?: SuppliedVariables;
}

export interface ImportResult {
  format: ImportFormat;
  ruleSet: RuleSet;
  /** The commands read from a script (empty for other formats). */
  commands: ParsedCommand[];
  findings: SourceFinding[];
  /** Scripts: the variables still open, each with where it is used (empty for other formats). */
  variables: UnresolvedVariable[];
}


/** The first `count` non-blank lines, read from the start without scanning the whole text. */
function headLines(text: string, count: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < count && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 2000)).replace(/\r$/, '');
    if (line.trim() !== '') out.push(line);
    start = end + 1;
  }
  return out;
}

function isJsonParsable(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * Tells which of the five formats a text is, looking at its start (and, for JSON, parsing it once).
 * The one format detector of the app and the command line:
 * - `project`: JSON whose `format` is `client-access-rule-designer` (also when the JSON is broken but
 *   the head names that format, or the file name ends in `.json`, so the project reader reports where);
 * - a file name ending in `.ps1`/`.psm1` is a `script`, in `.csv` is `csv` (the content decides only
 *   when it names the project format);
 * - `json`: other JSON starting with `{` or `[` (ConvertTo-Json output);
 * - `csv`: a `#TYPE` line, or a first line that is a comma-separated header naming `Name`;
 * - `format-list`: two or more `Property : value` lines among the first ones, naming rule properties;
 * - `script`: anything else (PowerShell).
 *
 * @example detectFormat('#TYPE Microsoft.Exchange…\n"Name","Action"') // 'csv'
 * @example detectFormat('{ "format": ', 'rules.json') // 'project'
 */
export function detectFormat(text: string, fileName = ''): ImportFormat {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trimStart();
  const lowerName = fileName.toLowerCase();
  const first = body[0];
  const jsonLike = first === '{' || first === '[';
  let parsed: { ok: true; value: unknown } | { ok: false } = { ok: false };
  if (jsonLike) {
    parsed = isJsonParsable(body);
    if (parsed.ok) {
      const v = parsed.value;
      if (v && typeof v === 'object' && !Array.isArray(v) && (v as { format?: unknown }).format === PROJECT_FORMAT) return 'project';
    } else if (body.slice(0, 4000).includes(PROJECT_FORMAT)) {
      return 'project';
    }
  }
  if (lowerName.endsWith('.ps1') || lowerName.endsWith('.psm1')) return 'script';
  if (lowerName.endsWith('.csv')) return 'csv';
  if (jsonLike) {
    if (parsed.ok && parsed.value && typeof parsed.value === 'object') return 'json';
    if (!parsed.ok && lowerName.endsWith('.json')) return 'project';
    if (!parsed.ok && /^(\[\s*)?\{\s*"/.test(body.slice(0, 4000))) return 'json';
  }
  const lines = headLines(body, 40);
  const firstLine = lines[0] ?? '';
  if (/^#TYPE\b/i.test(firstLine)) return 'csv';
  if (firstLine.includes(',') && !/ClientAccessRule/i.test(firstLine) && !firstLine.includes('=')) {
    const cells = firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
    if (cells.includes('name') || cells.includes('identity')) return 'csv';
  }
  let keyLines = 0;
  let ruleKeys = 0;
  for (const line of lines) {
    const m = /^([A-Za-z][A-Za-z0-9_]*)[ \t]*:(?: |$)/.exec(line);
    if (!m) continue;
    keyLines += 1;
    if (GET_OUTPUT_PROPERTIES.has((m[1] as string).toLowerCase())) ruleKeys += 1;
  }
  if (keyLines >= 2 && ruleKeys >= 2) return 'format-list';
  return 'script';
}

/**
 * Reads any supported text into a rule set (issue 3, spec 4 and 8).
 * - Project file: validated by `parseProjectFile`; errors become findings at line 1 with their path.
 * - Script: `parseScript` (with the `variables` the admin supplied), then `replayCommands` on the
 *   baseline (or an empty set), so a change script applied to its baseline gives the draft. Commands
 *   waiting for open variables are kept in `commands` but build nothing; `variables` lists what is open.
 * - Get output: the rules read replace the baseline's rules (the baseline's tests and profile stay).
 * - An empty, BOM-only or blank text, or one longer than the readers accept (`MAX_INPUT_BYTES`
 *   characters): one error finding that says so and what was expected.
 * Never throws; it finishes a 5 MB input in seconds (every reader scans linearly).
 *
 * @example importText("New-ClientAccessRule 'Guard' -Action Allow -AnyOfProtocols RemotePowerShell").ruleSet.rules[0].name // 'Guard'
 */
export function importText(text: string, options: ImportOptions = {}): ImportResult {
  const start = (): RuleSet => {
    const base = options.baseline ?? createRuleSet(options.profile ?? 'ExchangeOnline');
    return options.profile && options.profile !== base.profile ? setProfile(base, options.profile) : base;
  };
  let format: ImportFormat = 'script';
  // Nothing to read, or more than the readers accept: one clear error instead of "0 rules".
  const refused = emptyInputMessage(text) ?? sizeLimitMessage(text.length);
  if (refused) {
    return {
      format: options.format ?? format,
      ruleSet: start(),
      commands: [],
      variables: [],
      findings: [{ line: 1, column: 1, severity: 'error', message: `Nothing was imported: ${refused}; ${EXPECTED_INPUT}.` }],
    };
  }
  try {
    format = options.format ?? detectFormat(text);
    switch (format) {
      case 'project': {
        const parsed = parseProjectFile(text);
        if (!parsed.ok) {
          return {
            format,
            ruleSet: start(),
            commands: [],
            variables: [],
            findings: parsed.errors.map((e) => ({ ...positionOf(e.path), severity: 'error' as const, message: `${e.path}: ${e.message}` })),
          };
        }
        return {
          format,
          ruleSet: parsed.ruleSet,
          commands: [],
          variables: [],
          findings: parsed.warnings.map((w) => ({ line: 1, column: 1, severity: 'warning' as const, message: w })),
        };
      }
      case 'script': {
        const parsed = parseScript(text, options.variables ? { variables: options.variables } : {});
        const replayed = replayCommands(start(), parsed.commands);
        const findings = [...parsed.findings, ...replayed.findings].sort((a, b) => a.line - b.line || a.column - b.column);
        return { format, ruleSet: replayed.ruleSet, commands: parsed.commands, findings, variables: parsed.variables };
      }
      default: {
        const read = format === 'json' ? parseGetJson(text) : format === 'csv' ? parseGetCsv(text) : parseFormatList(text);
        return { format, ruleSet: replaceRules(start(), read.rules), commands: [], findings: read.findings, variables: [] };
      }
    }
  } catch (error) {
    return {
      format,
      ruleSet: options.baseline ?? createRuleSet(options.profile ?? 'ExchangeOnline'),
      commands: [],
      variables: [],
      findings: [{ line: 1, column: 1, severity: 'error', message: `The text could not be imported: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
}

function positionOf(path: string): { line: number; column: number } {
  const m = /line (\d+), column (\d+)/.exec(path);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : { line: 1, column: 1 };
}

/**
 * The linter's findings for an import result, exactly as the design view will show them once the
 * imported rules replace the current ones: `applyImport(…, 'replace')` keeps the current profile, so
 * the rules are checked under `profile` (the project's target), not the profile a project file
 * carries. The import preview shows these next to the reading findings, so an address such as
 * `300.1.1.1` or OutlookWebApp under the Exchange Server target is an error before the rules are
 * applied, not after.
 *
 * @example checkImported(importText("New-ClientAccessRule X -Action Deny -AnyOfClientIPAddressesOrRanges 300.1.1.1").ruleSet)[0].code // 'invalid-ip'
 */
export function checkImported(imported: RuleSet, profile: Profile = imported.profile): LintFinding[] {
  return lintRuleSet(setProfile(imported, profile));
}
