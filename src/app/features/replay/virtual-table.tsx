import { useRef } from 'react';
import type { ReactNode } from 'react';
import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular } from '@fluentui/react-icons';
import { useVirtualizer } from '@tanstack/react-virtual';

const ROW_HEIGHT = 36;

const useStyles = makeStyles({
  scroller: {
    overflow: 'auto',
    maxHeight: '420px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: '100%',
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'grid',
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  headerCell: { display: 'flex', alignItems: 'center', minWidth: 0, paddingInline: tokens.spacingHorizontalXS },
  sortButton: { minWidth: 0, justifyContent: 'flex-start', paddingInline: tokens.spacingHorizontalXS, fontWeight: tokens.fontWeightSemibold },
  row: {
    position: 'absolute',
    left: 0,
    width: '100%',
    display: 'grid',
    alignItems: 'center',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  cell: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    paddingInline: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  numeric: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  empty: { padding: tokens.spacingVerticalM, color: tokens.colorNeutralForeground2 },
});

export interface Column<T, C extends string> {
  id: C;
  label: string;
  /** CSS grid track, e.g. `minmax(160px, 2fr)`. */
  width: string;
  numeric?: boolean;
  /** Not sortable (e.g. an action column). */
  unsortable?: boolean;
  render: (row: T) => ReactNode;
  /** The cell's full text, shown as its tooltip when it is cut off. */
  title?: (row: T) => string;
}

export interface VirtualTableProps<T, C extends string> {
  label: string;
  rows: readonly T[];
  columns: readonly Column<T, C>[];
  sort: { column: C; descending: boolean } | null;
  onSort: (column: C, numeric: boolean) => void;
  rowKey: (row: T, index: number) => string;
  minWidth: number;
  emptyText: string;
}

/**
 * A sortable table that renders only the rows in view (`@tanstack/react-virtual`), for replays with
 * hundreds of thousands of connections. Table semantics (role table/row/columnheader/cell, aria-sort,
 * aria-rowcount and aria-rowindex) so screen readers know the full size; sorting is a button in
 * each heading.
 */
export function VirtualTable<T, C extends string>({ label, rows, columns, sort, onSort, rowKey, minWidth, emptyText }: VirtualTableProps<T, C>) {
  const styles = useStyles();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const template = columns.map((c) => c.width).join(' ');
  return (
    <div ref={scroller} className={styles.scroller} tabIndex={0} role="region" aria-label={`${label} (scrollable)`}>
      <div role="table" aria-label={label} aria-rowcount={rows.length + 1} style={{ minWidth }}>
        <div role="rowgroup" className={styles.header}>
          <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: template }}>
            {columns.map((c) => {
              const active = sort !== null && sort.column === c.id;
              return (
                <div
                  key={c.id}
                  role="columnheader"
                  className={styles.headerCell}
                  aria-sort={c.unsortable ? undefined : active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                >
                  {c.unsortable ? (
                    <span className={styles.cell}>{c.label}</span>
                  ) : (
                    <Button
                      appearance="transparent"
                      size="small"
                      className={styles.sortButton}
                      icon={active ? sort.descending ? <ArrowSortDownRegular /> : <ArrowSortUpRegular /> : undefined}
                      iconPosition="after"
                      onClick={() => onSort(c.id, c.numeric === true)}
                    >
                      {c.label}
                    </Button>
                  )}
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
          {rows.length === 0 && (
            <div role="row">
              <div role="cell" className={styles.empty}>
                {emptyText}
              </div>
            </div>
          )}
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={rowKey(row, item.index)}
                role="row"
                aria-rowindex={item.index + 2}
                className={styles.row}
                style={{ top: item.start, height: item.size, gridTemplateColumns: template }}
              >
                {columns.map((c) => (
                  <div key={c.id} role="cell" className={mergeClasses(styles.cell, c.numeric && styles.numeric)} title={c.title?.(row)}>
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
