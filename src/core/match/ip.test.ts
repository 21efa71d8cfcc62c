import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { ParsedAddress, compileIpList, normalizeIpEntry, parseAddress, parseAddressInto, parseIpEntry } from './ip.ts';

function addr(text: string) {
  const a = parseAddress(text);
  if (a === null) throw new Error(`test address ${text} did not parse`);
  return a;
}

function message(text: string): string {
  const r = parseIpEntry(text);
  if (r.ok) throw new Error(`${text} unexpectedly valid`);
  return r.message;
}

describe('parseIpEntry', () => {
  it('accepts the three forms of spec 2 in both families', () => {
    expect(parseIpEntry('192.168.1.1')).toMatchObject({ ok: true, entry: { kind: 'single', family: 'ipv4' } });
    expect(parseIpEntry('192.168.0.1-192.168.0.254')).toMatchObject({ ok: true, entry: { kind: 'range' } });
    expect(parseIpEntry('192.168.3.1/24')).toMatchObject({
      ok: true,
      entry: { kind: 'cidr', normalized: '192.168.3.0/24', text: '192.168.3.1/24' },
    });
    expect(parseIpEntry('2001:DB8::1/32')).toMatchObject({ ok: true, entry: { family: 'ipv6', normalized: '2001:db8::/32' } });
    expect(parseIpEntry('fe80::1-fe80::ff')).toMatchObject({ ok: true, entry: { kind: 'range', family: 'ipv6' } });
    expect(parseIpEntry('::FFFF:10.0.0.1')).toMatchObject({ ok: true, entry: { family: 'ipv6', normalized: '::ffff:10.0.0.1' } });
    expect(normalizeIpEntry('::ffff:10.0.0.1/120')).toBe('::ffff:10.0.0.0/120');
  });

  it('trims whitespace and keeps the trimmed text', () => {
    expect(parseIpEntry('  10.0.0.1 ')).toMatchObject({ ok: true, entry: { text: '10.0.0.1' } });
    expect(normalizeIpEntry(' 2001:0db8:0000::0001 ')).toBe('2001:db8::1');
  });

  it('explains why a value is rejected', () => {
    expect(message('10.0.0.9-10.0.0.1')).toBe('range start 10.0.0.9 is after end 10.0.0.1');
    expect(message('10.0.0.0/33')).toContain('prefix 33 is longer than 32 for IPv4');
    expect(message('::/129')).toContain('prefix 129 is longer than 128 for IPv6');
    expect(message('10.0.0.1-::1')).toContain('mixes IPv4 and IPv6');
    expect(message('256.1.1.1')).toContain('0 to 255');
    expect(message('010.0.0.1')).toContain('leading zero');
    expect(message('10.1')).toContain('four dotted numbers');
    expect(message('10.0.0.1 - 10.0.0.9')).toContain('10.0.0.1-10.0.0.9');
    expect(message('fe80::1%eth0')).toContain('zone');
    expect(message('')).toContain('empty');
    expect(message('10.0.0.0/abc')).toContain('whole number');
    expect(message('1-2-3')).toContain("more than one '-'");
    expect(message('[enter your IPs here]')).toContain('not an IPv4 or IPv6 address');
    expect(normalizeIpEntry('nope')).toBeNull();
  });
});

