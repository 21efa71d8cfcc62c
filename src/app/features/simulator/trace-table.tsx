import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import type { EvaluationMode, RuleTrace } from '../../../core/evaluator/types.ts';
import { FIELD_LABELS, FIELD_PARAMETERS, OUTCOME_LABELS, STATUS_LABELS, conditionValue, outcomeNote } from './simulator-text.ts';

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  ruleRow: { backgroundColor: tokens.colorNeutralBackground3 },
  decided: { boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}` },
  excepted: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteMarigoldBorder2}` },
  ruleCell: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS, paddingBlock: tokens.spacingVerticalXS },
  note: { color: tokens.colorNeutralForeground2 },
  notUsed: { color: tokens.colorNeutralForeground3 },
  param: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground3 },
  value: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
});

const OUTCOME_COLORS: Record<RuleTrace['outcome'], BadgeProps['color']> = {
  decided: 'brand',
  excepted: 'warning',
  'matched-disabled': 'severe',
  'no-match': 'informative',
  'out-of-scope': 'informative',
  'not-reached': 'subtle',
};

const STATUS_COLORS = { matched: 'success', 'not-matched': 'danger', 'not-used': 'subtle' } as const;

export interface TraceTableProps {
  trace: RuleTrace[];
  mode: EvaluationMode;
  /** Show condition rows for unused fields too (they take no part in matching). */
  showUnused: boolean;
}

/** Every rule in priority order with every condition and exception: matched, not matched or not used. */
export function TraceTable({ trace, mode, showUnused }: TraceTableProps) {
  const styles = useStyles();
  if (trace.length === 0) {
    return <Text>There are no rules yet: every connection is allowed.</Text>;
  }
  return (
    <Table aria-label="Evaluation trace" size="small" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Part</TableHeaderCell>
          <TableHeaderCell>Field</TableHeaderCell>
          <TableHeaderCell>Result</TableHeaderCell>
          <TableHeaderCell>Matched value</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {trace.map((rule) => {
          const conditions = showUnused ? rule.conditions : rule.conditions.filter((c) => c.status !== 'not-used');
          return [
            <TableRow
              key={rule.ruleId}
              className={mergeClasses(styles.ruleRow, rule.outcome === 'decided' && styles.decided, rule.outcome === 'excepted' && styles.excepted)}
              data-outcome={rule.outcome}
              aria-label={`Rule ${rule.priority} ${rule.name}: ${OUTCOME_LABELS[rule.outcome]}`}
            >
              <TableCell colSpan={4}>
                <div className={styles.ruleCell}>
                  <Text weight="semibold">
                    {rule.priority}. {rule.name}
                  </Text>
                  <Badge appearance="tint" color={rule.action === 'DenyAccess' ? 'danger' : 'success'}>
                    {rule.action}
                  </Badge>
                  {!rule.enabled && (
                    <Badge appearance="outline" color="subtle">
                      Disabled
                    </Badge>
                  )}
                  <Badge appearance="filled" color={OUTCOME_COLORS[rule.outcome]}>
                    {OUTCOME_LABELS[rule.outcome]}
                  </Badge>
                  <Text size={200} className={styles.note}>
                    {outcomeNote(rule, mode)}
                  </Text>
                </div>
              </TableCell>
            </TableRow>,
            ...conditions.map((c) => (
              <TableRow key={`${rule.ruleId}:${c.field}`} className={c.status === 'not-used' ? styles.notUsed : undefined}>
                <TableCell>{c.kind === 'exception' ? 'Exception' : 'Condition'}</TableCell>
                <TableCell>
                  {FIELD_LABELS[c.field]} <span className={styles.param}>{FIELD_PARAMETERS[c.field]}</span>
                </TableCell>
                <TableCell>
                  <Badge appearance={c.status === 'not-used' ? 'outline' : 'tint'} color={STATUS_COLORS[c.status]}>
                    {STATUS_LABELS[c.status]}
                  </Badge>
                </TableCell>
                <TableCell className={styles.value}>{conditionValue(c)}</TableCell>
              </TableRow>
            )),
          ];
        })}
      </TableBody>
    </Table>
  );
}
