/**
 * One Client Access Rule command's arguments bound to its parameters (spec 8): `-Name value`,
 * `-Name:value`, switches, the positional parameter, `@splat`, each value converted to its type
 * (`convert.ts`), required parameters checked, and the `# Test N:` / `# expect:` comments of a
 * `Test-ClientAccessRule` read through `test-comments.ts`. The one place a command's type is decided.
 *
 * Decisions:
 * - A command Exchange would reject (unknown or ambiguous parameter, a value given twice, a missing
 *   required parameter or value) is reported and left out: running the script would change nothing.
 * - A command with open values is kept as a `PendingCommand`, with an error that names the values.
 * - Lines pasted from documents that break a command without a backtick are read as one command
 *   when the next line plainly continues it, with a warning (seed 001); a blank line ends it.
 * - A splatted key whose value is a parameter of a function nobody calls, and which the cmdlet does
 *   not take, is read as not passed (an info finding): the script only works that way.
 */
import type { Action } from '../../model/types.ts';
import { tokenizePowerShell, type Token } from '../tokenizer.ts';
import { readExpectedComment, readTestNameComment } from '../test-comments.ts';
import type { VariableUse } from '../script-variables.ts';
import { CMDLET_BY_LOWER, KEYWORDS, resolveParam, type CmdletSpec, type ParamSpec } from './catalogue.ts';
import { convertValue } from './convert.ts';
import { argument, expression } from './expressions.ts';
import type { CmdletName, ParsedCommand } from './parsed-command.ts';
import { Reader } from './reader-state.ts';
import { describeValue, type At, type Value } from './values.ts';

/**
 * Reads one command's arguments. Returns null (with findings) when Exchange would reject the command
 * or a value cannot be resolved: such a command creates or changes nothing.
 */
export function readCommand(r: Reader, spec: CmdletSpec, cmdTok: Token, piped: boolean): ParsedCommand | null {
  const raw = new Map<string, { value: Value | null; at: At; param: ParamSpec }>();
  let ok = true;
  let positionalUsed = false;
  let lastLine = cmdTok.line;
  const fail = (at: At, message: string): void => {
    r.add(at, 'error', message);
    ok = false;
  };
  const bind = (param: ParamSpec, value: Value | null, at: At): void => {
    if (raw.has(param.name)) {
      fail(at, `-${param.name} is given more than once; PowerShell rejects the command.`);
      return;
    }
    raw.set(param.name, { value, at, param });
  };

  for (;;) {
    let tok = r.peek();
    if (tok?.kind === 'newline' && continuesWithoutBacktick(r, spec)) {
      tok = r.peek();
    }
    if (tok === undefined || r.atStatementEnd(tok) || tok.kind === 'pipe' || tok.kind === 'rbrace' || tok.kind === 'rparen') break;
    lastLine = tok.line;
    if (tok.kind === 'parameter') {
      r.pos += 1;
      const param = bindParameter(r, spec, tok.text, tok);
      if (param === null) {
        ok = false;
        // Unknown parameter: take the value after it too, so it is not reported again as positional.
        if (tok.colon ? !r.atStatementEnd(r.peek()) : r.valueFollows()) argument(r, true);
        continue;
      }
      if (tok.colon) {
        if (r.atStatementEnd(r.peek())) {
          raw.set(param.name, { value: null, at: tok, param });
          fail(tok, `-${param.name}: needs a value right after the colon.`);
          continue;
        }
        bind(param, argument(r, true), tok);
        continue;
      }
      if (param.type === 'switch' || param.type === 'ignored-switch') {
        bind(param, { kind: 'bool', value: true, line: tok.line, column: tok.column }, tok);
        continue;
      }
      if (!r.valueFollows()) {
        if (r.peek()?.kind === 'newline' && continuesWithoutBacktick(r, spec, true)) {
          bind(param, argument(r, true), tok);
          continue;
        }
        raw.set(param.name, { value: null, at: tok, param });
        fail(tok, `-${param.name} needs a value, but none follows${r.peek()?.kind === 'parameter' ? ` (the next thing is -${r.peek()?.text})` : ''}. The value was probably lost when the command was copied.`);
        continue;
      }
      bind(param, argument(r, true), tok);
      continue;
    }
    if (tok.kind === 'splat') {
      r.pos += 1;
      const value = r.variables.get(tok.text.toLowerCase());
      if (value === undefined) {
        fail(tok, `@${tok.text} splats a variable that is not assigned earlier in this script.`);
        continue;
      }
      if (value.kind !== 'hashtable') {
        fail(tok, `@${tok.text} is not a hashtable assigned in this script (${value.kind === 'unresolved' ? value.message : 'it holds a list or text'}); it cannot be splatted statically.`);
        continue;
      }
      for (const entry of value.entries) {
        if (entry.value.kind === 'variable' && entry.value.fromCaller && !resolveParam(spec, entry.key).ok) {
          // A parameter of the function left to its caller: the command only works when it is not passed.
          r.note(entry, `@${tok.text} would pass -${entry.key}, which ${spec.name} does not take: read as not passed (the script works only when no value is given for $${entry.value.name}).`);
          continue;
        }
        const param = bindParameter(r, spec, entry.key, entry);
        if (param === null) {
          ok = false;
          continue;
        }
        bind(param, entry.value, entry);
      }
      continue;
    }
    // A positional argument.
    const at: At = tok;
    const value = argument(r, true);
    if (spec.positional && !positionalUsed && !piped) {
      positionalUsed = true;
      const param = spec.params.find((p) => p.name === spec.positional) as ParamSpec;
      bind(param, value, at);
      continue;
    }
    fail(at, `Unexpected value ${describeValue(value)}: ${spec.name} takes no further positional argument here. Is a parameter name missing in front of it?`);
  }

  const params: Record<string, unknown> = {};
  const uses: VariableUse[] = [];
  for (const [name, entry] of raw) {
    const converted = convertValue(r, spec, entry.param, entry.value, entry.at);
    if (!converted.ok) {
      ok = false;
      continue;
    }
    if (converted.skip) continue;
    if (converted.uses) uses.push(...converted.uses);
    params[name] = converted.value;
  }
  const required = piped ? spec.required.filter((r) => r !== 'Identity') : spec.required;
  for (const name of required) {
    if (!raw.has(name)) {
      fail(cmdTok, `${spec.name} needs -${name}${name === 'Name' || name === 'Identity' ? ' (or the name as the first value after the cmdlet)' : ''}; without it Exchange prompts for it, so the command is not imported.`);
    }
  }
  if (!ok) {
    r.add(cmdTok, 'error', `${spec.name} on line ${cmdTok.line} is not imported: Exchange would reject it or it cannot be read statically (see the findings that follow). Fix them and import again.`);
    return null;
  }
  // The one place a command's type is decided: every value was converted to its parameter's type
  // above and the required parameters are present, so the result is the typed command of its cmdlet.
  const command: { cmdlet: CmdletName; params: Record<string, unknown>; line: number; column: number; unresolved?: VariableUse[]; expected?: Action; testName?: string } = {
    cmdlet: spec.name,
    params,
    line: cmdTok.line,
    column: cmdTok.column,
  };
  if (uses.length > 0) {
    command.unresolved = uses;
    const open = [...new Set(uses.map((u) => u.variable))];
    r.add(cmdTok, 'error', `${spec.name} on line ${cmdTok.line} is kept but not applied until ${open.join(', ')} ${open.length === 1 ? 'has a value' : 'have values'}: give ${open.length === 1 ? 'it' : 'them'} and the script is read again.`);
  }
  if (spec.name === 'Test-ClientAccessRule') {
    const expected = expectComment(r, cmdTok.line, lastLine);
    if (expected) command.expected = expected;
    const testName = testNameComment(r, cmdTok.line);
    if (testName !== undefined) command.testName = testName;
  }
  return command as ParsedCommand;
}

