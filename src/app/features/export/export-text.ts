import { composeExportScript } from '../../../core/powershell/export-script.ts';
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
