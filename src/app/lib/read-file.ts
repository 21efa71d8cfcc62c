import { decodeText, emptyInputMessage, EXPECTED_INPUT, sizeLimitMessage } from '../../core/text/decode.ts';

export type ReadFileResult = { ok: true; text: string; note?: string } | { ok: false; message: string };

/**
 * Reads a file the admin opened or dropped, the way the command line does (`core/text/decode.ts`):
 * refused before reading when larger than the readers accept (the limit named), decoded by its
 * byte-order mark (UTF-16 from Windows PowerShell's `>` included, with a note saying so), and refused
 * when it holds nothing. Never rejects: every failure is a message naming the file.
 *
 * @example const read = await readFileText(file); if (read.ok) setText(read.text);
 */
export async function readFileText(file: Blob & { name: string }): Promise<ReadFileResult> {
  const tooBig = sizeLimitMessage(file.size);
  if (tooBig) return { ok: false, message: `${file.name} was not read: ${tooBig}.` };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    return { ok: false, message: `${file.name} could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, message: `${file.name} was not read: ${decoded.message}.` };
  const empty = decoded.text === '' && bytes.length > 0 ? emptyInputMessage('\uFEFF') : emptyInputMessage(decoded.text);
  if (empty) return { ok: false, message: `${file.name} holds nothing to import: ${empty}; ${EXPECTED_INPUT}.` };
  return decoded.note ? { ok: true, text: decoded.text, note: `${file.name}: ${decoded.note}.` } : { ok: true, text: decoded.text };
}
