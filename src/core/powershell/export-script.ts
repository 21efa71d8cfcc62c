/**
 * The one composition of the script an admin downloads, for the app's Export page and the command
 * line's `export`: the full script (or the change script from a baseline), then, when there are saved
 * tests, a blank line and the Test-ClientAccessRule commands with their own header. Both callers pass
 * the same options, so the same project gives the same bytes in either place.
 *
 * Decisions: the test section is `generateTestCommands`'s own output (its header says what the lines
 * do); width and non-ASCII handling apply to both parts; the text always ends with one newline.
 */
import type { RuleSet, TestCase } from '../model/types.ts';
import { generateChangeScript, generateScript, generateTestCommands, type GenerateOptions } from './generate.ts';

export interface ExportScriptOptions extends GenerateOptions {
  /** Deployed rules: when given, the change script from them to the draft instead of the full script. */
  baseline?: RuleSet | null;
  /** Tests to append as Test-ClientAccessRule commands. Default: the draft's saved tests; `[]` for none. */
  tests?: readonly TestCase[];
}

function endWithNewline(text: string): string {
  return text.replace(/\n*$/, '\n');
}

/**
 * The downloadable script for `draft`: `generateChangeScript(baseline, draft)` when a baseline is
 * given, else `generateScript(draft)`, followed by `generateTestCommands(tests)` after a blank line when
 * there are tests. No tests: the script alone.
 *
 * @example composeExportScript(set, { baseline: deployed, tests: [] }) // the change script only
 */
export function composeExportScript(draft: RuleSet, options: ExportScriptOptions = {}): string {
  const { baseline, tests = draft.tests, ...generate } = options;
  const script = endWithNewline(baseline ? generateChangeScript(baseline, draft, generate) : generateScript(draft, generate));
  if (tests.length === 0) return script;
  return `${script}\n${endWithNewline(generateTestCommands(tests, generate))}`;
}
