/**
 * Per-rule notes (issue 9): description, owner, ticket and review date. Exchange has no field for
 * them, so they live only in the project file and are written into generated scripts as comments.
 *
 * Decisions: an empty or blank text means "not set" and is dropped, so a rule without notes has no
 * `notes` at all and old project files keep their exact text; the review date is a calendar date in
 * ISO form `YYYY-MM-DD` (what an `<input type="date">` gives and what sorts as text).
 */
import { RULE_NOTE_FIELDS, type RuleNotes } from './types.ts';

/** Labels of the note fields for forms, lists and script comments. */
export const RULE_NOTE_LABELS: Readonly<Record<(typeof RULE_NOTE_FIELDS)[number], string>> = {
  description: 'Description',
  owner: 'Owner',
  ticket: 'Ticket',
  reviewDate: 'Review date',
};

/**
 * Whether `text` is a real calendar date written `YYYY-MM-DD` (2024-02-29 yes, 2023-02-29 no).
 *
 * @example isReviewDate('2026-03-31') // true
 */
export function isReviewDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The notes with blank fields dropped, or undefined when nothing is left. Texts are kept as typed
 * (no trimming inside), only a text that is entirely blank counts as unset.
 *
 * @example normalizeNotes({ owner: 'Ops', ticket: ' ' }) // { owner: 'Ops' }
 */
export function normalizeNotes(notes: RuleNotes | undefined): RuleNotes | undefined {
  if (!notes) return undefined;
  const out: RuleNotes = {};
  for (const field of RULE_NOTE_FIELDS) {
    const value = notes[field];
    if (typeof value === 'string' && value.trim() !== '') out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The notes as `Label: value` lines in field order, for the rule list and script comments.
 *
 * @example noteLines({ owner: 'Ops', ticket: 'CHG-1' }) // ['Owner: Ops', 'Ticket: CHG-1']
 */
export function noteLines(notes: RuleNotes | undefined): string[] {
  const set = normalizeNotes(notes);
  if (!set) return [];
  return RULE_NOTE_FIELDS.filter((f) => set[f] !== undefined).map((f) => `${RULE_NOTE_LABELS[f]}: ${set[f] as string}`);
}

/**
 * Whether a rule's review date has passed: `today` is the calendar date (`YYYY-MM-DD`, the viewer's
 * local day) to compare with. A date that is not a real calendar date is never overdue (the editor
 * reports it); the review day itself is not overdue yet.
 *
 * @example isReviewOverdue({ reviewDate: '2026-03-31' }, '2026-04-01') // true
 */
export function isReviewOverdue(notes: RuleNotes | undefined, today: string): boolean {
  const date = notes?.reviewDate;
  return date !== undefined && isReviewDate(date) && date < today;
}
