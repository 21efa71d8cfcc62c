/**
 * Reads Client Access Rule scripts (spec 8) into commands with canonical parameter names and typed
 * values. What cannot be resolved statically is reported with line and column, never guessed; values
 * the script leaves open (parameters, variables it never assigns) are kept as `{ variable: '$name' }`
 * for the admin to supply.
 *
 * The entry point only: the reader's parts, one job each, are in `reader/` (see its CONTEXT.md):
 * statements (`statements.ts`), control flow (`control-flow.ts`, `conditions.ts`), values
 * (`expressions.ts`), functions and parameters (`functions.ts`), pipelines (`pipeline.ts`), one
 * command's binding (`command.ts`), the shared state (`reader-state.ts`), the catalogue of cmdlets,
 * the conversion to parameter types and the typed `ParsedCommand`.
 */
import type { SourceFinding } from '../model/types.ts';
import { tokenizePowerShell } from './tokenizer.ts';
import type { SuppliedVariables, UnresolvedVariable } from './script-variables.ts';
import type { ParsedCommand } from './reader/parsed-command.ts';
import { newShared, Reader } from './reader/reader-state.ts';
import { runScript } from './reader/statements.ts';

export type { SuppliedVariables, UnresolvedVariable, VariableRef, VariableUse } from './script-variables.ts';
export type {
  CmdletName,
  GetRuleCommand,
  ListEdit,
  NewRuleCommand,
  ParsedCommand,
  PendingCommand,
  RemoveRuleCommand,
  ResolvedCommand,
  SetRuleCommand,
  TestRuleCommand,
} from './reader/parsed-command.ts';
export { isPending } from './reader/parsed-command.ts';

export interface ParseResult {
  commands: ParsedCommand[];
  findings: SourceFinding[];
  /** Every variable the script leaves open, with where it is used, in order of first use. */
  variables: UnresolvedVariable[];
}

export interface ParseOptions {
  /** Values for the variables the script leaves open (see `script-variables.ts`). */
  variables?: SuppliedVariables;
}

/**
 * Reads a PowerShell script into Client Access Rule commands (spec 8).
 *
 * Accepts what real scripts contain: backtick continuations, comments, typographic quotes and dashes,
 * any-case cmdlet and parameter names, unambiguous parameter prefixes, positional `Name` (New) or
 * `Identity` (Set/Remove/Get), `$true`/`$false`/`$null`, `-Param:value`, lists with or without `@()`,
 * `@{Add=…;Remove=…}`, script blocks and both quote forms for `-UserRecipientFilter`, variables and
 * splatted hashtables assigned earlier in the script, `('a' + [char]0x202E + 'b')` concatenations,
 * `Get-ClientAccessRule 'x' | Set-/Remove-ClientAccessRule` pipelines, and lines pasted from documents
 * that break a command without a backtick (read as one command, with a warning).
 *
 * Parameterised scripts: hashtables built with `@{…}`, `.Add`, `.Remove`, `['k'] = …`, `.k = …` and
 * `+= @{…}`, then splatted (`-Confirm:$false` included); lists built with `@(…)`, `,` and `+=`;
 * `param(…)` defaults (script and function level); functions the script calls (their arguments bound)
 * or never calls (read with their parameters open, `$PSBoundParameters` as a DSC resource gets it);
 * rule objects from `$r = Get-ClientAccessRule 'x'` or `New-ClientAccessRule`, piped or as `$r.Name`.
 * A value the script leaves open (a parameter without default, a variable never assigned, a value from
 * another command) keeps the command as a `PendingCommand` with `{ variable: '$name' }` and a finding
 * per use; `options.variables` supplies such values (see `script-variables.ts`).
 *
 * A command Exchange would reject (unknown or ambiguous parameter, invalid enum value, missing value or
 * required parameter, a placeholder or something that cannot be resolved statically) is reported with
 * line and column and left out, as running the script would create or change nothing for it. Other
 * cmdlets are skipped with an info finding. Commands inside `if`/`elseif`/`else`, `foreach`, `try`/
 * `catch`/`finally`, `switch` and `& { }` are read (`reader/control-flow.ts`): a condition the script's
 * values decide is followed; one it cannot decide is assumed to hold, with a warning at its keyword
 * that quotes it. `for`, `while` and `do` loops are skipped with a finding. Never throws.
 *
 * @example parseScript("New-ClientAccessRule 'Block OWA' -Action deny -AnyOfProtocols OutlookWebApp").commands[0]
 * // { cmdlet: 'New-ClientAccessRule', params: { Name: 'Block OWA', Action: 'DenyAccess', AnyOfProtocols: ['OutlookWebApp'] }, line: 1, column: 1 }
 */
export function parseScript(text: string, options: ParseOptions = {}): ParseResult {
  try {
    const { tokens, comments, findings } = tokenizePowerShell(text);
    const parser = new Reader(tokens, comments, newShared(options.variables), undefined, text);
    runScript(parser);
    // A function called twice reports the problems of its body once.
    const seen = new Set<string>();
    const all = [...findings, ...parser.findings]
      .filter((f) => {
        const key = `${f.line}:${f.column}:${f.severity}:${f.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);
    return { commands: parser.commands, findings: all, variables: [...parser.openVariables()] };
  } catch (error) {
    return {
      variables: [],
      commands: [],
      findings: [{ line: 1, column: 1, severity: 'error', message: `The script could not be read: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
}
