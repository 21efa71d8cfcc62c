/**
 * Every client address on one number line, so that the analysis can cut it into intervals on which
 * every IP condition and exception is constant.
 *
 * Layout: IPv4 addresses are the points 0 … 2³²−1; the IPv6 address `a` is the point 2³² + a. As the
 * evaluator does (`match/ip.ts`), an IPv4 rule value also matches the IPv4-mapped IPv6 addresses
 * `::ffff:a.b.c.d` of its range, so an IPv4 value covers two spans of the line; an IPv6 value
 * (`::ffff:10.0.0.0/104` included) covers only IPv6 points.
 *
 * Decisions: connections whose address is not an IP address are left out of the analysis (every
 * real connection has one; the evaluator lets such a text match no IP condition and no IP exception).
 */
import type { IpEntry } from '../match/ip.ts';
import { entryBounds } from '../match/ip.ts';

/** Where IPv6 starts on the line. */
export const V6_BASE = 1n << 32n;
/** The last point of the line (the IPv6 address `ffff:…:ffff`). */
export const AXIS_END = V6_BASE + (1n << 128n) - 1n;
/** Offset of the IPv4-mapped block `::ffff:0:0/96` inside IPv6. */
const MAPPED = 0xffffn << 32n;
/** Points where the line always breaks: IPv6 starts, and the IPv4-mapped block starts and ends. */
export const FIXED_CUTS: readonly bigint[] = [V6_BASE, V6_BASE + MAPPED, V6_BASE + MAPPED + V6_BASE];

/** A closed interval of the line. */
export type Span = readonly [bigint, bigint];

/**
 * The spans of the line a list of rule values covers, sorted, disjoint and with touching spans joined.
 *
 * @example entrySpans([parseIpEntry('10.0.0.0/8').entry]) // [[10.0.0.0, 10.255.255.255], [::ffff:10.0.0.0, ::ffff:10.255.255.255]] as points
 */
export function entrySpans(entries: readonly IpEntry[]): Span[] {
  const spans: [bigint, bigint][] = [];
  for (const e of entries) {
    const [a, b] = entryBounds(e);
    if (e.family === 'ipv4') {
      spans.push([a, b]);
      spans.push([V6_BASE + MAPPED + a, V6_BASE + MAPPED + b]);
    } else {
      spans.push([V6_BASE + a, V6_BASE + b]);
    }
  }
  return mergeSpans(spans);
}

/**
 * Sorts spans and joins overlapping or touching ones.
 *
 * @example mergeSpans([[5n, 9n], [1n, 4n]]) // [[1n, 9n]]
 */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1] + 1n) {
      if (e > last[1]) last[1] = e;
    } else out.push([s, e]);
  }
  return out;
}

/**
 * Whether a point lies in sorted disjoint spans (binary search).
 *
 * @example spansContain([[1n, 4n]], 3n) // true
 */
