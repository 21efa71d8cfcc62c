import { create } from 'zustand';
import { useStore } from 'zustand';
import { temporal } from 'zundo';
import { createDesignSlice } from './design-slice.ts';
import { createUiSlice } from './ui-slice.ts';
import { createSimulatorSlice } from './simulator-slice.ts';
import type { DesignStoreApi, DesignStoreState, TrackedState, UndoState } from './types.ts';

/** How many undo steps are kept. */
export const UNDO_LIMIT = 200;

/**
 * Creates a design store: the slices combined, with zundo tracking only `ruleSet` and `baseline`.
 * The app uses the single `useDesignStore`; tests create their own.
 */
export function createDesignStore() {
  return create<DesignStoreState>()(
    temporal(
      (set, get, api) => {
        const typedApi = api as unknown as DesignStoreApi;
        return {
          ...createDesignSlice(set, get, typedApi),
          ...createUiSlice(set, get, typedApi),
          ...createSimulatorSlice(set, get, typedApi),
        };
      },
      {
        partialize: (state): TrackedState => ({ ruleSet: state.ruleSet, baseline: state.baseline }),
        equality: (a, b) => a.ruleSet === b.ruleSet && a.baseline === b.baseline,
        limit: UNDO_LIMIT,
      },
    ),
  );
}

export type DesignStore = ReturnType<typeof createDesignStore>;

/** The app's one store. */
export const useDesignStore: DesignStore = createDesignStore();

/**
 * Subscribes to the undo history (zundo's temporal store) of `useDesignStore`.
 *
 * @example const canUndo = useUndoState(selectCanUndo);
 */
export function useUndoState<T>(selector: (state: UndoState) => T): T {
  return useStore(useDesignStore.temporal, selector);
}
