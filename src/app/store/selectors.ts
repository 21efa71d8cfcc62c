import type { Connection, Profile, Rule, RuleSet } from '../../core/model/types.ts';
import type { EvaluationMode } from '../../core/evaluator/types.ts';
import type { ActiveView, DesignStoreState, ThemeName, UndoState } from './types.ts';

/** Module-level selectors: stable references, so components re-render only when their slice changes. */
export const selectRuleSet = (s: DesignStoreState): RuleSet => s.ruleSet;
export const selectRules = (s: DesignStoreState): Rule[] => s.ruleSet.rules;
export const selectProfile = (s: DesignStoreState): Profile => s.ruleSet.profile;
export const selectBaseline = (s: DesignStoreState): RuleSet | null => s.baseline;
export const selectSelectedRuleId = (s: DesignStoreState): string | null => s.selectedRuleId;
export const selectSelectedRule = (s: DesignStoreState): Rule | null =>
  s.selectedRuleId === null ? null : (s.ruleSet.rules.find((r) => r.id === s.selectedRuleId) ?? null);
export const selectConnection = (s: DesignStoreState): Connection => s.connection;
export const selectSimulationMode = (s: DesignStoreState): EvaluationMode => s.simulationMode;
export const selectTheme = (s: DesignStoreState): ThemeName => s.theme;
export const selectActiveView = (s: DesignStoreState): ActiveView => s.activeView;

/** Lookup tables of `selectRuleById`, one per rules array (arrays are never mutated, so it stays right). */
const rulesById = new WeakMap<Rule[], Map<string, Rule>>();

/** A rule by id, through a table built once per rules array and shared by every caller (each list row). */
export function selectRuleById(s: DesignStoreState, id: string): Rule | undefined {
  let map = rulesById.get(s.ruleSet.rules);
  if (!map) {
    map = new Map(s.ruleSet.rules.map((r) => [r.id, r]));
    rulesById.set(s.ruleSet.rules, map);
  }
  return map.get(id);
}

/** Selectors over the undo history; use them with `useUndoState`. */
export const selectCanUndo = (s: UndoState): boolean => s.pastStates.length > 0;
export const selectCanRedo = (s: UndoState): boolean => s.futureStates.length > 0;
