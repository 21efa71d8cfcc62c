import { toEnvelope } from './save-envelope.ts';
import { idbStorage, PROJECT_KEY, type KeyValueStorage } from './save-storage.ts';
import type { DesignStoreState } from './types.ts';

/**
 * Autosave: writes the work to IndexedDB shortly after every change. It can never fail silently:
 * whatever goes wrong (the project cannot be written as JSON, the browser refuses to store it) is
 * reported through `onError`, the change stays marked unsaved (so the page-close snapshot and the
 * leave-page warning still protect it), and the next change or flush tries again.
 */

export const AUTOSAVE_DELAY_MS = 400;

/** The part of a store `startAutosave` needs (zustand's API). */
export interface AutosaveSource {
  getState: () => Pick<DesignStoreState, 'ruleSet' | 'baseline' | 'connection'>;
  subscribe: (listener: (state: DesignStoreState, previous: DesignStoreState) => void) => () => void;
}

export interface Autosave {
  /** Writes any pending change now (e.g. on `pagehide`). */
  flush: () => Promise<void>;
  /** Writes the current state now, changed or not (after restoring a pending snapshot). */
  saveNow: () => Promise<void>;
  /** True while a change is not yet confirmed as written. */
  hasUnsavedChanges: () => boolean;
  stop: () => void;
}

/** Where a save failed: building the saved form of the project, or storing it in the browser. */
export type AutosaveStage = 'prepare' | 'store';

export interface AutosaveOptions {
  storage?: KeyValueStorage;
  delayMs?: number;
  /** Every failed save, whatever failed; the change stays unsaved and is tried again on the next change. */
  onError?: (error: unknown, stage: AutosaveStage) => void;
  /** A save confirmed by the storage (after a failure: saving works again). */
  onSaved?: () => void;
}

/**
 * Saves the project whenever the rule set, baseline or connection changes, debounced by `delayMs`.
 * Never throws, in the timer or elsewhere: a failure to build the envelope (a value that cannot be
 * written as JSON) or to store it (quota, private mode) goes to `onError` with its stage, leaves
 * `hasUnsavedChanges()` true, and is retried on the next change or flush.
 */
export function startAutosave(store: AutosaveSource, options: AutosaveOptions = {}): Autosave {
  const storage = options.storage ?? idbStorage;
  const delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;
  let inFlight = 0;
  let writing: Promise<void> = Promise.resolve();
  const report = (error: unknown, stage: AutosaveStage) => {
    try {
      options.onError?.(error, stage);
    } catch {
      // A failing reporter must not stop saving; the change stays marked unsaved either way.
    }
  };

  const write = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!dirty) return writing;
    dirty = false;
    let envelope: ReturnType<typeof toEnvelope>;
    try {
      envelope = toEnvelope(store.getState());
    } catch (error) {
      dirty = true;
      report(error, 'prepare');
      return writing;
    }
    inFlight += 1;
    writing = writing
      .then(() => storage.set(PROJECT_KEY, envelope))
      .then(
        () => {
          if (!dirty) options.onSaved?.();
        },
        (error: unknown) => {
          dirty = true;
          report(error, 'store');
        },
      )
      .finally(() => {
        inFlight -= 1;
      });
    return writing;
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.ruleSet === previous.ruleSet && state.baseline === previous.baseline && state.connection === previous.connection) {
      return;
    }
    dirty = true;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void write(), delayMs);
  });

  return {
    flush: write,
    saveNow: () => {
      dirty = true;
      return write();
    },
    hasUnsavedChanges: () => dirty || inFlight > 0,
    stop: () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

