import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { LintFinding, RuleSet } from '../../core/model/types.ts';
import type { LintWorkerApi } from './lint.worker.ts';

/** Rejection of a lint superseded by a newer one. */
export class LintCancelledError extends Error {
  constructor() {
    super('The checks were superseded by a newer change.');
    this.name = 'LintCancelledError';
  }
}

/**
 * Whether linting this set is cheap enough for the main thread (well under a frame). The linter runs
 * the exact whole-policy analysis, whose cost grows quickly with rules and values, so anything beyond a
 * handful of rules goes to the lint worker.
 *
 * @example lintFitsInAFrame(createRuleSet()) // true
 */
export function lintFitsInAFrame(set: RuleSet): boolean {
  return set.rules.length <= 8;
}

/**
 * Lints once on the main thread, the linter loaded on first use (it is not part of the first load),
 * without superseding the live lint: for what-if questions such as the target switch's "would give N
 * errors".
 */
export function lintOnce(set: RuleSet): Promise<LintFinding[]> {
  return import('./lint-job.ts').then((m) => m.runLintJob(set));
}

let slot: { worker: Worker; api: Remote<LintWorkerApi> } | null = null;
let running: (() => void) | null = null;

function acquire(): NonNullable<typeof slot> {
  if (!slot) {
    const worker = new Worker(new URL('./lint.worker.ts', import.meta.url), { type: 'module', name: 'lint' });
    slot = { worker, api: wrap<LintWorkerApi>(worker) };
  }
  return slot;
}

/**
 * Lints a rule set off the keystroke path: on the main thread when the set is tiny, else in the lint
 * worker (the worker stays up between runs). A newer call supersedes one still running: its worker is
 * terminated (the exact analysis cannot be interrupted otherwise) and it rejects with
 * `LintCancelledError`.
 */
export function runLint(set: RuleSet): Promise<LintFinding[]> {
  running?.();
  if (lintFitsInAFrame(set) || typeof Worker === 'undefined') return lintOnce(set);
  return new Promise((resolve, reject) => {
    let settled = false;
    running = () => {
      if (settled) return;
      settled = true;
      running = null;
      slot?.worker.terminate();
      slot = null;
      reject(new LintCancelledError());
    };
    acquire().api.runLintJob(set).then(
      (findings) => {
        if (settled) return;
        settled = true;
        running = null;
        resolve(findings);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        running = null;
        // The worker itself failed (the linter reports its own errors as a finding already).
        resolve([{ code: 'lint-failed', severity: 'warning', message: `The checks could not run: ${String(error)}.` }]);
      },
    );
  });
}
