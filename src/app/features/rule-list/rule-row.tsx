import { memo, useContext, useDeferredValue, useEffect, useRef } from 'react';
import type { CSSProperties, ReactElement } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  Badge,
  Button,
  Checkbox,
  Menu,
  MenuDivider,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Switch,
  Text,
  Tooltip,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowDown20Regular,
  ArrowUp20Regular,
  ChevronDoubleDown20Regular,
  ChevronDoubleUp20Regular,
  Copy20Regular,
  Delete20Regular,
  ErrorCircle16Filled,
  MoreHorizontal20Regular,
  ReOrderDotsVertical20Regular,
  Warning16Filled,
  CalendarError16Regular,
  CalendarLtr16Regular,
  Person16Regular,
  TicketDiagonal16Regular,
} from '@fluentui/react-icons';
import { summarizeRule } from '../../../core/describe.ts';
import { revealHiddenCharacters } from '../../../core/text/hidden-chars.ts';
import { isReviewOverdue, normalizeNotes } from '../../../core/model/notes.ts';
import type { LintFinding, Rule } from '../../../core/model/types.ts';
import { findingHeadline } from '../../../core/lint/headline.ts';
import type { RuleOutcome } from '../../../core/evaluator/types.ts';
import { useRuleFindings } from '../../lib/use-lint.ts';
import { ActionBadge } from '../../lib/action-badge.tsx';
import { selectRuleById, useDesignStore } from '../../store/index.ts';
import { RULE_LIST_ACTIONS, shortcutAction } from './actions.ts';
import { RuleListActionContext } from './action-context.ts';

