import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type Modifier,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import {
  Button,
  Checkbox,
  SearchBox,
  Select,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Add20Regular, DocumentAdd20Regular, Sparkle20Regular } from '@fluentui/react-icons';
import { useDesignStore } from '../../store/index.ts';
import { useWhatIf } from '../../lib/what-if.ts';
import type { DesignStoreState } from '../../store/index.ts';
import type { RuleOutcome } from '../../../core/evaluator/types.ts';
import { useLint } from '../../lib/use-lint.ts';
import { RuleRow } from './rule-row.tsx';
import { RULE_LIST_ACTIONS, type ActionContext, type Announce } from './actions.ts';
import { RULE_KIND_FILTER_LABELS, ruleMatchesSearch, type RuleKindFilter } from './rule-filter.ts';
import { RuleListActionContext } from './action-context.ts';
import type { ShowUndoToast } from './undo-toaster.tsx';

const UndoToaster = lazy(() => import('./undo-toaster.tsx').then((m) => ({ default: m.UndoToaster })));

const useStyles = makeStyles({
  // Fills its pane as an absolutely positioned box with strict containment: a relayout boundary (a grid
  // or flex item never is one), so a change inside, such as a row changing on a keystroke, lays out this
  // panel only, not the page's grid and the other panes with it.
  root: { position: 'absolute', inset: 0, display: 'flex', flexDirection: 'column', minHeight: 0, contain: 'strict' },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    flex: '1 0 auto',
    whiteSpace: 'nowrap',
  },
  headerButton: { whiteSpace: 'nowrap', flexShrink: 0 },
  hint: { padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`, color: tokens.colorNeutralForeground3 },
  list: {
    margin: 0,
    padding: tokens.spacingHorizontalS,
    overflowY: 'auto',
    // A zero basis: the panel sizes this scroller without measuring its content first (with `auto` a
    // change in one row or field laid out every row or field twice, measured and then stretched).
    flex: '1 1 0',
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
  },
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXL}`,
    color: tokens.colorNeutralForeground2,
  },
  tools: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
    '& > *': { minWidth: 0 },
  },
  search: { flex: '1 1 180px', maxWidth: 'none' },
  kind: { flex: '0 1 auto' },
  bulk: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  bulkCount: { fontWeight: tokens.fontWeightSemibold, marginInlineEnd: tokens.spacingHorizontalS },
  emptyIcon: { fontSize: '40px', color: tokens.colorBrandForeground1 },
  emptyActions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', justifyContent: 'center' },
  liveRegion: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

const verticalOnly: Modifier = ({ transform }) => ({ ...transform, x: 0 });
const MODIFIERS = [verticalOnly];
// Module constants: dnd-kit memoises sensors on these objects, and new sensors on every render of the
// list (each keystroke in the editor re-renders it) would re-render every sortable row.
const POINTER_SENSOR_OPTIONS = { activationConstraint: { distance: 4 } };
const KEYBOARD_SENSOR_OPTIONS = { coordinateGetter: sortableKeyboardCoordinates };
const SCREEN_READER_INSTRUCTIONS = {
  draggable:
    'To reorder a rule, press Space or Enter to pick it up, use the up and down arrow keys to move it, then press Space or Enter to drop it, or Escape to cancel.',
};

export interface RuleListPanelProps {
  /** Opens the template gallery (owned by the shell, so features stay independent). */
  onOpenTemplates: () => void;
  /** Called after the admin opens a rule from the list (the narrow layout then shows the editor). */
  onOpenRule?: (id: string) => void;
}

/** The ids in priority order as one string: equal strings mean nothing moved, so no re-render. */
const selectIdsKey = (s: DesignStoreState): string => s.ruleSet.rules.map((r) => r.id).join('\n');

const NO_FINDINGS: never[] = [];

function nameOf(id: string | number): string {
  const rule = useDesignStore.getState().ruleSet.rules.find((r) => r.id === id);
  return rule && rule.name.trim() !== '' ? rule.name : 'unnamed rule';
}

const NO_OUTCOMES: ReadonlyMap<string, RuleOutcome> = new Map();

/** The same map object while the outcomes are equal (typing a name changes none), so rows stay memoised. */
function useStableOutcomes(next: ReadonlyMap<string, RuleOutcome>): ReadonlyMap<string, RuleOutcome> {
  const previous = useRef(next);
  const current = previous.current;
  if (current !== next && (current.size !== next.size || [...next].some(([id, outcome]) => current.get(id) !== outcome))) {
    previous.current = next;
  }
  return previous.current;
}

