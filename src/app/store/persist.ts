/**
 * Persistence of the work in the browser, split by job:
 * - `save-envelope.ts`: the versioned envelope (zod schema), building it, and turning whatever was
 *   stored into a project plus notices (pure);
 * - `save-storage.ts`: IndexedDB, restore on start-up, backups of what cannot be restored;
 * - `autosave.ts`: debounced saving that reports every failure and keeps the change marked unsaved;
 * - `pending-snapshot.ts`: the synchronous copy written when the page closes with unsaved changes.
 * This module is their one entry point for the shell.
 */
export {
  SAVE_SCHEMA,
  connectionFromUnknown,
  isNewerEnvelope,
  restoreFromUnknown,
  savedEnvelopeSchema,
  toEnvelope,
  type PersistNotice,
  type RestoredProject,
  type RestoreResult,
  type SavedEnvelope,
} from './save-envelope.ts';
export { BACKUP_KEY_PREFIX, PROJECT_KEY, idbStorage, loadSavedProject, readBackupText, type KeyValueStorage } from './save-storage.ts';
export { AUTOSAVE_DELAY_MS, startAutosave, type Autosave, type AutosaveOptions, type AutosaveSource, type AutosaveStage } from './autosave.ts';
export { PENDING_KEY, takePendingSnapshot, writePendingSnapshot, type SyncStorage } from './pending-snapshot.ts';
