/**
 * The statement reader: the script's statements one by one, each dispatched to the part that reads
 * it: assignments (`$x = …`, `$x += …`, `$rule = Get-ClientAccessRule 'x'`), hashtable and list edits
 * (`$p.Add`, `$p.Remove`, `$p['k'] = …`, `$p.k = …`), `function` and `param(…)`, calls to the
 * script's functions, control flow (`control-flow.ts`, through `flowHost`), pipelines of Client
 * Access Rule cmdlets; everything else is skipped with a finding. Also the whole script's reading
 * (`runScript`): its statements, then the functions it defines but never calls.
 *
 * Decisions:
 * - A statement that throws while being read is reported and skipped; the reader always moves on.
 * - What the script cannot compute, the admin may supply (`script-variables.ts`): a supplied value
 *   wins over an assignment that cannot be evaluated statically.
 */
import type { Token, TokenizeResult } from '../tokenizer.ts';
import { variableKey } from '../script-variables.ts';
import { CMDLET_BY_LOWER, KEYWORDS } from './catalogue.ts';
import { evaluateCondition, type Truth } from './conditions.ts';
import { readForeach, readIf, readInvokedBlock, readSwitch, readTry, type FlowHost } from './control-flow.ts';
import { expression, methodArguments, primary } from './expressions.ts';
import { bindParams, callArguments, callFunction, defineFunction, paramList } from './functions.ts';
import { pipeline } from './pipeline.ts';
import type { Reader } from './reader-state.ts';
import { concat, indexKey, scalarText, setEntry, short, type Value } from './values.ts';

/**
 * The statement reader as the control-flow reader sees it (`control-flow.ts`): the cursor, the
 * variables in scope, and reading a `{ … }` block, a condition or an expression with this reader's
 * scope and shared state.
 */
export function flowHost(r: Reader): FlowHost {
  return {
    get tokens() {
      return r.tokens;
    },
    get pos() {
      return r.pos;
    },
    set pos(value: number) {
      r.pos = value;
    },
    get source() {
      return r.source;
    },
    get variables() {
      return r.variables;
    },
    commandCount: () => r.commandCount(),
    commandsSince: (from) => r.commandsSince(from),
    add: (at, severity, message) => r.add(at, severity, message),
    note: (at, message) => r.note(at, message),
    readBlock: (block, body, variables, conditional) => readBlock(r, block, body, variables, conditional),
    condition: (tokens, variables) => condition(r, tokens, variables),
    evaluate: (tokens) => evaluate(r, tokens),
    supplied: (key) => r.supplied(key),
    stop: () => r.stop(),
  };
}

/** Reads a `{ … }` block's statements with `variables` as its scope; true when a `return` that surely runs ended it. */
function readBlock(r: Reader, block: Token, body: TokenizeResult, variables: Map<string, Value>, conditional: boolean): boolean {
  for (const f of body.findings) r.findings.push(f);
  const child = r.child(body.tokens, variables, block.text, body.comments);
  child.conditional = r.conditional || conditional;
  run(child);
  if (variables === r.variables) r.boundParameters = child.boundParameters;
  return child.stopped && !conditional;
}

function condition(r: Reader, tokens: Token[], variables: Map<string, Value>): Truth {
  const reader = r.child(tokens, variables);
  reader.nesting = 1;
  return evaluateCondition({
    tokens,
    get pos() {
      return reader.pos;
    },
    set pos(value: number) {
      reader.pos = value;
    },
    primary: (argumentMode) => primary(reader, argumentMode),
  });
}

function evaluate(r: Reader, tokens: Token[]): Value {
  const reader = r.child(tokens, r.variables);
  reader.nesting = 1;
  const value = expression(reader, false);
  if (reader.pos < tokens.length) {
    const at = tokens[0] ?? { line: 1, column: 1 };
    return { kind: 'unresolved', message: 'the expression cannot be evaluated statically', line: at.line, column: at.column };
  }
  return value;
}

