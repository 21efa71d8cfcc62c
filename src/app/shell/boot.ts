import { useDesignStore } from '../store/index.ts';
import { loadSavedProject, startAutosave, takePendingSnapshot, writePendingSnapshot } from '../store/persist.ts';
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
    let reported = false;
    const autosave = startAutosave(useDesignStore, {
      onError: (error) => {
        if (reported) return;
        reported = true;
        useNotices.getState().push({
          intent: 'error',
          title: 'Your changes are not being saved',
          message: `The browser refused to store the project (${String(error)}). Export it to keep your work.`,
        });
      },
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
