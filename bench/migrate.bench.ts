/**
 * Migration benchmark (issue 9): `migrateRuleSet` (kinds, verdicts, Graph objects, and the comparison
 * of the rules with the translation over the representative connections) on the evaluator's realistic
 * 20-rule set and on a 60-rule set mixing protocol, IP, user and protocol + IP rules. Reports the
 * median time, the regions compared and the difference groups; single thread (the app runs it in
 * a worker with progress and cancel). The comparison is exact: the analysis engine's regions over
 * the rules and the translated side together (no sampling).
 */
import { availableParallelism, loadavg } from 'node:os';
import { timed } from './support.ts';
import { benchRuleSet } from './evaluator.bench.ts';
import { createRule, createRuleSet, replaceRules } from '../src/core/model/rule-set.ts';
import type { Rule, RuleSet } from '../src/core/model/types.ts';
import { migrateRuleSet } from '../src/core/migrate/migrate.ts';

function mixedSet(count: number): RuleSet {
  const rules: Rule[] = [];
  for (let i = 0; i < count; i += 1) {
    const k = i % 4;
    rules.push(
      createRule({
        name: `R${i}`,
        action: i % 3 === 0 ? 'AllowAccess' : 'DenyAccess',
        anyOfProtocols: k === 0 ? ['POP3'] : k === 3 ? ['OutlookWebApp'] : [],
        anyOfClientIPAddressesOrRanges: k === 1 || k === 3 ? [`10.${i}.0.0/16`, `192.168.${i}.1-192.168.${i}.99`] : [],
        usernameMatchesAnyOfPatterns: k === 2 ? [`contoso.com\\user${i}*`] : [],
      }),
    );
  }
  return replaceRules(createRuleSet(), rules);
}

export function runMigrateBench(): void {
  console.log(`cores ${availableParallelism()}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const [label, set] of [
    ['evaluator set (20 rules)', benchRuleSet()],
    ['mixed set (60 rules)', mixedSet(60)],
  ] as const) {
    const { ms, value } = timed(() => migrateRuleSet(set), 3);
    console.log(`migrateRuleSet ${label}: ${ms.toFixed(0)} ms median, ${value.compared} regions compared (exact${value.complete ? '' : ', incomplete user side'}), ${value.differences.length} difference groups`);
  }
}
