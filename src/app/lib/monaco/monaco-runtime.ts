/**
 * The Monaco runtime: the bare editor API, PowerShell highlighting and the editor worker, bundled
 * locally (no CDN loader, so the strict CSP holds and nothing leaves the machine).
 *
 * Only `load-monaco.ts` imports this module, through a dynamic `import()`, so Monaco lands in its own
 * chunks and is fetched when the Export or Import panel first opens.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/powershell/register';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode';
// Marks typographic quotes, dashes and invisible characters pasted from web pages (computed in the editor worker).
import 'monaco-editor/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

/** Theme names the editor uses; they follow the Fluent theme (see `code-editor.tsx`). */
export const LIGHT_THEME = 'card-light';
export const DARK_THEME = 'card-dark';

monaco.editor.defineTheme(LIGHT_THEME, {
  base: 'vs',
  inherit: true,
  rules: [],
  // Line numbers darker than Monaco's default, for WCAG AA contrast; the final empty line's number too
  // (Monaco otherwise draws it at 40 % opacity).
  colors: {
    'editor.background': '#ffffff',
    'editorLineNumber.foreground': '#616161',
    'editorLineNumber.dimmedForeground': '#616161',
    'editorLineNumber.activeForeground': '#242424',
  },
});
monaco.editor.defineTheme(DARK_THEME, {
  base: 'vs-dark',
  inherit: true,
  // vs-dark's comment green (#608b4e) is 4.2:1 on this background; #6a9955 reaches WCAG AA (4.9:1).
  rules: [{ token: 'comment', foreground: '6a9955' }],
  colors: {
    'editor.background': '#1f1f1f',
    'editorLineNumber.foreground': '#a8a8a8',
    'editorLineNumber.dimmedForeground': '#a8a8a8',
    'editorLineNumber.activeForeground': '#ffffff',
  },
});

export { monaco };
