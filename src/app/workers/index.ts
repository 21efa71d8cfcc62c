export { runImportInWorker, cancelImportJob, ImportCancelledError } from './import-client.ts';
export type { ImportJobOptions, ImportJobResult, ImportProgress } from './import-client.ts';
export { runMigrateInWorker, MigrateCancelledError } from './migrate-client.ts';
export { runAnalysis, cancelAnalysis, AnalysisCancelledError } from './analysis-client.ts';
export type { AnalysisReport } from './analysis-client.ts';
export { runReplayInWorker, cancelReplayJob, ReplayCancelledError } from './replay-client.ts';
export type { ReplayJobOptions, ReplayJobResult, ReplayProgress } from './replay-client.ts';
export { runLint, lintOnce, LintCancelledError } from './lint-client.ts';
