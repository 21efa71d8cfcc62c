/**
 * Turning the bytes of a file into text, the one way the command line and the app read every file.
 *
 * Windows PowerShell 5.1 writes UTF-16 LE with a byte-order mark for `>` and `Out-File`
 * (`Get-ClientAccessRule | Format-List > rules.txt`), PowerShell 7 writes UTF-8 without one, and
 * `Export-Csv -Encoding UTF8` in 5.1 writes UTF-8 with one. Reading such a file as UTF-8 gives text with
 * a NUL after every letter, which no reader recognises, so the file would silently read as nothing.
 *
 * Decisions:
 * - The encoding is chosen by the byte-order mark: EF BB BF UTF-8, FF FE UTF-16 LE, FE FF UTF-16 BE.
 *   Without one the text is UTF-8, unless the start of the file is plainly UTF-16 without a mark
 *   (ASCII letters each followed, or preceded, by a zero byte), which is then read as such and said.
 * - Malformed sequences become U+FFFD, as browsers' `TextDecoder` does (no error: the readers report
 *   what they cannot understand, with its line and column).
 * - Input larger than `MAX_INPUT_BYTES` is refused before it is decoded, with the limit named: every
 *   reader is linear, but a text of hundreds of megabytes does not fit in a JavaScript string anyway.
 * - The platform's `TextDecoder` (browsers, workers, Node) is used when present, found at run time so
 *   that core needs no DOM or Node types; the decoders written out here are the fallback, and are
 *   tested against `TextDecoder` byte for byte.
 */

/** The encodings `decodeText` tells apart. */
export type TextEncodingName = 'UTF-8' | 'UTF-8 with byte-order mark' | 'UTF-16 LE' | 'UTF-16 BE';

/** Largest file the readers accept (20 MB); far above any real rule set or Get output. */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

/** `MAX_INPUT_BYTES` as people write it, for messages. */
export const MAX_INPUT_LABEL = '20 MB';

export type DecodeResult =
  | {
      ok: true;
      text: string;
      encoding: TextEncodingName;
      /** Set when the encoding was not plain UTF-8, so the reader can say what it read. */
      note?: string;
    }
  | { ok: false; message: string };

/** A size in bytes as people read it (`512 bytes`, `3.4 MB`). */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The message for input over the limit, or null when `size` (bytes, or characters of pasted text) is
 * within it. Used before reading, so a huge file is refused without being loaded.
 *
 * @example sizeLimitMessage(600 * 1024 * 1024) // 'it is 600.0 MB; the largest file this designer reads is 20 MB'
 */
export function sizeLimitMessage(size: number): string | null {
  if (size <= MAX_INPUT_BYTES) return null;
  return `it is ${formatByteSize(size)}; the largest file this designer reads is ${MAX_INPUT_LABEL}`;
}

const CHUNK = 8192;

function fromCodeUnits(units: Uint16Array, length: number, parts: string[]): void {
  for (let i = 0; i < length; i += CHUNK) {
    parts.push(String.fromCharCode(...units.subarray(i, Math.min(length, i + CHUNK))));
  }
}

type PlatformDecoder = new (label: string) => { decode(input?: Uint8Array, options?: { stream?: boolean }): string };

/** Bytes handed to the platform decoder at a time (see `platformDecode`). */
const PLATFORM_CHUNK = 1 << 16;
const platformDecoder = (globalThis as { TextDecoder?: PlatformDecoder }).TextDecoder;

function platformDecode(label: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array): string | null {
  if (!platformDecoder) return null;
  try {
    // One call over a whole 16 MB UTF-16 file took 27 times as long as over 2 MB in Node (the decoder's
    // one huge string strains the heap); streamed in 64 KB pieces, the time grows with the size.
    const decoder = new platformDecoder(label);
    if (bytes.length <= PLATFORM_CHUNK) return decoder.decode(bytes);
    const parts: string[] = [];
    for (let i = 0; i < bytes.length; i += PLATFORM_CHUNK) {
      parts.push(decoder.decode(bytes.subarray(i, Math.min(bytes.length, i + PLATFORM_CHUNK)), { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join('');
  } catch {
    return null;
  }
}

/** UTF-16 written out (the fallback of `decodeText`); exported for the tests. */
export function decodeUtf16(bytes: Uint8Array, start: number, littleEndian: boolean): string {
  const count = (bytes.length - start) >> 1;
  const units = new Uint16Array(count);
  for (let i = 0; i < count; i += 1) {
    const a = bytes[start + 2 * i]!;
    const b = bytes[start + 2 * i + 1]!;
    units[i] = littleEndian ? a | (b << 8) : (a << 8) | b;
  }
  // A lone surrogate is no character: U+FFFD, as TextDecoder does.
  let endsInLead = false;
  for (let i = 0; i < count; i += 1) {
    const u = units[i]!;
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < count && units[i + 1]! >= 0xdc00 && units[i + 1]! <= 0xdfff) i += 1;
    else if (u >= 0xd800 && u <= 0xdfff) {
      units[i] = 0xfffd;
      endsInLead = i === count - 1 && u <= 0xdbff;
    }
  }
  const parts: string[] = [];
  fromCodeUnits(units, count, parts);
  // An odd last byte is half a character: shown as U+FFFD, as TextDecoder does.
  // (A lead surrogate cut off by the end of the file and the odd byte make one U+FFFD together.)
  if ((bytes.length - start) % 2 === 1 && !endsInLead) parts.push('\uFFFD');
  return parts.join('');
}

/** UTF-8 written out, with U+FFFD as the WHATWG decoder (the fallback of `decodeText`); exported for the tests. */
export function decodeUtf8(bytes: Uint8Array, start: number): string {
  const parts: string[] = [];
  const units = new Uint16Array(CHUNK + 2);
  let n = 0;
  const flush = () => {
    fromCodeUnits(units, n, parts);
    n = 0;
  };
  let i = start;
  const len = bytes.length;
  while (i < len) {
    if (n >= CHUNK) flush();
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      units[n++] = b0;
      i += 1;
      continue;
    }
    let need: number;
    let cp: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      if (b0 === 0xe0) lower = 0xa0;
      if (b0 === 0xed) upper = 0x9f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 === 0xf0) lower = 0x90;
      if (b0 === 0xf4) upper = 0x8f;
    } else {
      units[n++] = 0xfffd;
      i += 1;
      continue;
    }
    let j = 1;
    for (; j <= need; j += 1) {
      const b = bytes[i + j];
      if (b === undefined || b < lower || b > upper) break;
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (j <= need) {
      // Maximal subpart replaced by one U+FFFD (the WHATWG rule), then decoding resumes at the bad byte.
      units[n++] = 0xfffd;
      i += j;
      continue;
    }
    i += need + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units[n++] = 0xd800 + (cp >> 10);
      units[n++] = 0xdc00 + (cp & 0x3ff);
    } else {
      units[n++] = cp;
    }
  }
  flush();
  return parts.join('');
}

