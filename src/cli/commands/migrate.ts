/**
 * `migrate`: the migration off Client Access Rules to Entra Conditional Access and Exchange protocol
 * switches (the same `migrateRuleSet` the app's Migrate view calls).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrateRuleSet, migrationFiles, migrationReport } from '../../core/migrate/migrate.ts';
import { flagArg, startFileCommand, stringArg } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadForCommand } from '../load.ts';

const USAGE = `Usage: cli migrate FILE --to entra [--json] [--out DIR]

Translates the rules in FILE (a project file, script or Get output) for the move off Client Access
Rules: per rule its kind (users, ip, protocol, protocol+ip, other) and verdict (exact, approximate,
not-translatable) with reasons; Microsoft Graph ipNamedLocation, dynamic group and
conditionalAccessPolicy JSON (report-only state); the Exchange-side PowerShell; and the connections
the translation decides differently from the rules.
  --to entra   the target (the only one: Entra Conditional Access plus Exchange switches)
  --json       print {"namedLocations", "groups", "policies", "parameters", "exchangeScript", "rules",
               "differences", …}; policies name locations and groups by the parameters listed
  --out DIR    also write README.md (the files, the order, every id parameter), named-locations.json,
               groups.json, policies.json (Graph request bodies), deploy-graph.ps1 (creates them in
               order and fills the ids in), exchange-controls.ps1 and report.txt into DIR
Exit codes: 0 written, 2 bad input.
`;

const OPTIONS = {
  to: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  const started = startFileCommand('migrate', argv, OPTIONS, USAGE, io, (values, errors) => {
    const to = stringArg(values, 'to');
    if (to === undefined) errors.push('--to is required (--to entra)');
    else if (to.toLowerCase() !== 'entra') errors.push(`--to: unknown target '${to}'; the only target is entra`);
  });
  if (typeof started === 'number') return started;
  const { values, file } = started;
  const ruleSet = await loadForCommand(file, io, { showFindings: true });
  if (!ruleSet) return EXIT_BAD_INPUT;

  const result = migrateRuleSet(ruleSet);
  const outDir = stringArg(values, 'out');
  if (outDir !== undefined) {
    try {
      await mkdir(outDir, { recursive: true });
      for (const f of migrationFiles(result)) await writeFile(join(outDir, f.name), f.text, 'utf8');
    } catch (e) {
      io.stderr(`migrate: --out ${outDir}: cannot write there: ${e instanceof Error ? e.message : String(e)}\n`);
      return EXIT_BAD_INPUT;
    }
  }
  if (flagArg(values, 'json')) {
    const rules = result.rules.map(({ name, priority, kind, verdict, reasons, becomes }) => ({ name, priority, kind, verdict, reasons, becomes }));
    io.stdout(`${JSON.stringify({ ...result, rules }, null, 2)}\n`);
  } else {
    io.stdout(migrationReport(result));
    if (outDir !== undefined) io.stdout(`\nWrote ${migrationFiles(result).length} files to ${outDir}.\n`);
  }
  return EXIT_OK;
}

/** The `migrate` command. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'translate the rules to Conditional Access and Exchange switches, with verdicts and differences',
  usage: USAGE,
  run,
};
