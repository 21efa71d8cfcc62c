import { describe, expect, it } from 'vitest';
import { splitIds } from './ids.ts';

describe('splitIds', () => {
  it('splits on commas, semicolons, spaces and lines, dropping empties', () => {
    expect(splitIds(' A1, B2;C3\n\nD4 ')).toEqual(['A1', 'B2', 'C3', 'D4']);
    expect(splitIds('')).toEqual([]);
  });
});
