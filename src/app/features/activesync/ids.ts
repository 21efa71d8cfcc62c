/**
 * Splits device IDs typed in one box: commas, semicolons, spaces or line breaks separate them
 * (device IDs never contain any of these).
 *
 * @example splitIds('A1, B2\nC3') // ['A1', 'B2', 'C3']
 */
export function splitIds(text: string): string[] {
  return text.split(/[\s,;]+/).filter((x) => x !== '');
}