/** The whole script: its statements, then the functions it defines but never calls. */
export function runScript(r: Reader): void {
  run(r);
  for (const fn of r.shared.functions.values()) {
    if (fn.called || !/ClientAccessRule/i.test(fn.body.text)) continue;
    r.add(fn.body, 'info', `Function ${fn.name} is not called in this script: its Client Access Rule commands are read with its parameters' defaults and the values you give for the others.`);
    callFunction(r, fn, null, run);
  }
  if (r.shared.skipNotesDropped > 0) {
    r.findings.push({
      line: 1,
      column: 1,
      severity: 'info',
      message: `${r.shared.skipNotesDropped} more lines that are not Client Access Rule commands were skipped without a note.`,
    });
  }
}

export function run(r: Reader): void {
  while (r.pos < r.tokens.length && !r.stopped && !r.shared.exited) {
    const tok = r.peek() as Token;
    if (tok.kind === 'newline' || tok.kind === 'semicolon') {
      r.pos += 1;
      continue;
    }
    const before = r.pos;
    try {
      statement(r);
    } catch (error) {
      r.add(tok, 'error', `Could not read this statement: ${error instanceof Error ? error.message : String(error)}`);
      r.skipStatement();
    }
    // Always make progress, whatever a statement reader did.
    if (r.pos === before) r.pos += 1;
  }
}

export function statement(r: Reader): void {
  const tok = r.peek() as Token;
  // `[string[]]$ips = …`: a cast in front of an assignment.
  let k = 0;
  while (r.peek(k)?.kind === 'bracket') k += 1;
  const maybeVar = r.peek(k);
  if (maybeVar?.kind === 'variable') {
    const next = r.peek(k + 1);
    const next2 = r.peek(k + 2);
    if (next?.kind === 'equals' || (next?.kind === 'plus' && next2?.kind === 'equals' && !next2.spaceBefore)) {
      r.pos += k;
      assignment(r);
      return;
    }
    if (next && !next.spaceBefore && ((next.kind === 'word' && next.text.startsWith('.')) || next.kind === 'bracket')) {
      r.pos += k;
      memberStatement(r);
      return;
    }
    if (k === 0 && next?.kind === 'pipe') {
      pipeline(r);
      return;
    }
  }
  if ((tok.text === '&' || tok.text === '.') && r.peek(1)?.kind === 'scriptblock' && readInvokedBlock(flowHost(r))) return;
  if (tok.kind === 'word') {
    const lower = tok.text.toLowerCase();
    if ((lower === 'function' || lower === 'filter') && defineFunction(r)) return;
    if (lower === 'param') {
      let open = 1;
      while (r.peek(open)?.kind === 'newline') open += 1;
      if (r.peek(open)?.kind === 'lparen') {
        r.pos += open + 1;
        bindParams(r, paramList(r), null);
        return;
      }
    }
    const fn = r.shared.functions.get(lower);
    if (fn) {
      r.pos += 1;
      callFunction(r, fn, callArguments(r, fn, tok), run);
      return;
    }
    if (KEYWORDS.has(lower)) {
      if (controlFlow(r, tok, lower)) return;
      skipControlFlow(r, tok);
      return;
    }
    if (CMDLET_BY_LOWER.has(lower)) {
      pipeline(r);
      return;
    }
    skipOther(r, tok, `Skipped "${short(tok.text)}": not a Client Access Rule command, so it is not run here.`);
    return;
  }
  if (tok.kind === 'scriptblock' && /ClientAccessRule/i.test(tok.text)) {
    r.add(tok, 'warning', 'Skipped a { … } block: Client Access Rule commands inside a script block are not read.');
    r.skipStatement();
    return;
  }
  if (tok.kind === 'other' && tok.text === '&') {
    skipOther(r, tok, 'Skipped a command run with &: it cannot be evaluated statically.');
    return;
  }
  skipOther(r, tok, `Skipped a line that is not a command ("${short(tok.text)}").`);
}