export function spansContain(spans: readonly Span[], x: bigint): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = spans[mid]!;
    if (x < s[0]) hi = mid - 1;
    else if (x > s[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Whether `inner` lies entirely within `outer` (both sorted, disjoint, merged).
 *
 * @example spansCover([[0n, 10n]], [[2n, 3n], [5n, 6n]]) // true
 */
export function spansCover(outer: readonly Span[], inner: readonly Span[]): boolean {
  return inner.every(([s, e]) => outer.some(([os, oe]) => os <= s && e <= oe));
}

function formatV4(x: bigint): string {
  const n = Number(x);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function formatV6(x: bigint): string {
  if (x >> 32n === 0xffffn) return `::ffff:${formatV4(x & 0xffffffffn)}`;
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((x >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/**
 * The address text of a point of the line (IPv6 compressed; IPv4-mapped written `::ffff:a.b.c.d`).
 *
 * @example formatPoint(167772161n) // '10.0.0.1'
 */
export function formatPoint(x: bigint): string {
  return x < V6_BASE ? formatV4(x) : formatV6(x - V6_BASE);
}

/**
 * Drops the IPv4-mapped IPv6 spans whose IPv4 twin is also listed, so a description names
 * `10.0.0.0/8` once instead of also `::ffff:10.0.0.0/104` (an IPv4 rule value covers both).
 *
 * @example withoutMappedTwins(entrySpans([v4entry])).length // 1
 */
export function withoutMappedTwins(spans: readonly Span[]): Span[] {
  const start = V6_BASE + MAPPED;
  const end = start + V6_BASE - 1n;
  return spans.filter(([s, e]) => {
    if (s < start || e > end) return true;
    const a = s - start;
    const b = e - start;
    return !spans.some(([x, y]) => x <= a && b <= y);
  });
}

/** Documentation addresses preferred as examples when an interval contains them (RFC 5737, 3849). */
const NICE_POINTS: readonly bigint[] = [
  (203n << 24n) + (113n << 8n) + 10n,
  (198n << 24n) + (51n << 16n) + (100n << 8n) + 10n,
  V6_BASE + (0x20010db8n << 96n) + 0x10n,
];

/**
 * A readable point of an interval: a documentation address when the interval holds one, else its start.
 *
 * @example examplePoint(0n, 4294967295n) // 203.0.113.10
 */
export function examplePoint(first: bigint, last: bigint): bigint {
  return NICE_POINTS.find((p) => first <= p && p <= last) ?? first;
}

/**
 * An interval in an admin's words: one address, a CIDR block, a range, or "any IPv4/IPv6 address".
 *
 * @example describeSpan(3405803776n, 3405804031n) // '203.0.113.0/24'
 */
export function describeSpan(first: bigint, last: bigint): string {
  if (first === 0n && last === V6_BASE - 1n) return 'any IPv4 address';
  if (first === V6_BASE && last === AXIS_END) return 'any IPv6 address';
  if (first === 0n && last === AXIS_END) return 'any address';
  if (first === last) return formatPoint(first);
  const v6 = first >= V6_BASE;
  const base = v6 ? V6_BASE : 0n;
  const a = first - base;
  const size = last - first + 1n;
  if (last < (v6 ? AXIS_END + 1n : V6_BASE) && (size & (size - 1n)) === 0n && a % size === 0n) {
    let bits = 0;
    while (1n << BigInt(bits) < size) bits++;
    const prefix = (v6 ? 128 : 32) - bits;
    return `${formatPoint(first)}/${prefix}`;
  }
  return `${formatPoint(first)}–${formatPoint(last)}`;
}

/**
 * The address line cut at every point where some list starts or stops and at the fixed cuts:
 * interval `i` is `points[i]` … `lasts[i]`. Lists become pairs of interval indexes, so sweeps work
 * with small integers instead of 129-bit points.
 */
export interface AxisCuts {
  readonly points: readonly bigint[];
  readonly lasts: readonly bigint[];
  /** 1 where an interval starts at a fixed cut (never merged across). */
  readonly fixed: Uint8Array;
}

/**
 * Cuts the line for these span lists (see `AxisCuts`); each list comes back as `[first, end)` index
 * pairs into the cut intervals (null stays null).
 *
 * @example axisCuts([[[10n, 19n]]]).indexed[0] // Int32Array [1, 2]: interval 1 is 10…19
 */
export function axisCuts(lists: readonly (readonly Span[] | null)[]): { cuts: AxisCuts; indexed: (Int32Array | null)[] } {
  const set = new Set<bigint>([0n, ...FIXED_CUTS]);
  for (const list of lists) {
    if (list === null) continue;
    for (const [s, e] of list) {
      set.add(s);
      if (e < AXIS_END) set.add(e + 1n);
    }
  }
  const points = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const at = new Map<bigint, number>();
  points.forEach((p, i) => at.set(p, i));
  const lasts = points.map((_, i) => (i + 1 < points.length ? points[i + 1]! - 1n : AXIS_END));
  const fixed = new Uint8Array(points.length);
  for (const cut of FIXED_CUTS) fixed[at.get(cut)!] = 1;
  const indexed = lists.map((list) => {
    if (list === null) return null;
    const out = new Int32Array(list.length * 2);
    list.forEach(([s, e], i) => {
      out[2 * i] = at.get(s)!;
      out[2 * i + 1] = e < AXIS_END ? at.get(e + 1n)! : points.length;
    });
    return out;
  });
  return { cuts: { points, lasts, fixed }, indexed };
}
