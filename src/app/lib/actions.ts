/**
 * The shape of a feature's action registry (`features/<name>/actions.ts`), in the manner of
 * excalidraw's actions: every way a feature changes the project (button, menu, shortcut, drag) dispatches
 * one entry, which names what it does, the core function it goes through, its label and shortcut, and
 * its undo policy. Components never call the store's change functions themselves.
 *
 * Decisions:
 * - Undo: an action is one undo step per dispatch unless it declares `undoKey`; consecutive dispatches
 *   with the same key are then one step (typing a name). `changeProject` is where the key is applied.
 *   An action that declares `history: 'reset'` is no undo step at all: the history starts after it
 *   (the first run's choice of target). `changeWholeProject` applies that.
 * - A change to the whole project (rule set and baseline: opening a project file, setting the
 *   baseline) goes through `changeWholeProject` and a core function of `core/model/project.ts`.
 * - An action that creates something learns its id from the core function that created it
 *   (`addRuleWithId`, `applyTemplateWithIds`, ...) through `changeProject`'s result, never by comparing
 *   the rule list before and after or by counting positions.
 * - Context is a parameter (the store, and whatever else the feature's actions need, such as a
 *   screen-reader announcer), so that features keep no module-level mutable state and tests can pass
 *   their own store.
 */
import type { Project } from '../../core/model/project.ts';
import type { RuleSet } from '../../core/model/types.ts';
import { useDesignStore, type DesignStore } from '../store/index.ts';

export interface StoreContext {
  store: Pick<DesignStore, 'getState'>;
}

/** The app's own store, for components that dispatch an action without more context. */
export const APP_STORE_CONTEXT: StoreContext = { store: useDesignStore };

export interface FeatureAction<P, C extends StoreContext = StoreContext> {
  /** Button or menu label. */
  label: string;
  /** Keyboard shortcut, in `aria-keyshortcuts` syntax. */
  shortcut?: string;
  /** The core function behind it, for readers of the registry. */
  core: string;
  /** Consecutive dispatches with the same key are one undo step; without it, each dispatch is one. */
  undoKey?: (params: P) => string | undefined;
  /** `reset`: the change is no undo step and clears the history (where a new project's history starts). */
  history?: 'record' | 'reset';
  run: (ctx: C, params: P) => void;
}

/**
 * Applies a core change through the store's `applyChange` with the action's undo key, and returns
 * what the change reported besides the new rule set (such as the id of the rule it created). The
 * change runs once, synchronously.
 *
 * @example const { id } = changeProject(ctx, action, params, (s) => addRuleWithId(s, createRule()));
 */
export function changeProject<P, T extends { ruleSet: RuleSet }>(
  ctx: StoreContext,
  action: Pick<FeatureAction<P>, 'core' | 'undoKey'>,
  params: P,
  change: (set: RuleSet) => T,
): Omit<T, 'ruleSet'> | null {
  let result: T | null = null;
  const coalesceKey = action.undoKey?.(params);
  ctx.store.getState().applyChange((set) => {
    const next = change(set);
    result = next;
    return next.ruleSet;
  }, coalesceKey ? { coalesceKey } : undefined);
  if (result === null) return null;
  const { ruleSet: _set, ...rest } = result as T;
  void _set;
  return rest;
}

/** `changeProject` for a change that returns only the new rule set. */
export function changeRuleSet<P>(
  ctx: StoreContext,
  action: Pick<FeatureAction<P>, 'core' | 'undoKey'>,
  params: P,
  change: (set: RuleSet) => RuleSet,
): void {
  changeProject(ctx, action, params, (set) => ({ ruleSet: change(set) }));
}

/**
 * Applies a change to the whole project (rule set and baseline, a `core/model/project.ts` function)
 * through the store's `applyProjectChange`, with the action's undo key and history policy: one undo
 * step, or none when the action says `history: 'reset'`. A change that returns the same project
 * records nothing.
 *
 * @example changeWholeProject(ctx, action, params, (p) => openProject(p, parsed));
 */
export function changeWholeProject<P>(
  ctx: StoreContext,
  action: Pick<FeatureAction<P>, 'core' | 'undoKey' | 'history'>,
  params: P,
  change: (project: Project) => Project,
): void {
  const coalesceKey = action.undoKey?.(params);
  ctx.store.getState().applyProjectChange(change, {
    ...(coalesceKey ? { coalesceKey } : {}),
    ...(action.history ? { history: action.history } : {}),
  });
}
