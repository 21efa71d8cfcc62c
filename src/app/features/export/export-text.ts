import { generateChangeScript, generateScript, generateTestCommands } from '../../../core/powershell/generate.ts';
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
