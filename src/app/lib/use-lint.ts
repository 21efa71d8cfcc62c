import { useEffect, useState } from 'react';
import { createStore, useStore } from 'zustand';
import { findingsByRule } from '../../core/lint/by-rule.ts';
import type { LintFinding, RuleSet } from '../../core/model/types.ts';
import { LintCancelledError, lintOnce, runLint } from '../workers/index.ts';
import { settledRuleSetStore } from './settled-rule-set.ts';

export interface LintResult {
  findings: LintFinding[];
  byRule: Map<string, LintFinding[]>;
  errors: number;
  warnings: number;
}

const EMPTY: LintFinding[] = [];
const cache = new WeakMap<RuleSet, LintResult>();

function resultOf(findings: LintFinding[], previous?: LintResult): LintResult {
  const byRule = findingsByRule(findings);
  if (previous) {
    // A rule whose findings did not change keeps the same array, so its memoised row stays quiet.
    for (const [id, list] of byRule) {
      const before = previous.byRule.get(id);
      if (before && sameFindings(before, list)) byRule.set(id, before);
    }
  }
  return {
    findings,
    byRule,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

function sameFindings(a: LintFinding[], b: LintFinding[]): boolean {
  return (
    a === b ||
    (a.length === b.length &&
      a.every((f, i) => {
        const g = b[i];
        return g !== undefined && f.code === g.code && f.severity === g.severity && f.message === g.message && f.field === g.field && f.value === g.value;
      }))
  );
}

/**
 * Lint result for a rule set, computed once per rule-set object. For what-if questions about another
 * set (the target switch's "would give N errors"), not for the live rule set: that is `useLint`, which
 * never lints on the keystroke path. The linter loads on first use.
 */
export function lintOf(set: RuleSet): Promise<LintResult> {
  const cached = cache.get(set);
  if (cached) return Promise.resolve(cached);
  return lintOnce(set).then((findings) => {
    const result = cache.get(set) ?? resultOf(findings);
    cache.set(set, result);
    return result;
  });
}

/** `lintOf(set)` as a hook: null until the result is there (and while `set` is null). */
export function useLintOf(set: RuleSet | null): LintResult | null {
  const [done, setDone] = useState<{ set: RuleSet; result: LintResult } | null>(null);
  useEffect(() => {
    if (!set) return undefined;
    let alive = true;
    void lintOf(set).then((result) => {
      if (alive) setDone({ set, result });
    });
    return () => {
      alive = false;
    };
  }, [set]);
  return set && done?.set === set ? done.result : null;
}

interface LintState {
  result: LintResult;
  /** The rule set the result describes. */
  ruleSet: RuleSet | null;
  /** True while a newer rule set is being checked. */
  checking: boolean;
}

const lintStore = createStore<LintState>(() => ({ result: resultOf([]), ruleSet: null, checking: true }));
let scheduled = false;

/**
 * Decisions: the live rule set is linted when it settles (see `settled-rule-set.ts`), in the lint
 * worker unless it is tiny; a newer settled set supersedes a lint still running. Until the first
 * result the counts are empty and `checking` is true. Each rule's findings keep their array while
 * equal, so only rows whose findings changed re-render.
 */
function scheduleLint(): void {
  if (scheduled) return;
  scheduled = true;
  const settled = settledRuleSetStore();
  const lint = (set: RuleSet) => {
    lintStore.setState({ checking: true });
    runLint(set).then(
      (findings) => {
        if (settled.getState().ruleSet !== set) return;
        const result = resultOf(findings, lintStore.getState().result);
        cache.set(set, result);
        lintStore.setState({ result, ruleSet: set, checking: false });
      },
      (error: unknown) => {
        if (error instanceof LintCancelledError) return;
        lintStore.setState({ result: resultOf([{ code: 'lint-failed', severity: 'warning', message: `The checks could not run: ${String(error)}.` }]), ruleSet: set, checking: false });
      },
    );
  };
  lint(settled.getState().ruleSet);
  settled.subscribe((state, previous) => {
    if (state.ruleSet !== previous.ruleSet) lint(state.ruleSet);
  });
}

function useLintState<T>(selector: (state: LintState) => T): T {
  scheduleLint();
  return useStore(lintStore, selector);
}

/** Lint result of the current rule set, as of its last settled change (never computed on a keystroke). */
export function useLint(): LintResult {
  return useLintState((s) => s.result);
}

/** True while the latest change is still being checked (the counts shown are the previous ones). */
export function useLintChecking(): boolean {
  return useLintState((s) => s.checking);
}

/** False until the live rule set has been checked once (the counts would say "no problems" unchecked). */
export function useLintReady(): boolean {
  return useLintState((s) => s.ruleSet !== null);
}

/** Findings of one rule; the same array while they do not change (keeps memoised rows quiet). */
export function useRuleFindings(ruleId: string): LintFinding[] {
  return useLintState((s) => s.result.byRule.get(ruleId) ?? EMPTY);
}
