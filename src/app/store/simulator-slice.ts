import type { Connection } from '../../core/model/types.ts';
import type { SimulatorSlice, SliceCreator } from './types.ts';

/** The connection a new project starts with: an end user signing in to Outlook on the web. */
export const DEFAULT_CONNECTION: Connection = {
  protocol: 'OutlookWebApp',
  authenticationType: 'BasicAuthentication',
  ipAddress: '203.0.113.10',
  port: 443,
  user: 'jeff@contoso.com',
  attributes: {},
  connectionType: 'EndUser',
};

/** The simulator's connection and evaluation mode. Not part of undo history. */
export const createSimulatorSlice: SliceCreator<SimulatorSlice> = (set, get) => ({
  connection: DEFAULT_CONNECTION,
  simulationMode: 'live',
  setConnection: (patch) => set({ connection: { ...get().connection, ...patch } }),
  setSimulationMode: (simulationMode) => set({ simulationMode }),
});
