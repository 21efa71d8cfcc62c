import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** Any UTF-16 text, lone surrogates included (built from code units: fast to generate). */
const anyUtf16 = (maxLength: number) =>
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((units) => String.fromCharCode(...units));
import { decodeText, decodeUtf16, decodeUtf8, emptyInputMessage, MAX_INPUT_BYTES, sizeLimitMessage } from './decode.ts';

function utf16le(text: string, bom = true): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  let o = 0;
  if (bom) {
    out[o++] = 0xff;
    out[o++] = 0xfe;
  }
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    out[o++] = c & 0xff;
    out[o++] = c >> 8;
  }
  return out;
}

function utf16be(text: string): Uint8Array {
  const le = utf16le(text);
  const out = new Uint8Array(le.length);
  for (let i = 0; i < le.length; i += 2) {
    out[i] = le[i + 1]!;
    out[i + 1] = le[i]!;
  }
  return out;
}

describe('decodeText', () => {
  it('reads what Windows PowerShell 5.1 writes with > (UTF-16 LE with a byte-order mark) and says so', () => {
    const text = 'Name   : Block OWA\r\nAction : DenyAccess\r\n';
    const result = decodeText(utf16le(text));
    expect(result).toEqual({ ok: true, text, encoding: 'UTF-16 LE', note: 'read as UTF-16 LE (byte-order mark FF FE)' });
  });

  it('reads UTF-16 BE and UTF-8 with a byte-order mark, dropping the mark', () => {
    expect(decodeText(utf16be('Müller ✓'))).toMatchObject({ ok: true, text: 'Müller ✓', encoding: 'UTF-16 BE' });
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Ünïcode 😀')]);
    expect(decodeText(utf8)).toEqual({ ok: true, text: 'Ünïcode 😀', encoding: 'UTF-8 with byte-order mark' });
  });

  it('recognises UTF-16 LE without a mark from its zero bytes', () => {
    const result = decodeText(utf16le('New-ClientAccessRule -Name x', false));
    expect(result).toMatchObject({ ok: true, text: 'New-ClientAccessRule -Name x', encoding: 'UTF-16 LE' });
    expect(result.ok && result.note).toContain('no byte-order mark');
  });

  it('decodes UTF-8 exactly as TextDecoder does, malformed bytes included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        // Skip inputs that begin like a mark or look like UTF-16 (those take the other paths).
        const result = decodeText(bytes);
        if (!result.ok || result.encoding !== 'UTF-8') return;
        expect(result.text).toBe(new TextDecoder('utf-8').decode(bytes));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const bytes = new TextEncoder().encode(`a${text}`);
        expect(decodeText(bytes)).toMatchObject({ ok: true, text: `a${text}` });
      }),
    );
  });

  it('falls back to decoders of its own that agree with TextDecoder byte for byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(decodeUtf8(bytes, 0)).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
        expect(decodeUtf16(bytes, 0, true)).toBe(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes));
        expect(decodeUtf16(bytes, 0, false)).toBe(new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips any UTF-16 text (lone surrogates as U+FFFD), odd trailing byte as U+FFFD', () => {
    fc.assert(
      fc.property(anyUtf16(200), (units) => {
        const text = units.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD');
        const le = decodeText(utf16le(units));
        const be = decodeText(utf16be(units));
        expect(le.ok && le.text === text && le.encoding === 'UTF-16 LE').toBe(true);
        expect(be.ok && be.text === text && be.encoding === 'UTF-16 BE').toBe(true);
      }),
    );
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]))).toMatchObject({ text: 'A\uFFFD' });
  });

  it('decodes files larger than one streamed piece the same as in one go, characters split across pieces included', () => {
    const piece = 1 << 16;
    // UTF-8: a three-byte character straddling the first piece boundary, an emoji the second.
    const utf8Text = 'a'.repeat(piece - 1) + '\u20ac' + 'b'.repeat(piece - 3) + '\u{1F600}' + 'c';
    const utf8Bytes = new TextEncoder().encode(utf8Text);
    expect(decodeText(utf8Bytes)).toMatchObject({ ok: true, text: utf8Text });
    // UTF-16 LE after its mark: a surrogate pair straddling the boundary at byte 2^20.
    const utf16Text = 'x'.repeat(piece / 2 - 1) + '\u{1F600}' + 'y'.repeat(1000);
    const bytes = utf16le(utf16Text);
    expect(decodeText(bytes)).toMatchObject({ ok: true, text: utf16Text, encoding: 'UTF-16 LE' });
    expect(decodeText(utf16be(utf16Text))).toMatchObject({ ok: true, text: utf16Text, encoding: 'UTF-16 BE' });
  });

  it('refuses input over the limit before decoding, naming the limit', () => {
    const result = decodeText(new Uint8Array(MAX_INPUT_BYTES + 1));
    expect(result).toEqual({ ok: false, message: 'it is 20.0 MB; the largest file this designer reads is 20 MB' });
    expect(sizeLimitMessage(600 * 1024 * 1024)).toBe('it is 600.0 MB; the largest file this designer reads is 20 MB');
    expect(sizeLimitMessage(MAX_INPUT_BYTES)).toBeNull();
  });
});

describe('emptyInputMessage', () => {
  it('names empty, BOM-only and blank texts, and nothing else', () => {
    expect(emptyInputMessage('')).toBe('it is empty');
    expect(emptyInputMessage('\uFEFF')).toBe('it holds only a byte-order mark and no text');
    expect(emptyInputMessage(' \r\n\t')).toBe('it holds only white space');
    expect(emptyInputMessage('x')).toBeNull();
  });
});
