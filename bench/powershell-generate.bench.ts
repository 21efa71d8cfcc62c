/**
 * PowerShell generator benchmark: the time to generate the full script for a 200-rule set (names with
 * quotes, non-ASCII and bidi characters, IP lists of both families, username patterns, filters, a
 * remote PowerShell guard in the middle), and, for comparison, a change script between two 200-rule
 * sets (40 removed, 40 new, 30 moved, 60 edited). Median of repeated runs after a warm-up.
 */
import { createRule } from '../src/core/model/rule-set.ts';
import type { Protocol, Rule, RuleSet } from '../src/core/model/types.ts';
import { generateChangeScript, generateScript } from '../src/core/powershell/generate.ts';

/** Deterministic PRNG (mulberry32) so every run measures the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20261122);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

const PROTOCOL_POOL: Protocol[] = ['ExchangeAdminCenter', 'RemotePowerShell', 'OutlookWebApp', 'IMAP4', 'POP3', 'ExchangeActiveSync'];
const NAME_STYLES = [
  (i: number) => `Block rule ${i}`,
  (i: number) => `O'Brien's rule ${i}`,
  (i: number) => `Z\u00FCrich \u2019office\u2019 ${i}`,
  (i: number) => `Deny ${i} \u202Eevil`,
];

function randomRule(i: number): Rule {
  return createRule({
    name: pick(NAME_STYLES)(i),
    action: random() < 0.7 ? 'DenyAccess' : 'AllowAccess',
    enabled: random() < 0.9,
    scope: random() < 0.3 ? 'Users' : 'All',
    anyOfProtocols: PROTOCOL_POOL.filter(() => random() < 0.3),
    exceptAnyOfClientIPAddressesOrRanges: Array.from({ length: int(12) }, () =>
      random() < 0.7 ? `10.${int(256)}.${int(256)}.0/24` : `2001:db8:${int(0x10000).toString(16)}::/48`,
    ),
    usernameMatchesAnyOfPatterns: random() < 0.3 ? [`*\\user${i}*`, `contoso.com\\admin${i}*`] : [],
    userRecipientFilter: random() < 0.3 ? `Department -eq 'Dept ${i}'` : '',
  });
}

function ruleSet(rules: Rule[]): RuleSet {
  return { profile: 'ExchangeOnline', rules, tests: [] };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function time(run: () => string, repeats: number): { ms: number; chars: number } {
  let chars = run().length;
  const samples: number[] = [];
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    chars = run().length;
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), chars };
}

/** Prints the median time to generate a 200-rule full script, and a 200-rule change script. */
export function runGenerateBench(): void {
  const rules = Array.from({ length: 200 }, (_, i) => randomRule(i));
  rules.splice(100, 0, createRule({ name: 'Always Allow Remote PowerShell', anyOfProtocols: ['RemotePowerShell'] }));
  rules.length = 200;
  const draft = ruleSet(rules);

  const full = time(() => generateScript(draft), 50);
  console.log(
    `PowerShell generator: full script for ${rules.length} rules: ${full.ms.toFixed(2)} ms median of 50 (${full.chars.toLocaleString('en-US')} characters, node ${process.version})`,
  );

  const deployed = [...rules];
  const changed = deployed.slice(40).map((r, i) => (i < 60 ? { ...r, action: r.action === 'DenyAccess' ? ('AllowAccess' as const) : ('DenyAccess' as const) } : r));
  for (let k = 0; k < 30; k++) {
    const [moved] = changed.splice(int(changed.length), 1);
    changed.splice(int(changed.length + 1), 0, moved as Rule);
  }
  for (let k = 0; k < 40; k++) changed.splice(int(changed.length + 1), 0, randomRule(1000 + k));
  const change = time(() => generateChangeScript(ruleSet(deployed), ruleSet(changed)), 20);
  console.log(
    `  change script ${deployed.length} -> ${changed.length} rules (40 removed, 40 new, 30 moved, 60 edited): ${change.ms.toFixed(2)} ms median of 20`,
  );
}