const useStyles = makeStyles({
  row: {
    listStyle: 'none',
    display: 'grid',
    // Select box above the drag handle in one column, so the name keeps room in a narrow list.
    gridTemplateColumns: 'auto auto minmax(0, 1fr) auto auto',
    gridTemplateRows: 'auto auto',
    columnGap: tokens.spacingHorizontalXS,
    alignItems: 'center',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid transparent`,
    backgroundColor: tokens.colorNeutralBackground1,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    // Rows out of view are neither laid out nor painted (200 rules): a keystroke costs the rows on screen.
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 64px',
  },
  selected: {
    backgroundColor: tokens.colorBrandBackground2,
    border: `1px solid ${tokens.colorBrandStroke2}`,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  /** The what-if overlay: the deciding rule stands out, an exception is marked, the rest recede. */
  decides: { boxShadow: `inset 4px 0 0 ${tokens.colorBrandStroke1}` },
  excepted: { boxShadow: `inset 4px 0 0 ${tokens.colorPaletteMarigoldBorderActive}` },
  // The what-if outcome is never squeezed or clipped: it keeps its width and wraps below the summary.
  outcome: { flexShrink: 0, whiteSpace: 'nowrap', maxWidth: 'none', overflow: 'visible' },
  dragging: { boxShadow: tokens.shadow16, position: 'relative', zIndex: 1, opacity: 0.95 },
  disabledRule: { '& .rule-name, & .rule-summary': { color: tokens.colorNeutralForeground2 } },
  handle: { cursor: 'grab', minWidth: '28px', touchAction: 'none', gridColumn: 1, gridRow: 2, justifySelf: 'center' },
  position: {
    minWidth: '24px',
    textAlign: 'center',
    fontVariantNumeric: 'tabular-nums',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    gridColumn: 2,
    gridRow: '1 / span 2',
  },
  nameButton: {
    backgroundColor: 'transparent',
    border: 'none',
    padding: 0,
    margin: 0,
    font: 'inherit',
    color: 'inherit',
    textAlign: 'start',
    minWidth: 0,
    gridColumn: 3,
    gridRow: 1,
    // Up to three lines before an ellipsis: long names stay readable in a narrow list (1024 px).
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    // Lines break between words; only a word longer than the line is split.
    overflowWrap: 'break-word',
    fontWeight: tokens.fontWeightSemibold,
    cursor: 'pointer',
    borderRadius: tokens.borderRadiusSmall,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  check: { gridColumn: 1, gridRow: 1, justifySelf: 'center' },
  second: {
    gridColumn: '3 / span 3',
    display: 'flex',
    // Badges wrap below the summary in a narrow list rather than squeezing or clipping it.
    flexWrap: 'wrap',
    rowGap: '2px',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalXS,
    minWidth: 0,
  },
  summary: {
    minWidth: 0,
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    // Word boundaries, never mid-word ("Proto col"); an ellipsis after the second line.
    overflowWrap: 'break-word',
    color: tokens.colorNeutralForeground2,
    flex: '1 1 140px',
  },
  // Per-rule notes: the description as secondary text, owner/ticket/review date as chips.
  notes: {
    gridColumn: '3 / span 3',
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `2px ${tokens.spacingHorizontalXS}`,
    minWidth: 0,
    marginTop: '2px',
  },
  description: {
    flex: '1 1 100%',
    minWidth: 0,
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
    overflowWrap: 'anywhere',
    color: tokens.colorNeutralForeground2,
  },
  chip: { maxWidth: '100%', minWidth: 0, flexShrink: 1 },
  chipText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  srOnly: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
  switch: { marginInline: `calc(-1 * ${tokens.spacingHorizontalS})` },
  lintBadge: { flexShrink: 0, whiteSpace: 'nowrap' },
  lintError: { color: tokens.colorPaletteRedForeground1 },
  lintWarning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  tooltipList: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

export interface RuleRowProps {
  id: string;
  position: number;
  total: number;
  onSelect: (id: string) => void;
  /** How this rule fared against the simulator's connection (the what-if overlay). */
  outcome?: RuleOutcome;
  /** Multi-select for bulk actions. */
  checked?: boolean;
  onCheck?: (id: string, checked: boolean) => void;
  /** False while the list is filtered: priorities only make sense in the full list. */
  reorderable?: boolean;
}

/** The what-if overlay's words for each outcome, shown on the row. */
export const ROW_OUTCOME_LABELS: Record<RuleOutcome, string> = {
  decided: 'Decides',
  excepted: 'Exception let it through',
  'no-match': 'Not matched',
  'matched-disabled': 'Skipped (disabled), would match',
  'out-of-scope': 'Skipped (scope Users)',
  'not-reached': 'Not reached',
};

function outcomeLabel(outcome: RuleOutcome, enabled: boolean): string {
  return !enabled && outcome !== 'matched-disabled' ? 'Skipped (disabled)' : ROW_OUTCOME_LABELS[outcome];
}

const OUTCOME_BADGE: Record<RuleOutcome, { color: 'brand' | 'warning' | 'informative' | 'subtle'; appearance: 'filled' | 'tint' | 'outline' }> = {
  decided: { color: 'brand', appearance: 'filled' },
  excepted: { color: 'warning', appearance: 'tint' },
  'no-match': { color: 'informative', appearance: 'tint' },
  'matched-disabled': { color: 'informative', appearance: 'tint' },
  'out-of-scope': { color: 'informative', appearance: 'tint' },
  'not-reached': { color: 'informative', appearance: 'tint' },
};

/**
 * The row's own slice of the store: its rule object (unchanged while other rules are edited),
 * whether it is selected, and its settled findings (the same array while their content is equal).
 * So typing in one rule re-renders one row, not all of them.
 */
function useRowData(id: string) {
  const rule = useDesignStore((s) => selectRuleById(s, id));
  const selected = useDesignStore((s) => s.selectedRuleId === id);
  const findings = useRuleFindings(id);
  return { rule, selected, findings };
}


function LintBadges({ findings }: { findings: LintFinding[] }) {
  const styles = useStyles();
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const badge = (list: LintFinding[], kind: 'error' | 'warning') => {
    if (list.length === 0) return null;
    const label = `${list.length} ${kind}${list.length === 1 ? '' : 's'}`;
    return (
      <Tooltip
        relationship="description"
        content={
          <ul className={styles.tooltipList}>
            {list.slice(0, 5).map((f, i) => (
              <li key={`${f.code}-${i}`}>{findingHeadline(f)}</li>
            ))}
          </ul>
        }
      >
        <Badge
          appearance="tint"
          color={kind === 'error' ? 'danger' : 'severe'}
          size="medium"
          className={styles.lintBadge}
          icon={kind === 'error' ? <ErrorCircle16Filled /> : <Warning16Filled />}
          tabIndex={0}
        >
          {label}
        </Badge>
      </Tooltip>
    );
  };
  return (
    <>
      {badge(errors, 'error')}
      {badge(warnings, 'warning')}
    </>
  );
}

function RuleRowView({ id, position, total, onSelect, outcome, checked = false, onCheck, reorderable = true }: RuleRowProps) {
  const data = useRowData(id);
  // The row follows an edit one step behind the editor: typing a name renders the editor's field at
  // once, and this row in a following, interruptible render (a burst of keystrokes renders it once).
  const rule = useDeferredValue(data.rule);
  const { selected, findings } = data;
  if (!rule) return null;
  return (
    <RuleRowContent
      outcome={outcome}
      checked={checked}
      onCheck={onCheck}
      reorderable={reorderable}
      rule={rule}
      position={position}
      total={total}
      selected={selected}
      findings={findings}
      onSelect={onSelect}
    />
  );
}

interface RuleRowContentProps {
  rule: Rule;
  position: number;
  total: number;
  selected: boolean;
  findings: LintFinding[];
  onSelect: (id: string) => void;
  outcome?: RuleOutcome;
  checked: boolean;
  onCheck?: (id: string, checked: boolean) => void;
  reorderable: boolean;
}

const RuleRowContent = memo(function RuleRowContent({ rule, position, total, selected, findings, onSelect, outcome, checked, onCheck, reorderable }: RuleRowContentProps) {
  const styles = useStyles();
  const ctx = useContext(RuleListActionContext);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: rule.id,
    disabled: !reorderable,
  });
  const removeAndRefocus = () => {
    const list = rowRef.current?.parentElement;
    RULE_LIST_ACTIONS.remove.run(ctx, { id: rule.id });
    const neighbour = ctx.store.getState().selectedRuleId;
    // The row disappears: move focus to the neighbouring rule.
    setTimeout(() => {
      const target = neighbour ? list?.querySelector<HTMLElement>(`[data-rule-id="${window.CSS.escape(neighbour)}"] .rule-name`) : null;
      target?.focus();
    }, 0);
  };
  const style: CSSProperties = { transform: CSS.Transform.toString(transform), transition };
  const rowRef = useRef<HTMLLIElement | null>(null);
  useEffect(() => {
    // A rule selected from elsewhere (lint summary, editor fix, new rule) is brought into view.
    if (selected) rowRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const name = rule.name.trim() === '' ? '(unnamed rule)' : rule.name;
  // Bidi overrides and invisible characters are shown as visible markers (⟦U+202E⟧), never applied.
  const shownName = revealHiddenCharacters(name);

  return (
    <li
      ref={(node) => {
        setNodeRef(node);
        rowRef.current = node;
      }}
      style={style}
      className={mergeClasses(
        styles.row,
        selected && styles.selected,
        isDragging && styles.dragging,
        !rule.enabled && styles.disabledRule,
        outcome === 'decided' && styles.decides,
        outcome === 'excepted' && styles.excepted,
      )}
      onClick={() => onSelect(rule.id)}
      onKeyDown={(event) => {
        // The registry's shortcuts on a focused rule (not while dragging with the keyboard).
        const action = event.target === event.currentTarget || (event.target as HTMLElement).classList.contains('rule-name') ? shortcutAction(event) : null;
        if (!action || (!reorderable && action !== 'remove')) return;
        event.preventDefault();
        if (action === 'remove') removeAndRefocus();
        else {
          RULE_LIST_ACTIONS[action].run(ctx, { id: rule.id });
          setTimeout(() => rowRef.current?.querySelector<HTMLElement>('.rule-name')?.focus(), 0);
        }
      }}
      data-rule-id={rule.id}
      data-outcome={outcome}
      aria-label={`Priority ${position}: ${name}`}
    >
      <span className={styles.check} onClick={(event) => event.stopPropagation()}>
        <Checkbox checked={checked} onChange={(_, d) => onCheck?.(rule.id, d.checked === true)} aria-label={`Select ${name}`} />
      </span>
      <Button
        ref={setActivatorNodeRef}
        disabled={!reorderable}
        appearance="subtle"
        size="small"
        className={styles.handle}
        icon={<ReOrderDotsVertical20Regular />}
        {...attributes}
        {...listeners}
        aria-label={`Reorder ${name} (priority ${position})`}
        aria-roledescription="sortable rule"
      />
      <Text className={styles.position} aria-hidden>
        {position}
      </Text>
      <button
        type="button"
        className={mergeClasses(styles.nameButton, 'rule-name')}
        aria-current={selected ? 'true' : undefined}
        onClick={(event) => {
          event.stopPropagation();
          onSelect(rule.id);
        }}
        title={shownName}
      >
        {shownName}
      </button>
      <span onClick={(event) => event.stopPropagation()}>
        <Switch
          className={styles.switch}
          checked={rule.enabled}
          onChange={(_, data) => RULE_LIST_ACTIONS.setEnabled.run(ctx, { id: rule.id, enabled: data.checked })}
          aria-label={`Enabled: ${name}`}
        />
      </span>
      <span onClick={(event) => event.stopPropagation()}>
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button
              appearance="subtle"
              size="small"
              icon={<MoreHorizontal20Regular />}
              aria-label={`More actions for ${name}`}
            />
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem
                icon={<ChevronDoubleUp20Regular />}
                disabled={position === 1 || !reorderable}
                secondaryContent={RULE_LIST_ACTIONS.moveToTop.shortcut}
                onClick={() => RULE_LIST_ACTIONS.moveToTop.run(ctx, { id: rule.id })}
              >
                {RULE_LIST_ACTIONS.moveToTop.label}
              </MenuItem>
              <MenuItem
                icon={<ArrowUp20Regular />}
                disabled={position === 1 || !reorderable}
                secondaryContent={RULE_LIST_ACTIONS.moveUp.shortcut}
                onClick={() => RULE_LIST_ACTIONS.moveUp.run(ctx, { id: rule.id })}
              >
                {RULE_LIST_ACTIONS.moveUp.label}
              </MenuItem>
              <MenuItem
                icon={<ArrowDown20Regular />}
                disabled={position === total || !reorderable}
                secondaryContent={RULE_LIST_ACTIONS.moveDown.shortcut}
                onClick={() => RULE_LIST_ACTIONS.moveDown.run(ctx, { id: rule.id })}
              >
                {RULE_LIST_ACTIONS.moveDown.label}
              </MenuItem>
              <MenuItem
                icon={<ChevronDoubleDown20Regular />}
                disabled={position === total || !reorderable}
                secondaryContent={RULE_LIST_ACTIONS.moveToBottom.shortcut}
                onClick={() => RULE_LIST_ACTIONS.moveToBottom.run(ctx, { id: rule.id })}
              >
                {RULE_LIST_ACTIONS.moveToBottom.label}
              </MenuItem>
              <MenuDivider />
              <MenuItem icon={<Copy20Regular />} onClick={() => RULE_LIST_ACTIONS.duplicate.run(ctx, { id: rule.id })}>
                {RULE_LIST_ACTIONS.duplicate.label}
              </MenuItem>
              <MenuItem icon={<Delete20Regular />} secondaryContent={RULE_LIST_ACTIONS.remove.shortcut} onClick={removeAndRefocus}>
                {RULE_LIST_ACTIONS.remove.label}
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      </span>
      <RowDetails action={rule.action} enabled={rule.enabled} summary={summarizeRule(rule)} findings={findings} outcome={outcome} />
      <NotesLine notes={rule.notes} />
    </li>
  );
});

/** The row's second line: action, summary, findings and the what-if outcome; unchanged by a rename. */
const RowDetails = memo(function RowDetails({
  action,
  enabled,
  summary,
  findings,
  outcome,
}: {
  action: Rule['action'];
  enabled: boolean;
  summary: string;
  findings: LintFinding[];
  outcome?: RuleOutcome;
}) {
  const styles = useStyles();
  return (
    <div className={styles.second}>
      <ActionBadge action={action} />
      <Text size={200} className={mergeClasses(styles.summary, 'rule-summary')} title={summary}>
        {!enabled && 'Disabled · '}
        {summary}
      </Text>
      <LintBadges findings={findings} />
      {outcome && (
        <Badge
          size="small"
          shape="rounded"
          appearance={OUTCOME_BADGE[outcome].appearance}
          color={OUTCOME_BADGE[outcome].color}
          className={styles.outcome}
          data-testid="what-if-outcome"
        >
          {outcomeLabel(outcome, enabled)}
        </Badge>
      )}
    </div>
  );
});

/** The viewer's calendar day as `YYYY-MM-DD`, for review dates. */
function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * A rule's notes in its row: the description as secondary text, then owner, ticket and review date as
 * chips (each with its field name for screen readers and in its title); a passed review date is
 * marked overdue.
 */
const NotesLine = memo(function NotesLine({ notes: ruleNotes }: { notes: Rule['notes'] }) {
  const styles = useStyles();
  const notes = normalizeNotes(ruleNotes);
  if (!notes) return null;
  const overdue = isReviewOverdue(notes, localToday());
  const chip = (label: string, value: string, icon: ReactElement, danger = false, shown = '') => (
    <Badge
      size="medium"
      shape="rounded"
      appearance={danger ? 'filled' : 'tint'}
      color={danger ? 'danger' : 'informative'}
      icon={icon}
      className={styles.chip}
      title={`${label}: ${value}`}
    >
      <span className={styles.chipText}>
        {shown === '' ? <span className={styles.srOnly}>{label}: </span> : shown}
        {value}
      </span>
    </Badge>
  );
  return (
    <div className={mergeClasses(styles.notes, 'rule-notes')} data-testid="rule-notes">
      {notes.description && (
        <Text size={200} className={styles.description} title={notes.description}>
          {notes.description}
        </Text>
      )}
      {notes.owner && chip('Owner', notes.owner, <Person16Regular />)}
      {notes.ticket && chip('Ticket', notes.ticket, <TicketDiagonal16Regular />)}
      {notes.reviewDate &&
        (overdue
          ? chip('Review overdue', notes.reviewDate, <CalendarError16Regular />, true, 'Review overdue: ')
          : chip('Review date', notes.reviewDate, <CalendarLtr16Regular />))}
    </div>
  );
});

/** One rule in the list; re-renders only when its own data changes (smooth with hundreds of rules). */
export const RuleRow = memo(RuleRowView);
