/**
 * `analyze`: the exact whole-policy analysis of a rule set (issue 7): which rules decide nothing (and
 * which earlier rules take their connections), which exceptions change no outcome, which rules are
 * redundant, and the lockout proof of the file's `adminPath`.
 */
import { analyzePolicy } from '../../core/analysis/engine.ts';
import { proveAdminPath } from '../../core/analysis/admin-path.ts';
import type { AdminPathProof } from '../../core/analysis/admin-path.ts';
import { LIST_FIELD_PARAMETERS } from '../../core/model/types.ts';
import { describeConnection } from '../../core/describe.ts';
import type { Connection, RuleSet } from '../../core/model/types.ts';
import { flagArg, startFileCommand } from '../args.ts';
import { EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, type CliCommand, type CliIo } from '../io.ts';
import { loadForCommand } from '../load.ts';

const USAGE = `Usage: cli analyze FILE [--json]

Analyses every connection at once: rules that decide nothing, exceptions that change no outcome,
redundant rules, and (when FILE declares an "adminPath") the proof that the admins cannot be locked out.
  --json        print {"regions", "rules": [{"name", "priority", "decides", "shadowedBy",
                "deadExceptions", "redundant"}], "adminPath": null | {"proven", "counterexample"}}
                (shadowedBy: the earlier rules that take every connection of a rule that decides none)
Exit codes: 0 ok, 1 the admin path is not proven, 2 bad input.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A connection in the JSON shape of the command line (`ip` for the address). */
export function connectionJson(c: Connection): Record<string, unknown> {
  return {
    protocol: c.protocol,
    authenticationType: c.authenticationType,
    ip: c.ipAddress,
    port: c.port,
    user: c.user,
    attributes: c.attributes,
    connectionType: c.connectionType,
  };
}

/** The `analyze --json` document. */
export function analyzeJson(set: RuleSet, proof: AdminPathProof | null): Record<string, unknown> {
  const a = analyzePolicy(set);
  const nameOf = new Map(set.rules.map((r) => [r.id, r.name]));
  return {
    regions: a.regions.length,
    complete: a.complete,
    unknown: a.unknown,
    rules: set.rules.map((rule, i) => {
      const facts = a.rules[i]!;
      return {
        name: rule.name,
        priority: i + 1,
        enabled: rule.enabled,
        decides: facts.decides,
        shadowedBy: facts.decides ? [] : facts.shadowedBy.map((id) => nameOf.get(id) ?? id),
        deadExceptions: facts.deadExceptions.map((f) => LIST_FIELD_PARAMETERS[f]),
        redundant: !facts.live || facts.redundant,
      };
    }),
    adminPath: proof === null ? null : { proven: proof.proven, counterexample: proof.counterexample && connectionJson(proof.counterexample), deniedBy: proof.deniedBy, problems: proof.problems },
  };
}

function report(file: string, doc: Record<string, unknown>): string {
  const rules = doc.rules as { name: string; priority: number; enabled: boolean; decides: boolean; shadowedBy: string[]; deadExceptions: string[]; redundant: boolean }[];
  const lines = [`${file}: ${rules.length} rules, ${String(doc.regions)} regions of connections analysed${doc.complete ? '' : ' (incomplete)'}`];
  for (const u of doc.unknown as string[]) lines.push(`  unknown: ${u}`);
  for (const r of rules) {
    if (!r.enabled) continue;
    const notes: string[] = [];
    if (!r.decides) notes.push(r.shadowedBy.length > 0 ? `decides no connection: ${r.shadowedBy.map((n) => `'${n}'`).join(', ')} take all of them first` : 'decides no connection: its conditions never match together');
    else if (r.redundant) notes.push('redundant: removing it changes no decision');
    if (r.decides) for (const p of r.deadExceptions) notes.push(`exception -${p} changes no outcome`);
    if (notes.length > 0) lines.push('', `#${r.priority} "${r.name}"`, ...notes.map((n) => `  ${n}`));
  }
  const admin = doc.adminPath as { proven: boolean; counterexample: Record<string, unknown> | null; deniedBy: string | null; problems: string[] } | null;
  lines.push('');
  if (admin === null) lines.push('Admin path: not declared. Add "adminPath" to the project file to prove the admins cannot be locked out.');
  else if (admin.proven) lines.push('Admin path: proven. Every admin connection on the declared path is allowed.');
  else {
    lines.push('Admin path: NOT proven.');
    for (const p of admin.problems) lines.push(`  ${p}`);
  }
  return `${lines.join('\n')}\n`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const started = startFileCommand('analyze', argv, OPTIONS, USAGE, io);
  if (typeof started === 'number') return started;
  const { values, file } = started;
  const ruleSet = await loadForCommand(file, io, { showFindings: true });
  if (!ruleSet) return EXIT_BAD_INPUT;
  const proof = ruleSet.adminPath ? proveAdminPath(ruleSet, ruleSet.adminPath) : null;
  const doc = analyzeJson(ruleSet, proof);
  if (flagArg(values, 'json')) io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
  else {
    let text = report(file, doc);
    if (proof?.counterexample) text += `  counterexample: ${describeConnection(proof.counterexample)}\n  denied by '${proof.deniedBy ?? ''}'\n`;
    io.stdout(text);
  }
  return proof !== null && !proof.proven ? EXIT_FINDINGS : EXIT_OK;
}

/** The `analyze` command. */
export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'analyse every connection at once: dead rules and exceptions, redundancy, lockout proof',
  usage: USAGE,
  run,
};