export function skipOther(r: Reader, at: Token, message: string): void {
  const start = r.pos;
  r.skipStatement();
  const mentions = r.tokens.slice(start, r.pos).some((t) => /ClientAccessRule/i.test(t.text));
  if (mentions) r.add(at, 'warning', `${message} It mentions a Client Access Rule cmdlet that is therefore not read.`);
  else r.note(at, message);
}

/** `if`, `foreach`, `try`, `switch`, `return`, `exit` (see `reader/control-flow.ts`); false: not read here. */
export function controlFlow(r: Reader, tok: Token, lower: string): boolean {
  switch (lower) {
    case 'if':
      return readIf(flowHost(r));
    case 'foreach':
      return readForeach(flowHost(r));
    case 'try':
      return readTry(flowHost(r));
    case 'switch':
      return readSwitch(flowHost(r));
    case 'return':
    case 'exit': {
      r.skipStatement();
      if (r.conditional) {
        r.stop();
        return true;
      }
      if (lower === 'exit') r.shared.exited = true;
      r.note(tok, `Stopped reading at "${lower}" on line ${tok.line}: the ${lower === 'exit' ? 'script' : 'script or function'} ends here with the values this script gives.`);
      r.stop();
      return true;
    }
    default:
      return false;
  }
}

export function skipControlFlow(r: Reader, tok: Token): void {
  const start = r.pos;
  r.skipStatement();
  const blocks = r.tokens.slice(start, r.pos).filter((t) => t.kind === 'scriptblock');
  if (blocks.some((b) => /ClientAccessRule/i.test(b.text))) {
    r.add(tok, 'warning', `Skipped "${tok.text}": control flow is not evaluated, so the Client Access Rule commands inside its { } block are not read. Unroll them into plain commands to import them.`);
  } else {
    r.note(tok, `Skipped "${tok.text}": control flow is not evaluated.`);
  }
}

export function assignment(r: Reader): void {
  const varTok = r.peek() as Token;
  r.pos += 1;
  let append = false;
  if (r.peek()?.kind === 'plus') {
    append = true;
    r.pos += 1;
  }
  r.pos += 1; // `=`
  const name = variableKey(varTok.text);
  const first = r.peek();
  if (r.atStatementEnd(first)) {
    r.add(varTok, 'error', `$${varTok.text} is assigned nothing.`);
    return;
  }
  // `$null = …` discards the value: the right side is a statement of its own.
  if (name === 'null') {
    statement(r);
    return;
  }
  let value: Value;
  if (first?.kind === 'word' && CMDLET_BY_LOWER.has(first.text.toLowerCase())) {
    // `$rule = New-ClientAccessRule …` / `Get-ClientAccessRule 'x'`: the command runs; the variable holds the rule.
    const before = r.commands.length;
    pipeline(r);
    const last = r.commands.length > before ? r.commands[r.commands.length - 1] : undefined;
    const identity = last?.cmdlet === 'New-ClientAccessRule' ? last.params.Name : last?.cmdlet === 'Get-ClientAccessRule' ? last.params.Identity : undefined;
    value =
      typeof identity === 'string'
        ? { kind: 'rule', identity, line: first.line, column: first.column }
        : { kind: 'unresolved', message: `it holds the output of ${first.text}, which names no single rule here`, line: first.line, column: first.column };
  } else {
    value = expression(r, false);
  }
  if (!r.atStatementEnd(r.peek()) && r.peek()?.kind !== 'rbrace') {
    const extra = r.peek() as Token;
    value = { kind: 'unresolved', message: `the value assigned on line ${varTok.line} continues with "${short(extra.text)}", which cannot be evaluated statically`, line: varTok.line, column: varTok.column };
    r.skipStatement();
  }
  if (append) {
    const previous = r.variables.get(name);
    value = previous === undefined ? value : concat(previous, value, varTok);
  }
  // What the script cannot compute, the admin may supply (script-variables.ts, Decisions).
  const supplied = r.shared.supplied.get(name);
  if (supplied && (value.kind === 'unresolved' || value.kind === 'variable')) value = supplied;
  r.variables.set(name, value);
}

