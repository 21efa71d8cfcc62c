import { compileRuleSet, evaluate, runTestCases } from '../../core/evaluator/evaluate.ts';
import type { CompiledRuleSet } from '../../core/evaluator/evaluate.ts';
import type { Decision, RuleOutcome } from '../../core/evaluator/types.ts';
import { isGovernedProtocol } from '../../core/model/profile.ts';
import type { Connection, RuleSet, TestCase } from '../../core/model/types.ts';
import { selectConnection, useDesignStore } from '../store/index.ts';
import { useSettledRuleSet } from './settled-rule-set.ts';

/** The simulator's connection against the rule set: the live decision and each rule's outcome. */
export interface WhatIf {
  decision: Decision;
  /** False when the target's rules do not govern the connection's protocol (Exchange Server, spec 1). */
  governed: boolean;
  /** Outcome of each rule by id, for the rule list's overlay. */
  outcomes: ReadonlyMap<string, RuleOutcome>;
}

export interface TestRun {
  results: { test: TestCase; decision: Decision; passed: boolean }[];
  failed: number;
}

const compiledCache = new WeakMap<RuleSet, CompiledRuleSet>();
const whatIfCache = new WeakMap<RuleSet, WeakMap<Connection, WhatIf>>();
const testCache = new WeakMap<RuleSet, TestRun>();

/** The compiled rule set, once per rule-set object, shared by the simulator, the list and the tests. */
export function compiledOf(set: RuleSet): CompiledRuleSet {
  let compiled = compiledCache.get(set);
  if (!compiled) {
    compiled = compileRuleSet(set);
    compiledCache.set(set, compiled);
  }
  return compiled;
}

/** The what-if of a connection, computed once per (rule set, connection) pair. */
export function whatIfOf(set: RuleSet, connection: Connection): WhatIf {
  let byConnection = whatIfCache.get(set);
  if (!byConnection) {
    byConnection = new WeakMap();
    whatIfCache.set(set, byConnection);
  }
  let result = byConnection.get(connection);
  if (!result) {
    const decision = evaluate(compiledOf(set), connection, { mode: 'live' });
    result = {
      decision,
      governed: isGovernedProtocol(set.profile, connection.protocol),
      outcomes: new Map(decision.trace.map((t) => [t.ruleId, t.outcome])),
    };
    byConnection.set(connection, result);
  }
  return result;
}

/** The saved test cases run against the rule set, once per rule-set object. */
export function testRunOf(set: RuleSet): TestRun {
  let run = testCache.get(set);
  if (!run) {
    const results = runTestCases(set);
    run = { results, failed: results.filter((r) => !r.passed).length };
    testCache.set(set, run);
  }
  return run;
}

/**
 * The what-if of the simulator's connection, on the settled rule set: typing in the editor never waits
 * for the evaluation (it runs once the typing pauses); a new connection is evaluated at once.
 */
export function useWhatIf(): WhatIf {
  const ruleSet = useSettledRuleSet();
  const connection = useDesignStore(selectConnection);
  return whatIfOf(ruleSet, connection);
}

/** The saved tests' results, on the settled rule set. */
export function useTestRun(): TestRun {
  return testRunOf(useSettledRuleSet());
}
