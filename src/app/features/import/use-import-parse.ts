import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { runImportInWorker } from '../../workers/index.ts';
import type { ImportJobOptions, ImportProgress } from '../../workers/index.ts';
import { debounceDelay } from './import-text.ts';
import type { ImportSource } from './import-draft.ts';

export type { ImportSource } from './import-draft.ts';

/**
 * Parses the import text in the worker through TanStack Query, keyed on the debounced text version.
 * A newer version aborts the older parse (the worker is terminated); `cancel` stops the current one
 * and keeps it stopped until `retry` or the next edit.
 */
export function useImportParse(source: ImportSource, options: ImportJobOptions & { immediate?: boolean }, optionsKey: string) {
  const queryClient = useQueryClient();
  const [debounced, setDebounced] = useState<ImportSource>(source);
  const [cancelledVersion, setCancelledVersion] = useState<number | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  useEffect(() => {
    if (source.version === debounced.version) return;
    const delay = options.immediate ? 0 : debounceDelay(source.text.length);
    const timer = setTimeout(() => setDebounced(source), delay);
    return () => clearTimeout(timer);
  }, [source, debounced.version, options.immediate]);

  const queryKey = ['import', debounced.version, optionsKey] as const;
  const empty = debounced.text.trim() === '';
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => {
      setProgress({ stage: 'received', size: debounced.text.length });
      return runImportInWorker(
        debounced.text,
        { baseline: options.baseline, profile: options.profile, ...(options.variables ? { variables: options.variables } : {}) },
        { signal, onProgress: setProgress },
      );
    },
    enabled: !empty && cancelledVersion !== debounced.version,
    placeholderData: keepPreviousData,
  });

  return {
    /** The parse result for the current text, or the previous one while a newer parse runs. */
    result: empty ? undefined : query.data,
    /** True when the result belongs to older text (typing, parsing or cancelled). */
    stale: empty || query.isPlaceholderData || debounced.version !== source.version || cancelledVersion === debounced.version,
    parsing: query.isFetching,
    pendingDebounce: debounced.version !== source.version,
    cancelled: cancelledVersion === debounced.version && !empty,
    error: query.error,
    progress,
    cancel: () => {
      setCancelledVersion(debounced.version);
      void queryClient.cancelQueries({ queryKey });
    },
    retry: () => setCancelledVersion(null),
  };
}
