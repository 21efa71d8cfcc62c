import { get as idbGet, set as idbSet } from 'idb-keyval';
import { projectFromUnknown, serializeProjectFile } from '../../core/model/project-file.ts';
import {
  AUTHENTICATION_TYPES,
  CONNECTION_TYPES,
  PROTOCOLS,
  type Connection,
  type RuleSet,
} from '../../core/model/types.ts';
import { DEFAULT_CONNECTION } from './simulator-slice.ts';
import type { DesignStoreState } from './types.ts';

/**
 * Autosave of the project to IndexedDB and its restore on start-up.
 *
 * The saved value is a versioned envelope `{ schema: 1, savedAt, project, baseline, connection }`
 * where `project` and `baseline` are project files (as `serializeProjectFile` writes them, parsed
 * to JSON) so that restore validates them with the same code as a file the admin opens. Anything
 * that cannot be restored in full is first copied aside under a backup key, then explained in a
 * notice: the admin's work is never dropped silently.
 */

export const SAVE_SCHEMA = 1;
export const PROJECT_KEY = 'card:project';
export const BACKUP_KEY_PREFIX = 'card:project-backup:';
export const AUTOSAVE_DELAY_MS = 400;

/** The subset of idb-keyval the persistence needs; tests inject an in-memory one. */
export interface KeyValueStorage {
  get: (key: string) => Promise<unknown>;
  set: (key: string, value: unknown) => Promise<void>;
}

export const idbStorage: KeyValueStorage = { get: (key) => idbGet(key), set: (key, value) => idbSet(key, value) };

export interface SavedEnvelope {
  schema: typeof SAVE_SCHEMA;
  savedAt: string;
  project: unknown;
  baseline: unknown;
  connection: Connection;
}

export interface PersistNotice {
  intent: 'info' | 'warning' | 'error';
  title: string;
  message: string;
  /** Key under which the original saved data was kept, when it was set aside. */
  backupKey?: string;
}

export interface RestoredProject {
  ruleSet: RuleSet;
  baseline: RuleSet | null;
  connection: Connection;
}

export interface RestoreResult {
  /** What to load, or null to start with an empty project. */
  project: RestoredProject | null;
  notices: PersistNotice[];
  /** True when the raw saved value must be copied aside before autosave overwrites it. */
  needsBackup: boolean;
}

