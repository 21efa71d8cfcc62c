import { get as idbGet, set as idbSet } from 'idb-keyval';
import { isNewerEnvelope, restoreFailed, restoreFromUnknown, type RestoreResult } from './save-envelope.ts';

/**
 * Where the work is kept: IndexedDB (through idb-keyval) under `PROJECT_KEY`, and copies of saved data
 * that could not be restored in full under `BACKUP_KEY_PREFIX…`, so nothing is dropped silently.
 */

export const PROJECT_KEY = 'card:project';
export const BACKUP_KEY_PREFIX = 'card:project-backup:';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The subset of idb-keyval the persistence needs; tests inject an in-memory one. */
export interface KeyValueStorage {
  get: (key: string) => Promise<unknown>;
  set: (key: string, value: unknown) => Promise<void>;
}

export const idbStorage: KeyValueStorage = { get: (key) => idbGet(key), set: (key, value) => idbSet(key, value) };

/**
 * Reads the saved project. Data that is not restored in full is first copied under a backup key
 * (reported in the notice). Storage failures become a notice; they never throw.
 */
export async function loadSavedProject(
  storage: KeyValueStorage = idbStorage,
  now: Date = new Date(),
  pending?: unknown,
): Promise<RestoreResult & { fromPending: boolean }> {
  let raw: unknown;
  try {
    raw = await storage.get(PROJECT_KEY);
  } catch (error) {
    if (pending !== undefined) {
      return { ...restoreFromUnknown(pending), fromPending: true };
    }
    return {
      project: null,
      notices: [
        {
          intent: 'error',
          title: 'Browser storage is not available',
          message: `Your work cannot be saved in this browser session (${String(error)}). Export your project to keep it.`,
        },
      ],
      needsBackup: false,
      fromPending: false,
    };
  }
  const fromPending = isNewerEnvelope(pending, raw);
  if (fromPending) raw = pending;
  let result: RestoreResult;
  try {
    result = restoreFromUnknown(raw);
  } catch (error) {
    result = restoreFailed(`Reading it failed unexpectedly (${String(error)}).`);
  }
  if (result.needsBackup) {
    const backupKey = `${BACKUP_KEY_PREFIX}${backupSuffix(raw, now)}`;
    try {
      await storage.set(backupKey, raw);
      result = { ...result, notices: result.notices.map((n) => (n.intent === 'info' ? n : { ...n, backupKey })) };
    } catch {
      result = {
        ...result,
        notices: [
          ...result.notices,
          {
            intent: 'error',
            title: 'Backup failed',
            message: 'The saved data could not be copied aside; export your project soon.',
          },
        ],
      };
    }
  }
  return { ...result, fromPending };
}

/**
 * Names a backup after the data it keeps (its `savedAt`, else a hash of its JSON), so opening the
 * app again with the same unreadable data does not pile up copies.
 */
function backupSuffix(raw: unknown, now: Date): string {
  if (isRecord(raw) && typeof raw.savedAt === 'string' && raw.savedAt.length <= 40) return `saved-${raw.savedAt}`;
  try {
    const text = JSON.stringify(raw) ?? String(raw);
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return `data-${hash.toString(16).padStart(8, '0')}`;
  } catch {
    return `at-${now.toISOString()}`;
  }
}


/**
 * The data kept aside under `backupKey` as pretty JSON text, for the admin to download and repair by
 * hand, or null when nothing is stored there.
 */
export async function readBackupText(backupKey: string, storage: KeyValueStorage = idbStorage): Promise<string | null> {
  const raw = await storage.get(backupKey);
  if (raw === undefined) return null;
  return `${JSON.stringify(raw, null, 2)}\n`;
}
