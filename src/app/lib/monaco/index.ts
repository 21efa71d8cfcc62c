export { CodeEditor } from './code-editor.tsx';
export type { CodeEditorHandle, CodeEditorLanguage, CodeEditorProps } from './code-editor.tsx';
export { loadMonaco } from './load-monaco.ts';
