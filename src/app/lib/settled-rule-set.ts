import { createStore, useStore } from 'zustand';
import type { RuleSet } from '../../core/model/types.ts';
import { selectRuleSet, useDesignStore } from '../store/index.ts';

/**
 * Decisions: what follows the whole rule set (the linter, the what-if, the saved tests) reads the
 * *settled* rule set. An edit inside one rule (typing a name, an address, a pattern) settles once no
 * change has come for `SETTLE_MS`: a keystroke then costs one row and one field, and the checks run
 * once per pause, not once per character. Every other change (target, order, adding, deleting, tests,
 * undo across rules) settles at once. The delay is below what an admin notices between finishing a
 * word and looking at the top bar.
 */
export const SETTLE_MS = 200;

const settledStore = createStore<{ ruleSet: RuleSet }>(() => ({ ruleSet: selectRuleSet(useDesignStore.getState()) }));
let started = false;

/** Starts following the design store (once; the hooks call it). */
export function followDesignStore(): void {
  if (started) return;
  started = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  settledStore.setState({ ruleSet: selectRuleSet(useDesignStore.getState()) });
  const settle = () => {
    timer = null;
    settledStore.setState({ ruleSet: selectRuleSet(useDesignStore.getState()) });
  };
  useDesignStore.subscribe((state, previous) => {
    if (state.ruleSet === previous.ruleSet) return;
    if (timer !== null) clearTimeout(timer);
    if (isEditInsideOneRule(previous.ruleSet, state.ruleSet)) timer = setTimeout(settle, SETTLE_MS);
    else settle();
  });
}

/** True when `next` differs from `previous` only inside one rule (same rules, order, target, tests). */
export function isEditInsideOneRule(previous: RuleSet, next: RuleSet): boolean {
  if (previous.profile !== next.profile || previous.tests !== next.tests || previous.adminPath !== next.adminPath) return false;
  if (previous.rules.length !== next.rules.length) return false;
  let changed = 0;
  for (let i = 0; i < next.rules.length; i++) {
    const a = previous.rules[i]!;
    const b = next.rules[i]!;
    if (a === b) continue;
    if (a.id !== b.id || ++changed > 1) return false;
  }
  return true;
}

/** The settled rule set's store (for schedulers outside React). */
export function settledRuleSetStore(): typeof settledStore {
  followDesignStore();
  return settledStore;
}

/** The rule set as it was when the last change settled. */
export function useSettledRuleSet(): RuleSet {
  followDesignStore();
  return useStore(settledStore, (s) => s.ruleSet);
}
