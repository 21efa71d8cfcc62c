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
export function moveRuleTo(id: string, toPriority: number): void {
  useDesignStore.getState().applyChange((s) => moveRule(s, id, toPriority));
}

export function moveRuleBy(id: string, delta: number): void {
  useDesignStore.getState().applyChange((s) => moveRule(s, id, priorityOf(s, id) + delta));
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

/** Deletes a rule and selects its neighbour, so keyboard users keep their place. */
export function remove(id: string): void {
  const state = useDesignStore.getState();
  const index = priorityOf(state.ruleSet, id) - 1;
  let next: RuleSet = state.ruleSet;
  state.applyChange((s) => {
    next = removeRule(s, id);
    return next;
  });
  if (state.selectedRuleId === id || state.selectedRuleId === null) {
    const neighbour = next.rules[Math.min(index, next.rules.length - 1)];
    state.selectRule(neighbour?.id ?? null);
  }
}

export function setEnabled(id: string, enabled: boolean): void {
  useDesignStore.getState().applyChange((s) => setRuleEnabled(s, id, enabled));
}
