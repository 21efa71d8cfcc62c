import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { RuleSet } from '../../../core/model/types.ts';
import { runMigrateInWorker } from '../../workers/index.ts';

/**
 * Runs the migration of `ruleSet` in the migrate worker through TanStack Query, keyed on the rule
 * set's content: an edit starts a new run and aborts the old one. `cancel` stops the run in progress
 * and keeps it stopped until `retry`.
 */
export function useMigration(ruleSet: RuleSet) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const contentKey = JSON.stringify({ profile: ruleSet.profile, rules: ruleSet.rules.map(({ id: _id, ...r }) => r) });
  const [cancelledKey, setCancelledKey] = useState<string | null>(null);
  const queryKey = ['migrate', contentKey] as const;
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => {
      setProgress(null);
      return runMigrateInWorker(ruleSet, { signal, onProgress: (done, total) => setProgress({ done, total }) });
    },
    enabled: cancelledKey !== contentKey,
  });
  return {
    result: query.data,
    running: query.isFetching,
    cancelled: cancelledKey === contentKey,
    error: query.error,
    progress,
    cancel: () => {
      setCancelledKey(contentKey);
      void queryClient.cancelQueries({ queryKey });
    },
    retry: () => setCancelledKey(null),
  };
}
