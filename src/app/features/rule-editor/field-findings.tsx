import { memo } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { describeFix } from '../../../core/lint/fix.ts';
import type { LintFinding } from '../../../core/model/types.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { FindingMessage } from '../../lib/finding-message.tsx';
import { RULE_EDITOR_ACTIONS } from './actions.ts';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginTop: tokens.spacingVerticalXS },
});

interface FixAction {
  label: string;
  run: () => void;
}

/** The one-click fix for a finding, when core offers one (`describeFix`/`applyFix`, one undo step). */
function fixFor(finding: LintFinding): FixAction | null {
  const description = describeFix(APP_STORE_CONTEXT.store.getState().ruleSet, finding);
  if (!description) return null;
  return { label: description.label, run: () => RULE_EDITOR_ACTIONS.applyFix.run(APP_STORE_CONTEXT, { finding }) };
}

export interface FieldFindingsProps {
  /** The findings of one field (each names its rule); the same array while the settled lint result holds. */
  findings: LintFinding[];
}

/**
 * Lint findings shown next to the field they are about: a one-line headline, details on demand, the fix
 * when there is one. Memoised on the findings array, so an edit re-renders it only when the lint changes.
 */
export const FieldFindings = memo(function FieldFindings({ findings }: FieldFindingsProps) {
  const styles = useStyles();
  if (findings.length === 0) return null;
  return (
    <div className={styles.list}>
      {findings.map((finding, index) => {
        const fix = fixFor(finding);
        return (
          <FindingMessage
            key={`${finding.code}-${finding.value ?? ''}-${index}`}
            finding={finding}
            hideFixText={fix !== null}
            action={
              fix && (
                <Button size="small" onClick={fix.run}>
                  {fix.label}
                </Button>
              )
            }
          />
        );
      })}
    </div>
  );
});
