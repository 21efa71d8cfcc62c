const FIRST_RUN_KEY = 'card:first-run-done';

/** Whether the first-run choice was already made (or skipped) in this browser. */
export function firstRunDone(): boolean {
  try {
    return localStorage.getItem(FIRST_RUN_KEY) === '1';
  } catch {
    // Storage disabled (privacy mode): do not ask on every visit.
    return true;
  }
}

/** Remembers that the first-run choice was made, so it is not offered again after a reload. */
export function markFirstRunDone(): void {
  try {
    localStorage.setItem(FIRST_RUN_KEY, '1');
  } catch {
    // Not remembering it only means the choice is offered again.
  }
}

/** The storage key, for tests that start past the first run. */
export const FIRST_RUN_STORAGE_KEY = FIRST_RUN_KEY;
