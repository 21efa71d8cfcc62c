import type { ThemeName } from '../store/index.ts';

const THEME_KEY = 'card:theme';

/** The theme the admin chose last time, else the operating system's preference. */
export function loadThemePreference(): ThemeName {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark') return saved;
  } catch {
    // Storage can be disabled (privacy mode); fall back to the system preference.
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function saveThemePreference(theme: ThemeName): void {
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Not remembering the theme is harmless.
  }
}
