export { AnalysisPanel } from './analysis-panel.tsx';
export { AdminPathForm } from './analysis-panel.tsx';
