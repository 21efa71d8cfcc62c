/**
 * `diff`: what a change does to access (issue 7): the connections whose decision differs between two
 * rule files (any format the other commands read), merged and in an admin's words, each with an
 * example connection. Usable as a pipeline gate: exit 1 when something flips.
 */
import { diffPolicies } from '../../core/analysis/diff.ts';
import { flagArg, parseCliArgs } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadForCommand } from '../load.ts';
import { connectionJson } from './analyze.ts';

const USAGE = `Usage: cli diff BEFORE AFTER [--json]

Shows every kind of connection whose decision changes from BEFORE to AFTER (e.g. the deployed rules
and the draft), with the deciding rule on each side and an example connection.
  --json        print {"flips": [{"from", "to", "fromRule", "toRule", "description", "example"}]}
Exit codes: 0 nothing flips, 1 something flips, 2 bad input.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv, OPTIONS);
  if (!args.ok) {
    io.stderr(`diff: ${args.message}\n\nRun 'cli diff --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  if (flagArg(args.values, 'help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const [beforeFile, afterFile, ...rest] = args.positionals;
  if (!beforeFile || !afterFile || rest.length > 0) {
    io.stderr(`diff: ${rest.length > 0 ? `unexpected argument '${rest[0]}'` : 'BEFORE and AFTER are required'}\n\nRun 'cli diff --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  const before = await loadForCommand(beforeFile, io, { showFindings: true });
  if (!before) return EXIT_BAD_INPUT;
  const after = await loadForCommand(afterFile, io, { showFindings: true });
  if (!after) return EXIT_BAD_INPUT;
  const d = diffPolicies(before, after);
  if (flagArg(args.values, 'json')) {
    const flips = d.flips.map((f) => ({ ...f, example: connectionJson(f.example) }));
    io.stdout(`${JSON.stringify({ flips, complete: d.complete, unknown: d.unknown }, null, 2)}\n`);
  } else if (d.flips.length === 0) {
    io.stdout(`No connection changes decision between ${beforeFile} and ${afterFile}.\n`);
  } else {
    const lines = [`${d.flips.length} change${d.flips.length === 1 ? '' : 's'} of access from ${beforeFile} to ${afterFile}:`];
    for (const f of d.flips) {
      const c = f.example;
      lines.push('', `- ${f.description}`, `  e.g. ${c.protocol}, ${c.authenticationType}, from ${c.ipAddress}, user ${c.user || '(empty)'}`);
    }
    for (const u of d.unknown) lines.push('', `unknown: ${u}`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return d.flips.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The `diff` command. */
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'show which connections change decision between two rule files',
  usage: USAGE,
  run,
};
