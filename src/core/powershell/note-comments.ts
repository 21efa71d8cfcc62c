/**
 * A rule's notes (description, owner, ticket, review date) as `#` comment lines for generated
 * scripts: Client Access Rules have no comment field, so the script is where the notes travel with the
 * rule. Each value goes through `quoteLiteral`, which never emits a line break, so a note can never
 * end the comment and become a command.
 */
import { RULE_NOTE_LABELS, normalizeNotes } from '../model/notes.ts';
import { RULE_NOTE_FIELDS, type RuleNotes } from '../model/types.ts';
import { quoteLiteral, type QuoteOptions } from './quote.ts';

/**
 * `# Note <label>: '<value>'` lines for the notes that are set, in field order; none for no notes.
 *
 * @example noteCommentLines({ owner: "O'Neil", ticket: 'CHG-1' })
 * // ["# Note Owner: 'O''Neil'", "# Note Ticket: 'CHG-1'"]
 */
export function noteCommentLines(notes: RuleNotes | undefined, options: QuoteOptions = {}): string[] {
  const set = normalizeNotes(notes);
  if (!set) return [];
  return RULE_NOTE_FIELDS.filter((f) => set[f] !== undefined).map(
    (f) => `# Note ${RULE_NOTE_LABELS[f]}: ${quoteLiteral(set[f] as string, options)}`,
  );
}
