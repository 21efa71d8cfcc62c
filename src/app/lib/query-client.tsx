import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';

/**
 * The app's one TanStack Query client, for asynchronous work (file reading, import parsing in the
 * worker). Nothing here talks to a network: a failure is a parse or read error that retrying cannot
 * fix, and results are deterministic, so they never go stale; unused ones are dropped after a minute.
 * It lives in a module of its own so that only the lazily loaded panels that use it pull it in.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, staleTime: Infinity, gcTime: 60_000, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

/** Provides the shared query client to a lazily loaded panel. */
export function QueryProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
