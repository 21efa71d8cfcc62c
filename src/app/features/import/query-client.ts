import { QueryClient } from '@tanstack/react-query';

/**
 * The Import feature's query client: parse results keyed on the text version. Parsing is
 * deterministic, so results never go stale; old ones are dropped after a minute to free memory.
 */
export const importQueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, staleTime: Infinity, gcTime: 60_000, refetchOnWindowFocus: false } },
});
