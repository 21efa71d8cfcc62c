import { checkImported, importText } from '../../core/import/import-text.ts';
import type { LintFinding, Profile, RuleSet, SourceFinding } from '../../core/model/types.ts';
import type { SuppliedVariables, UnresolvedVariable } from '../../core/powershell/script-variables.ts';

/** What the import worker reports while it works: a stage, for the progress bar and its label. */
export interface ImportProgress {
  stage: 'received' | 'parsing' | 'done';
  /** Size of the input in characters. */
  size: number;
}

export interface ImportJobOptions {
  baseline?: RuleSet;
  profile?: Profile;
  /** Values for the variables a script leaves open. */
  variables?: SuppliedVariables;
}

/** The result of an import as the UI needs it (the parsed commands stay in the worker; only their count is sent). */
export interface ImportJobResult {
  format: ReturnType<typeof importText>['format'];
  ruleSet: RuleSet;
  findings: SourceFinding[];
  /** The linter's findings for the imported rules under the project's profile: what the design view shows after Replace. */
  lint: LintFinding[];
  commandCount: number;
  /** The variables the script still leaves open, each with where it is used. */
  variables: UnresolvedVariable[];
}

/**
 * Runs core `importText` and reports progress. Kept apart from the worker entry so it can be tested
 * without a worker; the UI always runs it in the import worker.
 */
export function runImportJob(text: string, options: ImportJobOptions = {}, onProgress?: (progress: ImportProgress) => void): ImportJobResult {
  const size = text.length;
  onProgress?.({ stage: 'received', size });
  onProgress?.({ stage: 'parsing', size });
  const result = importText(text, options);
  onProgress?.({ stage: 'done', size });
  return {
    format: result.format,
    ruleSet: result.ruleSet,
    findings: result.findings,
    lint: checkImported(result.ruleSet, options.profile),
    commandCount: result.commands.length,
    variables: result.variables,
  };
}
