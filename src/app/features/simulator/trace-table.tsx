import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import type { EvaluationMode, RuleTrace } from '../../../core/evaluator/types.ts';
import { fieldParameter } from '../../../core/describe.ts';
import { FIELD_LABELS, OUTCOME_LABELS, STATUS_LABELS, conditionValue, outcomeNote } from './simulator-text.ts';

const useStyles = makeStyles({
  table: { tableLayout: 'fixed', width: '100%' },
  checkColumn: { width: '55%' },
  ruleRow: { backgroundColor: tokens.colorNeutralBackground3 },
  decided: { boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}` },
  excepted: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteMarigoldBorder2}` },
  ruleCell: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalS, rowGap: tokens.spacingVerticalXXS, paddingBlock: tokens.spacingVerticalXS },
  note: { flexBasis: '100%', color: tokens.colorNeutralForeground2 },
  cell: { paddingBlock: tokens.spacingVerticalXXS, verticalAlign: 'top' },
  check: { display: 'flex', flexDirection: 'column' },
  param: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  result: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  value: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  unused: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
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
}

/**
 * Every rule in priority order with every condition and exception: the used ones one per row
 * (matched or not, with the matched value), the unused ones named together in a last row.
 */
export function TraceTable({ trace, mode }: TraceTableProps) {
  const styles = useStyles();
  if (trace.length === 0) {
    return <Text>There are no rules yet: every connection is allowed.</Text>;
  }
  return (
    <Table aria-label="Evaluation trace" size="small" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.checkColumn}>Condition or exception</TableHeaderCell>
          <TableHeaderCell>Result</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {trace.map((rule) => {
          const used = rule.conditions.filter((c) => c.status !== 'not-used');
          const unused = rule.conditions.filter((c) => c.status === 'not-used');
          return [
            <TableRow
              key={rule.ruleId}
              className={mergeClasses(styles.ruleRow, rule.outcome === 'decided' && styles.decided, rule.outcome === 'excepted' && styles.excepted)}
              data-outcome={rule.outcome}
              aria-label={`Rule ${rule.priority} ${rule.name}: ${OUTCOME_LABELS[rule.outcome]}`}
            >
              <TableCell colSpan={2}>
                <div className={styles.ruleCell}>
                  <Text weight="semibold">
                    {rule.priority}. {rule.name}
                  </Text>
                  <Badge appearance="tint" color={rule.action === 'DenyAccess' ? 'danger' : 'success'}>
                    {rule.action}
                  </Badge>
                  {!rule.enabled && (
                    <Badge appearance="outline" color="informative">
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
            ...used.map((c) => (
              <TableRow key={`${rule.ruleId}:${c.field}`}>
                <TableCell className={styles.cell}>
                  <div className={styles.check}>
                    <span>
                      {c.kind === 'exception' ? 'Exception' : 'Condition'}: {FIELD_LABELS[c.field]}
                    </span>
                    <span className={styles.param}>{fieldParameter(c.field)}</span>
                  </div>
                </TableCell>
                <TableCell className={styles.cell}>
                  <div className={styles.result}>
                    <Badge appearance="tint" color={STATUS_COLORS[c.status]}>
                      {STATUS_LABELS[c.status]}
                    </Badge>
                    {conditionValue(c) && <span className={styles.value}>{conditionValue(c)}</span>}
                  </div>
                </TableCell>
              </TableRow>
            )),
            unused.length > 0 && (
              <TableRow key={`${rule.ruleId}:unused`}>
                <TableCell colSpan={2} className={mergeClasses(styles.cell, styles.unused)}>
                  {STATUS_LABELS['not-used']}: {unused.map((c) => `${FIELD_LABELS[c.field]}${c.kind === 'exception' ? ' exception' : ''}`).join(', ')}
                </TableCell>
              </TableRow>
            ),
          ];
        })}
      </TableBody>
    </Table>
  );
}