function utf8(bytes: Uint8Array): string {
  return platformDecode('utf-8', bytes) ?? decodeUtf8(bytes, 0);
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  return platformDecode(littleEndian ? 'utf-16le' : 'utf-16be', bytes) ?? decodeUtf16(bytes, 0, littleEndian);
}

/** UTF-16 without a byte-order mark: zero bytes at every odd (LE) or even (BE) place of ASCII text. */
function sniffUtf16(bytes: Uint8Array): 'LE' | 'BE' | null {
  const sample = Math.min(bytes.length - (bytes.length % 2), 512);
  if (sample < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i += 1) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) zeroEven += 1;
      else zeroOdd += 1;
    }
  }
  const pairs = sample / 2;
  if (zeroOdd >= pairs * 0.9 && zeroEven === 0) return 'LE';
  if (zeroEven >= pairs * 0.9 && zeroOdd === 0) return 'BE';
  return null;
}

/**
 * Decodes the bytes of a file by its byte-order mark (UTF-8, UTF-16 LE, UTF-16 BE; UTF-8 without one)
 * and says which encoding was read. The mark is not part of the text. Input over `MAX_INPUT_BYTES` is
 * refused with the limit named. Never throws.
 *
 * Edge cases: an odd trailing byte of UTF-16 and malformed UTF-8 become U+FFFD; UTF-16 without a mark
 * is recognised from its zero bytes when the text starts with ASCII (a note says so).
 *
 * @example decodeText(new Uint8Array([0xff, 0xfe, 0x41, 0x00])) // { ok: true, text: 'A', encoding: 'UTF-16 LE', note: 'read as UTF-16 LE (byte-order mark FF FE)' }
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
  const tooBig = sizeLimitMessage(bytes.length);
  if (tooBig) return { ok: false, message: tooBig };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { ok: true, text: utf8(bytes.subarray(3)), encoding: 'UTF-8 with byte-order mark' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: utf16(bytes.subarray(2), true), encoding: 'UTF-16 LE', note: 'read as UTF-16 LE (byte-order mark FF FE)' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: utf16(bytes.subarray(2), false), encoding: 'UTF-16 BE', note: 'read as UTF-16 BE (byte-order mark FE FF)' };
  }
  const sniffed = sniffUtf16(bytes);
  if (sniffed) {
    const encoding = sniffed === 'LE' ? 'UTF-16 LE' : 'UTF-16 BE';
    return { ok: true, text: utf16(bytes, sniffed === 'LE'), encoding, note: `read as ${encoding} (no byte-order mark, recognised from its zero bytes)` };
  }
  return { ok: true, text: utf8(bytes), encoding: 'UTF-8' };
}

/**
 * Why a text holds nothing to read, or null when it has content: empty, only a byte-order mark, or only
 * white space. Every reader (command line and app) asks this first, so an empty file is reported as
 * such instead of reading as zero rules.
 *
 * @example emptyInputMessage('\uFEFF') // 'it holds only a byte-order mark and no text'
 */
export function emptyInputMessage(text: string): string | null {
  if (text.length === 0) return 'it is empty';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return 'it holds only a byte-order mark and no text';
  if (body.trim().length === 0) return 'it holds only white space';
  return null;
}

/** What a rules file may be, for messages about a file that is none of them. */
export const EXPECTED_INPUT =
  'expected a project file, a PowerShell script with New-/Set-/Remove-/Test-ClientAccessRule lines, or Get-ClientAccessRule output (Format-List, ConvertTo-Json, Export-Csv)';