/**
 * The name in a `# Test 3: 'EAC from outside'` comment among the comment lines right above the command
 * (the generator's shape). The name is a PowerShell literal, possibly a `('a' + [char]0x202E)`
 * concatenation, read with the value reader; anything else gives no name.
 */
export function testNameComment(r: Reader, first: number): string | undefined {
  for (let line = first - 1; line >= 1 && line >= first - 10 && r.lineComment(line) !== undefined; line -= 1) {
    const comment = readTestNameComment(r.lineComment(line) as string);
    if (comment === undefined) continue;
    const probe = tokenizePowerShell(comment.literal);
    const reader = new Reader(probe.tokens, probe.comments);
    const value = expression(reader, false);
    return value.kind === 'string' && reader.atStatementEnd(reader.peek()) ? value.text : undefined;
  }
  return undefined;
}

/** `# expect: DenyAccess` on the command's lines or on the line just above it. */
export function expectComment(r: Reader, first: number, last: number): Action | undefined {
  for (let line = first - 1; line <= last; line += 1) {
    const comment = line < first ? r.lineComment(line) : r.comments.get(line);
    if (comment === undefined) continue;
    const expected = readExpectedComment(comment);
    if (expected) return expected;
  }
  return undefined;
}

/**
 * Text pasted from documents breaks commands across lines without a backtick (seed 001). PowerShell
 * would end the command at the line break; when the next line plainly continues it (it starts with a
 * parameter, or it holds the value of a parameter left without one), it is read as part of the command
 * and a warning says how to fix the script. A blank line always ends the command.
 */
export function continuesWithoutBacktick(r: Reader, spec: CmdletSpec, needsValue = false): boolean {
  const newline = r.peek() as Token;
  const next = r.peek(1);
  if (next === undefined) return false;
  let continues = next.kind === 'parameter';
  if (!continues && needsValue) {
    continues =
      (next.kind === 'string' || next.kind === 'array-start' || next.kind === 'variable' || next.kind === 'placeholder' || next.kind === 'bracket' || next.kind === 'scriptblock' || next.kind === 'hash-start' ||
        (next.kind === 'word' && !CMDLET_BY_LOWER.has(next.text.toLowerCase()) && !KEYWORDS.has(next.text.toLowerCase()) && !/^[A-Za-z]+-[A-Za-z]/.test(next.text)));
  }
  if (!continues) return false;
  r.add(next, 'warning', `Line ${next.line} continues ${spec.name} from line ${newline.line} without a backtick (\`) at the end of line ${newline.line}. PowerShell would run them as separate commands; it is read as one command here. Add the backtick or join the lines.`);
  r.pos += 1;
  return true;
}

export function bindParameter(r: Reader, spec: CmdletSpec, written: string, at: At): ParamSpec | null {
  const resolved = resolveParam(spec, written);
  if (resolved.ok) return resolved.param;
  r.add(at, 'error', resolved.message);
  return null;
}
