import { createRuleSet } from '../../core/model/rule-set.ts';
import type { DesignSlice, SliceCreator } from './types.ts';

/**
 * Rule set and baseline, with the undo policy. Every change to the rule set goes through
 * `applyChange`, so this is the single place where undo granularity is decided:
 * - a change that returns the same object records nothing;
 * - consecutive changes with the same `coalesceKey` share one undo step (the state before the first);
 * - anything else (no key, another key, undo, redo, baseline, replace, open) starts a new step.
 * `applyProjectChange` is the only writer of `ruleSet` and `baseline`; the other actions call it.
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
    // A new project starts on the platform where Client Access Rules are live (the first-run choice can
    // switch it to Exchange Online, whose rules are retired).
    ruleSet: createRuleSet('ExchangeServer'),
    baseline: null,

    applyChange: (change, options) => {
      get().applyProjectChange((project) => {
        const ruleSet = change(project.ruleSet);
        return ruleSet === project.ruleSet ? project : { ...project, ruleSet };
      }, options);
    },

    applyProjectChange: (change, options) => {
      const current = { ruleSet: get().ruleSet, baseline: get().baseline };
      const next = change(current);
      if (next === current || (next.ruleSet === current.ruleSet && next.baseline === current.baseline)) return;
      const written = { ruleSet: next.ruleSet, baseline: next.baseline };
      if (options?.history === 'reset') {
        lastCoalesceKey = null;
        untracked(() => set(written));
        api.temporal.getState().clear();
        return;
      }
      const key = options?.coalesceKey ?? null;
      const canCoalesce = key !== null && key === lastCoalesceKey && api.temporal.getState().pastStates.length > 0;
      if (canCoalesce) untracked(() => set(written));
      else set(written);
      lastCoalesceKey = key;
    },

    hydrate: ({ ruleSet, baseline, connection }) => {
      get().applyProjectChange(() => ({ ruleSet, baseline }), { history: 'reset' });
      api.temporal.getState().clear();
      if (connection) set({ connection });
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
