export { AdfsPanel } from './adfs-panel.tsx';
