/**
 * The public-IP test of an AD FS client access policy (seed 004, spec 9): a regular expression over
 * the text of the `x-ms-forwarded-client-ip` claim, generated from the corporate networks.
 *
 * Decisions (the article leaves them open):
 * - The claim value is one or more IPv4 addresses separated by commas, with optional spaces around
 *   each (`192.168.1.1, 10.0.0.5`). An address matches when it is a whole element of that list; so
 *   each alternative is enclosed in `(?:^|,) *` … ` *(?:,|$)`. This is stricter than the article's
 *   `\b…\b`, which matches `10.0.0.1` inside `10.0.0.1.5` or `1.10.0.0.1`.
 * - Only `[0-9]`, never `\d`: in .NET (AD FS) `\d` matches every Unicode decimal digit (`١٠`), so the
 *   regex would not mean the same thing in AD FS and in this simulator.
 * - Octets are matched without leading zeros (`010.0.0.1` is not `10.0.0.1`), as Exchange Online
 *   writes them.
 * - IPv4 only: Exchange Online forwards IPv4 addresses only (seed 004). An IPv6 network is an error,
 *   never silently dropped.
 * - The networks are merged first (overlapping and adjacent ranges join, via `ipIntervals`), then each
 *   interval is split octet by octet into blocks `a.b.c.[x-y]`, `a.b.[x-y].*` …, each octet range
 *   written by `to-regex-range`.
 */
import toRegexRange from 'to-regex-range';
import { ipIntervals, parseIpEntry, type IpEntry } from '../match/ip.ts';
import type { RuleSet } from '../model/types.ts';

/** One problem in the network list: which value (0-based index and text) and why. */
export interface NetworkError {
  index: number;
  text: string;
  message: string;
}

export type ParsedNetworks = { ok: true; entries: IpEntry[] } | { ok: false; errors: NetworkError[] };

/**
 * Reads the corporate networks as the designer's IP lists do (`parseIpEntry`: addresses, `a-b`
 * ranges, CIDR blocks) and keeps only IPv4: the forwarded-client-ip claim never carries IPv6.
 *
 * Edge cases: empty values are skipped; every bad value is reported, not just the first.
 *
 * @example parseNetworks(['192.168.1.1-192.168.1.25', '10.0.0.0/28']) // { ok: true, entries: [...] }
 * @example parseNetworks(['2001:db8::/32']) // { ok: false, errors: [{ index: 0, message: '… IPv4 only …' }] }
 */
export function parseNetworks(values: readonly string[]): ParsedNetworks {
  const entries: IpEntry[] = [];
  const errors: NetworkError[] = [];
  values.forEach((text, index) => {
    if (text.trim() === '') return;
    const r = parseIpEntry(text);
    if (!r.ok) errors.push({ index, text, message: r.message });
    else if (r.entry.family !== 'ipv4') {
      errors.push({
        index,
        text,
        message: `'${text.trim()}' is IPv6; the x-ms-forwarded-client-ip claim carries IPv4 addresses only (Exchange Online does not forward IPv6)`,
      });
    } else entries.push(r.entry);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

/** Splits a comma-, space- or line-separated list of networks as typed in a text box or file. */
export function splitNetworkText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, ''))
    .flatMap((line) => line.split(/[,;\s]+/))
    .filter((v) => v !== '');
}

function octetPattern(min: number, max: number): string {
  if (min === max) return String(min);
  return toRegexRange(min, max, { capture: false, shorthand: false });
}

const ANY_OCTET = octetPattern(0, 255);

/** Octet patterns (one per remaining octet) covering [a, b] inside the block of `level` (0 = first octet). */
function splitRange(a: number, b: number, level: number): string[][] {
  if (level === 3) return [[octetPattern(a, b)]];
  const size = 256 ** (3 - level);
  const ha = Math.floor(a / size);
  const la = a % size;
  const hb = Math.floor(b / size);
  const lb = b % size;
  const prefixed = (head: number, rest: string[][]): string[][] => rest.map((p) => [String(head), ...p]);
  if (ha === hb) return prefixed(ha, splitRange(la, lb, level + 1));
  const out: string[][] = [];
  let start = ha;
  let end = hb;
  if (la !== 0) {
    out.push(...prefixed(ha, splitRange(la, size - 1, level + 1)));
    start = ha + 1;
  }
  let tail: string[][] = [];
  if (lb !== size - 1) {
    tail = prefixed(hb, splitRange(0, lb, level + 1));
    end = hb - 1;
  }
  if (start <= end) out.push([octetPattern(start, end), ...Array.from({ length: 3 - level }, () => ANY_OCTET)]);
  out.push(...tail);
  return out;
}

