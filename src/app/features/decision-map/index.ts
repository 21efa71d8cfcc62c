export { DecisionMapPanel } from './decision-map-panel.tsx';
