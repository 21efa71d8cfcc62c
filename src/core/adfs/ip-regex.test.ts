import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileIpList, parseAddress } from '../match/ip.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import { ipv4Alternatives, ipv4ClaimRegex, networksToRegex, parseNetworks, splitNetworkText, trustedNetworksOf } from './ip-regex.ts';

function ipText(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function regexFor(values: string[]): RegExp {
  const r = networksToRegex(values);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return new RegExp(r.regex);
}

/** Every address of [from, to] is tested: the regex must agree with the designer's IP matcher. */
function checkWindow(values: string[], from: number, to: number): void {
  const re = regexFor(values);
  const list = compileIpList(values);
  for (let n = Math.max(0, from); n <= Math.min(0xffffffff, to); n++) {
    const text = ipText(n);
    const inside = list.has(parseAddress(text)!);
    if (re.test(text) !== inside) throw new Error(`${values.join(',')}: ${text} regex ${!inside} matcher ${inside}`);
  }
}

describe('ipv4ClaimRegex', () => {
  it('builds the article example ranges digit by digit', () => {
    expect(ipv4Alternatives(parseNetworksOk(['192.168.1.1-192.168.1.25']))).toEqual(['192\\.168\\.1\\.(?:[1-9]|1[0-9]|2[0-5])']);
    expect(ipv4Alternatives(parseNetworksOk(['10.0.0.1-10.0.0.14']))).toEqual(['10\\.0\\.0\\.(?:[1-9]|1[0-4])']);
  });

  it('answers the article sample input as the ranges say (seed 004)', () => {
    const re = regexFor(['192.168.1.1-192.168.1.25', '10.0.0.1-10.0.0.14']);
    const inside = ['192.168.1.1', '192.168.1.2', '192.168.1.10', '192.168.1.25', '10.0.0.1', '10.0.0.5', '10.0.0.10', '10.0.0.14'];
    const outside = ['192.169.1.1', '192.168.12.1', '192.168.1.26', '192.168.1.30', '1192.168.1.20', '10.0.1.0', '10.0.1.1', '110.0.0.1', '10.0.0.15', '10,0.0.1'];
    for (const a of inside) expect(re.test(a), a).toBe(true);
    for (const a of outside) expect(re.test(a), a).toBe(false);
  });

  it('never matches 10.0.0.1 inside a longer address', () => {
    const re = regexFor(['10.0.0.1']);
    for (const a of ['110.0.0.12', '10.0.0.123', '10.0.0.10', '110.0.0.1', '10.0.0.1.5', '1.10.0.0.1', '10.0.0.1x', 'x10.0.0.1', '010.0.0.1']) {
      expect(re.test(a), a).toBe(false);
    }
    expect(re.test('10.0.0.1')).toBe(true);
  });

  it('finds an address anywhere in a comma-separated claim, with or without spaces', () => {
    const re = regexFor(['10.0.0.1']);
    expect(re.test('203.0.113.9, 10.0.0.1')).toBe(true);
    expect(re.test('10.0.0.1,203.0.113.9')).toBe(true);
    expect(re.test('203.0.113.9 , 10.0.0.1 , 198.51.100.1')).toBe(true);
    expect(re.test('203.0.113.9, 10.0.0.10')).toBe(false);
    expect(re.test('203.0.113.9, 110.0.0.1')).toBe(false);
  });

  it('merges adjacent and overlapping ranges into compact blocks', () => {
    expect(ipv4Alternatives(parseNetworksOk(['10.0.0.0/25', '10.0.0.128/25']))).toEqual([`10\\.0\\.0\\.${anyOctet()}`]);
    expect(ipv4Alternatives(parseNetworksOk(['10.0.0.0/8']))).toHaveLength(1);
    expect(ipv4Alternatives(parseNetworksOk(['10.0.0.5', '10.0.0.6', '10.0.0.4-10.0.0.7']))).toEqual(['10\\.0\\.0\\.[4-7]']);
  });

  it('rejects IPv6 and bad values with the value and the reason', () => {
    const r = parseNetworks(['10.0.0.1', '2001:db8::/32', '10.0.0.300']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.index)).toEqual([1, 2]);
    expect(r.errors[0]!.message).toMatch(/IPv4 addresses only/);
    expect(networksToRegex([]).ok).toBe(false);
  });

  it('splits typed lists on commas, spaces and lines, without comments', () => {
    expect(splitNetworkText('10.0.0.1, 10.0.0.2\n# office\n192.168.0.0/16 # hq\n')).toEqual(['10.0.0.1', '10.0.0.2', '192.168.0.0/16']);
  });

  it('matches nothing for an empty list', () => {
    expect(new RegExp(ipv4ClaimRegex([])).test('10.0.0.1')).toBe(false);
  });

  // Exhaustive: every address of the /16 around each range, for ranges up to a /16.
  it('agrees with the IP matcher on every address of the surrounding /16, for CIDR blocks up to /16', () => {
    for (const cidr of ['172.16.0.0/16', '172.16.8.0/21', '172.16.255.255/32', '172.16.3.64/26', '172.16.128.0/17']) {
      checkWindow([cidr], 0xac100000 - 300, 0xac10ffff + 300);
    }
  });

  it('agrees with the IP matcher exhaustively on random ranges within a /16 (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })), { minLength: 1, maxLength: 4 }),
        (block, pairs) => {
          const base = block * 0x10000;
          const values = pairs.map(([x, y]) => `${ipText(base + Math.min(x, y))}-${ipText(base + Math.max(x, y))}`);
          checkWindow(values, base - 2, base + 0xffff + 2);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('agrees with the IP matcher on sampled addresses for ranges beyond a /16 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff })), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 50, maxLength: 50 }),
        (pairs, probes) => {
          const values = pairs.map(([x, y]) => `${ipText(Math.min(x, y))}-${ipText(Math.max(x, y))}`);
          const re = regexFor(values);
          const list = compileIpList(values);
          // Random probes plus every range edge and its neighbours.
          const edges = pairs.flatMap(([x, y]) => [Math.min(x, y), Math.max(x, y)]).flatMap((n) => [n - 1, n, n + 1]);
          for (const n of [...probes, ...edges]) {
            if (n < 0 || n > 0xffffffff) continue;
            const text = ipText(n);
            expect(re.test(text), text).toBe(list.has(parseAddress(text)!));
            expect(re.test(`198.51.100.7, ${text}`), text).toBe(list.has(parseAddress(text)!) || list.has(parseAddress('198.51.100.7')!));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

function parseNetworksOk(values: string[]) {
  const r = parseNetworks(values);
  if (!r.ok) throw new Error('bad networks');
  return r.entries;
}

function anyOctet(): string {
  return '(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])';
}

describe('trustedNetworksOf', () => {
  it('takes the addresses the Client Access Rules let in, IPv6 apart', () => {
    let set = createRuleSet();
    set = addRule(set, createRule({ name: 'deny', action: 'DenyAccess', exceptAnyOfClientIPAddressesOrRanges: ['203.0.113.0/24', '2001:db8::/32'], anyOfClientIPAddressesOrRanges: ['198.51.100.1'] }));
    set = addRule(set, createRule({ name: 'allow', action: 'AllowAccess', anyOfClientIPAddressesOrRanges: ['192.0.2.1', '203.0.113.0/24', 'bad'] }));
    expect(trustedNetworksOf(set)).toEqual({ ipv4: ['203.0.113.0/24', '192.0.2.1'], ipv6: ['2001:db8::/32'] });
  });
});