/**
 * `$p.Add('Name', 'x')`, `$p.Remove('Ensure')`, `$p['Name'] = 'x'`, `$p.Name = 'x'` on a hashtable
 * assigned in the script (or `$PSBoundParameters`), `$list.Add('x')` on a list; `| Out-Null` after it
 * is fine. Anything else is skipped with a note.
 */
export function memberStatement(r: Reader): void {
  const start = r.pos;
  const varTok = r.peek() as Token;
  const member = r.peek(1) as Token;
  r.pos += 2;
  const key = variableKey(varTok.text);
  const isBound = key === 'psboundparameters' && !r.variables.has(key);
  const current = isBound ? r.boundParameters : r.variables.get(key);
  const skip = (message: string): void => {
    r.pos = start;
    skipOther(r, varTok, message);
  };
  const store = (value: Value): void => {
    if (isBound) r.boundParameters = value;
    else r.variables.set(key, value);
  };
  const writes = r.peek()?.kind === 'equals';
  if (member.kind === 'bracket' || writes) {
    const entryKey = member.kind === 'bracket' ? indexKey(member.text) : member.text.slice(1);
    if (entryKey === null || !writes) {
      skip(`Skipped "$${varTok.text}${member.kind === 'bracket' ? `[${member.text}]` : member.text}": only an assignment to a hashtable key is read here.`);
      return;
    }
    r.pos += 1;
    const value = expression(r, false);
    if (current?.kind !== 'hashtable') {
      skip(`Skipped a change of $${varTok.text}: it is not a hashtable assigned earlier in this script.`);
      return;
    }
    store(setEntry(current, { key: entryKey, value, line: member.line, column: member.column }));
    endOfStatement(r);
    return;
  }
  const method = member.text.slice(1).toLowerCase();
  const open = r.peek();
  if (open?.kind !== 'lparen' || open.spaceBefore || !['add', 'remove', 'clear', 'set_item'].includes(method)) {
    skip(`Skipped "$${varTok.text}${short(member.text)}": calling methods is not evaluated here (only Add, Remove and Clear on a hashtable).`);
    return;
  }
  r.pos += 1;
  const args = methodArguments(r);
  if (current?.kind === 'list' && method === 'add' && args.length === 1) {
    store({ ...current, items: [...current.items, args[0] as Value] });
    endOfStatement(r);
    return;
  }
  if (current?.kind !== 'hashtable') {
    skip(`Skipped $${varTok.text}${member.text}(…): $${varTok.text} is not a hashtable assigned earlier in this script.`);
    return;
  }
  const keyText = args[0] ? scalarText(args[0]) : undefined;
  if (method === 'clear' && args.length === 0) {
    store({ ...current, entries: [] });
  } else if (method === 'remove' && args.length === 1 && keyText !== undefined) {
    store({ ...current, entries: current.entries.filter((e) => e.key.toLowerCase() !== keyText.toLowerCase()) });
  } else if ((method === 'add' || method === 'set_item') && args.length === 2 && keyText !== undefined) {
    if (method === 'add' && current.entries.some((e) => e.key.toLowerCase() === keyText.toLowerCase())) {
      r.add(member, 'error', `$${varTok.text}.Add('${short(keyText)}', …) fails in PowerShell: the hashtable already holds ${short(keyText)}. Use $${varTok.text}['${short(keyText)}'] = … to replace it.`);
    } else {
      const at = args[0] as Value;
      store(setEntry(current, { key: keyText, value: args[1] as Value, line: at.line, column: at.column }));
    }
  } else {
    skip(`Skipped $${varTok.text}${member.text}(…): its arguments are not a key (and a value) that can be read statically.`);
    return;
  }
  endOfStatement(r);
}

/** After a statement that produces nothing of interest: `| Out-Null` is fine; the rest is skipped. */
export function endOfStatement(r: Reader): void {
  if (r.peek()?.kind === 'pipe' && /^out-(null|default)$/i.test(r.peek(1)?.text ?? '')) r.pos += 2;
  if (!r.atStatementEnd(r.peek()) && r.peek()?.kind !== 'rbrace') r.skipStatement();
}
