import { parseIpEntry } from '../../../core/match/ip.ts';
import { isJeffStarPattern, suggestUsernamePattern } from '../../../core/match/username.ts';
import { DOUBLE_QUOTE_CHARS, SINGLE_QUOTE_CHARS } from '../../../core/powershell/chars.ts';

/** Quotes around a pasted value: every character PowerShell reads as a quote (core `chars.ts`). */
const QUOTES = [...SINGLE_QUOTE_CHARS, ...DOUBLE_QUOTE_CHARS].join('');
const SURROUNDING_QUOTES = new RegExp(`^[${QUOTES}]+|[${QUOTES}]+$`, 'g');

/**
 * Splits pasted text into values: commas, semicolons, spaces, tabs and new lines all separate, and
 * blank pieces are dropped (so a column copied from a spreadsheet or a PowerShell list both work).
 * Surrounding quotes are removed, as PowerShell lists often carry them.
 */
export function splitTokens(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((t) => t.replace(SURROUNDING_QUOTES, '').trim())
    .filter((t) => t !== '');
}

/** Adds values to a list, skipping those already present (case-insensitive). */
export function addTokens(list: readonly string[], added: readonly string[]): string[] {
  const seen = new Set(list.map((v) => v.toLowerCase()));
  const result = [...list];
  for (const value of added) {
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(value);
  }
  return result;
}

export interface TokenCheck {
  /** Display form when it differs from the text (e.g. `192.168.3.0/24` for `192.168.3.1/24`). */
  normalized?: string;
  error?: string;
  warning?: string;
  /** A replacement value that fixes the warning. */
  suggestion?: string;
}

/** Checks an IP value with the core parser (spec 2). */
export function checkIpToken(value: string): TokenCheck {
  const result = parseIpEntry(value);
  if (!result.ok) return { error: result.message };
  return result.entry.normalized !== value.trim() ? { normalized: result.entry.normalized } : {};
}

/** Checks a username pattern (spec 5: `jeff*` never matches). */
export function checkUsernameToken(value: string): TokenCheck {
  if (!isJeffStarPattern(value)) return {};
  const suggestion = suggestUsernamePattern(value);
  return {
    warning: `Never matches: usernames are compared as Domain\\UserName, so a pattern must start with *\\ or the domain. Use ${suggestion}.`,
    suggestion,
  };
}
