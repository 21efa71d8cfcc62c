import { QueryClient } from '@tanstack/react-query';

/** The Export feature's query client (file reading through mutations); nothing is retried automatically. */
export const exportQueryClient = new QueryClient({
  defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
});
