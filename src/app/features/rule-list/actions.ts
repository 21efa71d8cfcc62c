/**
 * The rule list's action registry: every way the list changes the rule set (buttons, the row menu,
 * keyboard shortcuts, drag and drop, the bulk toolbar) dispatches one of these. Each names what it
 * does, the core function it goes through, its menu label and shortcut, and its undo policy: every
 * action here is one undo step (`applyChange` without a coalesce key).
 *
 * Decisions: actions get their context (the store and the screen-reader announcer) as a parameter,
 * so the feature holds no module-level mutable state. Ids of created rules are the ones core reports
 * (`addNewRule`, `duplicateRuleWithId`, through `changeProject`), never guessed afterwards.
 */
import { moveRulesTo, removeRules, setRulesEnabled } from '../../../core/model/bulk.ts';
import { addNewRule, duplicateRuleWithId, moveRule, priorityOf, removeRule, setRuleEnabled } from '../../../core/model/rule-set.ts';
import { changeProject, type FeatureAction, type StoreContext } from '../../lib/actions.ts';

/** `kind: 'deleted'` lets the list offer Undo next to the message. */
export type Announce = (message: string, kind?: 'moved' | 'deleted') => void;

export interface ActionContext extends StoreContext {
  /** Where move and delete messages go (the list's live region or its undo toast). */
  announce: Announce;
}

/** The shape every feature's registry shares (`lib/actions.ts`), with the list's context. */
export type RuleListAction<P> = FeatureAction<P, ActionContext>;

function nameOf(ctx: ActionContext, id: string): string {
  const rule = ctx.store.getState().ruleSet.rules.find((r) => r.id === id);
  return rule && rule.name.trim() !== '' ? rule.name : 'unnamed rule';
}

function announceMove(ctx: ActionContext, id: string): void {
  const set = ctx.store.getState().ruleSet;
  if (set.rules.some((r) => r.id === id)) ctx.announce(`Rule ${nameOf(ctx, id)} moved to priority ${priorityOf(set, id)}.`);
}

const plural = (n: number) => `${n} rule${n === 1 ? '' : 's'}`;

