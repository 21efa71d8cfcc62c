/**
 * `lint`: checks a rule set the way Exchange would (spec 7) and prints the findings grouped by rule.
 */
import { RULE_SET_KEY, findingsByRule, lintRuleSet } from '../../core/lint/lint.ts';
import { PROFILES, type LintFinding, type Profile, type RuleSet, type Severity } from '../../core/model/types.ts';
import { flagArg, profileArg, startFileCommand } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadForCommand } from '../load.ts';

const USAGE = `Usage: cli lint FILE [--profile ExchangeOnline|ExchangeServer] [--json]

Checks the rules in FILE: errors are what Exchange rejects, warnings what works but surprises.
  --profile P   lint for this target instead of the project's own profile
  --json        print {"file", "profile", "counts", "findings"} as JSON
Exit codes: 0 no errors, 1 errors found, 2 bad input.
`;

const OPTIONS = {
  profile: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Counts = Record<Severity, number>;

function countFindings(findings: readonly LintFinding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function findingLines(f: LintFinding): string[] {
  const lines = [`  ${f.severity.padEnd(7)}  ${f.message}  [${f.code}]`];
  if (f.value !== undefined && f.value !== '' && !f.message.includes(f.value)) lines.push(`           value: ${f.value}`);
  if (f.fix) lines.push(`           fix: ${f.fix}`);
  return lines;
}

/**
 * The human report of `lint`: a summary line, then the rule-set findings, then each rule with
 * findings in priority order, every finding with its severity, message, code and fix.
 *
 * @example formatLintReport('rules.json', set, 'ExchangeOnline', lintRuleSet(set))
 */
export function formatLintReport(file: string, set: RuleSet, profile: Profile, findings: readonly LintFinding[]): string {
  const counts = countFindings(findings);
  const lines = [
    `${file}: ${plural(set.rules.length, 'rule')}, profile ${profile}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info`,
  ];
  const grouped = findingsByRule(findings);
  const setWide = grouped.get(RULE_SET_KEY);
  if (setWide) {
    lines.push('', 'Rule set');
    for (const f of setWide) lines.push(...findingLines(f));
  }
  set.rules.forEach((rule, index) => {
    const list = grouped.get(rule.id);
    if (!list) return;
    lines.push('', `#${index + 1} "${rule.name}"${rule.enabled ? '' : ' [disabled]'}`);
    for (const f of list) lines.push(...findingLines(f));
  });
  if (findings.length === 0) lines.push('No problems found.');
  return `${lines.join('\n')}\n`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let profileOption: Profile | undefined;
  const started = startFileCommand('lint', argv, OPTIONS, USAGE, io, (values, errors) => {
    profileOption = profileArg(values, PROFILES, errors);
  });
  if (typeof started === 'number') return started;
  const { values, file } = started;
  const ruleSet = await loadForCommand(file, io, { showFindings: true });
  if (!ruleSet) return EXIT_BAD_INPUT;
  const profile = profileOption ?? ruleSet.profile;
  const findings = lintRuleSet(ruleSet, profile);
  if (flagArg(values, 'json')) {
    io.stdout(`${JSON.stringify({ file, profile, counts: countFindings(findings), findings }, null, 2)}\n`);
  } else {
    io.stdout(formatLintReport(file, ruleSet, profile, findings));
  }
  return findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

/** The `lint` command. */
export const lintCommand: CliCommand = {
  name: 'lint',
  summary: 'check a rule set for what Exchange rejects and what surprises admins',
  usage: USAGE,
  run,
};
