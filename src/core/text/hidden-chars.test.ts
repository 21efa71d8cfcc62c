import { describe, expect, it } from 'vitest';
import { hiddenCharacters, revealHiddenCharacters } from './hidden-chars.ts';

describe('hidden characters in names', () => {
  it('finds bidi overrides, zero-width and non-breaking spaces, once each, and leaves plain names alone', () => {
    expect(hiddenCharacters('evil\u202Etxt.exe')).toEqual(['U+202E']);
    expect(hiddenCharacters('a\u200Bb\u00A0c\u200B')).toEqual(['U+200B', 'U+00A0']);
    expect(hiddenCharacters('Block OWA (Zürich)')).toEqual([]);
  });

  it('reveals them in place', () => {
    expect(revealHiddenCharacters('evil\u202Etxt.exe')).toBe('evil⟦U+202E⟧txt.exe');
    expect(revealHiddenCharacters('plain')).toBe('plain');
  });
});
