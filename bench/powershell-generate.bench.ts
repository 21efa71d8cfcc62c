/**
 * PowerShell generator benchmark: the time to generate the full script for a 200-rule set (names with
 * quotes, non-ASCII and bidi characters, IP lists of both families, username patterns, filters, a
 * remote PowerShell guard in the middle), and, for comparison, a change script between two 200-rule
 * sets (40 removed, 40 new, 30 moved, 60 edited). Median of repeated runs after a warm-up.
 */
import { randomScriptRule, seededRandom, timed } from './support.ts';
import { createRule } from '../src/core/model/rule-set.ts';
import type { Protocol, Rule, RuleSet } from '../src/core/model/types.ts';
import { generateChangeScript, generateScript } from '../src/core/powershell/generate.ts';

const rng = seededRandom(20261122);
const { int } = rng;
const PROTOCOL_POOL: Protocol[] = ['ExchangeAdminCenter', 'RemotePowerShell', 'OutlookWebApp', 'IMAP4', 'POP3', 'ExchangeActiveSync'];

const randomRule = (i: number): Rule => randomScriptRule(rng, i, PROTOCOL_POOL, 12);

function ruleSet(rules: Rule[]): RuleSet {
  return { profile: 'ExchangeOnline', rules, tests: [] };
}

/** Prints the median time to generate a 200-rule full script, and a 200-rule change script. */
export function runGenerateBench(): void {
  const rules = Array.from({ length: 200 }, (_, i) => randomRule(i));
  rules.splice(100, 0, createRule({ name: 'Always Allow Remote PowerShell', anyOfProtocols: ['RemotePowerShell'] }));
  rules.length = 200;
  const draft = ruleSet(rules);

  const full = timed(() => generateScript(draft), 50);
  console.log(
    `PowerShell generator: full script for ${rules.length} rules: ${full.ms.toFixed(2)} ms median of 50 (${full.value.length.toLocaleString('en-US')} characters, node ${process.version})`,
  );

  const deployed = [...rules];
  const changed = deployed.slice(40).map((r, i) => (i < 60 ? { ...r, action: r.action === 'DenyAccess' ? ('AllowAccess' as const) : ('DenyAccess' as const) } : r));
  for (let k = 0; k < 30; k++) {
    const [moved] = changed.splice(int(changed.length), 1);
    changed.splice(int(changed.length + 1), 0, moved as Rule);
  }
  for (let k = 0; k < 40; k++) changed.splice(int(changed.length + 1), 0, randomRule(1000 + k));
  const change = timed(() => generateChangeScript(ruleSet(deployed), ruleSet(changed)), 20);
  console.log(
    `  change script ${deployed.length} -> ${changed.length} rules (40 removed, 40 new, 30 moved, 60 edited): ${change.ms.toFixed(2)} ms median of 20`,
  );
}
