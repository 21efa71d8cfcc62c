import { useMemo } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { findLockout } from '../../../core/analysis/lockout.ts';
import { describeConnection } from '../../../core/describe.ts';
import type { Connection, RuleSet } from '../../../core/model/types.ts';
import { useDesignStore } from '../../store/index.ts';
import { useAnalysisReport } from '../../lib/use-analysis-report.ts';

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, overflowWrap: 'anywhere' },
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
});

/** Without a declared admin path: the conservative lockout warning, saying how to make it exact. */
function ConservativeLockout({ ruleSet }: { ruleSet: RuleSet }) {
  const setActiveView = useDesignStore((s) => s.setActiveView);
  const findings = useMemo(() => (ruleSet.adminPath ? [] : findLockout(ruleSet)), [ruleSet]);
  if (findings.length === 0) return null;
  const names = findings.map((f) => `'${f.ruleName ?? ''}'`).join(', ');
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>This script may lock you out of Remote PowerShell</MessageBarTitle>
        {`${names} can deny Remote PowerShell and no "Always Allow Remote PowerShell" rule above ${findings.length === 1 ? 'it' : 'them'} protects your session. This check is conservative: declare the admin path (the protocols, addresses and accounts the admins use) and it is proven exactly instead, with an allow rule scoped to the admins counted as protection.`}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => setActiveView('analysis')}>Declare the admin path</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/**
 * Shown before a script is exported: what the change does to access (against the baseline), a
 * warning when the script would lock the declared admin path out (its counterexample opens in the
 * simulator), and without a declared path the conservative lockout warning.
 */
export function ChangeImpact({ ruleSet, baseline, showDiff }: { ruleSet: RuleSet; baseline: RuleSet | null; showDiff: boolean }) {
  const styles = useStyles();
  const setConnection = useDesignStore((s) => s.setConnection);
  const setActiveView = useDesignStore((s) => s.setActiveView);
  const { report, busy } = useAnalysisReport(ruleSet, showDiff ? baseline : null);
  const openInSimulator = (c: Connection) => {
    setConnection({ ...c, attributes: { ...c.attributes } });
    setActiveView('design');
  };
  if (busy) return <Spinner size="tiny" label="Checking what this script does to access…" />;
  if (!report) return <ConservativeLockout ruleSet={ruleSet} />;
  const proof = report.proof;
  return (
    <div className={styles.box}>
      <ConservativeLockout ruleSet={ruleSet} />
      {proof && !proof.proven && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>This script would lock the admin path out</MessageBarTitle>
            {proof.counterexample
              ? `${describeConnection(proof.counterexample)} is denied by '${proof.deniedBy ?? ''}'. Fix it in the Analysis view before running the script.`
              : proof.problems.join(' ')}
          </MessageBarBody>
          {proof.counterexample && (
            <MessageBarActions>
              <Button onClick={() => openInSimulator(proof.counterexample!)}>Open in simulator</Button>
            </MessageBarActions>
          )}
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
