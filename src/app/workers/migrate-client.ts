import { proxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { MigrationResult } from '../../core/migrate/migrate.ts';
import type { RuleSet } from '../../core/model/types.ts';
import type { MigrateWorkerApi } from './migrate.worker.ts';

/** Thrown (as the rejection) when a migration run is cancelled or superseded. */
export class MigrateCancelledError extends Error {
  constructor() {
    super('The migration analysis was cancelled.');
    this.name = 'MigrateCancelledError';
  }
}

interface Slot {
  worker: Worker;
  api: Remote<MigrateWorkerApi>;
}

let slot: Slot | null = null;
let running: (() => void) | null = null;

function acquire(): Slot {
  if (!slot) {
    const worker = new Worker(new URL('./migrate.worker.ts', import.meta.url), { type: 'module', name: 'migrate' });
    slot = { worker, api: wrap<MigrateWorkerApi>(worker) };
  }
  return slot;
}

/**
 * Runs core `migrateRuleSet` in the migrate worker, so comparing many connections does not freeze the
 * page. One run at a time: a new run cancels the one in progress. Aborting `signal` terminates the
 * worker (the only way to stop a run) and rejects with `MigrateCancelledError`.
 */
export function runMigrateInWorker(
  ruleSet: RuleSet,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<MigrationResult> {
  running?.();
  return new Promise<MigrationResult>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MigrateCancelledError());
      return;
    }
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      running = null;
      signal?.removeEventListener('abort', cancel);
      return true;
    };
    const cancel = (): void => {
      if (!finish()) return;
      slot?.worker.terminate();
      slot = null;
      reject(new MigrateCancelledError());
    };
    running = cancel;
    signal?.addEventListener('abort', cancel, { once: true });
    acquire()
      .api.runMigrateJob(ruleSet, onProgress ? proxy(onProgress) : undefined)
      .then(
        (result) => {
          if (finish()) resolve(result);
        },
        (error: unknown) => {
          if (finish()) reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
  });
}
