import { describe, it, expect } from 'vitest';
import { DOUBLE_QUOTE_CHARS, SINGLE_QUOTE_CHARS } from '../chars.ts';
import { indexKey } from './values.ts';

describe('indexKey', () => {
  it('reads a key quoted with any quote character of chars.ts, or a bare name', () => {
    for (const q of [...SINGLE_QUOTE_CHARS, ...DOUBLE_QUOTE_CHARS]) expect(indexKey(` ${q}Name${q} `)).toBe('Name');
    expect(indexKey('Name')).toBe('Name');
  });

  it('is null for a key that is not plain text', () => {
    expect(indexKey("'a$b'")).toBeNull();
    expect(indexKey('$key')).toBeNull();
    expect(indexKey("'a' + 'b'")).toBeNull();
  });
});
