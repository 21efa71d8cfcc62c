export { ActiveSyncPanel } from './activesync-panel.tsx';
