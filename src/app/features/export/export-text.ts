import { composeExportScript } from '../../../core/powershell/export-script.ts';
import { generateRollbackScript, generateRolloutScript } from '../../../core/powershell/rollout.ts';
import { createRuleSet } from '../../../core/model/rule-set.ts';
import type { RuleSet } from '../../../core/model/types.ts';

export interface ExportOptions {
  /** Generate the change script against the baseline instead of the full script (when there is a baseline). */
  changesOnly: boolean;
  includeTests: boolean;
}

/**
 * The text the Export panel shows and saves: core `composeExportScript`, the same composition the
 * command line's `export` prints (full or change script, then the saved tests).
 */
export function exportScript(ruleSet: RuleSet, baseline: RuleSet | null, options: ExportOptions): string {
  return composeExportScript(ruleSet, { baseline: options.changesOnly ? baseline : null, tests: options.includeTests ? ruleSet.tests : [] });
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
