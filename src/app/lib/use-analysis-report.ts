import { useEffect, useState } from 'react';
import type { RuleSet } from '../../core/model/types.ts';
import { AnalysisCancelledError, cancelAnalysis, runAnalysis } from '../workers/index.ts';
import type { AnalysisReport } from '../workers/index.ts';

export interface AnalysisState {
  report: AnalysisReport | null;
  busy: boolean;
  inWorker: boolean;
  error: string | null;
  cancelled: boolean;
  cancel: () => void;
}

/**
 * The whole-policy analysis of the draft (and its change from the baseline), recomputed when either
 * changes: off the main thread when it would take longer than a frame, cancellable.
 */
export function useAnalysisReport(set: RuleSet, baseline: RuleSet | null): AnalysisState {
  const [state, setState] = useState<Omit<AnalysisState, 'cancel'>>({ report: null, busy: true, inWorker: false, error: null, cancelled: false });
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, busy: true, error: null, cancelled: false }));
    runAnalysis(set, baseline, controller.signal).then(
      ({ report, inWorker }) => setState({ report, busy: false, inWorker, error: null, cancelled: false }),
      (error: unknown) => {
        if (error instanceof AnalysisCancelledError) {
          if (!controller.signal.aborted) setState((s) => ({ ...s, busy: false, cancelled: true }));
          return;
        }
        setState((s) => ({ ...s, busy: false, error: error instanceof Error ? error.message : String(error) }));
      },
    );
    return () => controller.abort();
  }, [set, baseline]);
  return { ...state, cancel: cancelAnalysis };
}
