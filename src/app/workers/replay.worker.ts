import { expose } from 'comlink';
import { runReplayJob } from './replay-job.ts';

/** The API the replay worker exposes through comlink. */
export const replayWorkerApi = { runReplayJob };
export type ReplayWorkerApi = typeof replayWorkerApi;

expose(replayWorkerApi);
