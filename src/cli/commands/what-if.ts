/**
 * `what-if`: the batch what-if of the app's simulator, for pipelines: every saved test case of a rule
 * set (and each connection of its declared admin path) decided by the draft and, when there is one,
 * by the baseline (what is deployed), with what changed. The rows come from core `whatIfMatrix`, the
 * function the app's matrix shows, so the two never disagree.
 */
import { whatIfMatrix, type MatrixRow } from '../../core/analysis/what-if-matrix.ts';
import { flagArg, parseCliArgs, stringArg } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadFileForCommand, loadForCommand } from '../load.ts';
import { connectionJson } from './analyze.ts';

const USAGE = `Usage: cli what-if FILE [--baseline FILE] [--json]

Decides every saved test case in FILE (and each connection of its admin path, when declared) and
shows pass or fail; with a baseline, also the baseline's decision and what changed.
  --baseline FILE   the rules as deployed (default: the project file's own "baseline", if any)
  --json            print {"rows": [{"name", "kind", "expected", "draft", "baseline", "passed",
                    "changed", "governed", "connection"}]}
Exit codes: 0 every row passes, 1 a row fails, 2 bad input.
`;

const OPTIONS = {
  baseline: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function decisionText(d: MatrixRow['draft']): string {
  return d.rule === null ? `${d.action} (no rule matched)` : `${d.action} by '${d.rule}'`;
}

function rowText(row: MatrixRow): string[] {
  const lines = [`${row.passed ? 'pass' : 'FAIL'}  ${row.name}: expected ${row.expected}, got ${decisionText(row.draft)}`];
  if (row.baseline !== null) {
    const change = row.changed === 'decision' ? 'decision changed' : row.changed === 'rule' ? 'same decision, other rule' : 'unchanged';
    lines.push(`      baseline: ${decisionText(row.baseline)} (${change})`);
  }
  if (!row.governed) lines.push('      not governed by Client Access Rules on this target; Exchange allows it whatever the rules say');
  return lines;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseCliArgs(argv, OPTIONS);
  if (!args.ok) {
    io.stderr(`what-if: ${args.message}\n\nRun 'cli what-if --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  if (flagArg(args.values, 'help')) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const [file, ...rest] = args.positionals;
  if (!file || rest.length > 0) {
    io.stderr(`what-if: ${rest.length > 0 ? `unexpected argument '${rest[0]}'` : 'FILE is required'}\n\nRun 'cli what-if --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  const draft = await loadFileForCommand(file, io, { showFindings: true });
  if (!draft) return EXIT_BAD_INPUT;
  const baselineFile = stringArg(args.values, 'baseline');
  let baseline = draft.baseline ?? null;
  if (baselineFile !== undefined) {
    baseline = await loadForCommand(baselineFile, io, { option: '--baseline' });
    if (!baseline) return EXIT_BAD_INPUT;
  }
  const rows = whatIfMatrix(draft.ruleSet, baseline);
  const failed = rows.filter((r) => !r.passed).length;
  if (flagArg(args.values, 'json')) {
    const json = rows.map((r) => ({
      name: r.name,
      kind: r.kind,
      expected: r.expected,
      draft: { action: r.draft.action, rule: r.draft.rule },
      baseline: r.baseline && { action: r.baseline.action, rule: r.baseline.rule },
      passed: r.passed,
      changed: r.changed,
      governed: r.governed,
      connection: connectionJson(r.connection),
    }));
    io.stdout(`${JSON.stringify({ rows: json, failed }, null, 2)}\n`);
  } else if (rows.length === 0) {
    io.stdout(`${file} has no saved test cases and no admin path: nothing to decide. Save test cases in the simulator, or add "adminPath" to the project file.\n`);
  } else {
    const lines = rows.flatMap(rowText);
    lines.push('', `${rows.length - failed} of ${rows.length} pass${baseline === null ? '' : `; ${rows.filter((r) => r.changed === 'decision').length} change decision against the baseline`}.`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/** The `what-if` command. */
export const whatIfCommand: CliCommand = {
  name: 'what-if',
  summary: 'decide every saved test case (and the admin path) against the rules, and the baseline',
  usage: USAGE,
  run,
};