export const RULE_LIST_ACTIONS = {
  addBlank: {
    label: 'Add rule',
    core: 'addNewRule',
    run: (ctx) => {
      const added = changeProject(ctx, RULE_LIST_ACTIONS.addBlank, undefined, (s) => addNewRule(s));
      if (added) ctx.store.getState().selectRule(added.id);
      ctx.announce('New rule added at the end of the list.');
    },
  } satisfies RuleListAction<void>,

  moveTo: {
    label: 'Move to priority',
    core: 'moveRule',
    run: (ctx, { id, priority, silent }) => {
      ctx.store.getState().applyChange((s) => moveRule(s, id, priority));
      if (!silent) announceMove(ctx, id);
    },
  } satisfies RuleListAction<{ id: string; priority: number; silent?: boolean }>,

  moveToTop: {
    label: 'Move to top',
    shortcut: 'Alt+Home',
    core: 'moveRule',
    run: (ctx, { id }) => RULE_LIST_ACTIONS.moveTo.run(ctx, { id, priority: 1 }),
  } satisfies RuleListAction<{ id: string }>,

  moveUp: {
    label: 'Move up',
    shortcut: 'Alt+ArrowUp',
    core: 'moveRule',
    run: (ctx, { id }) => {
      ctx.store.getState().applyChange((s) => moveRule(s, id, priorityOf(s, id) - 1));
      announceMove(ctx, id);
    },
  } satisfies RuleListAction<{ id: string }>,

  moveDown: {
    label: 'Move down',
    shortcut: 'Alt+ArrowDown',
    core: 'moveRule',
    run: (ctx, { id }) => {
      ctx.store.getState().applyChange((s) => moveRule(s, id, priorityOf(s, id) + 1));
      announceMove(ctx, id);
    },
  } satisfies RuleListAction<{ id: string }>,

  moveToBottom: {
    label: 'Move to bottom',
    shortcut: 'Alt+End',
    core: 'moveRule',
    run: (ctx, { id }) => RULE_LIST_ACTIONS.moveTo.run(ctx, { id, priority: ctx.store.getState().ruleSet.rules.length }),
  } satisfies RuleListAction<{ id: string }>,

  duplicate: {
    label: 'Duplicate',
    core: 'duplicateRuleWithId',
    run: (ctx, { id }) => {
      const copy = changeProject(ctx, RULE_LIST_ACTIONS.duplicate, { id }, (s) => duplicateRuleWithId(s, id));
      if (copy?.id) ctx.store.getState().selectRule(copy.id);
    },
  } satisfies RuleListAction<{ id: string }>,

  /** Deletes a rule and selects its neighbour (the rule now at the same position, else the new last one). */
  remove: {
    label: 'Delete',
    shortcut: 'Delete',
    core: 'removeRule',
    run: (ctx, { id }) => {
      const state = ctx.store.getState();
      const index = priorityOf(state.ruleSet, id) - 1;
      const name = nameOf(ctx, id);
      state.applyChange((s) => removeRule(s, id));
      const rules = ctx.store.getState().ruleSet.rules;
      const neighbour = rules[Math.min(index, rules.length - 1)]?.id ?? null;
      if (state.selectedRuleId === id || state.selectedRuleId === null) state.selectRule(neighbour);
      ctx.announce(`Rule ${name} deleted.`, 'deleted');
    },
  } satisfies RuleListAction<{ id: string }>,

  setEnabled: {
    label: 'Enabled',
    core: 'setRuleEnabled',
    run: (ctx, { id, enabled }) => ctx.store.getState().applyChange((s) => setRuleEnabled(s, id, enabled)),
  } satisfies RuleListAction<{ id: string; enabled: boolean }>,

  enableSelected: {
    label: 'Enable',
    core: 'setRulesEnabled',
    run: (ctx, { ids }) => {
      ctx.store.getState().applyChange((s) => setRulesEnabled(s, ids, true));
      ctx.announce(`${plural(ids.size)} enabled.`);
    },
  } satisfies RuleListAction<{ ids: ReadonlySet<string> }>,

  disableSelected: {
    label: 'Disable',
    core: 'setRulesEnabled',
    run: (ctx, { ids }) => {
      ctx.store.getState().applyChange((s) => setRulesEnabled(s, ids, false));
      ctx.announce(`${plural(ids.size)} disabled.`);
    },
  } satisfies RuleListAction<{ ids: ReadonlySet<string> }>,

  moveSelectedToTop: {
    label: 'Move to top',
    core: 'moveRulesTo',
    run: (ctx, { ids }) => {
      ctx.store.getState().applyChange((s) => moveRulesTo(s, ids, 'top'));
      ctx.announce(`${plural(ids.size)} moved to the top.`);
    },
  } satisfies RuleListAction<{ ids: ReadonlySet<string> }>,

  moveSelectedToBottom: {
    label: 'Move to bottom',
    core: 'moveRulesTo',
    run: (ctx, { ids }) => {
      ctx.store.getState().applyChange((s) => moveRulesTo(s, ids, 'bottom'));
      ctx.announce(`${plural(ids.size)} moved to the bottom.`);
    },
  } satisfies RuleListAction<{ ids: ReadonlySet<string> }>,

  deleteSelected: {
    label: 'Delete',
    core: 'removeRules',
    run: (ctx, { ids }) => {
      const state = ctx.store.getState();
      state.applyChange((s) => removeRules(s, ids));
      if (state.selectedRuleId && ids.has(state.selectedRuleId)) state.selectRule(null);
      ctx.announce(`${plural(ids.size)} deleted.`, 'deleted');
    },
  } satisfies RuleListAction<{ ids: ReadonlySet<string> }>,
};

/** The action a key press on a focused rule row dispatches, if any (the registry's shortcuts). */
export function shortcutAction(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): 'moveToTop' | 'moveUp' | 'moveDown' | 'moveToBottom' | 'remove' | null {
  if (event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const key = `${event.altKey ? 'Alt+' : ''}${event.key}`;
  for (const name of ['moveToTop', 'moveUp', 'moveDown', 'moveToBottom', 'remove'] as const) {
    if (RULE_LIST_ACTIONS[name].shortcut === key) return name;
  }
  return null;
}
