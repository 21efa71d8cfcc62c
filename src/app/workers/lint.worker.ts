import { expose } from 'comlink';
import { runLintJob } from './lint-job.ts';

/** The API the lint worker exposes through comlink. */
export const lintWorkerApi = { runLintJob };
export type LintWorkerApi = typeof lintWorkerApi;

expose(lintWorkerApi);
