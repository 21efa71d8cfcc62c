import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ChevronDownRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { findingHeadline } from '../../core/lint/headline.ts';
import type { LintFinding } from '../../core/model/types.ts';

const useStyles = makeStyles({
  body: { minWidth: 0, overflowWrap: 'anywhere' },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', columnGap: tokens.spacingHorizontalS, minWidth: 0 },
  headline: { minWidth: 0 },
  toggle: { minWidth: 0, paddingInline: tokens.spacingHorizontalXXS, height: 'auto', fontWeight: tokens.fontWeightRegular },
  details: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, paddingBlock: tokens.spacingVerticalXS },
});

/** The Fluent message bar intent of a finding's severity. */
export function findingIntent(finding: Pick<LintFinding, 'severity'>): 'error' | 'warning' | 'info' {
  return finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info';
}

export interface FindingMessageProps {
  finding: LintFinding;
  /** Shown before the headline, e.g. the rule's priority and name in lists of several rules. */
  prefix?: string;
  /** The fix button, when core offers one. */
  action?: ReactNode;
  /** Leave out the finding's `fix` text from the details (the action button says it). */
  hideFixText?: boolean;
}

/**
 * A finding as a one-line headline (core `findingHeadline`) with its full message and fix behind a
 * "Details" disclosure (a button with `aria-expanded`, keyboard operable as any button).
 */
export function FindingMessage({ finding, prefix, action, hideFixText = false }: FindingMessageProps) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const headlineId = useId();
  const headline = findingHeadline(finding);
  return (
    <MessageBar intent={findingIntent(finding)} layout="multiline" data-code={finding.code}>
      <MessageBarBody className={styles.body}>
        <div className={styles.head}>
          <MessageBarTitle className={styles.headline} id={headlineId}>
            {prefix ? `${prefix}: ` : ''}
            {headline}
          </MessageBarTitle>
          <Button
            appearance="transparent"
            size="small"
            className={styles.toggle}
            icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
            aria-expanded={open}
            aria-controls={detailsId}
            aria-describedby={headlineId}
            onClick={() => setOpen((o) => !o)}
          >
            Details
          </Button>
        </div>
        <div id={detailsId} className={styles.details} hidden={!open}>
          {open && (
            <>
              <Text>{finding.message}</Text>
              {finding.fix && !hideFixText && <Text italic>{finding.fix}</Text>}
            </>
          )}
        </div>
      </MessageBarBody>
      {action && <MessageBarActions>{action}</MessageBarActions>}
    </MessageBar>
  );
}
