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
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, DocumentAdd20Regular, Sparkle20Regular } from '@fluentui/react-icons';
import type { Rule } from '../../../core/model/types.ts';
import { selectRules, selectSelectedRuleId, useDesignStore } from '../../store/index.ts';
import { useLint } from '../../lib/use-lint.ts';
import { RuleRow } from './rule-row.tsx';
import { addBlankRule, moveRuleTo, setAnnouncer } from './rule-actions.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, flex: '1 1 auto' },
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

export interface RuleListPanelProps {
  /** Opens the template gallery (owned by the shell, so features stay independent). */
  onOpenTemplates: () => void;
}

function nameOf(rules: Rule[], id: string | number): string {
  const rule = rules.find((r) => r.id === id);
  return rule && rule.name.trim() !== '' ? rule.name : 'unnamed rule';
}

/** The rules in priority order, with drag-and-drop, keyboard and menu reordering. */
export function RuleListPanel({ onOpenTemplates }: RuleListPanelProps) {
  const styles = useStyles();
  const rules = useDesignStore(selectRules);
  const selectedId = useDesignStore(selectSelectedRuleId);
  const selectRule = useDesignStore((s) => s.selectRule);
  const { byRule } = useLint();
  const ids = useMemo(() => rules.map((r) => r.id), [rules]);
  const rulesRef = useRef(rules);
  rulesRef.current = rules;
  const [announcement, setAnnouncement] = useState('');
  const moved = useRef(false);
  useEffect(() => {
    setAnnouncer(setAnnouncement);
    return () => setAnnouncer(() => undefined);
  }, []);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const announcements = useMemo<Announcements>(() => {
    const priority = (id: string | number | undefined) => (id === undefined ? 0 : ids.indexOf(String(id)) + 1);
    return {
      onDragStart: ({ active }) => {
        moved.current = false;
        return `Picked up rule ${nameOf(rulesRef.current, active.id)} at priority ${priority(active.id)}. Use the arrow keys to move it, Space or Enter to drop it, Escape to cancel.`;
      },
      onDragOver: ({ active, over }) => {
        // dnd-kit reports the start position as a first "over"; keep the pick-up instructions audible.
        if (!over || (!moved.current && over.id === active.id)) return undefined;
        moved.current = true;
        return `Rule ${nameOf(rulesRef.current, active.id)} moved to priority ${priority(over.id)}.`;
      },
      onDragEnd: ({ active, over }) =>
        over
          ? `Rule ${nameOf(rulesRef.current, active.id)} moved to priority ${priority(over.id)}.`
          : `Rule ${nameOf(rulesRef.current, active.id)} dropped; its priority is unchanged.`,
      onDragCancel: ({ active }) =>
        `Moving cancelled. Rule ${nameOf(rulesRef.current, active.id)} stays at priority ${priority(active.id)}.`,
    };
  }, [ids]);

  const onDragEnd = useCallback(
    ({ active, over }: DragEndEvent) => {
      if (!over || active.id === over.id) return;
      const to = ids.indexOf(String(over.id)) + 1;
      if (to > 0) moveRuleTo(String(active.id), to, true);
    },
    [ids],
  );

  const onSelect = useCallback((id: string) => selectRule(id), [selectRule]);
  const addBlank = useCallback(() => {
    addBlankRule();
    setAnnouncement('New rule added at the end of the list.');
  }, []);

  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <h2 className={styles.title}>
          Rules <Text size={300} weight="regular">({rules.length})</Text>
        </h2>
        <Button icon={<Sparkle20Regular />} onClick={onOpenTemplates}>
          Templates
        </Button>
        <Button appearance="primary" icon={<Add20Regular />} onClick={addBlank}>
          Add rule
        </Button>
      </div>
      {rules.length === 0 ? (
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
            modifiers={[verticalOnly]}
            onDragEnd={onDragEnd}
            accessibility={{
              announcements,
              screenReaderInstructions: {
                draggable:
                  'To reorder a rule, press Space or Enter to pick it up, use the up and down arrow keys to move it, then press Space or Enter to drop it, or Escape to cancel.',
              },
            }}
          >
            <SortableContext items={ids} strategy={verticalListSortingStrategy}>
              <ol className={styles.list} aria-label="Rules in priority order">
                {rules.map((rule, index) => (
                  <RuleRow
                    key={rule.id}
                    rule={rule}
                    position={index + 1}
                    total={rules.length}
                    selected={rule.id === selectedId}
                    findings={byRule.get(rule.id) ?? EMPTY}
                    onSelect={onSelect}
                  />
                ))}
              </ol>
            </SortableContext>
          </DndContext>
        </>
      )}
      <div className={styles.liveRegion} aria-live="polite" role="status">
        {announcement}
      </div>
    </div>
  );
}

const EMPTY: never[] = [];
