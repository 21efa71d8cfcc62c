/**
 * What the benchmark suites share: deterministic random data, a hostile-text rule generator for the
 * PowerShell suites, and median timing.
 */
import { createRule } from '../src/core/model/rule-set.ts';
import type { Protocol, Rule } from '../src/core/model/types.ts';

/** A deterministic PRNG (mulberry32) and helpers over it, so every run measures the same data. */
export function seededRandom(seed: number): {
  random: () => number;
  int: (n: number) => number;
  pick: <T>(xs: readonly T[]) => T;
} {
  let a = seed >>> 0;
  const random = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { random, int, pick };
}

const NAME_STYLES = [
  (i: number) => `Block rule ${i}`,
  (i: number) => `O'Brien's rule ${i}`,
  (i: number) => `Z\u00FCrich \u2019office\u2019 ${i}`,
  (i: number) => `Deny ${i} \u202Eevil`,
];

/**
 * A rule shaped like real scripts at their worst: names with quotes, non-ASCII and bidi characters,
 * IP exception lists of both families, username patterns and filters.
 */
export function randomScriptRule(
  { random, int, pick }: ReturnType<typeof seededRandom>,
  i: number,
  protocols: readonly Protocol[],
  maxIps: number,
): Rule {
  return createRule({
    name: pick(NAME_STYLES)(i),
    action: random() < 0.7 ? 'DenyAccess' : 'AllowAccess',
    enabled: random() < 0.9,
    scope: random() < 0.3 ? 'Users' : 'All',
    anyOfProtocols: protocols.filter(() => random() < 0.3),
    exceptAnyOfClientIPAddressesOrRanges: Array.from({ length: int(maxIps) }, () =>
      random() < 0.7 ? `10.${int(256)}.${int(256)}.0/24` : `2001:db8:${int(0x10000).toString(16)}::/48`,
    ),
    usernameMatchesAnyOfPatterns: random() < 0.3 ? [`*\\user${i}*`, `contoso.com\\admin${i}*`] : [],
    userRecipientFilter: random() < 0.3 ? `Department -eq 'Dept ${i}'` : '',
  });
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** A full garbage collection when Node runs with `--expose-gc` (as `npm run bench` does); else nothing. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs `run` once to warm up, then `repeats` times; returns the median milliseconds and the last value. */
export function timed<T>(run: () => T, repeats: number): { ms: number; value: T } {
  let value = run();
  const samples: number[] = [];
  for (let k = 0; k < repeats; k++) {
    // Each sample starts on a collected heap (`npm run bench` exposes gc): otherwise the garbage of the
    // previous sample is collected inside this one, which charges a large input for a small one's rubbish
    // and makes a linear reader look superlinear.
    collectGarbage();
    const t0 = performance.now();
    value = run();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), value };
}