/**
 * The address alternatives (without anchors) for a set of IPv4 entries: `192\.168\.1\.(?:[1-9]|1[0-9]|2[0-5])`.
 * Exposed for the UI's breakdown; `ipv4ClaimRegex` is what goes into a claim rule.
 *
 * @example ipv4Alternatives(parseNetworks(['10.0.0.1-10.0.0.14']).entries) // ['10\\.0\\.0\\.(?:[1-9]|1[0-4])']
 */
export function ipv4Alternatives(entries: readonly IpEntry[]): string[] {
  const out: string[] = [];
  for (const [first, last] of ipIntervals(entries, 'ipv4')) {
    for (const octets of splitRange(Number(first), Number(last), 0)) out.push(octets.join('\\.'));
  }
  return out;
}

/**
 * Generates the regular expression for `Value =~ "…"` on the `x-ms-forwarded-client-ip` claim that
 * matches exactly when one of the comma-separated addresses in the claim lies in one of the networks
 * (single IPv4 addresses, `a-b` ranges, CIDR blocks). See the module comment for the decisions.
 *
 * Edge cases: overlapping and adjacent networks are merged (`10.0.0.0/25` + `10.0.0.128/25` give
 * one block); `0.0.0.0/0` gives one alternative of four any-octets; an empty list gives a regex that
 * never matches (`(?!)`), so a rule built on it denies every external request.
 *
 * @example ipv4ClaimRegex(parseNetworks(['192.168.1.1-192.168.1.25']).entries)
 * // '(?:^|,) *(?:192\\.168\\.1\\.(?:[1-9]|1[0-9]|2[0-5])) *(?:,|$)'
 */
export function ipv4ClaimRegex(entries: readonly IpEntry[]): string {
  const alternatives = ipv4Alternatives(entries);
  if (alternatives.length === 0) return '(?!)';
  return `(?:^|,) *(?:${alternatives.join('|')}) *(?:,|$)`;
}

/**
 * Convenience over `parseNetworks` + `ipv4ClaimRegex` for the CLI and the app.
 *
 * @example networksToRegex(['10.0.0.1']) // { ok: true, regex: '(?:^|,) *(?:10\\.0\\.0\\.1) *(?:,|$)', entries }
 */
export function networksToRegex(values: readonly string[]): { ok: true; regex: string; entries: IpEntry[] } | { ok: false; errors: NetworkError[] } {
  const parsed = parseNetworks(values);
  if (!parsed.ok) return parsed;
  if (parsed.entries.length === 0) return { ok: false, errors: [{ index: 0, text: '', message: 'no network given: list at least one IPv4 address, range or CIDR block' }] };
  return { ok: true, regex: ipv4ClaimRegex(parsed.entries), entries: parsed.entries };
}

/**
 * The networks a Client Access Rule set treats as trusted, to reuse as the AD FS corporate networks:
 * the `-ExceptAnyOfClientIPAddressesOrRanges` of DenyAccess rules and the
 * `-AnyOfClientIPAddressesOrRanges` of AllowAccess rules, IPv4 only, each value once, in rule order.
 * IPv6 values are returned apart (the claim never carries them).
 *
 * @example trustedNetworksOf(ruleSet) // { ipv4: ['203.0.113.0/24'], ipv6: ['2001:db8::/32'] }
 */
export function trustedNetworksOf(set: RuleSet): { ipv4: string[]; ipv6: string[] } {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  for (const rule of set.rules) {
    const values = rule.action === 'DenyAccess' ? rule.exceptAnyOfClientIPAddressesOrRanges : rule.anyOfClientIPAddressesOrRanges;
    for (const v of values) {
      const r = parseIpEntry(v);
      if (!r.ok) continue;
      const target = r.entry.family === 'ipv4' ? ipv4 : ipv6;
      if (!target.includes(r.entry.text)) target.push(r.entry.text);
    }
  }
  return { ipv4, ipv6 };
}
