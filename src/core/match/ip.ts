/**
 * Client IP conditions of a Client Access Rule (spec 2, 7): `-AnyOfClientIPAddressesOrRanges` and
 * `-ExceptAnyOfClientIPAddressesOrRanges`.
 *
 * Decisions recorded here (the spec leaves them to us):
 * - IPv4 must be written as four dotted decimal octets without leading zeros. `10.1`, `0x0a.0.0.1`
 *   and `010.0.0.1` are rejected because tools disagree on what they mean (octal or decimal).
 * - Spaces inside a value (`10.0.0.1 - 10.0.0.9`) are rejected; surrounding whitespace is trimmed.
 * - An IPv6 zone index (`fe80::1%eth0`) is rejected in a rule value and ignored in a connection address.
 * - IPv4-mapped IPv6 connection addresses (`::ffff:1.2.3.4`, what a dual-stack socket reports for an
 *   IPv4 client) match IPv4 entries containing the embedded IPv4 address, and IPv6 entries that
 *   contain the IPv6 form as written. A plain IPv4 connection address never matches an IPv6 entry.
 * - An entry that does not parse never matches anything (the evaluator treats it as absent; the
 *   linter reports it as an error).
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 'ipv4' | 'ipv6';

/** A validated rule value: a single address, an `a-b` range or a CIDR block. */
export interface IpEntry {
  kind: 'single' | 'range' | 'cidr';
  family: IpFamily;
  /** Canonical display form: `192.168.3.0/24` for `192.168.3.1/24`, compressed IPv6. */
  normalized: string;
  /** The admin's text, trimmed: what the generated script writes back. */
  text: string;
  /** First and last address covered, as 32-bit words (one word for IPv4, four for IPv6). */
  first: readonly number[];
  last: readonly number[];
}

export type IpEntryResult = { ok: true; entry: IpEntry } | { ok: false; message: string };

/**
 * A connection address parsed once. IPv4 lives in `v4`; IPv6 in the four 32-bit words `w0`..`w3`
 * (most significant first). An IPv4-mapped IPv6 address also sets `mapped` and `v4`. Treat it as
 * read-only; the fields are writable only so that `parseAddressInto` can reuse one instance.
 */
export class ParsedAddress {
  family: 4 | 6 = 4;
  v4 = 0;
  w0 = 0;
  w1 = 0;
  w2 = 0;
  w3 = 0;
  mapped = false;
}

const V4_FOUR_PART = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

type ParsedIp = { family: IpFamily; words: number[]; display: string };

function wordsOfBytes(bytes: number[]): number[] {
  const words: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    words.push(((bytes[i] ?? 0) * 0x1000000 + ((bytes[i + 1] ?? 0) << 16) + ((bytes[i + 2] ?? 0) << 8) + (bytes[i + 3] ?? 0)));
  }
  return words;
}

function describeBadAddress(text: string): string {
  if (text === '') return 'an address is missing';
  if (text.includes('%')) return `'${text}' has an IPv6 zone index (%…), which a rule value cannot carry`;
  if (/^[\d.]+$/.test(text)) {
    const parts = text.split('.');
    if (parts.length !== 4) return `'${text}' is not an IPv4 address: write four dotted numbers such as 192.168.1.1`;
    const lead = parts.find((p) => p.length > 1 && p.startsWith('0'));
    if (lead !== undefined) {
      return `'${text}' has the octet '${lead}' with a leading zero (ambiguous: octal or decimal); write ${Number.parseInt(lead, 10)}`;
    }
    const big = parts.find((p) => p === '' || Number(p) > 255);
    if (big !== undefined) return `'${text}' is not an IPv4 address: every octet must be a number from 0 to 255`;
  }
  return `'${text}' is not an IPv4 or IPv6 address`;
}

