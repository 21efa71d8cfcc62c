import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FindingMessage } from '../../lib/finding-message.tsx';
import { describeConnection, shortProtocolName } from '../../../core/describe.ts';
import type { Connection, LintFinding } from '../../../core/model/types.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { useAnalysisReport } from '../../lib/use-analysis-report.ts';
import { useLint } from '../../lib/use-lint.ts';
import { selectBaseline, selectRuleSet, useDesignStore } from '../../store/index.ts';
import { AdminPathForm } from '../../lib/admin-path-form.tsx';
import { ANALYSIS_ACTIONS } from './actions.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '1100px', marginInline: 'auto', width: '100%', minWidth: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  hint: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingInlineStart: 0, listStyleType: 'none', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  wrap: { overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

const ANALYSIS_LINT_CODES = new Set(['shadowed-rule', 'rule-never-matches', 'dead-exception', 'redundant-rule', 'covered-value', 'admin-path-lockout', 'analysis-incomplete', 'analysis-deferred']);

function useOpenInSimulator(): (c: Connection) => void {
  const setConnection = useDesignStore((s) => s.setConnection);
  const setActiveView = useDesignStore((s) => s.setActiveView);
  return (c) => {
    setConnection({ ...c, attributes: { ...c.attributes } });
    setActiveView('design');
  };
}

function FindingList({ findings }: { findings: LintFinding[] }) {
  const styles = useStyles();
  if (findings.length === 0) return <Text>No rule decides nothing, no exception is dead, no rule is redundant.</Text>;
  return (
    <ul className={styles.list} aria-label="Rule findings">
      {findings.map((f, i) => (
        <li key={`${f.code}-${f.ruleId ?? ''}-${f.field ?? ''}-${f.value ?? ''}-${i}`}>
          <FindingMessage
            finding={f}
            prefix={f.priority !== undefined ? `#${f.priority} ${f.ruleName ?? ''}` : undefined}
            action={f.fix && <Button onClick={() => ANALYSIS_ACTIONS.applyFix.run(APP_STORE_CONTEXT, { finding: f })}>{f.fix.replace(/:.*$/, '')}</Button>}
          />
        </li>
      ))}
    </ul>
  );
}

/** The Analysis view: admin path and lockout proof, what the draft changes, and the exact rule findings. */
export function AnalysisPanel() {
  const styles = useStyles();
  const set = useDesignStore(selectRuleSet);
  const baseline = useDesignStore(selectBaseline);
  const openInSimulator = useOpenInSimulator();
  const { report, busy, inWorker, error, cancelled, cancel } = useAnalysisReport(set, baseline);
  const lint = useLint();
  const findings = lint.findings.filter((f) => ANALYSIS_LINT_CODES.has(f.code) && f.code !== 'admin-path-lockout');
  const lockoutFinding = lint.findings.find((f) => f.code === 'admin-path-lockout');
  const proof = report?.proof ?? null;

  return (
    <section className={styles.panel} aria-labelledby="analysis-heading">
      <h2 id="analysis-heading" className={styles.heading}>
        Analysis of every connection
      </h2>
      <div role="status" className={styles.row}>
        {busy ? (
          <>
            <Spinner size="tiny" label="Analysing every connection…" />
            <Button onClick={cancel}>Cancel</Button>
          </>
        ) : error ? (
          <Text>The analysis failed: {error}</Text>
        ) : cancelled ? (
          <Text>The analysis was cancelled. Change the rules to run it again.</Text>
        ) : report ? (
          <Text className={styles.hint}>
            {report.regions.toLocaleString('en-US')} regions of connections analysed in {Math.max(1, Math.round(report.ms))} ms
            {inWorker ? ' (in the background)' : ''}.{report.complete ? '' : ` Not everything could be decided: ${report.unknown.join(' ')}`}
          </Text>
        ) : null}
      </div>

      <div className={styles.section}>
        <h3 className={styles.subheading}>Admin path and lockout proof</h3>
        <AdminPathForm set={set} />
        {!set.adminPath && (
          <MessageBar intent="info">
            <MessageBarBody>No admin path declared: the linter keeps its conservative lockout warning. Declare it above (or use “Use as admin path” on an allow rule in the editor, or record it when adding a lockdown template) to have the lockout proven exactly.</MessageBarBody>
          </MessageBar>
        )}
        {set.adminPath && proof && !busy && (
          <MessageBar intent={proof.proven ? 'success' : 'warning'} layout="multiline">
            <MessageBarBody className={styles.wrap}>
              <MessageBarTitle>{proof.proven ? 'Proven: the admins cannot be locked out' : 'Not proven: the admins can be locked out'}</MessageBarTitle>
              {proof.proven
                ? `Every connection on the admin path (${set.adminPath.protocols.map(shortProtocolName).join(', ')}, every authentication type, ${set.adminPath.addresses.length === 0 ? 'from anywhere' : set.adminPath.addresses.join(', ')}) is allowed.`
                : proof.counterexample
                  ? `Counterexample: ${describeConnection(proof.counterexample)} is denied by '${proof.deniedBy ?? ''}'.`
                  : proof.problems.join(' ')}
            </MessageBarBody>
            {!proof.proven && proof.counterexample && (
              <MessageBarActions>
                <Button onClick={() => openInSimulator(proof.counterexample!)}>Open the counterexample in the simulator</Button>
                {lockoutFinding?.fix && <Button onClick={() => ANALYSIS_ACTIONS.applyFix.run(APP_STORE_CONTEXT, { finding: lockoutFinding })}>Insert an allow rule for the admin path</Button>}
              </MessageBarActions>
            )}
          </MessageBar>
        )}
      </div>

      <div className={styles.section}>
        <h3 className={styles.subheading}>What the draft changes</h3>
        {!baseline ? (
          <Text className={styles.hint}>Import the deployed rules as the baseline (Import view) to see which connections the draft allows or denies differently.</Text>
        ) : report?.diff ? (
          report.diff.flips.length === 0 ? (
            <Text>No connection changes decision between the deployed rules and the draft.</Text>
          ) : (
            <ul className={styles.list} aria-label="Changes of access">
              {report.diff.flips.map((f, i) => (
                <li key={i}>
                  <MessageBar intent={f.to === 'DenyAccess' ? 'warning' : 'info'} layout="multiline">
                    <MessageBarBody className={styles.wrap}>{f.description}</MessageBarBody>
                    <MessageBarActions>
                      <Button onClick={() => openInSimulator(f.example)}>Open an example in the simulator</Button>
                    </MessageBarActions>
                  </MessageBar>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </div>

      <div className={styles.section}>
        <h3 className={styles.subheading}>Rules and exceptions that change nothing</h3>
        <FindingList findings={findings} />
      </div>
    </section>
  );
}
