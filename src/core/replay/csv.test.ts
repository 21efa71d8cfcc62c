import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, isOpenRecord, normalizeHeader, splitCsvFields } from './csv.ts';

describe('splitCsvFields', () => {
  it('reads quoted fields with doubled quotes and separators inside', () => {
    const out: string[] = [];
    expect(splitCsvFields('a,"b,""c""",,d', 10, out)).toBe(4);
    expect(out.slice(0, 4)).toEqual(['a', 'b,"c"', '', 'd']);
  });

  it('stops after the wanted number of fields', () => {
    const out: string[] = [];
    expect(splitCsvFields('a,b,c,d', 2, out)).toBe(2);
    expect(out.slice(0, 2)).toEqual(['a', 'b']);
  });

  it('reports an unclosed quote as -1', () => {
    expect(splitCsvFields('a,"b', 5, [])).toBe(-1);
  });

  it('reads back what csvCell writes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', ',', '"', ' ', 'x', '\u00e9') }), { minLength: 1, maxLength: 6 }), (cells) => {
        const out: string[] = [];
        const line = cells.map(csvCell).join(',');
        expect(splitCsvFields(line, 100, out)).toBe(cells.length);
        expect(out.slice(0, cells.length)).toEqual(cells);
      }),
    );
  });
});

describe('csv helpers', () => {
  it('defuses spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(-1)).toBe('-1');
  });

  it('normalises headers with spaces, quotes and a byte-order mark', () => {
    expect(normalizeHeader('\uFEFF"IP address "')).toBe('ip address');
  });

  it('tells an open quoted record', () => {
    expect(isOpenRecord('a,"b')).toBe(true);
    expect(isOpenRecord('a,"b""c"')).toBe(false);
  });
});
