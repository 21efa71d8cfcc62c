export { RuleListPanel } from './rule-list-panel.tsx';
export type { RuleListPanelProps } from './rule-list-panel.tsx';
