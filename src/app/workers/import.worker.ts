import { expose } from 'comlink';
import { runImportJob } from './import-job.ts';

/** The API the import worker exposes through comlink. */
export const importWorkerApi = { runImportJob };
export type ImportWorkerApi = typeof importWorkerApi;

expose(importWorkerApi);
