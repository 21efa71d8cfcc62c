/**
 * The rule editor's action registry: every way the editor changes the rule set (the fields, the
 * recipient filter's builder and text, the notes, a finding's fix) dispatches one of these.
 *
 * Undo: typing in a text field is one step per field and rule (the caller names the field in
 * `coalesceKey`, e.g. `name:<ruleId>`); switches, pickers and lists are one step per change; a fix is
 * one step.
 */
import { applyFix } from '../../../core/lint/fix.ts';
import { setRuleNote, updateRule } from '../../../core/model/rule-set.ts';
import type { LintFinding, Rule, RuleNoteField } from '../../../core/model/types.ts';
import { changeRuleSet, type FeatureAction } from '../../lib/actions.ts';

type RulePatch = Partial<Omit<Rule, 'id'>>;

export const RULE_EDITOR_ACTIONS = {
  update: {
    label: 'Edit rule',
    core: 'updateRule',
    undoKey: ({ coalesceKey }) => coalesceKey,
    run: (ctx, params) => changeRuleSet(ctx, RULE_EDITOR_ACTIONS.update, params, (s) => updateRule(s, params.id, params.patch)),
  } satisfies FeatureAction<{ id: string; patch: RulePatch; coalesceKey?: string }>,

  setRecipientFilter: {
    label: 'Edit recipient filter',
    core: 'updateRule',
    undoKey: ({ coalesceKey }) => coalesceKey,
    run: (ctx, params) =>
      changeRuleSet(ctx, RULE_EDITOR_ACTIONS.setRecipientFilter, params, (s) => updateRule(s, params.id, { userRecipientFilter: params.filter })),
  } satisfies FeatureAction<{ id: string; filter: string; coalesceKey?: string }>,

  setNote: {
    label: 'Edit note',
    core: 'setRuleNote',
    undoKey: ({ id, field }) => `note-${field}:${id}`,
    run: (ctx, params) => changeRuleSet(ctx, RULE_EDITOR_ACTIONS.setNote, params, (s) => setRuleNote(s, params.id, params.field, params.value)),
  } satisfies FeatureAction<{ id: string; field: RuleNoteField; value: string }>,

  /** The label shown is the fix's own (`describeFix`); this one names the action. */
  applyFix: {
    label: 'Fix',
    core: 'applyFix',
    run: (ctx, params) => changeRuleSet(ctx, RULE_EDITOR_ACTIONS.applyFix, params, (s) => applyFix(s, params.finding)),
  } satisfies FeatureAction<{ finding: LintFinding }>,
};
