export { RuleEditorPanel } from './rule-editor-panel.tsx';
