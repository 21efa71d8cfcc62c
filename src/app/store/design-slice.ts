import { createRuleSet } from '../../core/model/rule-set.ts';
import type { DesignSlice, SliceCreator } from './types.ts';

/**
 * Rule set and baseline, with the undo policy. Every change to the rule set goes through
 * `applyChange`, so this is the single place where undo granularity is decided:
 * - a change that returns the same object records nothing;
 * - consecutive changes with the same `coalesceKey` share one undo step (the state before the first);
 * - anything else (no key, another key, undo, redo, baseline, replace) starts a new step.
 */
export const createDesignSlice: SliceCreator<DesignSlice> = (set, get, api) => {
  let lastCoalesceKey: string | null = null;

  const untracked = (fn: () => void): void => {
    api.temporal.getState().pause();
    try {
      fn();
    } finally {
      api.temporal.getState().resume();
    }
  };

  return {
    ruleSet: createRuleSet(),
    baseline: null,

    applyChange: (change, options) => {
      const current = get().ruleSet;
      const next = change(current);
      if (next === current) return;
      const key = options?.coalesceKey ?? null;
      const canCoalesce = key !== null && key === lastCoalesceKey && api.temporal.getState().pastStates.length > 0;
      if (canCoalesce) untracked(() => set({ ruleSet: next }));
      else set({ ruleSet: next });
      lastCoalesceKey = key;
    },

    setBaseline: (baseline) => {
      lastCoalesceKey = null;
      if (get().baseline === baseline) return;
      set({ baseline });
    },

    replaceRuleSet: (ruleSet) => {
      lastCoalesceKey = null;
      if (get().ruleSet === ruleSet) return;
      set({ ruleSet });
    },

    hydrate: ({ ruleSet, baseline, connection }) => {
      lastCoalesceKey = null;
      untracked(() => set(connection ? { ruleSet, baseline, connection } : { ruleSet, baseline }));
      api.temporal.getState().clear();
    },

    undo: () => {
      lastCoalesceKey = null;
      api.temporal.getState().undo();
      keepSelectionValid();
    },

    redo: () => {
      lastCoalesceKey = null;
      api.temporal.getState().redo();
      keepSelectionValid();
    },
  };

  /** After undo/redo the selected rule may no longer exist; selection is UI state, not history. */
  function keepSelectionValid(): void {
    const { selectedRuleId, ruleSet } = get();
    if (selectedRuleId && !ruleSet.rules.some((r) => r.id === selectedRuleId)) {
      untracked(() => set({ selectedRuleId: null }));
    }
  }
};
