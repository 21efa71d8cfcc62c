/**
 * Pipelines: `Get-ClientAccessRule 'x' | Set-ClientAccessRule …`, `$rule | Remove-ClientAccessRule`,
 * or one command alone. The piped rule is bound as the next command's `-Identity`.
 *
 * Decisions:
 * - Only the output of `Get-ClientAccessRule` (or a rule object read earlier) is piped into a
 *   command; `Where-Object`/`ForEach-Object` filtering cannot be evaluated, so what follows it is
 *   skipped with a warning, as is a Get without an identity (it would pipe every rule).
 * - A `Get-ClientAccessRule` is kept (it changes nothing) only when it stands alone.
 */
import type { Token } from '../tokenizer.ts';
import { isVariableRef, type VariableUse } from '../script-variables.ts';
import { CMDLET_BY_LOWER } from './catalogue.ts';
import { readCommand } from './command.ts';
import { variableValue } from './expressions.ts';
import type { ParsedCommand } from './parsed-command.ts';
import type { Reader } from './reader-state.ts';
import { short } from './values.ts';

/** `Get-ClientAccessRule "x" | Set-ClientAccessRule …`, or one command. */
export function pipeline(r: Reader): void {
  const stages: { command: ParsedCommand | null; tok: Token }[] = [];
  const head = r.peek();
  if (head?.kind === 'variable') {
    // `$rule | Set-ClientAccessRule …`: a rule object read earlier in the script.
    r.pos += 1;
    const value = variableValue(r, head);
    if (value.kind === 'rule') {
      stages.push({ command: { cmdlet: 'Get-ClientAccessRule', params: { Identity: value.identity }, line: head.line, column: head.column }, tok: head });
    } else {
      const mentions = r.tokens.slice(r.pos, r.pos + 3).some((t) => /ClientAccessRule/i.test(t.text));
      const message = `Skipped a pipeline from $${head.text}: it does not hold a rule read with Get-ClientAccessRule 'name' or made with New-ClientAccessRule earlier in this script.`;
      if (mentions) r.add(head, 'warning', message);
      else r.note(head, message);
      r.skipStatement();
      return;
    }
    r.pos += 1; // `|`
    r.skipNewlines();
  }
  for (;;) {
    const tok = r.peek();
    if (tok === undefined || tok.kind !== 'word') {
      if (tok) r.add(tok, 'warning', `Skipped the rest of this pipeline from "${short(tok.text)}": it is not a command that can be read statically.`);
      r.skipStatement();
      break;
    }
    const spec = CMDLET_BY_LOWER.get(tok.text.toLowerCase());
    if (!spec) {
      const where = /^(where|where-object|foreach-object|%|\?)$/i.test(tok.text);
      if (where) r.add(tok, 'warning', `Skipped the pipeline through "${tok.text}": filtering cannot be evaluated statically, so the commands after it are not read.`);
      else r.note(tok, `Skipped "${short(tok.text)}" in a pipeline: not a Client Access Rule command.`);
      r.skipStatement();
      stages.push({ command: null, tok });
      break;
    }
    r.pos += 1;
    stages.push({ command: readCommand(r, spec, tok, stages.length > 0), tok });
    if (r.peek()?.kind === 'pipe') {
      r.pos += 1;
      while (r.peek()?.kind === 'newline') r.pos += 1;
      continue;
    }
    break;
  }
  const commands = linkPipeline(r, stages);
  r.commands.push(...commands);
}

export function linkPipeline(r: Reader, stages: { command: ParsedCommand | null; tok: Token }[]): ParsedCommand[] {
  const out: ParsedCommand[] = [];
  let identity: unknown;
  let identityUses: VariableUse[] = [];
  let fromGet = false;
  let broken = false;
  for (let s = 0; s < stages.length; s += 1) {
    const stage = stages[s] as { command: ParsedCommand | null; tok: Token };
    const cmd = stage.command;
    if (s === 0) {
      if (cmd) {
        out.push(cmd);
        if (cmd.cmdlet === 'Get-ClientAccessRule') {
          fromGet = true;
          identity = cmd.params.Identity;
          identityUses = cmd.unresolved ?? [];
        }
      } else {
        broken = true;
      }
      continue;
    }
    if (!cmd || broken) {
      broken = true;
      continue;
    }
    if (!fromGet) {
      r.add(stage.tok, 'warning', `Skipped ${cmd.cmdlet}: only output of Get-ClientAccessRule can be piped into it here.`);
      broken = true;
      continue;
    }
    if (cmd.cmdlet === 'Get-ClientAccessRule' || cmd.cmdlet === 'Test-ClientAccessRule') continue;
    if (isVariableRef(identity)) {
      const unresolved = [...identityUses, ...(cmd.unresolved ?? [])];
      out.push({ ...cmd, params: { Identity: identity, ...cmd.params }, unresolved } as ParsedCommand);
      continue;
    }
    if (typeof identity !== 'string') {
      r.add(stage.tok, 'warning', `Skipped ${cmd.cmdlet}: it receives every rule from Get-ClientAccessRule without an -Identity, which is not applied here. Name the rule: Get-ClientAccessRule 'Rule name' | ${cmd.cmdlet} …`);
      broken = true;
      continue;
    }
    if ('Identity' in cmd.params) {
      r.add(stage.tok, 'error', `Skipped ${cmd.cmdlet}: it receives a rule from the pipeline and also has -Identity.`);
      continue;
    }
    // Bound as -Identity, which the piped command was read without (its other values are checked).
    out.push({ ...cmd, params: { Identity: identity, ...cmd.params } } as ParsedCommand);
  }
  // Get is kept (it changes nothing) only when it stands alone.
  return stages.length > 1 && out[0]?.cmdlet === 'Get-ClientAccessRule' ? out.slice(1) : out;
}
