/**
 * The batch what-if (issue 12): every saved test case and every connection of the declared admin path
 * decided by the draft and by the deployed baseline, as one table of rows, each passing or failing,
 * each saying whether the decision changed since the baseline.
 *
 * Decisions:
 * - Decisions are the live ones (`evaluate` in `live` mode), as the saved tests are run everywhere
 *   else (`runTestCases`): a row passes exactly when the top bar's test status says it does.
 * - The admin path's connections are those the rollout script verifies (`adminPathConnections`): each
 *   protocol, each authentication type it can use, each admin account, from the first address of each
 *   address value. Each must be allowed.
 * - "Changed" compares the draft's row with the baseline's: `decision` when the action differs,
 *   `rule` when the action is the same but another rule (or the default) decides it. Without a
 *   baseline nothing is marked changed.
 */
import { compileRuleSet, evaluate } from '../evaluator/evaluate.ts';
import type { CompiledRuleSet } from '../evaluator/evaluate.ts';
import { isGovernedProtocol } from '../model/profile.ts';
import type { Action, Connection, RuleSet } from '../model/types.ts';
import { adminPathConnections } from './admin-path.ts';

/** One rule set's answer for one connection of the matrix. */
export interface MatrixDecision {
  action: Action;
  /** The deciding rule's name; null when allowed by default or by the Microsoft middle-tier bypass. */
  rule: string | null;
  ruleId: string | null;
}

/** One row of the batch what-if. */
export interface MatrixRow {
  /** Stable key: `test:<id>` or `admin:<index>`. */
  key: string;
  kind: 'test' | 'admin-path';
  name: string;
  connection: Connection;
  expected: Action;
  draft: MatrixDecision;
  passed: boolean;
  /** The baseline's decision; null without a baseline. */
  baseline: MatrixDecision | null;
  /** What differs from the baseline: the action, only the deciding rule, or nothing. */
  changed: 'decision' | 'rule' | null;
  /** False when the target's rules do not govern the connection's protocol (Exchange Server). */
  governed: boolean;
}

function answer(compiled: CompiledRuleSet, connection: Connection): MatrixDecision {
  const d = evaluate(compiled, connection, { mode: 'live' });
  return { action: d.action, rule: d.matchedRule, ruleId: d.matchedRuleId };
}

/**
 * The batch what-if of a draft against its baseline: the saved tests first (in their order), then the
 * admin path's connections (named "Admin path N: …"), each decided by both rule sets.
 *
 * @example whatIfMatrix(draft, baseline).filter((r) => r.changed === 'decision') // the rows whose decision flips
 */
export function whatIfMatrix(draft: RuleSet, baseline: RuleSet | null): MatrixRow[] {
  const now = compileRuleSet(draft);
  const before = baseline ? compileRuleSet(baseline) : null;
  const entries: { key: string; kind: MatrixRow['kind']; name: string; connection: Connection; expected: Action }[] = [
    ...draft.tests.map((t) => ({ key: `test:${t.id}`, kind: 'test' as const, name: t.name, connection: t.connection, expected: t.expected })),
    ...adminPathConnections(draft).map((c, i) => ({
      key: `admin:${i}`,
      kind: 'admin-path' as const,
      name: `Admin path ${i + 1}: ${c.user}`,
      connection: c,
      expected: 'AllowAccess' as const,
    })),
  ];
  return entries.map((e) => {
    const d = answer(now, e.connection);
    const b = before ? answer(before, e.connection) : null;
    const changed = b === null ? null : b.action !== d.action ? 'decision' : b.rule !== d.rule ? 'rule' : null;
    return {
      ...e,
      draft: d,
      passed: d.action === e.expected,
      baseline: b,
      changed,
      governed: isGovernedProtocol(draft.profile, e.connection.protocol),
    };
  });
}
