import { useCallback, useSyncExternalStore } from 'react';

/**
 * Whether a CSS media query matches, kept up to date as the window resizes.
 *
 * @example const narrow = useMediaQuery(NARROW_LAYOUT_QUERY);
 */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches, () => false);
}

/** Below 1024 px the design view shows one pane at a time, chosen with tabs. */
export const NARROW_LAYOUT_QUERY = '(max-width: 1023.98px)';
