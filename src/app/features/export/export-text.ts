import { generateChangeScript, generateScript, generateTestCommands } from '../../../core/powershell/generate.ts';
import { generateRollbackScript, generateRolloutScript } from '../../../core/powershell/rollout.ts';
import { createRuleSet } from '../../../core/model/rule-set.ts';
import type { RuleSet } from '../../../core/model/types.ts';

export interface ExportOptions {
  /** Generate the change script against the baseline instead of the full script (when there is a baseline). */
  changesOnly: boolean;
  includeTests: boolean;
}

/**
 * The text the Export panel shows and saves: the full script (core `generateScript`) or the change
 * script against the baseline (core `generateChangeScript`), then the saved tests as
 * Test-ClientAccessRule lines (core `generateTestCommands`).
 */
export function exportScript(ruleSet: RuleSet, baseline: RuleSet | null, options: ExportOptions): string {
  const script = options.changesOnly && baseline ? generateChangeScript(baseline, ruleSet) : generateScript(ruleSet);
  if (!options.includeTests || ruleSet.tests.length === 0) return script;
  const tests = generateTestCommands(ruleSet.tests);
  return `${script.replace(/\n*$/, '\n')}\n# Saved test cases: each line should return the expected first rule (none = allowed).\n${tests.replace(/\n*$/, '\n')}`;
}

/** File name for the script download, e.g. `client-access-rules-changes.ps1`. */
export function scriptFileName(changesOnly: boolean): string {
  return changesOnly ? 'client-access-rules-changes.ps1' : 'client-access-rules.ps1';
}

/** File name of the project download. */
export const PROJECT_FILE_NAME = 'client-access-rules.carules.json';

/** What the Export page generates: the script (full or changes), a staged rollout, or its rollback. */
export type ExportMode = 'script' | 'rollout' | 'rollback';

/**
 * The staged rollout or the rollback script (core `generateRolloutScript` / `generateRollbackScript`)
 * from the baseline, or from "nothing deployed" when no baseline was imported. The saved tests are the
 * rollout's verification; they are not appended separately.
 */
export function stagedScript(ruleSet: RuleSet, baseline: RuleSet | null, mode: Exclude<ExportMode, 'script'>): string {
  const from = baseline ?? createRuleSet(ruleSet.profile);
  return mode === 'rollout' ? generateRolloutScript(from, ruleSet) : generateRollbackScript(from, ruleSet);
}

/** File name for a staged script download. */
export function stagedFileName(mode: Exclude<ExportMode, 'script'>): string {
  return mode === 'rollout' ? 'client-access-rules-rollout.ps1' : 'client-access-rules-rollback.ps1';
}