/** The rules in priority order, with drag-and-drop, keyboard and menu reordering. */
export function RuleListPanel({ onOpenTemplates, onOpenRule }: RuleListPanelProps) {
  const styles = useStyles();
  const idsKey = useDesignStore(selectIdsKey);
  const selectRule = useDesignStore((s) => s.selectRule);
  // Stable while only rule contents change (typing a name): a new array would re-render every
  // sortable row through dnd-kit's context, defeating the memoised rows.
  const ids = useMemo(() => (idsKey === '' ? [] : idsKey.split('\n')), [idsKey]);
  const whatIf = useWhatIf();
  const decidingId = whatIf.governed ? whatIf.decision.matchedRuleId : null;
  const outcomes = useStableOutcomes(whatIf.governed ? whatIf.outcomes : NO_OUTCOMES);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // The what-if's deciding rule is brought into view when the decision changes.
    if (decidingId) listRef.current?.querySelector(`[data-rule-id="${CSS.escape(decidingId)}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [decidingId]);
  const [announcement, setAnnouncement] = useState('');
  const moved = useRef(false);
  const showToast = useRef<ShowUndoToast | null>(null);
  const onToasterReady = useCallback((show: ShowUndoToast | null) => {
    showToast.current = show;
  }, []);
  const announce = useCallback<Announce>((message, kind) => {
    // A deletion is a toast (announced by Fluent's toaster) with the undo right where the admin looks;
    // the toaster loads lazily, and until it is there the live region says it.
    if (kind === 'deleted' && showToast.current) {
      showToast.current(message);
      return;
    }
    setAnnouncement(message);
  }, []);
  const ctx = useMemo<ActionContext>(() => ({ store: useDesignStore, announce }), [announce]);

  // Search, filter and multi-select (UI state of this list only).
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<RuleKindFilter>('all');
  const filtering = query.trim() !== '' || kind !== 'all';
  // Findings as of the last settled change: filtering never lints on a keystroke.
  const { byRule } = useLint();
  const visibleKey = useDesignStore(
    useCallback(
      (s: DesignStoreState) => {
        if (!filtering) return null;
        return s.ruleSet.rules
          .filter((r) => ruleMatchesSearch(r, query, kind, byRule.get(r.id) ?? NO_FINDINGS))
          .map((r) => r.id)
          .join('\n');
      },
      [filtering, query, kind, byRule],
    ),
  );
  const visible = useMemo(() => (visibleKey === null ? null : new Set(visibleKey === '' ? [] : visibleKey.split('\n'))), [visibleKey]);
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set());
  const liveChecked = useMemo(() => new Set(ids.filter((id) => checked.has(id))), [ids, checked]);
  const onCheck = useCallback((id: string, on: boolean) => {
    setChecked((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const shownIds = visible ? ids.filter((id) => visible.has(id)) : ids;
  const allShownChecked = shownIds.length > 0 && shownIds.every((id) => liveChecked.has(id));
  const runBulk = (name: 'enableSelected' | 'disableSelected' | 'moveSelectedToTop' | 'moveSelectedToBottom' | 'deleteSelected') => {
    RULE_LIST_ACTIONS[name].run(ctx, { ids: liveChecked });
    if (name === 'deleteSelected') setChecked(new Set());
  };

  const sensors = useSensors(
    useSensor(PointerSensor, POINTER_SENSOR_OPTIONS),
    useSensor(KeyboardSensor, KEYBOARD_SENSOR_OPTIONS),
  );

  const announcements = useMemo<Announcements>(() => {
    const priority = (id: string | number | undefined) => (id === undefined ? 0 : ids.indexOf(String(id)) + 1);
    return {
      onDragStart: ({ active }) => {
        moved.current = false;
        return `Picked up rule ${nameOf(active.id)} at priority ${priority(active.id)}. Use the arrow keys to move it, Space or Enter to drop it, Escape to cancel.`;
      },
      onDragOver: ({ active, over }) => {
        // dnd-kit reports the start position as a first "over"; keep the pick-up instructions audible.
        if (!over || (!moved.current && over.id === active.id)) return undefined;
        moved.current = true;
        return `Rule ${nameOf(active.id)} moved to priority ${priority(over.id)}.`;
      },
      onDragEnd: ({ active, over }) =>
        over
          ? `Rule ${nameOf(active.id)} moved to priority ${priority(over.id)}.`
          : `Rule ${nameOf(active.id)} dropped; its priority is unchanged.`,
      onDragCancel: ({ active }) =>
        `Moving cancelled. Rule ${nameOf(active.id)} stays at priority ${priority(active.id)}.`,
    };
  }, [ids]);

  const accessibility = useMemo(
    () => ({ announcements, screenReaderInstructions: SCREEN_READER_INSTRUCTIONS }),
    [announcements],
  );

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      if (!over || active.id === over.id) return;
      const to = ids.indexOf(String(over.id)) + 1;
      if (to > 0) RULE_LIST_ACTIONS.moveTo.run(ctx, { id: String(active.id), priority: to, silent: true });
    },
    [ids, ctx],
  );

  const onSelect = useCallback(
    (id: string) => {
      selectRule(id);
      onOpenRule?.(id);
    },
    [selectRule, onOpenRule],
  );
  const addBlank = useCallback(() => RULE_LIST_ACTIONS.addBlank.run(ctx), [ctx]);

  // The sortable list as one memoised element: a keystroke in the editor re-renders this panel (the
  // what-if follows the rule set) but changes none of these, so React skips the 200 rows and dnd-kit's
  // contexts do not change (a context change walks every row).
  const sortableList = useMemo(
    () => (
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={MODIFIERS}
        onDragEnd={onDragEnd}
        accessibility={accessibility}
      >
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ol ref={listRef} className={styles.list} aria-label="Rules in priority order">
            {ids.map((id, index) =>
              visible && !visible.has(id) ? null : (
                <RuleRow
                  key={id}
                  id={id}
                  position={index + 1}
                  total={ids.length}
                  onSelect={onSelect}
                  outcome={outcomes.get(id)}
                  checked={liveChecked.has(id)}
                  onCheck={onCheck}
                  reorderable={!filtering}
                />
              ),
            )}
          </ol>
        </SortableContext>
      </DndContext>
    ),
    [sensors, onDragEnd, accessibility, ids, visible, onSelect, outcomes, liveChecked, onCheck, filtering, styles.list],
  );

  return (
    <RuleListActionContext.Provider value={ctx}>
    <div className={styles.root}>
      <div className={styles.header}>
        <h2 className={styles.title}>
          Rules <Text size={300} weight="regular">({ids.length})</Text>
        </h2>
        <Button className={styles.headerButton} icon={<Sparkle20Regular />} onClick={onOpenTemplates}>
          Templates
        </Button>
        {/* One primary action on screen: in the empty state it is "Start from a template". */}
        <Button className={styles.headerButton} appearance={ids.length === 0 ? 'secondary' : 'primary'} icon={<Add20Regular />} onClick={addBlank}>
          Add rule
        </Button>
      </div>
      {ids.length === 0 ? (
        <div className={styles.empty}>
          <DocumentAdd20Regular className={styles.emptyIcon} aria-hidden />
          <Text size={400} weight="semibold">
            No rules yet
          </Text>
          <Text>
            With no rules every connection is allowed. Start from a proven template, such as protecting remote
            PowerShell and locking down the admin center, or build a rule from scratch.
          </Text>
          <div className={styles.emptyActions}>
            <Button appearance="primary" icon={<Sparkle20Regular />} onClick={onOpenTemplates}>
              Start from a template
            </Button>
            <Button icon={<Add20Regular />} onClick={addBlank}>
              Add a blank rule
            </Button>
          </div>
        </div>
      ) : (
        <>
          <div className={styles.tools} role="search" aria-label="Find rules">
            <SearchBox
              className={styles.search}
              size="small"
              placeholder="Search name, protocol, address, finding"
              aria-label="Search rules"
              value={query}
              onChange={(_, data) => setQuery(data.value)}
            />
            <Select className={styles.kind} size="small" aria-label="Show" value={kind} onChange={(_, data) => setKind(data.value as RuleKindFilter)}>
              {(Object.keys(RULE_KIND_FILTER_LABELS) as RuleKindFilter[]).map((k) => (
                <option key={k} value={k}>
                  {RULE_KIND_FILTER_LABELS[k]}
                </option>
              ))}
            </Select>
          </div>
          {liveChecked.size > 0 ? (
            <div className={styles.bulk} role="toolbar" aria-label="Selected rules">
              <Checkbox
                checked={allShownChecked ? true : 'mixed'}
                onChange={() => setChecked(allShownChecked ? new Set() : new Set(shownIds))}
                aria-label={allShownChecked ? 'Clear the selection' : 'Select every shown rule'}
              />
              <Text className={styles.bulkCount}>{liveChecked.size} selected</Text>
              <Button size="small" onClick={() => runBulk('enableSelected')}>
                {RULE_LIST_ACTIONS.enableSelected.label}
              </Button>
              <Button size="small" onClick={() => runBulk('disableSelected')}>
                {RULE_LIST_ACTIONS.disableSelected.label}
              </Button>
              <Button size="small" onClick={() => runBulk('moveSelectedToTop')}>
                {RULE_LIST_ACTIONS.moveSelectedToTop.label}
              </Button>
              <Button size="small" onClick={() => runBulk('moveSelectedToBottom')}>
                {RULE_LIST_ACTIONS.moveSelectedToBottom.label}
              </Button>
              <Button size="small" onClick={() => runBulk('deleteSelected')}>
                {RULE_LIST_ACTIONS.deleteSelected.label}
              </Button>
            </div>
          ) : (
            <Text size={200} className={styles.hint}>
              {filtering
                ? `${shownIds.length} of ${ids.length} rules match. Clear the search to reorder.`
                : 'Evaluated top to bottom; the first matching enabled rule decides. Drag a handle, or focus it and press Space, to reorder.'}
            </Text>
          )}
          {sortableList}
        </>
      )}
      <Suspense fallback={null}>
        <UndoToaster onReady={onToasterReady} />
      </Suspense>
      <div className={styles.liveRegion} aria-live="polite" role="status">
        {announcement}
      </div>
    </div>
    </RuleListActionContext.Provider>
  );
}

