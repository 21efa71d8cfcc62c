export { SimulatorPanel } from './simulator-panel.tsx';
