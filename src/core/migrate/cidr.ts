/**
 * IP values as CIDR blocks, for Conditional Access named locations (`ipRanges` take CIDR blocks only:
 * `#microsoft.graph.iPv4CidrRange` / `iPv6CidrRange` with a `cidrAddress`).
 *
 * Decisions: the blocks of a list cover exactly the addresses the rule's values cover (single
 * addresses become `/32` or `/128`, ranges `a-b` the minimal set of aligned blocks, CIDRs with host
 * bits their network), overlapping and adjacent values are merged first (one shared interval table
 * with the matcher: `ipIntervals`), so the set is the smallest that covers the union. Values that do
 * not parse are returned apart; the linter already reports them.
 */
import ipaddr from 'ipaddr.js';
import { ipIntervals, parseIpEntry, type IpEntry, type IpFamily } from '../match/ip.ts';

const BITS: Readonly<Record<IpFamily, number>> = { ipv4: 32, ipv6: 128 };

/**
 * An address number as text: dotted IPv4, or compressed IPv6 (RFC 5952 form).
 *
 * @example addressText(167772160n, 'ipv4') // '10.0.0.0'
 */
export function addressText(value: bigint, family: IpFamily): string {
  const bytes: number[] = [];
  const count = BITS[family] / 8;
  for (let i = count - 1; i >= 0; i -= 1) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/**
 * The minimal list of CIDR blocks whose union is exactly the addresses `start..end` (inclusive), in
 * ascending order. Each block is the largest aligned block that starts at the next uncovered address
 * and does not pass `end`; no smaller set exists, since every aligned block inside the interval lies
 * within one of these.
 *
 * @example intervalToCidrs(parseAddress…('192.168.0.1'), …('192.168.0.254'), 'ipv4')
 * // ['192.168.0.1/32', '192.168.0.2/31', '192.168.0.4/30', …, '192.168.0.254/32'] (14 blocks)
 */
export function intervalToCidrs(start: bigint, end: bigint, family: IpFamily): string[] {
  const bits = BITS[family];
  const out: string[] = [];
  let at = start;
  while (at <= end) {
    let size = 0;
    // Grow the block while it stays aligned at `at` and within `end`.
    while (size < bits && (at & ((1n << BigInt(size + 1)) - 1n)) === 0n && at + (1n << BigInt(size + 1)) - 1n <= end) size += 1;
    out.push(`${addressText(at, family)}/${bits - size}`);
    at += 1n << BigInt(size);
    if (size === bits) break;
  }
  return out;
}

/** CIDR blocks of one family, with the values they came from. */
export interface CidrSet {
  ipv4: string[];
  ipv6: string[];
  /** Values that are not valid IP entries (left out). */
  invalid: string[];
}

/**
 * The minimal CIDR blocks covering exactly the addresses a list of rule values covers.
 *
 * @example ipValuesToCidrs(['10.0.0.1-10.0.0.6', '10.0.0.7', '2001:db8::/32'])
 * // { ipv4: ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30'], ipv6: ['2001:db8::/32'], invalid: [] }
 */
export function ipValuesToCidrs(values: readonly string[]): CidrSet {
  const entries: IpEntry[] = [];
  const invalid: string[] = [];
  for (const value of values) {
    const parsed = parseIpEntry(value);
    if (parsed.ok) entries.push(parsed.entry);
    else invalid.push(value);
  }
  const blocks = (family: IpFamily) => ipIntervals(entries, family).flatMap(([a, b]) => intervalToCidrs(a, b, family));
  return { ipv4: blocks('ipv4'), ipv6: blocks('ipv6'), invalid };
}
