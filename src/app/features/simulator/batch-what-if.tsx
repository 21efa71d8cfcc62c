import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import {
  Badge,
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  OverlayDrawer,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ArrowSwapRegular, DismissRegular, TableSimpleRegular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { whatIfMatrix } from '../../../core/analysis/what-if-matrix.ts';
import type { MatrixDecision, MatrixRow } from '../../../core/analysis/what-if-matrix.ts';
import { describeConnection } from '../../../core/describe.ts';
import type { Action, Connection } from '../../../core/model/types.ts';
import { selectBaseline, useDesignStore } from '../../store/index.ts';
import { useSettledRuleSet } from '../../lib/settled-rule-set.ts';
import { useMediaQuery } from '../../lib/use-media-query.ts';

/** From this many rows on, only the rows in view are rendered. */
const VIRTUAL_FROM = 60;
const ESTIMATED_ROW_HEIGHT = 64;
/** Below this width the matrix folds expected into the test cell and pass/fail into the draft cell. */
const COMPACT_QUERY = '(max-width: 719.98px)';

const useStyles = makeStyles({
  summary: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  drawer: { width: 'min(100vw, 1120px)', maxWidth: '100vw' },
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalL },
  table: { tableLayout: 'fixed', width: '100%' },
  row: {
    cursor: 'pointer',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  failed: { backgroundColor: tokens.colorPaletteRedBackground1 },
  cell: { verticalAlign: 'top', paddingBlock: tokens.spacingVerticalS, overflowWrap: 'anywhere', minWidth: 0 },
  stack: { display: 'flex', flexDirection: 'column', gap: '2px', minWidth: 0, alignItems: 'flex-start' },
  secondary: { color: tokens.colorNeutralForeground2 },
  badge: { flexShrink: 0, whiteSpace: 'nowrap', minWidth: 'max-content' },
  change: { display: 'inline-flex', alignItems: 'flex-start', gap: '2px' },
  changeIcon: { flexShrink: 0, marginTop: '2px' },
  changedDecision: { color: tokens.colorPaletteDarkOrangeForeground2 },
  changedRule: { color: tokens.colorBrandForeground1 },
  spacer: { border: 'none', padding: 0 },
  colTest: { width: '34%' },
  colExpected: { width: '11%' },
  colDraft: { width: '22%' },
  colResult: { width: '9%' },
  colBaseline: { width: '24%' },
  colCompactTest: { width: '42%' },
  colCompactDraft: { width: '30%' },
  colCompactBaseline: { width: '28%' },
});

function actionWord(action: Action): string {
  return action === 'AllowAccess' ? 'Allow' : 'Deny';
}

function decidedBy(d: MatrixDecision): string {
  return d.rule === null ? 'by default (no rule matches)' : `by "${d.rule}"`;
}

function changeWords(row: MatrixRow): string {
  if (row.baseline === null) return 'No baseline';
  if (row.changed === 'decision') return 'Decision changed';
  if (row.changed === 'rule') return 'Rule changed';
  return 'Unchanged';
}

function rowLabel(row: MatrixRow): string {
  const result = row.passed ? 'pass' : 'fail';
  return `${row.name}: ${result}, expected ${actionWord(row.expected)}, draft ${actionWord(row.draft.action)} ${decidedBy(row.draft)}, ${changeWords(row).toLowerCase()}`;
}

/** The matrix's rows for the current draft and baseline, recomputed once per change of either. */
export function useMatrix(): { rows: MatrixRow[]; hasBaseline: boolean } {
  // The settled draft: the matrix is computed once typing pauses, never on a keystroke.
  const ruleSet = useSettledRuleSet();
  const baseline = useDeferredValue(useDesignStore(selectBaseline));
  const rows = useMemo(() => whatIfMatrix(ruleSet, baseline), [ruleSet, baseline]);
  return { rows, hasBaseline: baseline !== null };
}

function ResultBadge({ passed }: { passed: boolean }) {
  const styles = useStyles();
  return (
    <Badge className={styles.badge} appearance="filled" color={passed ? 'success' : 'danger'}>
      {passed ? 'Pass' : 'Fail'}
    </Badge>
  );
}

function DecisionCell({ decision }: { decision: MatrixDecision }) {
  const styles = useStyles();
  return (
    <div className={styles.stack}>
      <Text weight="semibold">{actionWord(decision.action)}</Text>
      <Text size={200} className={styles.secondary}>
        {decidedBy(decision)}
      </Text>
    </div>
  );
}

function BaselineCell({ row }: { row: MatrixRow }) {
  const styles = useStyles();
  if (row.baseline === null) return <Text className={styles.secondary}>No baseline</Text>;
  return (
    <div className={styles.stack}>
      {row.changed === null && (
        <Text size={200} className={styles.secondary}>
          Unchanged
        </Text>
      )}
      {row.changed !== null && (
        <Text size={200} weight="semibold" className={mergeClasses(styles.change, row.changed === 'decision' ? styles.changedDecision : styles.changedRule)}>
          <ArrowSwapRegular aria-hidden className={styles.changeIcon} />
          {row.changed === 'decision' ? 'Decision changed' : 'Rule changed'}
        </Text>
      )}
      <DecisionCell decision={row.baseline} />
    </div>
  );
}

export interface MatrixTableProps {
  rows: MatrixRow[];
  /** The element that scrolls the table (the drawer's body), for virtualisation. */
  scroller: () => HTMLElement | null;
  onOpen: (row: MatrixRow) => void;
}

/**
 * The batch what-if as one table: a row per saved test and admin-path connection. Rows are one tab
 * stop: the arrow keys, Home, End, Page Up and Page Down move between them, Enter or Space opens the
 * row in the simulator. Long matrices render only the rows in view.
 */
export function MatrixTable({ rows, scroller, onOpen }: MatrixTableProps) {
  const styles = useStyles();
  const compact = useMediaQuery(COMPACT_QUERY);
  const virtual = rows.length >= VIRTUAL_FROM;
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const body = useRef<HTMLTableSectionElement>(null);
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: scroller,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 8,
  });
  const current = Math.min(active, Math.max(rows.length - 1, 0));

  useEffect(() => {
    if (!focusPending.current) return;
    const el = body.current?.querySelector<HTMLElement>(`[data-row-index="${current}"]`);
    if (el) {
      el.focus();
      // Only done once the row really has focus (a row still being measured may not take it yet).
      if (document.activeElement === el) focusPending.current = false;
    }
  });

  const move = useCallback(
    (to: number) => {
      const next = Math.max(0, Math.min(rows.length - 1, to));
      focusPending.current = true;
      setActive(next);
      if (virtual) virtualizer.scrollToIndex(next, { align: 'auto' });
      else body.current?.querySelector<HTMLElement>(`[data-row-index="${next}"]`)?.focus();
    },
    [rows.length, virtual, virtualizer],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const page = 10;
    const keys: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1, PageDown: index + page, PageUp: index - page };
    if (event.key in keys) {
      event.preventDefault();
      move(keys[event.key]!);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(rows[index]!);
    }
  };

  const renderRow = (row: MatrixRow, index: number, measure?: (el: Element | null) => void) => (
    <TableRow
      key={row.key}
      ref={measure}
      data-index={index}
      data-row-index={index}
      tabIndex={index === current ? 0 : -1}
      aria-rowindex={index + 2}
      aria-label={rowLabel(row)}
      className={mergeClasses(styles.row, !row.passed && styles.failed)}
      onClick={() => {
        setActive(index);
        onOpen(row);
      }}
      onFocus={() => setActive(index)}
      onKeyDown={(e) => onKeyDown(e, index)}
    >
      <TableCell className={styles.cell}>
        <div className={styles.stack}>
          <Text weight="semibold">{row.name}</Text>
          <Text size={200} className={styles.secondary}>
            {describeConnection(row.connection)}
            {!row.governed && ' (not governed by these rules on Exchange Server)'}
          </Text>
          {compact && <Text size={200}>Expected {actionWord(row.expected)}</Text>}
        </div>
      </TableCell>
      {!compact && (
        <TableCell className={styles.cell}>
          <Text>{actionWord(row.expected)}</Text>
        </TableCell>
      )}
      <TableCell className={styles.cell}>
        {compact ? (
          <div className={styles.stack}>
            <ResultBadge passed={row.passed} />
            <DecisionCell decision={row.draft} />
          </div>
        ) : (
          <DecisionCell decision={row.draft} />
        )}
      </TableCell>
      {!compact && (
        <TableCell className={styles.cell}>
          <ResultBadge passed={row.passed} />
        </TableCell>
      )}
      <TableCell className={styles.cell}>
        <BaselineCell row={row} />
      </TableCell>
    </TableRow>
  );

  const items = virtual ? virtualizer.getVirtualItems() : [];
  const before = items.length > 0 ? items[0]!.start : 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const columns = compact ? 3 : 5;

  return (
    <Table className={styles.table} aria-label="Batch what-if" aria-rowcount={rows.length + 1} size="small">
      <TableHeader>
        <TableRow aria-rowindex={1}>
          {compact ? (
            <>
              <TableHeaderCell className={styles.colCompactTest}>Test</TableHeaderCell>
              <TableHeaderCell className={styles.colCompactDraft}>Draft</TableHeaderCell>
              <TableHeaderCell className={styles.colCompactBaseline}>Baseline</TableHeaderCell>
            </>
          ) : (
            <>
              <TableHeaderCell className={styles.colTest}>Test</TableHeaderCell>
              <TableHeaderCell className={styles.colExpected}>Expected</TableHeaderCell>
              <TableHeaderCell className={styles.colDraft}>Draft decision</TableHeaderCell>
              <TableHeaderCell className={styles.colResult}>Result</TableHeaderCell>
              <TableHeaderCell className={styles.colBaseline}>Since the baseline</TableHeaderCell>
            </>
          )}
        </TableRow>
      </TableHeader>
      <TableBody ref={body}>
        {before > 0 && (
          <tr aria-hidden="true">
            <td className={styles.spacer} colSpan={columns} style={{ height: before }} />
          </tr>
        )}
        {virtual ? items.map((item) => renderRow(rows[item.index]!, item.index, virtualizer.measureElement)) : rows.map((row, i) => renderRow(row, i))}
        {after > 0 && (
          <tr aria-hidden="true">
            <td className={styles.spacer} colSpan={columns} style={{ height: after }} />
          </tr>
        )}
      </TableBody>
    </Table>
  );
}

