import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { entryBounds, parseIpEntry } from '../match/ip.ts';
import { addressText, intervalToCidrs, ipValuesToCidrs } from './cidr.ts';

function bounds(cidr: string): [bigint, bigint] {
  const parsed = parseIpEntry(cidr);
  if (!parsed.ok) throw new Error(cidr);
  return entryBounds(parsed.entry);
}

/** Brute force: the fewest aligned blocks that tile [a, b], by dynamic programming over the addresses. */
function minimalBlockCount(a: number, b: number): number {
  const best = new Map<number, number>();
  best.set(b + 1, 0);
  for (let at = b; at >= a; at -= 1) {
    let min = Infinity;
    for (let size = 1; size <= 1 << 16; size *= 2) {
      if (at % size !== 0 || at + size - 1 > b) break;
      min = Math.min(min, 1 + (best.get(at + size) as number));
    }
    best.set(at, min);
  }
  return best.get(a) as number;
}

describe('intervalToCidrs', () => {
  it('splits a documented range into aligned blocks', () => {
    const [a, b] = bounds('192.168.0.1-192.168.0.254');
    expect(intervalToCidrs(a, b, 'ipv4')).toEqual([
      '192.168.0.1/32', '192.168.0.2/31', '192.168.0.4/30', '192.168.0.8/29', '192.168.0.16/28', '192.168.0.32/27',
      '192.168.0.64/26', '192.168.0.128/26', '192.168.0.192/27', '192.168.0.224/28', '192.168.0.240/29',
      '192.168.0.248/30', '192.168.0.252/31', '192.168.0.254/32',
    ]);
  });
  it('covers the whole space with one block', () => {
    expect(intervalToCidrs(0n, 2n ** 32n - 1n, 'ipv4')).toEqual(['0.0.0.0/0']);
    expect(intervalToCidrs(0n, 2n ** 128n - 1n, 'ipv6')).toEqual(['::/0']);
    expect(addressText(2n ** 128n - 1n, 'ipv6')).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  });

  it('covers exactly the range, without overlap, with the fewest blocks (property, against brute force)', () => {
    fc.assert(
      fc.property(fc.nat(4000), fc.nat(600), fc.nat(2 ** 20 - 2), (offset, length, base) => {
        const a = base * 4096 + offset;
        const b = a + length;
        const blocks = intervalToCidrs(BigInt(a), BigInt(b), 'ipv4').map(bounds);
        let next = BigInt(a);
        for (const [start, end] of blocks) {
          if (start !== next || end < start) return false;
          next = end + 1n;
        }
        return next === BigInt(b) + 1n && blocks.length === minimalBlockCount(a, b);
      }),
      { numRuns: 150 },
    );
  });

  it('covers exactly an IPv6 range (property)', () => {
    const big = fc.bigInt({ min: 0n, max: 2n ** 128n - 1n });
    fc.assert(
      fc.property(big, big, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const blocks = intervalToCidrs(a, b, 'ipv6').map(bounds);
        let next = a;
        for (const [start, end] of blocks) {
          if (start !== next) return false;
          next = end + 1n;
        }
        return next === b + 1n && blocks.length <= 2 * 128;
      }),
      { numRuns: 100 },
    );
  });
});

describe('ipValuesToCidrs', () => {
  it('merges adjacent values, normalises host bits and keeps invalid values apart', () => {
    expect(ipValuesToCidrs(['10.0.0.1-10.0.0.6', '10.0.0.7', '192.168.3.1/24', '2001:db8::1', 'nope'])).toEqual({
      ipv4: ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '192.168.3.0/24'],
      ipv6: ['2001:db8::1/128'],
      invalid: ['nope'],
    });
  });
});
