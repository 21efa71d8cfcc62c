import { useDesignStore } from '../store/index.ts';
import {
  loadSavedProject,
  startAutosave,
  takePendingSnapshot,
  writePendingSnapshot,
  type AutosaveStage,
  type PersistNotice,
} from '../store/persist.ts';
import { loadThemePreference, saveThemePreference } from '../lib/theme-preference.ts';
import { useNotices } from './notices.ts';

let booting: Promise<void> | null = null;

/**
 * Restores the saved project, then starts the autosave (never before: an empty project must not
 * overwrite the saved one). Runs once, however many times React mounts the app.
 */
export function bootPersistence(): Promise<void> {
  booting ??= (async () => {
    const pending = safeLocalStorage() ? takePendingSnapshot(localStorage) : undefined;
    const result = await loadSavedProject(undefined, undefined, pending);
    const { hydrate, selectRule } = useDesignStore.getState();
    if (result.project) {
      hydrate(result.project);
      selectRule(result.project.ruleSet.rules[0]?.id ?? null);
    }
    for (const notice of result.notices) useNotices.getState().push(notice);
    // A failed save is always shown (again after saving worked in between), the change stays unsaved,
    // the page-close snapshot keeps a copy, and leaving the page asks first while saving fails.
    let failing = false;
    const autosave = startAutosave(useDesignStore, {
      onError: (error, stage) => {
        if (failing) return;
        failing = true;
        useNotices.getState().push(saveFailedNotice(error, stage));
      },
      onSaved: () => {
        if (!failing) return;
        failing = false;
        const notices = useNotices.getState();
        for (const n of notices.notices) if (n.title === SAVE_FAILED_TITLE) notices.dismiss(n.id);
      },
    });
    addEventListener('beforeunload', (event) => {
      if (failing && autosave.hasUnsavedChanges()) event.preventDefault();
    });
    if (result.fromPending) void autosave.saveNow();
    addEventListener('pagehide', () => {
      // The debounced IndexedDB write may not finish while the page unloads: keep a synchronous copy.
      if (autosave.hasUnsavedChanges() && safeLocalStorage()) writePendingSnapshot(useDesignStore.getState(), localStorage);
      void autosave.flush();
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void autosave.flush();
    });
  })();
  return booting;
}

export const SAVE_FAILED_TITLE = 'Your changes are not being saved';

/** The notice for a failed autosave: what failed, and how to keep the work. */
export function saveFailedNotice(error: unknown, stage: AutosaveStage): PersistNotice {
  const why = error instanceof Error ? error.message : String(error);
  return {
    intent: 'error',
    title: SAVE_FAILED_TITLE,
    message:
      stage === 'prepare'
        ? `The project could not be prepared for saving (${why}). Your work is still open here; undo the last change and it will be saved again.`
        : `The browser refused to store the project (${why}). Your work is still open here: use Export to download the project file to keep it.`,
  };
}

function safeLocalStorage(): boolean {
  try {
    return typeof localStorage !== 'undefined';
  } catch {
    return false;
  }
}

/** Applies the remembered theme and remembers later changes. */
export function bootTheme(): void {
  useDesignStore.getState().setTheme(loadThemePreference());
  useDesignStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme) saveThemePreference(state.theme);
  });
}
