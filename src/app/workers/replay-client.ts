import { proxy, wrap } from 'comlink';
import type { ReplayJobOptions, ReplayJobResult, ReplayProgress } from './replay-job.ts';
import type { ReplayWorkerApi } from './replay.worker.ts';

export type { ReplayJobOptions, ReplayJobResult, ReplayProgress } from './replay-job.ts';

/** Thrown (as the rejection) when a replay is cancelled or superseded. */
export class ReplayCancelledError extends Error {
  constructor() {
    super('The replay was cancelled.');
    this.name = 'ReplayCancelledError';
  }
}

let running: (() => void) | null = null;

/**
 * Replays `files` in a fresh replay worker (streamed there, so gigabytes of logs never reach the
 * page). One replay runs at a time: starting one cancels the one in progress. Aborting `signal`
 * terminates the worker and rejects with `ReplayCancelledError`.
 */
export function runReplayInWorker(
  files: readonly File[],
  options: ReplayJobOptions,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (progress: ReplayProgress) => void } = {},
): Promise<ReplayJobResult> {
  running?.();
  return new Promise<ReplayJobResult>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ReplayCancelledError());
      return;
    }
    const worker = new Worker(new URL('./replay.worker.ts', import.meta.url), { type: 'module', name: 'replay' });
    const api = wrap<ReplayWorkerApi>(worker);
    let settled = false;
    const finish = () => {
      settled = true;
      running = null;
      signal?.removeEventListener('abort', cancel);
      worker.terminate();
    };
    const cancel = (): void => {
      if (settled) return;
      finish();
      reject(new ReplayCancelledError());
    };
    running = cancel;
    signal?.addEventListener('abort', cancel, { once: true });
    api.runReplayJob([...files], options, onProgress ? proxy(onProgress) : undefined).then(
      (result) => {
        if (settled) return;
        finish();
        resolve(result);
      },
      (error: unknown) => {
        if (settled) return;
        finish();
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Cancels the replay in progress, if any. */
export function cancelReplayJob(): void {
  running?.();
}
