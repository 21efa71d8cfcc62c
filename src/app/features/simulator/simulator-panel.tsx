import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { SaveRegular } from '@fluentui/react-icons';
import { evaluate } from '../../../core/evaluator/evaluate.ts';
import { protocolDisplayName } from '../../../core/describe.ts';
import { governedProtocols } from '../../../core/model/profile.ts';
import { compiledOf, whatIfOf } from '../../lib/what-if.ts';
import { useSettledRuleSet } from '../../lib/settled-rule-set.ts';
import { generateTestCommand } from '../../../core/powershell/generate.ts';
import type { Connection } from '../../../core/model/types.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { selectConnection, selectSimulationMode, useDesignStore } from '../../store/index.ts';
import { ConnectionForm } from './connection-form.tsx';
import { VerdictTrace } from './verdict-trace.tsx';
import { TestCases } from './test-cases.tsx';
import { TestCaseDialog } from './test-case-dialog.tsx';
import { BatchWhatIf } from './batch-what-if.tsx';
import { decisionSummary } from './simulator-text.ts';
import { CODE_BLOCK_STYLE } from './code-block-style.ts';
import { SIMULATOR_ACTIONS } from './actions.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalM, minWidth: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  command: CODE_BLOCK_STYLE,
});

/**
 * The simulator: describe a connection and see at once whether the rules allow it, which rule decides,
 * and how every condition and exception of every rule fared. Saved test cases re-run on every change.
 */
