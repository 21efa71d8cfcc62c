import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
  Link,
  Text,
  Toast,
  ToastTitle,
  Toaster,
  makeStyles,
  tokens,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { Add20Regular, DocumentAdd20Regular, Sparkle20Regular } from '@fluentui/react-icons';
import { useDesignStore } from '../../store/index.ts';
import { useWhatIf } from '../../lib/what-if.ts';
import type { DesignStoreState } from '../../store/index.ts';
import { RuleRow } from './rule-row.tsx';
import { addBlankRule, moveRuleTo, setAnnouncer } from './rule-actions.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%' },
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
    flex: '1 1 auto',
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

function nameOf(id: string | number): string {
  const rule = useDesignStore.getState().ruleSet.rules.find((r) => r.id === id);
  return rule && rule.name.trim() !== '' ? rule.name : 'unnamed rule';
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
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    // The what-if's deciding rule is brought into view when the decision changes.
    if (decidingId) listRef.current?.querySelector(`[data-rule-id="${CSS.escape(decidingId)}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [decidingId]);
  const [announcement, setAnnouncement] = useState('');
  const moved = useRef(false);
  const toasterId = useId('rule-list-toaster');
  const { dispatchToast } = useToastController(toasterId);
  useEffect(() => {
    setAnnouncer((message, kind) => {
      if (kind !== 'deleted') {
        setAnnouncement(message);
        return;
      }
      // The toast is announced by Fluent's toaster; it offers the undo right where the admin looks.
      dispatchToast(
        <Toast>
          <ToastTitle
            action={
              <Link as="button" aria-label={`Undo: ${message}`} onClick={() => useDesignStore.getState().undo()}>
                Undo
              </Link>
            }
          >
            {message}
          </ToastTitle>
        </Toast>,
        { intent: 'info', timeout: 6000 },
      );
    });
    return () => setAnnouncer(() => undefined);
  }, [dispatchToast]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
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
      if (to > 0) moveRuleTo(String(active.id), to, true);
    },
    [ids],
  );

  const onSelect = useCallback(
    (id: string) => {
      selectRule(id);
      onOpenRule?.(id);
    },
    [selectRule, onOpenRule],
  );
  const addBlank = useCallback(() => {
    addBlankRule();
    setAnnouncement('New rule added at the end of the list.');
  }, []);

  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <h2 className={styles.title}>
          Rules <Text size={300} weight="regular">({ids.length})</Text>
        </h2>
        <Button className={styles.headerButton} icon={<Sparkle20Regular />} onClick={onOpenTemplates}>
          Templates
        </Button>
        <Button className={styles.headerButton} appearance="primary" icon={<Add20Regular />} onClick={addBlank}>
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
          <Text size={200} className={styles.hint}>
            Evaluated top to bottom; the first matching enabled rule decides. Drag a handle, or focus it and press
            Space, to reorder.
          </Text>
          <DndContext
            sensors={sensors}
            collisionDetection={closestCenter}
            modifiers={MODIFIERS}
            onDragEnd={onDragEnd}
            accessibility={accessibility}
          >
            <SortableContext items={ids} strategy={verticalListSortingStrategy}>
              <ol ref={listRef} className={styles.list} aria-label="Rules in priority order">
                {ids.map((id, index) => (
                  <RuleRow
                    key={id}
                    id={id}
                    position={index + 1}
                    total={ids.length}
                    onSelect={onSelect}
                    outcome={whatIf.governed ? whatIf.outcomes.get(id) : undefined}
                  />
                ))}
              </ol>
            </SortableContext>
          </DndContext>
        </>
      )}
      <Toaster toasterId={toasterId} position="bottom-start" />
      <div className={styles.liveRegion} aria-live="polite" role="status">
        {announcement}
      </div>
    </div>
  );
}

