/** Lazy, memoised access to the Monaco runtime (its own chunk; see `monaco-runtime.ts`). */
import type * as Runtime from './monaco-runtime.ts';

export type MonacoRuntime = typeof Runtime;

let pending: Promise<MonacoRuntime> | null = null;

/**
 * Loads Monaco once. The first call starts the download of the Monaco chunks; later calls share the
 * same promise. A failed load is forgotten so that a later call can retry.
 */
export function loadMonaco(): Promise<MonacoRuntime> {
  if (!pending) {
    pending = import('./monaco-runtime.ts').catch((error: unknown) => {
      pending = null;
      throw error;
    });
  }
  return pending;
}
