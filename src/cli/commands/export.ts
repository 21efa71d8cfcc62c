/**
 * `export`: writes the PowerShell for a rule set: the full script, or the change script from a
 * baseline, followed by Test-ClientAccessRule commands for the saved tests.
 */
import { composeExportScript } from '../../core/powershell/export-script.ts';
import type { GenerateOptions } from '../../core/powershell/generate.ts';
import { generateRollbackScript, generateRolloutScript } from '../../core/powershell/rollout.ts';
import { createRuleSet } from '../../core/model/rule-set.ts';
import type { TestCase } from '../../core/model/types.ts';
import { flagArg, startFileCommand, stringArg } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadForCommand } from '../load.ts';

const USAGE = `Usage: cli export FILE [--baseline FILE] [--rollout | --rollback] [--tests FILE] [--no-tests] [--width N] [--non-ascii escape|literal]

Prints the PowerShell that creates the rules in FILE (a project file, script or Get output).
  --baseline FILE     print a change script instead: the commands that turn the deployed rules in
                      FILE into the draft (New/Set/Remove with -Priority and @{Add=…;Remove=…})
  --rollout           print a staged rollout script instead: drift check of every field against the
                      baseline, stage 1 (admin-path allow rules and guard first, new deny rules
                      disabled), a stop for the rule cache, stage 2 (the admin path and saved tests
                      verified with Test-ClientAccessRule), stage 3 (deny rules enabled); the script
                      takes -FromStage 1|2|3. Without --baseline nothing is deployed yet
  --rollback          print the rollback script: from the deployed draft back to the baseline exactly
  --tests FILE        append Test-ClientAccessRule commands for the tests saved in this file (a project
                      file, or a script with Test-ClientAccessRule lines) instead of FILE's own tests
  --no-tests          do not append Test-ClientAccessRule commands
  --width N           longest one-line command before one parameter per line (default 100)
  --non-ascii MODE    escape (default: pure ASCII, [char]0xHHHH) or literal (keep letters such as ü)
Exit codes: 0 written, 2 bad input.
`;

const OPTIONS = {
  baseline: { type: 'string' },
  rollout: { type: 'boolean' },
  rollback: { type: 'boolean' },
  tests: { type: 'string' },
  'no-tests': { type: 'boolean' },
  width: { type: 'string' },
  'non-ascii': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: string[], io: CliIo): Promise<number> {
  const options: GenerateOptions = {};
  let testsPath: string | undefined;
  const started = startFileCommand('export', argv, OPTIONS, USAGE, io, (values, errors) => {
    const width = stringArg(values, 'width');
    if (width !== undefined) {
      if (!/^\d{2,4}$/.test(width) || Number(width) < 40) errors.push(`--width: '${width}' is not a width of 40 or more characters`);
      else options.width = Number(width);
    }
    const nonAscii = stringArg(values, 'non-ascii');
    if (nonAscii !== undefined) {
      if (nonAscii !== 'escape' && nonAscii !== 'literal') errors.push(`--non-ascii: '${nonAscii}' is neither escape nor literal`);
      else options.nonAscii = nonAscii;
    }
    testsPath = stringArg(values, 'tests');
    if (testsPath !== undefined && flagArg(values, 'no-tests')) errors.push('--tests and --no-tests exclude each other');
    if (flagArg(values, 'rollout') && flagArg(values, 'rollback')) errors.push('--rollout and --rollback exclude each other');
  });
  if (typeof started === 'number') return started;
  const { values, file } = started;

  const draft = await loadForCommand(file, io, { showFindings: true });
  if (!draft) return EXIT_BAD_INPUT;

  let tests: readonly TestCase[] = flagArg(values, 'no-tests') ? [] : draft.tests;
  if (testsPath !== undefined) {
    const fromFile = await loadForCommand(testsPath, io, { option: '--tests' });
    if (!fromFile) return EXIT_BAD_INPUT;
    if (fromFile.tests.length === 0) {
      io.stderr(`--tests: ${testsPath} holds no saved tests (a project file's "tests" or Test-ClientAccessRule lines)\n`);
      return EXIT_BAD_INPUT;
    }
    tests = fromFile.tests;
  }

  const baselinePath = stringArg(values, 'baseline');
  if (flagArg(values, 'rollout') || flagArg(values, 'rollback')) {
    let baseline = createRuleSet(draft.profile);
    if (baselinePath !== undefined) {
      const loaded = await loadForCommand(baselinePath, io, { option: '--baseline' });
      if (!loaded) return EXIT_BAD_INPUT;
      baseline = loaded;
    }
    const withTests = { ...draft, tests: [...tests] };
    const staged = flagArg(values, 'rollout')
      ? generateRolloutScript(baseline, withTests, options)
      : generateRollbackScript(baseline, withTests, options);
    io.stdout(staged);
    return EXIT_OK;
  }
  let baseline = null;
  if (baselinePath !== undefined) {
    baseline = await loadForCommand(baselinePath, io, { option: '--baseline' });
    if (!baseline) return EXIT_BAD_INPUT;
  }
  io.stdout(composeExportScript(draft, { ...options, baseline, tests }));
  return EXIT_OK;
}

/** The `export` command. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write the PowerShell script (or change script) and Test-ClientAccessRule lines',
  usage: USAGE,
  run,
};