/** Parses one address of a rule value strictly; returns a message on failure. */
function parseStrict(text: string): ParsedIp | string {
  if (V4_FOUR_PART.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const a = ipaddr.IPv4.parse(text);
    return { family: 'ipv4', words: wordsOfBytes(a.toByteArray()), display: a.toString() };
  }
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    const dot = text.lastIndexOf(':');
    const tail = text.slice(dot + 1);
    if (tail.includes('.') && !V4_FOUR_PART.test(tail)) return describeBadAddress(text);
    // Own parser for the words: ipaddr.js reads the deprecated `::1.2.3.4` as `::ffff:1.2.3.4`.
    const a = parseAddress(text);
    if (a === null) return describeBadAddress(text);
    const words = [a.w0, a.w1, a.w2, a.w3];
    return { family: 'ipv6', words, display: wordsToIp(words) };
  }
  return describeBadAddress(text);
}

function compareWords(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function wordsToIp(words: readonly number[]): string {
  const bytes: number[] = [];
  for (const w of words) bytes.push((w >>> 24) & 255, (w >>> 16) & 255, (w >>> 8) & 255, w & 255);
  const ip = ipaddr.fromByteArray(bytes);
  // Keep IPv4-mapped addresses readable (`::ffff:10.0.0.1`, not `::ffff:a00:1`), as RFC 5952 allows.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    return `::ffff:${(ip as ipaddr.IPv6).toIPv4Address().toString()}`;
  }
  return ip.toString();
}

/** Network (host bits cleared) and last address of a prefix over 32-bit words. */
function cidrBounds(words: readonly number[], prefix: number): { first: number[]; last: number[] } {
  const first: number[] = [];
  const last: number[] = [];
  words.forEach((w, i) => {
    const bits = Math.max(0, Math.min(32, prefix - i * 32));
    const mask = bits === 0 ? 0 : bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    first.push((w & mask) >>> 0);
    last.push(((w & mask) | (~mask >>> 0)) >>> 0);
  });
  return { first, last };
}

/**
 * Validates one value of `-AnyOfClientIPAddressesOrRanges` as Exchange does (spec 2, 7): a single
 * IPv4/IPv6 address, a same-family range `start-end` with start ≤ end, or a CIDR block with a prefix
 * ≤ 32 (IPv4) or ≤ 128 (IPv6). Host bits in a CIDR are allowed: the block is taken on its network.
 *
 * Edge cases: surrounding whitespace is trimmed; spaces inside, leading-zero octets, IPv4 shorthand
 * (`10.1`) and IPv6 zone indexes are rejected with a message saying why.
 *
 * @example parseIpEntry('192.168.3.1/24') // ok, normalized '192.168.3.0/24', text '192.168.3.1/24'
 * @example parseIpEntry('10.0.0.9-10.0.0.1') // { ok: false, message: 'range start 10.0.0.9 is after end 10.0.0.1' }
 */
export function parseIpEntry(raw: string): IpEntryResult {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'the value is empty' };
  if (/\s/.test(text) && /^[\da-f:./\-\s]+$/i.test(text)) {
    return { ok: false, message: `'${text}' contains spaces; write it without them, e.g. ${text.replace(/\s+/g, '')}` };
  }
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const addrText = text.slice(0, slash);
    const prefixText = text.slice(slash + 1);
    const addr = parseStrict(addrText);
    if (typeof addr === 'string') return { ok: false, message: `CIDR ${text}: ${addr}` };
    if (!/^\d{1,3}$/.test(prefixText)) {
      return { ok: false, message: `CIDR ${text}: the prefix '${prefixText}' after '/' must be a whole number` };
    }
    const prefix = Number(prefixText);
    const max = addr.family === 'ipv4' ? 32 : 128;
    if (prefix > max) {
      return {
        ok: false,
        message: `CIDR ${text}: prefix ${prefix} is longer than ${max} for ${addr.family === 'ipv4' ? 'IPv4' : 'IPv6'}`,
      };
    }
    const { first, last } = cidrBounds(addr.words, prefix);
    return {
      ok: true,
      entry: { kind: 'cidr', family: addr.family, text, normalized: `${wordsToIp(first)}/${prefix}`, first, last },
    };
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const startText = text.slice(0, dash);
    const endText = text.slice(dash + 1);
    if (endText.includes('-')) return { ok: false, message: `range ${text} has more than one '-'` };
    const start = parseStrict(startText);
    if (typeof start === 'string') return { ok: false, message: `range ${text}: start ${start}` };
    const end = parseStrict(endText);
    if (typeof end === 'string') return { ok: false, message: `range ${text}: end ${end}` };
    if (start.family !== end.family) {
      return {
        ok: false,
        message: `range ${text} mixes IPv4 and IPv6 (start is ${start.family === 'ipv4' ? 'IPv4' : 'IPv6'}, end is ${end.family === 'ipv4' ? 'IPv4' : 'IPv6'})`,
      };
    }
    if (compareWords(start.words, end.words) > 0) {
      return { ok: false, message: `range start ${start.display} is after end ${end.display}` };
    }
    return {
      ok: true,
      entry: {
        kind: 'range',
        family: start.family,
        text,
        normalized: `${start.display}-${end.display}`,
        first: start.words,
        last: end.words,
      },
    };
  }
  const single = parseStrict(text);
  if (typeof single === 'string') return { ok: false, message: single };
  return {
    ok: true,
    entry: { kind: 'single', family: single.family, text, normalized: single.display, first: single.words, last: single.words },
  };
}

