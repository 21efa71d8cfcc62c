/**
 * `import`: reads a PowerShell script or Get-ClientAccessRule output (Format-List, ConvertTo-Json,
 * Export-Csv) or a project file, and prints the rules as a project file (or as JSON with the commands).
 */
import { importText, type ImportResult } from '../../core/import/import-text.ts';
import { serializeProjectFile } from '../../core/model/project-file.ts';
import { PROFILES, type Profile, type SourceFinding } from '../../core/model/types.ts';
import { parseVariableAssignments, type SuppliedVariables } from '../../core/powershell/script-variables.ts';
import { flagArg, profileArg, startFileCommand, stringArg, stringArgs } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { detectSourceFormat, loadForCommand, readSourceFile } from '../load.ts';

const USAGE = `Usage: cli import FILE [--baseline FILE] [--profile ExchangeOnline|ExchangeServer] [--var NAME=VALUE]... [--json]

Reads FILE: a PowerShell script (New-/Set-/Remove-/Test-ClientAccessRule lines), Get-ClientAccessRule
output (Format-List text, ConvertTo-Json, Export-Csv) or a project file, and prints a project file.
  --baseline FILE   replay the script on these rules (a project file, script or Get output),
                    e.g. the deployed rules a change script was written against
  --profile P       target of the result when FILE does not say (default ExchangeOnline)
  --var NAME=VALUE  a value for a variable the script leaves open (a param() without default, a
                    variable never assigned); repeatable; a comma list is an array
                    (--var OfficeNetworks=10.0.0.0/8,192.168.0.0/16), $null is null
  --json            print {"format", "commands": [{"cmdlet", "params", "line"}], "variables", "rules",
                    "tests", "findings"}; an open value is {"variable": "$name"} in "params"
Problems are printed on stderr as FILE:LINE:COLUMN: severity: message.
Exit codes: 0 read cleanly, 1 read with errors (some commands or values were not imported),
2 bad input (nothing could be read, or a bad argument).
`;

const OPTIONS = {
  baseline: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean' },
  var: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function findingLine(file: string, f: SourceFinding): string {
  return `${file}:${f.line}:${f.column}: ${f.severity}: ${f.message}\n`;
}

/**
 * The `--json` document of `import`: the commands as read (cmdlet, canonical params, line; an open value
 * as `{ "variable": "$name" }`, with the command's `unresolved` uses), the open `variables`, the rules
 * and tests in project-file shape (no ids), and every finding with its position.
 *
 * @example importJson(importText(script)) // { format: 'script', commands: [...], rules: [...], tests: [...], findings: [...] }
 */
export function importJson(result: ImportResult): Record<string, unknown> {
  const project = JSON.parse(serializeProjectFile(result.ruleSet)) as { rules: unknown[]; tests: unknown[] };
  return {
    format: result.format,
    commands: result.commands.map((c) => ({ cmdlet: c.cmdlet, params: c.params, line: c.line, ...(c.unresolved?.length ? { unresolved: c.unresolved } : {}) })),
    variables: result.variables,
    rules: project.rules,
    tests: project.tests,
    findings: result.findings.map((f) => ({ severity: f.severity, line: f.line, column: f.column, message: f.message })),
  };
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let profile: Profile | undefined;
  let variables: SuppliedVariables | undefined;
  const started = startFileCommand('import', argv, OPTIONS, USAGE, io, (values, errors) => {
    profile = profileArg(values, PROFILES, errors);
    const vars = parseVariableAssignments(stringArgs(values, 'var'));
    if (vars.ok) variables = vars.variables;
    else errors.push(vars.message);
  });
  if (typeof started === 'number') return started;
  const { values, file } = started;

  const read = await readSourceFile(file);
  if (!read.ok) {
    io.stderr(`${read.error}\n`);
    return EXIT_BAD_INPUT;
  }
  const { text } = read;
  if (read.note) io.stderr(`${file}: info: ${read.note}\n`);

  const baselinePath = stringArg(values, 'baseline');
  const baseline = baselinePath === undefined ? undefined : await loadForCommand(baselinePath, io, { option: '--baseline' });
  if (baseline === null) return EXIT_BAD_INPUT;

  const result = importText(text, { format: detectSourceFormat(file, text), ...(baseline ? { baseline } : {}), ...(profile ? { profile } : {}), ...(variables ? { variables } : {}) });
  const hasErrors = result.findings.some((f) => f.severity === 'error');
  const readNothing = result.format === 'script' ? result.commands.length === 0 : result.format === 'project' ? hasErrors : result.ruleSet.rules.length === 0;
  if (flagArg(values, 'json')) {
    io.stdout(`${JSON.stringify(importJson(result), null, 2)}\n`);
  } else {
    for (const f of result.findings) io.stderr(findingLine(file, f));
    if (!(hasErrors && readNothing)) io.stdout(serializeProjectFile(result.ruleSet));
  }
  if (hasErrors && readNothing) {
    io.stderr(`${file}: nothing could be imported (read as ${result.format}); see the errors above.\n`);
    return EXIT_BAD_INPUT;
  }
  return hasErrors ? EXIT_FINDINGS : EXIT_OK;
}

/** The `import` command. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'read a .ps1 script or Get-ClientAccessRule output into a project file',
  usage: USAGE,
  run,
};
