import { useMemo, useState } from 'react';
import { Badge, Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowUploadRegular, DeleteRegular, EditRegular } from '@fluentui/react-icons';
import { runTestCases } from '../../../core/evaluator/evaluate.ts';
import { describeConnection } from '../../../core/describe.ts';
import { generateTestCommands } from '../../../core/powershell/generate.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import type { Connection, RuleSet, TestCase } from '../../../core/model/types.ts';
import { TestCaseDialog } from './test-case-dialog.tsx';
import { CODE_BLOCK_STYLE } from './code-block-style.ts';
import { SIMULATOR_ACTIONS } from './actions.ts';

const useStyles = makeStyles({
  summary: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  connection: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXXS, marginInlineStart: 'auto' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  itemHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  name: { minWidth: 0, overflowWrap: 'anywhere' },
  commands: CODE_BLOCK_STYLE,
});

export interface TestCasesProps {
  ruleSet: RuleSet;
  connection: Connection;
  onLoadConnection: (connection: Connection) => void;
}

/** Saved test cases, re-run against the rules on every change, each marked pass or fail. */
export function TestCases({ ruleSet, connection, onLoadConnection }: TestCasesProps) {
  const styles = useStyles();
  const results = useMemo(() => runTestCases(ruleSet), [ruleSet]);
  const commands = useMemo(() => generateTestCommands(ruleSet.tests), [ruleSet.tests]);
  const [editing, setEditing] = useState<TestCase | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  const [editCount, setEditCount] = useState(0);
  const startEdit = (test: TestCase) => {
    setEditing(test);
    setEditCount((n) => n + 1);
    setEditOpen(true);
  };
  const failed = results.filter((r) => !r.passed).length;

  if (results.length === 0) {
    return <Text>No saved test cases yet. Describe a connection above and choose "Save as test case".</Text>;
  }
  return (
    <>
      <div className={styles.summary} role="status">
        <Text weight="semibold">
          {results.length - failed} of {results.length} test cases pass
        </Text>
        {failed > 0 && (
          <Badge color="danger" appearance="filled">
            {failed} failing
          </Badge>
        )}
      </div>
      <ul className={styles.list} aria-label="Saved test cases">
        {results.map(({ test, decision, passed }) => (
          <li key={test.id} className={styles.item} aria-label={`Test case ${test.name}: ${passed ? 'pass' : 'fail'}`}>
            <div className={styles.itemHead}>
              <Badge appearance="filled" color={passed ? 'success' : 'danger'}>
                {passed ? 'Pass' : 'Fail'}
              </Badge>
              <Text weight="semibold" className={styles.name}>
                {test.name}
              </Text>
              <div className={styles.actions}>
                <Button size="small" appearance="subtle" icon={<ArrowUploadRegular />} aria-label={`Load ${test.name} into the simulator`} title="Load into the simulator" onClick={() => onLoadConnection(test.connection)} />
                <Button size="small" appearance="subtle" icon={<EditRegular />} aria-label={`${SIMULATOR_ACTIONS.editTest.label} ${test.name}`} title={SIMULATOR_ACTIONS.editTest.label} onClick={() => startEdit(test)} />
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={`${SIMULATOR_ACTIONS.removeTest.label} ${test.name}`}
                  title={SIMULATOR_ACTIONS.removeTest.label}
                  onClick={() => SIMULATOR_ACTIONS.removeTest.run(APP_STORE_CONTEXT, { id: test.id })}
                />
              </div>
            </div>
            <Text size={200} className={styles.connection}>
              {describeConnection(test.connection)}
            </Text>
            <Text size={200}>
              Expected {test.expected}; got {decision.action}
              {decision.matchedRule !== null ? ` from rule "${decision.matchedRule}"` : ' by default'}.
            </Text>
          </li>
        ))}
      </ul>
      <Text weight="semibold" as="h4">
        As Test-ClientAccessRule commands
      </Text>
      <pre className={styles.commands} aria-label="Test-ClientAccessRule commands" tabIndex={0}>
        {commands}
      </pre>
      {editing && (
        <TestCaseDialog
          key={editCount}
          open={editOpen}
          title="Edit test case"
          initial={{ name: editing.name, expected: editing.expected }}
          offerCurrentConnection
          onClose={() => setEditOpen(false)}
          onSave={(draft) => {
            const id = editing.id;
            SIMULATOR_ACTIONS.editTest.run(APP_STORE_CONTEXT, {
              id,
              patch: { name: draft.name, expected: draft.expected, ...(draft.useCurrentConnection ? { connection } : {}) },
            });
            setEditOpen(false);
          }}
        />
      )}
    </>
  );
}