export interface BatchWhatIfProps {
  /** Loads a row's connection into the simulator. */
  onOpen: (connection: Connection) => void;
}

/** The batch what-if's summary in the simulator and the drawer with the full matrix. */
export function BatchWhatIf({ onOpen }: BatchWhatIfProps) {
  const styles = useStyles();
  const { rows, hasBaseline } = useMatrix();
  const [open, setOpen] = useState(false);
  // State, not a ref: the table re-renders once the drawer's body exists, so the virtualiser can measure it.
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const getScroller = useCallback(() => scroller, [scroller]);
  const failed = rows.filter((r) => !r.passed).length;
  const changed = rows.filter((r) => r.changed === 'decision').length;
  const admin = rows.filter((r) => r.kind === 'admin-path').length;

  if (rows.length === 0) {
    return <Text>Save test cases (or declare the admin path in the Analysis view) to run them all at once against the draft and the baseline.</Text>;
  }
  return (
    <>
      <div className={styles.summary}>
        <Text>
          {rows.length - admin} saved {rows.length - admin === 1 ? 'test' : 'tests'}
          {admin > 0 ? ` and ${admin} admin-path ${admin === 1 ? 'connection' : 'connections'}` : ''}:
        </Text>
        <Badge appearance="filled" color={failed > 0 ? 'danger' : 'success'} className={styles.badge}>
          {failed > 0 ? `${failed} failing` : 'all pass'}
        </Badge>
        {hasBaseline && (
          <Badge appearance="tint" color={changed > 0 ? 'warning' : 'informative'} className={styles.badge}>
            {changed} changed since the baseline
          </Badge>
        )}
        <Button icon={<TableSimpleRegular />} onClick={() => setOpen(true)}>
          Open batch what-if
        </Button>
      </div>
      <OverlayDrawer
        open={open}
        onOpenChange={(_, d) => setOpen(d.open)}
        position="end"
        className={styles.drawer}
        aria-labelledby="batch-what-if-title"
      >
        <DrawerHeader>
          <DrawerHeaderTitle
            heading={{ id: 'batch-what-if-title' }}
            action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={() => setOpen(false)} />}
          >
            Batch what-if
          </DrawerHeaderTitle>
        </DrawerHeader>
        <DrawerBody ref={setScroller} className={styles.body}>
          <Text>
            Every saved test{admin > 0 ? ' and every admin-path connection' : ''} decided by the draft
            {hasBaseline ? ' and by the baseline (the rules as deployed)' : ''}.{' '}
            {hasBaseline ? '' : 'No baseline: import the deployed rules and choose "Use as baseline" to see what changed. '}
            Choose a row (or press Enter on it) to open it in the simulator.
          </Text>
          <MatrixTable
            rows={rows}
            scroller={getScroller}
            onOpen={(row) => {
              setOpen(false);
              onOpen(row.connection);
            }}
          />
        </DrawerBody>
      </OverlayDrawer>
    </>
  );
}