describe('parseAddress', () => {
  it('parses both families and ignores a zone index', () => {
    expect(addr('10.0.0.1')).toMatchObject({ family: 4, v4: 0x0a000001 });
    expect(addr('2001:db8::1')).toMatchObject({ family: 6, w0: 0x20010db8, w3: 1 });
    expect(addr('fe80::1%eth0')).toMatchObject({ family: 6, w0: 0xfe800000, w3: 1 });
    expect(addr(' ::ffff:1.2.3.4 ')).toMatchObject({ family: 6, mapped: true, v4: 0x01020304 });
    expect(addr('::1.2.3.4')).toMatchObject({ family: 6, mapped: false, w3: 0x01020304 });
  });

  it('parseAddressInto reuses one instance and resets every field', () => {
    const out = new ParsedAddress();
    expect(parseAddressInto('::ffff:1.2.3.4', out)).toBe(true);
    expect(parseAddressInto('10.0.0.1', out)).toBe(true);
    expect({ ...out }).toEqual({ family: 4, v4: 0x0a000001, w0: 0, w1: 0, w2: 0, w3: 0, mapped: false });
    expect(parseAddressInto('2001:db8::1', out)).toBe(true);
    expect(out).toMatchObject({ family: 6, v4: 0, mapped: false, w0: 0x20010db8, w1: 0, w2: 0, w3: 1 });
    expect(parseAddressInto('nope', out)).toBe(false);
  });

  it('rejects what is not an address', () => {
    for (const bad of ['', 'x', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.256', ':1', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', '1.2.3.4%x'])
      expect(parseAddress(bad), bad).toBeNull();
  });

  it('agrees with ipaddr.js on random IPv6 texts', () => {
    fc.assert(
      // ipaddr.js reads the deprecated IPv4-compatible `::a.b.c.d` as IPv4-mapped; RFC 4291 does not.
      fc.property(fc.ipV6().filter((t) => !/^::\d+\.\d+\.\d+\.\d+$/.test(t)), (text) => {
        const mine = parseAddress(text);
        const bytes = ipaddr.parse(text).toByteArray();
        expect(mine).not.toBeNull();
        const words = [mine!.w0, mine!.w1, mine!.w2, mine!.w3];
        const expected = [0, 4, 8, 12].map((i) => bytes[i]! * 2 ** 24 + bytes[i + 1]! * 65536 + bytes[i + 2]! * 256 + bytes[i + 3]!);
        expect(words).toEqual(expected);
      }),
    );
  });

  it('agrees with ipaddr.js on random IPv4 texts', () => {
    fc.assert(
      fc.property(fc.ipV4(), (text) => {
        expect(parseAddress(text)?.v4).toBe(ipaddr.IPv4.parse(text).toByteArray().reduce((a, b) => a * 256 + b, 0));
      }),
    );
  });
});

describe('compileIpList', () => {
  const list = compileIpList(['10.0.0.0/8', '192.168.0.1-192.168.0.254', '172.16.5.5', '2001:db8::/32', 'fd00::1-fd00::ff', 'bogus']);

  it('matches singles, ranges and CIDR of both families and returns the entry text', () => {
    expect(list.contains(addr('10.200.3.4'))).toBe('10.0.0.0/8');
    expect(list.contains(addr('192.168.0.254'))).toBe('192.168.0.1-192.168.0.254');
    expect(list.contains(addr('192.168.0.255'))).toBeNull();
    expect(list.contains(addr('172.16.5.5'))).toBe('172.16.5.5');
    expect(list.contains(addr('172.16.5.6'))).toBeNull();
    expect(list.contains(addr('2001:db8:ffff::1'))).toBe('2001:db8::/32');
    expect(list.contains(addr('2001:db9::'))).toBeNull();
    expect(list.contains(addr('fd00::80'))).toBe('fd00::1-fd00::ff');
    expect(list.contains(addr('fd00::100'))).toBeNull();
  });

  it('keeps invalid values aside: they never match', () => {
    expect(list.invalid).toEqual([{ text: 'bogus', message: "'bogus' is not an IPv4 or IPv6 address" }]);
    expect(list.entries).toHaveLength(5);
  });

  it('compares a CIDR with host bits on its network', () => {
    const l = compileIpList(['192.168.3.1/24']);
    expect(l.has(addr('192.168.3.0'))).toBe(true);
    expect(l.has(addr('192.168.3.255'))).toBe(true);
    expect(l.has(addr('192.168.4.0'))).toBe(false);
  });

  it('lets an IPv4-mapped address match the IPv4 entry, but not a plain IPv4 address an IPv6 entry', () => {
    expect(compileIpList(['10.0.0.0/8']).contains(addr('::ffff:10.1.1.1'))).toBe('10.0.0.0/8');
    expect(compileIpList(['::ffff:0:0/96']).has(addr('::ffff:10.1.1.1'))).toBe(true);
    expect(compileIpList(['::ffff:0:0/96']).has(addr('10.1.1.1'))).toBe(false);
    expect(compileIpList(['::/0']).has(addr('10.1.1.1'))).toBe(false);
    expect(compileIpList(['0.0.0.0/0']).has(addr('2001:db8::1'))).toBe(false);
  });

  it('handles the extremes of both families', () => {
    expect(compileIpList(['0.0.0.0/0']).has(addr('255.255.255.255'))).toBe(true);
    expect(compileIpList(['::/0']).has(addr('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe(true);
    expect(compileIpList(['255.255.255.255']).has(addr('255.255.255.254'))).toBe(false);
  });
});

/** Direct ipaddr.js check, the oracle for the compiled intervals. */
function directContains(entry: string, text: string): boolean {
  const a = ipaddr.parse(text);
  const as = (x: ipaddr.IPv4 | ipaddr.IPv6) => BigInt(`0x${x.toByteArray().map((b) => b.toString(16).padStart(2, '0')).join('')}`);
  const candidates: (ipaddr.IPv4 | ipaddr.IPv6)[] = [a];
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) candidates.push((a as ipaddr.IPv6).toIPv4Address());
  return candidates.some((c) => {
    if (entry.includes('/')) {
      const [net, bits] = ipaddr.parseCIDR(entry);
      return net.kind() === c.kind() && c.match(net, bits);
    }
    if (entry.includes('-')) {
      const [s, e] = entry.split('-').map((t) => ipaddr.parse(t));
      return s!.kind() === c.kind() && as(s!) <= as(c) && as(c) <= as(e!);
    }
    const one = ipaddr.parse(entry);
    return one.kind() === c.kind() && as(one) === as(c);
  });
}

const v4Bytes = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
const v6Bytes = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 });
const near = (bytes: number[], other: number[]) => bytes.map((b, i) => (i < bytes.length - 2 ? b : (other[i] ?? b)));
const ipText = (bytes: number[]) => ipaddr.fromByteArray(bytes).toString();