/**
 * The canonical display form of an IP rule value, or null when it is not valid (spec 2).
 *
 * @example normalizeIpEntry(' 2001:DB8::1/32 ') // '2001:db8::/32'
 */
export function normalizeIpEntry(text: string): string | null {
  const r = parseIpEntry(text);
  return r.ok ? r.entry.normalized : null;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Strict dotted-quad parser over `s[from, to)`; -1 when invalid. */
function parseV4Range(s: string, from: number, to: number): number {
  let value = 0;
  let parts = 0;
  let i = from;
  while (parts < 4) {
    if (i >= to) return -1;
    const c0 = s.charCodeAt(i);
    if (!isDigit(c0)) return -1;
    let octet = c0 - 48;
    i++;
    let digits = 1;
    while (i < to) {
      const c = s.charCodeAt(i);
      if (!isDigit(c)) break;
      if (octet === 0 || digits === 3) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
      i++;
    }
    if (octet > 255) return -1;
    value = value * 256 + octet;
    parts++;
    if (parts < 4) {
      if (i >= to || s.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === to ? value : -1;
}

/** Value of a hex digit by char code (0..127), -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let d = 0; d < 10; d++) HEX[48 + d] = d;
for (let d = 0; d < 6; d++) HEX[97 + d] = HEX[65 + d] = 10 + d;

function hexValue(c: number): number {
  return c < 128 ? HEX[c]! : -1;
}

const groups = new Int32Array(8);

/** IPv6 parser over `s[0, to)` writing 16-bit groups into `groups`; false when invalid. */
function parseV6Groups(s: string, to: number): boolean {
  let n = 0;
  let gap = -1;
  let i = 0;
  if (to >= 2 && s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === to) {
      groups.fill(0);
      return true;
    }
  }
  while (i < to) {
    if (n >= 8) return false;
    let value = 0;
    let digits = 0;
    const start = i;
    while (i < to) {
      const h = hexValue(s.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      digits++;
      i++;
    }
    if (i < to && s.charCodeAt(i) === 46) {
      if (n > 6) return false;
      const v4 = parseV4Range(s, start, to);
      if (v4 < 0) return false;
      groups[n++] = Math.floor(v4 / 65536);
      groups[n++] = v4 & 0xffff;
      break;
    }
    if (digits === 0 || digits > 4) return false;
    groups[n++] = value;
    if (i === to) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < to && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
      if (i === to) break;
    } else if (i === to) {
      return false;
    }
  }
  if (gap < 0) return n === 8;
  if (n >= 8) return false;
  const moved = n - gap;
  for (let k = 0; k < moved; k++) groups[7 - k] = groups[n - 1 - k] ?? 0;
  for (let k = gap; k < 8 - moved; k++) groups[k] = 0;
  return true;
}

/**
 * Parses a connection's client address once (the `-RemoteAddress` of Test-ClientAccessRule), for
 * `CompiledIpList.has`/`contains`. Hand-written for speed; agrees with ipaddr.js on strict forms
 * (property-tested).
 *
 * Edge cases: whitespace is trimmed; an IPv6 zone index (`%eth0`) is ignored; IPv4 must be four
 * dotted decimal octets without leading zeros; an IPv4-mapped IPv6 address keeps its IPv6 words and
 * also carries the IPv4 address (see the module comment); the deprecated `::1.2.3.4` form is read
 * as RFC 4291 says (zeros then the IPv4 bits), not as mapped. Returns null when the text is no address.
 *
 * @example parseAddress('::ffff:10.0.0.1') // family 6, mapped, v4 = 0x0a000001
 */
export function parseAddress(text: string): ParsedAddress | null {
  const out = new ParsedAddress();
  return parseAddressInto(text, out) ? out : null;
}

/**
 * Same as {@link parseAddress}, writing into `out` instead of allocating (the evaluator's fast path
 * reuses one instance). Returns false, leaving `out` in an unspecified state, when the text is no address.
 *
 * @example const a = new ParsedAddress(); parseAddressInto('10.0.0.1', a) // true, a.v4 === 0x0a000001
 */
export function parseAddressInto(raw: string, out: ParsedAddress): boolean {
  const text = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  const v4 = parseV4Range(text, 0, text.length);
  if (v4 >= 0) {
    out.family = 4;
    out.v4 = v4;
    out.w0 = out.w1 = out.w2 = out.w3 = 0;
    out.mapped = false;
    return true;
  }
  const zone = text.indexOf('%');
  const to = zone < 0 ? text.length : zone;
  if (!parseV6Groups(text, to)) return false;
  const g0 = groups[0]!;
  const g1 = groups[1]!;
  const g2 = groups[2]!;
  const g3 = groups[3]!;
  const g4 = groups[4]!;
  const g5 = groups[5]!;
  const w3 = groups[6]! * 65536 + groups[7]!;
  const mapped = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff;
  out.family = 6;
  out.v4 = mapped ? w3 : 0;
  out.w0 = g0 * 65536 + g1;
  out.w1 = g2 * 65536 + g3;
  out.w2 = g4 * 65536 + g5;
  out.w3 = w3;
  out.mapped = mapped;
  return true;
}

/** A rule's IP list compiled once: merged sorted intervals per family for a binary search. */
export interface CompiledIpList {
  /** Valid entries in the admin's order. */
  readonly entries: readonly IpEntry[];
  /** Values that did not parse; they never match. */
  readonly invalid: readonly { text: string; message: string }[];
  /** Fast membership test (no allocation). */
  has(addr: ParsedAddress): boolean;
  /** The text of the first entry (admin order) containing the address, or null. */
  contains(addr: ParsedAddress): string | null;
}

function entryContains(e: IpEntry, addr: ParsedAddress): boolean {
  if (e.family === 'ipv4') {
    if (addr.family === 6 && !addr.mapped) return false;
    return addr.v4 >= (e.first[0] ?? 0) && addr.v4 <= (e.last[0] ?? 0);
  }
  if (addr.family !== 6) return false;
  const w = [addr.w0, addr.w1, addr.w2, addr.w3];
  return compareWords(e.first, w) <= 0 && compareWords(w, e.last) <= 0;
}

function toBig(words: readonly number[]): bigint {
  let v = 0n;
  for (const w of words) v = (v << 32n) | BigInt(w);
  return v;
}

const MASK32 = 0xffffffffn;

class IpList implements CompiledIpList {
  private readonly v4Start: Float64Array;
  private readonly v4End: Float64Array;
  /** Four words per interval. */
  private readonly v6Start: Float64Array;
  private readonly v6End: Float64Array;
  private readonly v6Count: number;

  constructor(
    readonly entries: readonly IpEntry[],
    readonly invalid: readonly { text: string; message: string }[],
  ) {
    const v4 = ipIntervals(entries, 'ipv4');
    const v6 = ipIntervals(entries, 'ipv6');
    this.v4Start = Float64Array.from(v4, ([s]) => Number(s));
    this.v4End = Float64Array.from(v4, ([, e]) => Number(e));
    this.v6Count = v6.length;
    this.v6Start = new Float64Array(v6.length * 4);
    this.v6End = new Float64Array(v6.length * 4);
    v6.forEach(([s, e], i) => {
      for (let k = 0; k < 4; k++) {
        const shift = BigInt(96 - 32 * k);
        this.v6Start[i * 4 + k] = Number((s >> shift) & MASK32);
        this.v6End[i * 4 + k] = Number((e >> shift) & MASK32);
      }
    });
  }

  has(addr: ParsedAddress): boolean {
    if (addr.family === 4) return this.hasV4(addr.v4);
    if (this.v6Count > 0 && this.hasV6(addr.w0, addr.w1, addr.w2, addr.w3)) return true;
    return addr.mapped && this.hasV4(addr.v4);
  }

  private hasV4(x: number): boolean {
    const starts = this.v4Start;
    let lo = 0;
    let hi = starts.length - 1;
    // Find the last interval whose start is <= x.
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= x) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && this.v4End[hi]! >= x;
  }

  private hasV6(a: number, b: number, c: number, d: number): boolean {
    const s = this.v6Start;
    let lo = 0;
    let hi = this.v6Count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const j = mid * 4;
      if (cmp4(s[j]!, s[j + 1]!, s[j + 2]!, s[j + 3]!, a, b, c, d) <= 0) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi < 0) return false;
    const e = this.v6End;
    const j = hi * 4;
    return cmp4(a, b, c, d, e[j]!, e[j + 1]!, e[j + 2]!, e[j + 3]!) <= 0;
  }

  contains(addr: ParsedAddress): string | null {
    if (!this.has(addr)) return null;
    for (const e of this.entries) if (entryContains(e, addr)) return e.text;
    return null;
  }
}

function cmp4(a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, b2: number, b3: number): number {
  if (a0 !== b0) return a0 < b0 ? -1 : 1;
  if (a1 !== b1) return a1 < b1 ? -1 : 1;
  if (a2 !== b2) return a2 < b2 ? -1 : 1;
  if (a3 !== b3) return a3 < b3 ? -1 : 1;
  return 0;
}

/**
 * The first and last address an entry covers, as numbers (IPv4 in 32 bits, IPv6 in 128).
 *
 * @example entryBounds(parseIpEntry('10.0.0.0/30').entry) // [167772160n, 167772163n]
 */
export function entryBounds(entry: IpEntry): [bigint, bigint] {
  return [toBig(entry.first), toBig(entry.last)];
}

/**
 * The addresses of one family that a list of entries covers, as sorted intervals with overlapping and
 * adjacent ones joined (`10.0.0.0/9` and `10.128.0.0/9` become one `10.0.0.0/8` interval): what the
 * compiled matcher searches, and what the AD FS address regex and the migration's CIDR blocks are built from.
 *
 * @example ipIntervals([a, b], 'ipv4') // [[first, last], ...] ascending, disjoint, non-adjacent
 */
export function ipIntervals(entries: readonly IpEntry[], family: IpFamily): [bigint, bigint][] {
  const intervals = entries.filter((e) => e.family === family).map(entryBounds);
  intervals.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [start, end] of intervals) {
    const last = out[out.length - 1];
    if (last !== undefined && start <= last[1] + 1n) {
      if (end > last[1]) last[1] = end;
    } else {
      out.push([start, end]);
    }
  }
  return out;
}

/**
 * Compiles a rule's IP values once (per rule set) into merged, sorted intervals per family, so a
 * check is a binary search with no allocation (spec 2: the values are ORed).
 *
 * Edge cases: values that do not parse are kept in `invalid` and never match; an empty list gives a
 * list that contains nothing (the evaluator treats an empty field as "not used" before calling this).
 *
 * @example compileIpList(['10.0.0.0/8', '2001:db8::/32']).contains(parseAddress('10.1.2.3')!) // '10.0.0.0/8'
 */
export function compileIpList(values: readonly string[]): CompiledIpList {
  const entries: IpEntry[] = [];
  const invalid: { text: string; message: string }[] = [];
  for (const v of values) {
    const r = parseIpEntry(v);
    if (r.ok) entries.push(r.entry);
    else invalid.push({ text: v, message: r.message });
  }
  return new IpList(entries, invalid);
}
