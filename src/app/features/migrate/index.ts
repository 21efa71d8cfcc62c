export { MigratePanel } from './migrate-panel.tsx';