function entryArb(bytes: fc.Arbitrary<number[]>, maxPrefix: number) {
  return fc.oneof(
    bytes.map(ipText),
    fc.tuple(bytes, fc.integer({ min: 0, max: maxPrefix })).map(([b, p]) => `${ipText(b)}/${p}`),
    fc.tuple(bytes, bytes).map(([a, b]) => {
      const c = near(a, b);
      const [s, e] = BigInt(`0x${Buffer.from(a).toString('hex')}`) <= BigInt(`0x${Buffer.from(c).toString('hex')}`) ? [a, c] : [c, a];
      return `${ipText(s)}-${ipText(e)}`;
    }),
  );
}

describe('compileIpList property', () => {
  it('agrees with a direct ipaddr.js check on random lists and addresses of both families', () => {
    const entries = fc.array(fc.oneof(entryArb(v4Bytes, 32), entryArb(v6Bytes, 128)), { maxLength: 12 });
    const address = fc.oneof(
      v4Bytes.map(ipText),
      v6Bytes.map(ipText),
      v4Bytes.map((b) => `::ffff:${b.join('.')}`),
    );
    fc.assert(
      fc.property(entries, fc.array(address, { minLength: 1, maxLength: 10 }), (values, addrs) => {
        const compiled = compileIpList(values);
        expect(compiled.invalid).toEqual([]);
        for (const text of addrs) {
          const expected = values.find((v) => directContains(v, text)) ?? null;
          expect(compiled.contains(addr(text)), `${text} in ${values.join(',')}`).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('agrees when addresses are drawn close to the entries', () => {
    fc.assert(
      fc.property(fc.array(entryArb(v4Bytes, 32), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.integer({ min: -2, max: 2 }), (values, picks, delta) => {
        const compiled = compileIpList(values);
        for (const pick of picks) {
          const e = parseIpEntry(values[pick % values.length]!);
          if (!e.ok) throw new Error('generated entry invalid');
          const base = pick % 2 === 0 ? e.entry.first[0]! : e.entry.last[0]!;
          const v = Math.min(0xffffffff, Math.max(0, base + delta));
          const text = ipaddr.fromByteArray([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]).toString();
          expect(compiled.contains(addr(text))).toBe(values.find((x) => directContains(x, text)) ?? null);
        }
      }),
      { numRuns: 300 },
    );
  });
});