export function SimulatorPanel() {
  const styles = useStyles();
  // Settled, so typing in the rule editor never waits for the trace of every rule to re-render.
  const ruleSet = useSettledRuleSet();
  const connection = useDesignStore(selectConnection);
  const mode = useDesignStore(selectSimulationMode);
  const setConnection = useDesignStore((s) => s.setConnection);
  const setSimulationMode = useDesignStore((s) => s.setSimulationMode);
  const [saving, setSaving] = useState(false);
  const [saveCount, setSaveCount] = useState(0);

  // The headline and the trace are always the live decision (spec 3); the cmdlet's view is extra.
  const compiled = compiledOf(ruleSet);
  const { decision, governed } = whatIfOf(ruleSet, connection);
  const selectRule = useDesignStore((s) => s.selectRule);
  const profile = ruleSet.profile;
  const protocols = governedProtocols(profile);
  // Under Exchange Server only the admin center and remote PowerShell are governed: default to the
  // admin center when the target changes to it.
  useEffect(() => {
    if (profile === 'ExchangeServer') {
      const { connection: current, setConnection: update } = useDesignStore.getState();
      if (!governedProtocols('ExchangeServer').includes(current.protocol)) update({ protocol: 'ExchangeAdminCenter' });
    }
  }, [profile]);
  const cmdlet = useMemo(() => (mode === 'test-compatible' ? evaluate(compiled, connection, { mode }) : null), [compiled, connection, mode]);
  const summary = decisionSummary(decision);
  const command = useMemo(() => generateTestCommand(connection), [connection]);
  const denied = decision.action === 'DenyAccess';
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const openInSimulator = (c: Connection) => {
    setConnection(c);
    // After the drawer has closed and given focus back to its trigger: move on to the result.
    window.setTimeout(() => {
      resultHeading.current?.scrollIntoView({ block: 'start' });
      resultHeading.current?.focus();
    }, 50);
  };

  return (
    <div className={styles.panel}>
      <section className={styles.section} aria-labelledby="simulator-connection-heading">
        <h2 id="simulator-connection-heading" className={styles.heading}>
          Simulate a connection
        </h2>
        <ConnectionForm connection={connection} onChange={setConnection} protocols={protocols} />
      </section>

      <section className={styles.section} aria-labelledby="simulator-result-heading">
        <h2 id="simulator-result-heading" className={styles.heading} ref={resultHeading} tabIndex={-1}>
          Result
        </h2>
        {governed ? (
          <MessageBar intent={denied ? 'error' : 'success'} layout="multiline" aria-live="polite" data-testid="simulation-result">
            <MessageBarBody>
              <MessageBarTitle>{summary.title}</MessageBarTitle>
              {summary.body}
            </MessageBarBody>
          </MessageBar>
        ) : (
          <MessageBar intent="info" layout="multiline" aria-live="polite" data-testid="simulation-result">
            <MessageBarBody>
              <MessageBarTitle>Not governed by these rules</MessageBarTitle>
              On Exchange Server 2019 / SE, Client Access Rules govern only the {governedProtocols('ExchangeServer').map(protocolDisplayName).join(' and ')}. A{' '}
              {protocolDisplayName(connection.protocol)} connection is neither allowed nor denied by them.
            </MessageBarBody>
          </MessageBar>
        )}
        {mode === 'live' && decision.disabledMatches.length > 0 && (
          <MessageBar intent="warning" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>Disabled rules would have matched</MessageBarTitle>
              {decision.disabledMatches.map((m) => `${m.priority}. ${m.name} (${m.action})`).join('; ')}. Test-ClientAccessRule lists them as if they were enabled.
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.row}>
          <Switch
            label="Test-ClientAccessRule compatible"
            checked={mode === 'test-compatible'}
            onChange={(_, d) => setSimulationMode(d.checked ? 'test-compatible' : 'live')}
          />
          <Button icon={<SaveRegular />} onClick={() => {
              setSaveCount((n) => n + 1);
              setSaving(true);
            }}>
            {SIMULATOR_ACTIONS.saveTest.label}
          </Button>
        </div>
        {cmdlet && (
          <>
            <Text>
              Test-ClientAccessRule returns every matching rule in priority order, disabled ones included; its first row is what it calls the effective
              decision{cmdlet.matches.length === 0 ? '. No rows: the connection is allowed.' : '.'}
              {cmdlet.action !== decision.action && ' It differs from the live decision above because a disabled rule matches.'}
            </Text>
            {cmdlet.matches.length > 0 && (
              <Table aria-label="Test-ClientAccessRule output" size="small">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Name</TableHeaderCell>
                    <TableHeaderCell>Action</TableHeaderCell>
                    <TableHeaderCell>Priority</TableHeaderCell>
                    <TableHeaderCell>Enabled</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {cmdlet.matches.map((m) => (
                    <TableRow key={`${m.priority}:${m.name}`}>
                      <TableCell>{m.name}</TableCell>
                      <TableCell>{m.action}</TableCell>
                      <TableCell>{m.priority}</TableCell>
                      <TableCell>{m.enabled ? 'Yes' : 'No'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <pre className={styles.command} aria-label="Test-ClientAccessRule command for this connection" tabIndex={0}>
              {command}
            </pre>
          </>
        )}
      </section>

      <section className={styles.section} aria-labelledby="simulator-batch-heading">
        <h2 id="simulator-batch-heading" className={styles.heading}>
          Batch what-if
        </h2>
        <BatchWhatIf onOpen={openInSimulator} />
      </section>

      <section className={styles.section} aria-labelledby="simulator-trace-heading">
        <h2 id="simulator-trace-heading" className={styles.heading}>
          Trace
        </h2>
        {governed ? (
          <VerdictTrace trace={decision.trace} onOpenRule={selectRule} />
        ) : (
          <Text>No trace: the rules do not govern this connection.</Text>
        )}
      </section>

      <section className={styles.section} aria-labelledby="simulator-tests-heading">
        <h2 id="simulator-tests-heading" className={styles.heading}>
          Saved test cases
        </h2>
        <TestCases ruleSet={ruleSet} connection={connection} onLoadConnection={(c) => setConnection(c)} />
      </section>

      {saveCount > 0 && (
        <TestCaseDialog
          key={saveCount}
          open={saving}
          title={SIMULATOR_ACTIONS.saveTest.label}
          initial={{ name: `${protocolDisplayName(connection.protocol)} from ${connection.ipAddress} as ${connection.user}`, expected: decision.action }}
          offerCurrentConnection={false}
          onClose={() => setSaving(false)}
          onSave={(draft) => {
            SIMULATOR_ACTIONS.saveTest.run(APP_STORE_CONTEXT, { name: draft.name, expected: draft.expected, connection });
            setSaving(false);
          }}
        />
      )}
    </div>
  );
}
