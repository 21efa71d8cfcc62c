import {
  addRule,
  createRule,
  duplicateRule,
  moveRule,
  priorityOf,
  removeRule,
  setRuleEnabled,
  uniqueRuleName,
} from '../../../core/model/rule-set.ts';
import type { RuleSet } from '../../../core/model/types.ts';
import { useDesignStore } from '../../store/index.ts';

/**
 * The rule list's commands. Drag, keyboard and menu moves all end in `moveRule` through
 * `applyChange`, one undo step each.
 */
/** `kind: 'deleted'` lets the list offer Undo next to the message. */
type Announce = (message: string, kind?: 'moved' | 'deleted') => void;

let announce: Announce = () => undefined;

/** Where move and delete messages go (the list's polite live region), for screen-reader users. */
export function setAnnouncer(fn: Announce): void {
  announce = fn;
}

function announceMove(id: string): void {
  const set = useDesignStore.getState().ruleSet;
  const rule = set.rules.find((r) => r.id === id);
  if (rule) announce(`Rule ${rule.name || 'unnamed rule'} moved to priority ${priorityOf(set, id)}.`);
}

export function moveRuleTo(id: string, toPriority: number, silent = false): void {
  useDesignStore.getState().applyChange((s) => moveRule(s, id, toPriority));
  if (!silent) announceMove(id);
}

export function moveRuleBy(id: string, delta: number): void {
  useDesignStore.getState().applyChange((s) => moveRule(s, id, priorityOf(s, id) + delta));
  announceMove(id);
}

export function addBlankRule(): void {
  let createdId = '';
  useDesignStore.getState().applyChange((s) => {
    const rule = createRule({ name: uniqueRuleName(s, 'New rule') });
    createdId = rule.id;
    return addRule(s, rule);
  });
  useDesignStore.getState().selectRule(createdId);
}

export function duplicate(id: string): void {
  let copyId: string | null = null;
  useDesignStore.getState().applyChange((s) => {
    const next = duplicateRule(s, id);
    copyId = next.rules[priorityOf(s, id)]?.id ?? null;
    return next;
  });
  if (copyId) useDesignStore.getState().selectRule(copyId);
}

/**
 * Deletes a rule and selects its neighbour, so keyboard users keep their place. Returns the
 * neighbour's id (the rule now at the same position, else the new last one), or null.
 */
export function remove(id: string): string | null {
  const state = useDesignStore.getState();
  const index = priorityOf(state.ruleSet, id) - 1;
  const name = state.ruleSet.rules[index]?.name ?? '';
  let next: RuleSet = state.ruleSet;
  state.applyChange((s) => {
    next = removeRule(s, id);
    return next;
  });
  const neighbour = next.rules[Math.min(index, next.rules.length - 1)]?.id ?? null;
  if (state.selectedRuleId === id || state.selectedRuleId === null) state.selectRule(neighbour);
  announce(`Rule ${name || 'unnamed rule'} deleted.`, 'deleted');
  return neighbour;
}

export function setEnabled(id: string, enabled: boolean): void {
  useDesignStore.getState().applyChange((s) => setRuleEnabled(s, id, enabled));
}
