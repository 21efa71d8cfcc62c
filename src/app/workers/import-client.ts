import { proxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { ImportJobOptions, ImportJobResult, ImportProgress } from './import-job.ts';
import type { ImportWorkerApi } from './import.worker.ts';

export type { ImportJobOptions, ImportJobResult, ImportProgress } from './import-job.ts';

/** Thrown (as the rejection) when a job is cancelled or superseded. */
export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled.');
    this.name = 'ImportCancelledError';
  }
}

interface Slot {
  worker: Worker;
  api: Remote<ImportWorkerApi>;
}

let slot: Slot | null = null;
let running: (() => void) | null = null;

function acquire(): Slot {
  if (!slot) {
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
    slot = { worker, api: wrap<ImportWorkerApi>(worker) };
  }
  return slot;
}

/** Terminates the worker (a parse in progress cannot be interrupted any other way); the next job starts a new one. */
function terminate(): void {
  slot?.worker.terminate();
  slot = null;
}

/**
 * Parses `text` with core `importText` in the import worker, so that a 5 MB paste does not freeze the
 * UI. One job runs at a time: starting a job cancels the one in progress. Aborting `signal` (TanStack
 * Query does so when the query key changes or the query is cancelled) terminates the worker and
 * rejects with `ImportCancelledError`.
 */
export function runImportInWorker(
  text: string,
  options: ImportJobOptions = {},
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void } = {},
): Promise<ImportJobResult> {
  running?.();
  return new Promise<ImportJobResult>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ImportCancelledError());
      return;
    }
    let settled = false;
    const cancel = (): void => {
      if (settled) return;
      settled = true;
      running = null;
      terminate();
      reject(new ImportCancelledError());
    };
    running = cancel;
    signal?.addEventListener('abort', cancel, { once: true });
    const { api } = acquire();
    api.runImportJob(text, options, onProgress ? proxy(onProgress) : undefined).then(
      (result) => {
        if (settled) return;
        settled = true;
        running = null;
        signal?.removeEventListener('abort', cancel);
        resolve(result);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        running = null;
        signal?.removeEventListener('abort', cancel);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Cancels the job in progress, if any. */
export function cancelImportJob(): void {
  running?.();
}
