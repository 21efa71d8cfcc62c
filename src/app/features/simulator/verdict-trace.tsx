import { useState } from 'react';
import { Badge, Link, Switch, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ConditionTrace, RuleTrace } from '../../../core/evaluator/types.ts';
import { fieldParameter } from '../../../core/describe.ts';
import { FIELD_LABELS, STATUS_LABELS, conditionValue, groupTrace } from './simulator-text.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  groupTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
    overflowWrap: 'break-word',
    minWidth: 0,
  },
  decided: { boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}`, paddingInlineStart: tokens.spacingHorizontalM },
  excepted: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteMarigoldBorderActive}`, paddingInlineStart: tokens.spacingHorizontalM },
  head: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  ruleLink: { fontWeight: tokens.fontWeightSemibold, textAlign: 'start' },
  reason: { color: tokens.colorNeutralForeground2 },
  checks: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: '2px' },
  value: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  param: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground3 },
});

export interface VerdictTraceProps {
  trace: RuleTrace[];
  /** Opens a rule in the editor (the link on each rule). */
  onOpenRule: (id: string) => void;
}

function Check({ check }: { check: ConditionTrace }) {
  const styles = useStyles();
  const value = conditionValue(check);
  return (
    <li>
      {check.kind === 'exception' ? 'Exception' : 'Condition'} {FIELD_LABELS[check.field]}: {STATUS_LABELS[check.status].toLowerCase()}
      {value && (
        <>
          {' '}
          (<span className={styles.value}>{value}</span>)
        </>
      )}{' '}
      <span className={styles.param}>{fieldParameter(check.field)}</span>
    </li>
  );
}

function RuleHead({ rule, onOpenRule }: { rule: RuleTrace; onOpenRule: (id: string) => void }) {
  const styles = useStyles();
  return (
    <div className={styles.head}>
      <Link as="button" className={styles.ruleLink} onClick={() => onOpenRule(rule.ruleId)} aria-label={`Open rule ${rule.priority} ${rule.name}`}>
        {rule.priority}. {rule.name}
      </Link>
      <Badge appearance="tint" shape="rounded" color={rule.action === 'DenyAccess' ? 'danger' : 'success'}>
        {rule.action === 'DenyAccess' ? 'Deny' : 'Allow'}
      </Badge>
    </div>
  );
}

/**
 * The trace as a verdict, grouped the way Entra's What If reads: the rule that decided and why; the
 * rules whose exception let the connection through; the rules that did not match, each with its first
 * unmet condition; the skipped ones; the count of rules never reached. Each rule links to the editor.
 */
export function VerdictTrace({ trace, onOpenRule }: VerdictTraceProps) {
  const styles = useStyles();
  const [matchedOnly, setMatchedOnly] = useState(false);
  if (trace.length === 0) return <Text>There are no rules yet: every connection is allowed.</Text>;
  const groups = groupTrace(trace);

  return (
    <div className={styles.root} role="region" aria-label="Evaluation trace">
      <Switch label="Show only rules that matched" checked={matchedOnly} onChange={(_, d) => setMatchedOnly(d.checked)} />

      <section className={styles.group} aria-label="Deciding rule">
        <h3 className={styles.groupTitle}>Decided by</h3>
        {groups.decided ? (
          <div className={mergeClasses(styles.item, styles.decided)} data-outcome="decided">
            <RuleHead rule={groups.decided} onOpenRule={onOpenRule} />
            <Text size={200} className={styles.reason}>
              Every condition it uses matched and no exception did:
            </Text>
            <ul className={styles.checks}>
              {groups.decided.conditions
                .filter((c) => c.status !== 'not-used')
                .map((c) => (
                  <Check key={c.field} check={c} />
                ))}
              {groups.decided.conditions.every((c) => c.status === 'not-used') && <li>It uses no condition, so it matches every connection.</li>}
            </ul>
          </div>
        ) : (
          <Text>No rule: nothing matched, so the connection is allowed by default.</Text>
        )}
      </section>

      {groups.excepted.length > 0 && (
        <section className={styles.group} aria-label="Exceptions that let the connection through">
          <h3 className={styles.groupTitle}>An exception let it through ({groups.excepted.length})</h3>
          <ul className={styles.list}>
            {groups.excepted.map((rule) => (
              <li key={rule.ruleId} className={mergeClasses(styles.item, styles.excepted)} data-outcome="excepted">
                <RuleHead rule={rule} onOpenRule={onOpenRule} />
                <ul className={styles.checks}>
                  {rule.conditions
                    .filter((c) => c.kind === 'exception' && c.status === 'matched')
                    .map((c) => (
                      <Check key={c.field} check={c} />
                    ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}

      {!matchedOnly && groups.notMatched.length > 0 && (
        <section className={styles.group} aria-label="Rules that did not match">
          <h3 className={styles.groupTitle}>Did not match ({groups.notMatched.length})</h3>
          <ul className={styles.list}>
            {groups.notMatched.map(({ rule, firstUnmet }) => (
              <li key={rule.ruleId} className={styles.item} data-outcome="no-match">
                <RuleHead rule={rule} onOpenRule={onOpenRule} />
                {firstUnmet && (
                  <ul className={styles.checks}>
                    <Check check={firstUnmet} />
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {groups.skipped.length > 0 && (!matchedOnly || groups.skipped.some((s) => s.wouldMatch)) && (
        <section className={styles.group} aria-label="Skipped rules">
          <h3 className={styles.groupTitle}>Skipped ({groups.skipped.length})</h3>
          <ul className={styles.list}>
            {groups.skipped
              .filter((s) => !matchedOnly || s.wouldMatch)
              .map(({ rule, reason }) => (
                <li key={rule.ruleId} className={styles.item} data-outcome={rule.outcome}>
                  <RuleHead rule={rule} onOpenRule={onOpenRule} />
                  <Text size={200} className={styles.reason}>
                    {reason}
                  </Text>
                </li>
              ))}
          </ul>
        </section>
      )}

      {groups.notReached.length > 0 && (
        <section className={styles.group} aria-label="Rules not reached">
          <h3 className={styles.groupTitle}>Not reached ({groups.notReached.length})</h3>
          <Text size={200} className={styles.reason}>
            An earlier rule decided, so these were not looked at
            {groups.notReached.some((r) => r.matches)
              ? `; ${groups.notReached.filter((r) => r.matches).length} of them would also match.`
              : '.'}
          </Text>
          {!matchedOnly && (
            <ul className={styles.list}>
              {groups.notReached.slice(0, 5).map((rule) => (
                <li key={rule.ruleId} className={styles.item} data-outcome="not-reached">
                  <RuleHead rule={rule} onOpenRule={onOpenRule} />
                </li>
              ))}
              {groups.notReached.length > 5 && <li>…and {groups.notReached.length - 5} more.</li>}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
