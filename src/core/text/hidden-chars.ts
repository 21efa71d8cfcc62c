/**
 * Characters in a name that the screen does not show as they are: bidi overrides and isolates
 * (U+202E makes "exe.txt" display as "txt.exe"), zero-width and other format characters, controls,
 * line separators and spaces other than U+0020. They are the characters the generated PowerShell
 * never pastes literally (`powershell/quote.ts`), so the two decisions cannot disagree.
 */
import { isNeverPastedCharacter } from '../powershell/quote.ts';

/**
 * The hidden characters of `text` as `U+XXXX` code points, in order of appearance, each once.
 *
 * @example hiddenCharacters('evil\u202Etxt.exe') // ['U+202E']
 */
export function hiddenCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const ch of text) {
    if (isNeverPastedCharacter(ch)) found.add(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return [...found];
}

/**
 * `text` with each hidden character replaced by a visible marker `⟦U+XXXX⟧`, for display next to the
 * name as Exchange stores it.
 *
 * @example revealHiddenCharacters('evil\u202Etxt.exe') // 'evil⟦U+202E⟧txt.exe'
 */
export function revealHiddenCharacters(text: string): string {
  let out = '';
  for (const ch of text) {
    out += isNeverPastedCharacter(ch) ? `⟦U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟧` : ch;
  }
  return out;
}
