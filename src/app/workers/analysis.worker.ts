import { expose } from 'comlink';
import { runAnalysisJob } from './analysis-job.ts';

/** The API the analysis worker exposes through comlink. */
export const analysisWorkerApi = { runAnalysisJob };
export type AnalysisWorkerApi = typeof analysisWorkerApi;

expose(analysisWorkerApi);
