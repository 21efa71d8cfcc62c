import type { StoreApi } from 'zustand';
import type { TemporalState } from 'zundo';
import type { Connection, RuleSet } from '../../core/model/types.ts';
import type { EvaluationMode } from '../../core/evaluator/types.ts';

/** The main areas of the app. `design` shows rule list, editor and simulator side by side. */
export type ActiveView =
  | 'design'
  | 'export'
  | 'import'
  | 'adfs'
  | 'activesync'
  | 'migrate'
  | 'replay'
  | 'analysis'
  | 'decision-map';

export type ThemeName = 'light' | 'dark';

export interface ApplyChangeOptions {
  /**
   * Consecutive changes with the same key become one undo step (e.g. `name:<ruleId>` while typing a
   * name). Omit it for changes that must be one step each (moves, adds, deletes, imports).
   */
  coalesceKey?: string;
}

/** What undo tracks and what a project file holds: the rule set and the deployed baseline. */
export interface ProjectState {
  ruleSet: RuleSet;
  baseline: RuleSet | null;
}

export interface DesignSlice {
  /** The project being designed: rules in priority order, target profile, saved tests. */
  ruleSet: RuleSet;
  /** The rule set as deployed (from an import), used for incremental change scripts. */
  baseline: RuleSet | null;
  /** A change to the rule set: one undo step (or coalesced by key). Goes through `applyProjectChange`. */
  applyChange: (change: (set: RuleSet) => RuleSet, options?: ApplyChangeOptions) => void;
  /**
   * The one place where the project (rule set and baseline) is written and undo granularity decided.
   * `history: 'reset'` writes without an undo step and clears the history (start-up restore).
   */
  applyProjectChange: (
    change: (project: ProjectState) => ProjectState,
    options?: ApplyChangeOptions & { history?: 'record' | 'reset' },
  ) => void;
  /** Loads a saved project (start-up restore): not an undo step, clears the history. */
  hydrate: (data: { ruleSet: RuleSet; baseline: RuleSet | null; connection?: Connection }) => void;
  undo: () => void;
  redo: () => void;
}

export interface UiSlice {
  selectedRuleId: string | null;
  theme: ThemeName;
  activeView: ActiveView;
  selectRule: (id: string | null) => void;
  setTheme: (theme: ThemeName) => void;
  setActiveView: (view: ActiveView) => void;
  /**
   * A view's inputs as the user left them (not the project: not undone, not saved), so that coming
   * back to the view finds them again. Each view reads and writes only its own entry.
   */
  viewDrafts: Partial<Record<ActiveView, unknown>>;
  setViewDraft: (view: ActiveView, draft: unknown) => void;
}

export interface SimulatorSlice {
  /** The connection the simulator evaluates. */
  connection: Connection;
  simulationMode: EvaluationMode;
  setConnection: (patch: Partial<Connection>) => void;
  setSimulationMode: (mode: EvaluationMode) => void;
}

export type DesignStoreState = DesignSlice & UiSlice & SimulatorSlice;

/** The part of the state that undo/redo tracks. */
export interface TrackedState {
  ruleSet: RuleSet;
  baseline: RuleSet | null;
}

export type UndoState = TemporalState<TrackedState>;

/** The zustand store API with zundo's temporal store attached. */
export type DesignStoreApi = StoreApi<DesignStoreState> & { temporal: StoreApi<UndoState> };

/** Signature of a slice creator: gets set/get and the store (with `temporal`). */
export type SliceCreator<T> = (
  set: (partial: Partial<DesignStoreState> | ((state: DesignStoreState) => Partial<DesignStoreState>)) => void,
  get: () => DesignStoreState,
  api: DesignStoreApi,
) => T;
