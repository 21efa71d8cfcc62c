import { memo } from 'react';
import { Field, Input, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { isReviewDate, RULE_NOTE_LABELS } from '../../../core/model/notes.ts';
import type { Rule, RuleNoteField } from '../../../core/model/types.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { RULE_EDITOR_ACTIONS } from './actions.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  sectionTitle: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  hint: { color: tokens.colorNeutralForeground2 },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
});

function setNote(ruleId: string, field: RuleNoteField, value: string): void {
  RULE_EDITOR_ACTIONS.setNote.run(APP_STORE_CONTEXT, { id: ruleId, field, value });
}

/**
 * The rule's notes (description, owner, ticket, review date): kept in the project file and written into
 * generated scripts as comments. Client Access Rules have no comment field, so nothing is sent to Exchange.
 */
export const NotesSection = memo(function NotesSection({ ruleId, notes: ruleNotes }: { ruleId: string; notes: Rule['notes'] }) {
  const styles = useStyles();
  const notes = ruleNotes ?? {};
  const reviewDate = notes.reviewDate ?? '';
  const dateInvalid = reviewDate !== '' && !isReviewDate(reviewDate);
  return (
    <section className={styles.section} aria-labelledby={`notes-${ruleId}`}>
      <h3 className={styles.sectionTitle} id={`notes-${ruleId}`}>
        Notes
      </h3>
      <Text size={200} className={styles.hint}>
        For your team only: kept in the project file and written into scripts as comments. Exchange stores no notes.
      </Text>
      <Field label={RULE_NOTE_LABELS.description}>
        <Textarea
          value={notes.description ?? ''}
          resize="vertical"
          onChange={(_, d) => setNote(ruleId, 'description', d.value)}
        />
      </Field>
      <div className={styles.grid}>
        <Field label={RULE_NOTE_LABELS.owner}>
          <Input value={notes.owner ?? ''} onChange={(_, d) => setNote(ruleId, 'owner', d.value)} />
        </Field>
        <Field label={RULE_NOTE_LABELS.ticket}>
          <Input value={notes.ticket ?? ''} onChange={(_, d) => setNote(ruleId, 'ticket', d.value)} />
        </Field>
        <Field
          label={RULE_NOTE_LABELS.reviewDate}
          validationState={dateInvalid ? 'error' : 'none'}
          validationMessage={dateInvalid ? 'Enter a date as YYYY-MM-DD.' : undefined}
        >
          <Input type="date" value={reviewDate} onChange={(_, d) => setNote(ruleId, 'reviewDate', d.value)} />
        </Field>
      </div>
    </section>
  );
});
