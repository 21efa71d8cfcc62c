import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineSplitter } from './lines.ts';

function splitAll(chunks: string[]): string[] {
  const out: string[] = [];
  const s = new LineSplitter((line, n) => {
    expect(n).toBe(out.length + 1);
    out.push(line);
  });
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe('LineSplitter', () => {
  it('drops CR before LF and a leading byte-order mark, keeps a last line without newline', () => {
    expect(splitAll(['\uFEFFa,b\r\nc', ',d\r', '\ne'])).toEqual(['a,b', 'c,d', 'e']);
  });

  it('gives the same lines however the text is cut into chunks (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', ',', '\n', '\r\n', '"'), { maxLength: 60 }), fc.array(fc.nat(60), { maxLength: 8 }), (parts, cuts) => {
        const text = parts.join('');
        const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of [...points, text.length]) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        const expected = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
        if (text.endsWith('\n') || text === '') expected.pop();
        expect(splitAll(chunks)).toEqual(expected);
      }),
    );
  });
});
