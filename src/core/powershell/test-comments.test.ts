import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectedComment, readExpectedComment, readTestNameComment, testNameComment } from './test-comments.ts';
import { ACTIONS } from '../model/types.ts';
import { SINGLE_QUOTE_CHARS } from './chars.ts';

describe('test comments', () => {
  it('reads a name in any single quote of chars.ts, or a concatenation, and nothing else', () => {
    for (const q of SINGLE_QUOTE_CHARS) expect(readTestNameComment(` Test 2: ${q}VPN${q}`)).toEqual({ number: 2, literal: `${q}VPN${q}` });
    expect(readTestNameComment(" Test 2: ('VPN' + [char]0x00FC)")?.literal).toBe("('VPN' + [char]0x00FC)");
    expect(readTestNameComment(' Test 2: "VPN"')).toBeUndefined();
    expect(readTestNameComment(' Test 2: VPN')).toBeUndefined();
  });

  it('writes the test name as a literal after its number', () => {
    expect(testNameComment(3, "Chris's EAC")).toBe("# Test 3: 'Chris''s EAC'");
  });

  it('reads back what it writes: number, literal and expectation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.string(), fc.constantFrom(...ACTIONS), (n, name, action) => {
        const line = testNameComment(n, name);
        expect(line).not.toMatch(/[\r\n]/);
        const read = readTestNameComment(line.slice(1));
        expect(read?.number).toBe(n);
        expect(read?.literal).toBe(line.slice(`# Test ${n}: `.length));
        expect(readExpectedComment(expectedComment(action).slice(1))).toBe(action);
      }),
    );
  });

  it('reads hand-written expectations leniently and ignores other comments', () => {
    expect(readExpectedComment(' expect Allow')).toBe('AllowAccess');
    expect(readExpectedComment('Expected=Blocked')).toBe('DenyAccess');
    expect(readExpectedComment(' expected: denied')).toBe('DenyAccess');
    expect(readExpectedComment(' nothing to see')).toBeUndefined();
    expect(readTestNameComment(' Test 1: VPN users')).toBeUndefined();
    expect(readTestNameComment(' Testing 1: ')).toBeUndefined();
    expect(readTestNameComment(" Test 4: ('a' + [char]0x202E)")).toEqual({ number: 4, literal: "('a' + [char]0x202E)" });
  });
});