/** Builds the envelope for the current state. */
export function toEnvelope(
  state: Pick<DesignStoreState, 'ruleSet' | 'baseline' | 'connection'>,
  now: Date = new Date(),
): SavedEnvelope {
  return {
    schema: SAVE_SCHEMA,
    savedAt: now.toISOString(),
    project: JSON.parse(serializeProjectFile(state.ruleSet)) as unknown,
    baseline: state.baseline ? (JSON.parse(serializeProjectFile(state.baseline)) as unknown) : null,
    connection: state.connection,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeErrors(errors: { path: string; message: string }[]): string {
  const shown = errors.slice(0, 3).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
  return shown.join('; ') + more;
}

/**
 * Reads a saved connection field by field: valid fields are kept, the rest take the defaults.
 * Returns the names of the fields that were replaced.
 */
export function connectionFromUnknown(value: unknown): { connection: Connection; replaced: string[] } {
  const source = isRecord(value) ? value : {};
  const replaced: string[] = [];
  const pick = <K extends keyof Connection>(key: K, ok: (v: unknown) => boolean): Connection[K] => {
    if (ok(source[key])) return source[key] as Connection[K];
    replaced.push(key);
    return DEFAULT_CONNECTION[key];
  };
  const oneOf = (list: readonly string[]) => (v: unknown) => typeof v === 'string' && list.includes(v);
  const attributes = pick(
    'attributes',
    (v) => isRecord(v) && Object.values(v).every((x) => typeof x === 'string'),
  );
  return {
    connection: {
      protocol: pick('protocol', oneOf(PROTOCOLS)),
      authenticationType: pick('authenticationType', oneOf(AUTHENTICATION_TYPES)),
      ipAddress: pick('ipAddress', (v) => typeof v === 'string'),
      port: pick('port', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535),
      user: pick('user', (v) => typeof v === 'string'),
      attributes: { ...attributes },
      connectionType: pick('connectionType', oneOf(CONNECTION_TYPES)),
    },
    replaced,
  };
}

/**
 * Turns whatever was stored into a project to load plus notices for the admin. Pure: no storage access.
 * - nothing saved: empty project, no notice;
 * - a bare project file (data saved before the envelope existed): migrated;
 * - schema 1: project validated; a bad baseline or connection is dropped with a notice, the project kept;
 * - a newer schema, or a project that does not validate: start empty, keep the data aside, explain.
 */
export function restoreFromUnknown(raw: unknown): RestoreResult {
  if (raw === undefined || raw === null) return { project: null, notices: [], needsBackup: false };
  const keptAside = 'The saved data was kept aside in the browser storage, so nothing is lost.';

  if (isRecord(raw) && !('schema' in raw)) {
    const legacy = projectFromUnknown(raw);
    if (legacy.ok) {
      return {
        project: { ruleSet: legacy.ruleSet, baseline: null, connection: DEFAULT_CONNECTION },
        notices: [
          {
            intent: 'info',
            title: 'Project upgraded',
            message: `Your saved project was stored in an older format and has been upgraded. ${keptAside}`,
          },
          ...warningNotices(legacy.warnings),
        ],
        needsBackup: true,
      };
    }
  }

  if (!isRecord(raw) || typeof raw.schema !== 'number') {
    return failed(`It is not in a format this app knows. ${keptAside}`);
  }
  if (raw.schema > SAVE_SCHEMA) {
    return failed(
      `It was saved by a newer version of Client Access Rule Designer (format ${raw.schema}). ${keptAside}`,
    );
  }
  if (raw.schema !== SAVE_SCHEMA) return failed(`Its format version ${String(raw.schema)} is unknown. ${keptAside}`);

  const project = projectFromUnknown(raw.project);
  if (!project.ok) {
    return failed(`The rules could not be read: ${describeErrors(project.errors)}. ${keptAside}`);
  }
  const notices: PersistNotice[] = warningNotices(project.warnings);
  let needsBackup = project.warnings.length > 0;

  let baseline: RuleSet | null = null;
  if (raw.baseline !== null && raw.baseline !== undefined) {
    const parsed = projectFromUnknown(raw.baseline);
    if (parsed.ok) baseline = parsed.ruleSet;
    else {
      needsBackup = true;
      notices.push({
        intent: 'warning',
        title: 'Baseline not restored',
        message: `The deployed baseline could not be read (${describeErrors(parsed.errors)}); your rules were restored. Import the deployed rules again to compare. ${keptAside}`,
      });
    }
  }

  const { connection, replaced } = connectionFromUnknown(raw.connection);
  if (replaced.length > 0 && raw.connection !== undefined && raw.connection !== null) {
    notices.push({
      intent: 'info',
      title: 'Simulator connection reset',
      message: `Some simulator fields could not be read and were reset: ${replaced.join(', ')}.`,
    });
  }

  return { project: { ruleSet: project.ruleSet, baseline, connection }, notices, needsBackup };
}

function warningNotices(warnings: string[]): PersistNotice[] {
  if (warnings.length === 0) return [];
  return [{ intent: 'warning', title: 'Project restored with remarks', message: warnings.slice(0, 5).join(' ') }];
}

function failed(reason: string): RestoreResult {
  return {
    project: null,
    notices: [{ intent: 'error', title: 'Your saved project could not be restored', message: reason }],
    needsBackup: true,
  };
}

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
    result = failed(`Reading it failed unexpectedly (${String(error)}).`);
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
 * True when `candidate` is an envelope saved after `current` (or `current` has none): the snapshot
 * written synchronously when the page was closed before the debounced save reached IndexedDB.
 */
export function isNewerEnvelope(candidate: unknown, current: unknown): boolean {
  if (!isRecord(candidate) || candidate.schema !== SAVE_SCHEMA || typeof candidate.savedAt !== 'string') return false;
  if (!isRecord(current) || typeof current.savedAt !== 'string') return true;
  return candidate.savedAt > current.savedAt;
}

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

/**
 * Saves the project whenever the rule set, baseline or connection changes, debounced by `delayMs`.
 * Failures are reported through `onError` (e.g. storage quota), and retried on the next change.
 */
export function startAutosave(
  store: AutosaveSource,
  options: { storage?: KeyValueStorage; delayMs?: number; onError?: (error: unknown) => void } = {},
): Autosave {
  const storage = options.storage ?? idbStorage;
  const delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let dirty = false;
  let inFlight = 0;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!dirty) return writing;
    dirty = false;
    const envelope = toEnvelope(store.getState());
    inFlight += 1;
    writing = writing
      .then(() => storage.set(PROJECT_KEY, envelope))
      .catch((error: unknown) => {
        dirty = true;
        options.onError?.(error);
      })
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

/**
 * The data kept aside under `backupKey` as pretty JSON text, for the admin to download and repair by
 * hand, or null when nothing is stored there.
 */
export async function readBackupText(backupKey: string, storage: KeyValueStorage = idbStorage): Promise<string | null> {
  const raw = await storage.get(backupKey);
  if (raw === undefined) return null;
  return `${JSON.stringify(raw, null, 2)}\n`;
}
