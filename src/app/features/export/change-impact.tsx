import { MessageBar, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { RuleSet } from '../../../core/model/types.ts';
import { useAnalysisReport } from '../../lib/use-analysis-report.ts';

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, overflowWrap: 'anywhere' },
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
});

/**
 * Shown before a script is exported: what the change does to access (against the baseline) and a
 * warning when the script would lock the declared admin path out.
 */
export function ChangeImpact({ ruleSet, baseline, showDiff }: { ruleSet: RuleSet; baseline: RuleSet | null; showDiff: boolean }) {
  const styles = useStyles();
  const { report, busy } = useAnalysisReport(ruleSet, showDiff ? baseline : null);
  if (busy) return <Spinner size="tiny" label="Checking what this script does to access…" />;
  if (!report) return null;
  const proof = report.proof;
  return (
    <div className={styles.box}>
      {proof && !proof.proven && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>This script would lock the admin path out</MessageBarTitle>
            {proof.counterexample
              ? `${proof.counterexample.protocol} with ${proof.counterexample.authenticationType} from ${proof.counterexample.ipAddress} as ${proof.counterexample.user} is denied by '${proof.deniedBy ?? ''}'. Fix it in the Analysis view before running the script.`
              : proof.problems.join(' ')}
          </MessageBarBody>
        </MessageBar>
      )}
      {showDiff && report.diff && (
        <MessageBar intent={report.diff.flips.some((f) => f.to === 'DenyAccess') ? 'warning' : 'info'} layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>What this change does to access</MessageBarTitle>
            {report.diff.flips.length === 0 ? (
              'No connection changes decision.'
            ) : (
              <ul className={styles.list} aria-label="What this change does to access">
                {report.diff.flips.map((f, i) => (
                  <li key={i}>{f.description}</li>
                ))}
              </ul>
            )}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
