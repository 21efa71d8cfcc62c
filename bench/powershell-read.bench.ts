/**
 * PowerShell reader benchmark: parse and replay a generated script of 5,000 commands: the full script
 * of a 3,500-rule set (names with quotes, non-ASCII and bidi characters written as `[char]`
 * concatenations, IP lists, username patterns, filters, backtick continuations) followed by a change
 * script to an edited draft (removals, new rules with -Priority, Set with @{Add=…;Remove=…} and moves).
 * Also the time to import a 5 MB script through `importText` (format detection, parse, replay).
 * Median of repeated runs after a warm-up.
 */
import { randomScriptRule, seededRandom, timed } from './support.ts';
import { createRuleSet, replaceRules } from '../src/core/model/rule-set.ts';
import type { Protocol, Rule } from '../src/core/model/types.ts';
import { importText } from '../src/core/import/import-text.ts';
import { generateChangeScript, generateScript } from '../src/core/powershell/generate.ts';
import { parseScript } from '../src/core/powershell/parser.ts';
import { replayCommands } from '../src/core/powershell/replay.ts';

const rng = seededRandom(20261123);
const { random, int } = rng;
const PROTOCOL_POOL: Protocol[] = ['ExchangeAdminCenter', 'RemotePowerShell', 'OutlookWebApp', 'IMAP4', 'POP3', 'ExchangeActiveSync', 'REST'];

const randomRule = (i: number): Rule => randomScriptRule(rng, i, PROTOCOL_POOL, 10);

/** The 5,000-command script: a full script and a change script, both from the generator. */
function buildScript(): { text: string; expectedRules: number } {
  const baseRules = Array.from({ length: 3500 }, (_, i) => randomRule(i));
  const baseline = replaceRules(createRuleSet(), baseRules);
  const kept = baseline.rules.filter(() => random() < 0.86);
  const edited = kept.map((r) =>
    random() < 0.2 ? { ...r, anyOfProtocols: PROTOCOL_POOL.filter(() => random() < 0.4), enabled: !r.enabled } : r,
  );
  const added = Array.from({ length: 500 }, (_, i) => randomRule(10_000 + i));
  const draftRules = [...edited];
  for (const rule of added) draftRules.splice(int(draftRules.length + 1), 0, rule);
  const draft = replaceRules(baseline, draftRules);
  const text = `${generateScript(baseline)}\n${generateChangeScript(baseline, draft)}`;
  return { text, expectedRules: draft.rules.length };
}

/** Prints the median time to parse, to replay, and both, for a generated 5,000-command script. */
export function runReadBench(): void {
  const { text, expectedRules } = buildScript();
  const parse = timed(() => parseScript(text), 5);
  const commands = parse.value.commands;
  const errors = parse.value.findings.filter((f) => f.severity === 'error').length;
  const replay = timed(() => replayCommands(createRuleSet(), commands), 5);
  const both = timed(() => replayCommands(createRuleSet(), parseScript(text).commands), 5);
  const rules = replay.value.ruleSet.rules.length;
  console.log(
    `PowerShell reader: ${commands.length.toLocaleString('en-US')} commands (${(text.length / 1024 / 1024).toFixed(2)} MB, ${errors} errors, ${rules} rules${rules === expectedRules ? '' : `, EXPECTED ${expectedRules}`}): ` +
      `parse ${parse.ms.toFixed(1)} ms, replay ${replay.ms.toFixed(1)} ms, parse + replay ${both.ms.toFixed(1)} ms (median of 5, node ${process.version})`,
  );

  const line = "New-ClientAccessRule -Name 'Rule NNN' -Action DenyAccess -AnyOfProtocols IMAP4,POP3 -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8 `\n  -UserRecipientFilter {City -eq 'Redmond'}\n";
  const count = Math.ceil((5 * 1024 * 1024) / line.length);
  const big = Array.from({ length: count }, (_, i) => line.replace('NNN', String(i))).join('');
  const imported = timed(() => importText(big), 3);
  console.log(
    `importText: 5 MB script (${count.toLocaleString('en-US')} commands → ${imported.value.ruleSet.rules.length.toLocaleString('en-US')} rules): ${imported.ms.toFixed(0)} ms (median of 3)`,
  );
}
