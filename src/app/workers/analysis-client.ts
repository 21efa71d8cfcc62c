import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { RuleSet } from '../../core/model/types.ts';
import type { AnalysisReport } from './analysis-job.ts';
import type { AnalysisWorkerApi } from './analysis.worker.ts';

export type { AnalysisReport } from './analysis-job.ts';

/** Rejection of a superseded or cancelled analysis. */
export class AnalysisCancelledError extends Error {
  constructor() {
    super('The analysis was cancelled.');
    this.name = 'AnalysisCancelledError';
  }
}

let slot: { worker: Worker; api: Remote<AnalysisWorkerApi> } | null = null;
let running: (() => void) | null = null;

function acquire(): NonNullable<typeof slot> {
  if (!slot) {
    const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
    slot = { worker, api: wrap<AnalysisWorkerApi>(worker) };
  }
  return slot;
}

/**
 * Whether the analysis of this set is cheap enough to run on the main thread (well under a frame):
 * few rules, few IP values and few username patterns. Anything bigger goes to the worker.
 *
 * @example fitsInAFrame(createRuleSet()) // true
 */
export function fitsInAFrame(set: RuleSet, baseline: RuleSet | null = null): boolean {
  const sets = baseline ? [set, baseline] : [set];
  const rules = sets.reduce((n, s) => n + s.rules.length, 0);
  const values = sets.reduce(
    (n, s) => n + s.rules.reduce((m, r) => m + r.anyOfClientIPAddressesOrRanges.length + r.exceptAnyOfClientIPAddressesOrRanges.length + 4 * (r.usernameMatchesAnyOfPatterns.length + r.exceptUsernameMatchesAnyOfPatterns.length), 0),
    0,
  );
  return rules <= 8 && values <= 40;
}

/**
 * Analyses the draft (and its change from the baseline): on the main thread when it fits in a frame,
 * else in the analysis worker, so the page stays responsive. Starting a new analysis cancels the one
 * in progress (the worker is terminated: a running analysis cannot be interrupted otherwise);
 * aborting `signal` does the same.
 */
export function runAnalysis(set: RuleSet, baseline: RuleSet | null, signal?: AbortSignal): Promise<{ report: AnalysisReport; inWorker: boolean }> {
  running?.();
  if (fitsInAFrame(set, baseline)) {
    // The engine loads on first use: it is not part of the first load.
    return import('./analysis-job.ts').then(({ runAnalysisJob }) => {
      if (signal?.aborted) throw new AnalysisCancelledError();
      return { report: runAnalysisJob(set, baseline), inWorker: false };
    });
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const cancel = (): void => {
      if (settled) return;
      settled = true;
      running = null;
      slot?.worker.terminate();
      slot = null;
      reject(new AnalysisCancelledError());
    };
    if (signal?.aborted) {
      cancel();
      return;
    }
    running = cancel;
    signal?.addEventListener('abort', cancel, { once: true });
    acquire().api.runAnalysisJob(set, baseline).then(
      (report) => {
        if (settled) return;
        settled = true;
        running = null;
        resolve({ report, inWorker: true });
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        running = null;
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Cancels the analysis in progress, if any. */
export function cancelAnalysis(): void {
  running?.();
}
