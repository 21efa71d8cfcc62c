import { toEnvelope } from './save-envelope.ts';
import type { DesignStoreState } from './types.ts';

/**
 * The synchronous copy written to localStorage when the page is closed with changes IndexedDB has not
 * confirmed yet (IndexedDB is asynchronous and may not finish while the page unloads). It is read
 * once on the next start and wins over an older IndexedDB save.
 */

/** localStorage key of the snapshot written synchronously when the page closes with unsaved changes. */
export const PENDING_KEY = 'card:project-pending';

/** The part of the Web Storage API the pending snapshot needs. */
export interface SyncStorage {
  getItem: (key: string) => string | null;
  setItem: (key: string, value: string) => void;
  removeItem: (key: string) => void;
}

/**
 * Writes the project synchronously (IndexedDB is asynchronous and may not finish while the page
 * unloads). Returns false when storage refuses (quota, privacy mode).
 */
export function writePendingSnapshot(
  state: Pick<DesignStoreState, 'ruleSet' | 'baseline' | 'connection'>,
  storage: SyncStorage,
  now: Date = new Date(),
): boolean {
  try {
    storage.setItem(PENDING_KEY, JSON.stringify(toEnvelope(state, now)));
    return true;
  } catch {
    return false;
  }
}

/** Reads and removes the pending snapshot; undefined when there is none or it is not JSON. */
export function takePendingSnapshot(storage: SyncStorage): unknown {
  try {
    const text = storage.getItem(PENDING_KEY);
    storage.removeItem(PENDING_KEY);
    return text === null ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

