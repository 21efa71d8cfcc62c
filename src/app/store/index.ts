export { createDesignStore, useDesignStore, useUndoState, UNDO_LIMIT } from './store.ts';
export type { DesignStore } from './store.ts';
export { DEFAULT_CONNECTION } from './simulator-slice.ts';
export {
  selectActiveView,
  selectBaseline,
  selectCanRedo,
  selectCanUndo,
  selectConnection,
  selectProfile,
  selectRuleById,
  selectRules,
  selectRuleSet,
  selectSelectedRule,
  selectSelectedRuleId,
  selectSimulationMode,
  selectTheme,
} from './selectors.ts';
export type {
  ActiveView,
  ApplyChangeOptions,
  DesignSlice,
  ProjectState,
  DesignStoreApi,
  DesignStoreState,
  SimulatorSlice,
  ThemeName,
  TrackedState,
  UiSlice,
  UndoState,
} from './types.ts';
