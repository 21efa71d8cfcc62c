import { memo, useMemo, useState } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { adminPathFromRule, describeAdminPath, ruleCoversAdminPath } from '../../../core/analysis/admin-path.ts';
import { letsRemotePowerShellThrough } from '../../../core/model/guard.ts';
import { describeConnection } from '../../../core/describe.ts';
import type { Connection, Rule } from '../../../core/model/types.ts';
import { selectProfile, useDesignStore, type DesignStoreState } from '../../store/index.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { ADMIN_PATH_ACTIONS } from '../../lib/admin-path-actions.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  hint: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  wrap: { overflowWrap: 'anywhere' },
});

const selectAdminPath = (s: DesignStoreState) => s.ruleSet.adminPath;

/**
 * Props equal for this section: the same rule, or one that differs only in its name or notes, which
 * neither the coverage nor the proposal reads (so typing a name does not re-check the admin path).
 */
function sameExceptNameAndNotes(a: { rule: Rule }, b: { rule: Rule }): boolean {
  if (a.rule === b.rule) return true;
  const keys = new Set([...Object.keys(a.rule), ...Object.keys(b.rule)] as (keyof Rule)[]);
  for (const key of keys) if (key !== 'name' && key !== 'notes' && a.rule[key] !== b.rule[key]) return false;
  return true;
}

/**
 * On an allow rule that lets Remote PowerShell through: whether it covers the declared admin path (with
 * a connection on the path it misses, which opens in the simulator), or, without a declared path, an
 * offer to record the rule's protocols, addresses and exact accounts as the admin path (one undo step).
 */
export const AdminPathSection = memo(function AdminPathSection({ rule }: { rule: Rule }) {
  const styles = useStyles();
  const path = useDesignStore(selectAdminPath);
  const profile = useDesignStore(selectProfile);
  const setConnection = useDesignStore((s) => s.setConnection);
  const setActiveView = useDesignStore((s) => s.setActiveView);
  const [recorded, setRecorded] = useState(false);
  const coverage = useMemo(() => (path ? ruleCoversAdminPath(rule, path, profile) : null), [rule, path, profile]);
  const proposal = useMemo(() => adminPathFromRule(rule), [rule]);
  if (!letsRemotePowerShellThrough(rule)) return null;
  const titleId = `admin-path-${rule.id}`;
  const openInSimulator = (c: Connection) => {
    setConnection({ ...c, attributes: { ...c.attributes } });
    setActiveView('design');
  };

  return (
    <section className={styles.section} aria-labelledby={titleId}>
      <h3 className={styles.title} id={titleId}>
        Admin path
      </h3>
      {!path && (
        <>
          <Text className={styles.hint}>
            This rule lets Remote PowerShell through. Declare the admin path (how the admins manage Exchange) so the analysis proves they can never be
            locked out, instead of the conservative lockout warning. Using this rule records: {describeAdminPath(proposal)}.
          </Text>
          <div className={styles.row}>
            <Button
              onClick={() => {
                ADMIN_PATH_ACTIONS.save.run(APP_STORE_CONTEXT, { path: adminPathFromRule(rule) });
                setRecorded(true);
              }}
            >
              Use as admin path
            </Button>
          </div>
        </>
      )}
      {path && recorded && path.users.length === 0 && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody className={styles.wrap}>
            Admin path recorded without accounts (this rule names no single account). Add the admin accounts to have the lockout proven.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => setActiveView('analysis')}>Add the admin accounts</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {path && coverage && (coverage.covered || coverage.uncovered) && (
        <MessageBar intent={coverage.covered ? 'success' : 'warning'} layout="multiline">
          <MessageBarBody className={styles.wrap}>
            <MessageBarTitle>{coverage.covered ? 'Covers the declared admin path' : 'Does not cover the declared admin path'}</MessageBarTitle>
            {coverage.covered
              ? `Every connection on the admin path (${describeAdminPath(path)}) matches this rule, so it protects the admins wherever it sits above the deny rules.`
              : `${describeConnection(coverage.uncovered!)} is on the admin path but does not match this rule.`}
          </MessageBarBody>
          {!coverage.covered && coverage.uncovered && (
            <MessageBarActions>
              <Button onClick={() => openInSimulator(coverage.uncovered!)}>Open in simulator</Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      {path && !recorded && coverage && !coverage.covered && !coverage.uncovered && (
        <Text className={styles.hint}>The declared admin path cannot be checked yet: {coverage.problems.join(' ')}</Text>
      )}
    </section>
  );
}, sameExceptNameAndNotes);
