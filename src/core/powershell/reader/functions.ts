/**
 * Functions and parameters: `function Name { param(…) … }` and `function Name($a, $b = 'x') { … }`
 * remembered where defined and read where called (their arguments bound, named, positional or
 * splatted); the script's own `param(…)` block; defaults read in the function's scope; a function
 * the script never calls read with its parameters open, `$PSBoundParameters` as a DSC resource gets it.
 *
 * Decisions:
 * - A parameter's value is, in order: the call's argument, the value the admin gives, its default;
 *   without any it is open (not called) or `$null` (called, as PowerShell makes it).
 * - `$null` given for a parameter of a function nobody calls means its caller does not pass it, so
 *   it is not in `$PSBoundParameters`.
 * - Calls are followed `MAX_CALL_DEPTH` deep (a function calling itself is not read forever).
 */
import { tokenizePowerShell, type Token } from '../tokenizer.ts';
import { variableKey } from '../script-variables.ts';
import { CMDLET_BY_LOWER } from './catalogue.ts';
import { argument, primaryExpression } from './expressions.ts';
import { MAX_CALL_DEPTH, Reader, type CallArguments, type FunctionDef, type ParamDecl } from './reader-state.ts';
import type { Value } from './values.ts';

/**
 * `function Name { param(…) … }` or `function Name($a, $b = 'x') { … }`: remembered, read where it is
 * called (or at the end, when the script never calls it). False when the shape is not one of these.
 */
export function defineFunction(r: Reader): boolean {
  const nameTok = r.peek(1);
  if (nameTok?.kind !== 'word') return false;
  let k = 2;
  let headerParams: FunctionDef['headerParams'] = null;
  if (r.peek(k)?.kind === 'lparen') {
    const start = r.pos + k + 1;
    let depth = 1;
    let j = start;
    while (j < r.tokens.length && depth > 0) {
      const t = r.tokens[j] as Token;
      if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start') depth += 1;
      if (t.kind === 'rparen' || t.kind === 'rbrace') depth -= 1;
      j += 1;
    }
    // The header's tokens, closing `)` included, read by a parser of their own at each call.
    headerParams = r.tokens.slice(start, j);
    k = j - r.pos;
  }
  while (r.peek(k)?.kind === 'newline') k += 1;
  const body = r.peek(k);
  if (body?.kind !== 'scriptblock') return false;
  r.pos += k + 1;
  const name = nameTok.text.replace(/^(?:global|script|local|private):/i, '');
  if (CMDLET_BY_LOWER.has(name.toLowerCase())) {
    r.add(nameTok, 'warning', `The script defines its own ${name}; the real cmdlet is read instead of this function.`);
    return true;
  }
  r.shared.functions.set(name.toLowerCase(), { name, body, headerParams, source: r.source, called: false });
  return true;
}

/** Reads `$a, [type]$b = default, [Parameter(Mandatory)][switch]$c` up to the closing `)`. */
export function paramList(r: Reader): ParamDecl[] {
  const decls: ParamDecl[] = [];
  let isSwitch = false;
  for (;;) {
    const tok = r.peek();
    if (tok === undefined) return decls;
    if (tok.kind === 'rparen') {
      r.pos += 1;
      return decls;
    }
    if (tok.kind === 'newline' || tok.kind === 'comma' || tok.kind === 'semicolon') {
      r.pos += 1;
      continue;
    }
    if (tok.kind === 'bracket') {
      r.pos += 1;
      const text = tok.text.replace(/\s+/g, '');
      if (/^switch$/i.test(text) || /^System\.Management\.Automation\.SwitchParameter$/i.test(text)) isSwitch = true;
      continue;
    }
    if (tok.kind === 'variable') {
      r.pos += 1;
      let defaultTokens: Token[] | null = null;
      if (r.peek()?.kind === 'equals') {
        r.pos += 1;
        const start = r.pos;
        r.nesting += 1;
        // The comma separates parameters here, so a default is one operand (`@('a','b')` for a list).
        primaryExpression(r);
        r.nesting -= 1;
        defaultTokens = r.tokens.slice(start, r.pos);
      }
      decls.push({ name: tok.text, at: tok, defaultTokens, isSwitch });
      isSwitch = false;
      continue;
    }
    // Something a parameter list does not hold here: skip to its closing `)`.
    r.skipParen();
    return decls;
  }
}

/**
 * Gives each declared parameter its value: the call's argument, else the value the admin supplied,
 * else its default; without any, the parameter stays open (the admin is asked) — or, in a function
 * the script calls, it is `$null` as PowerShell makes it. Sets `$PSBoundParameters`: the arguments
 * and supplied values, and (not called) the open parameters, as the one who runs it would pass them.
 */
export function bindParams(r: Reader, decls: ParamDecl[], call: CallArguments | null): void {
  const bound: { key: string; value: Value; line: number; column: number }[] = [];
  let positional = 0;
  for (const decl of decls) {
    const key = variableKey(decl.name);
    const at = decl.at;
    let value: Value | undefined;
    if (call) {
      const named = [...call.named.entries()].find(([written]) => decl.name.toLowerCase() === written || decl.name.toLowerCase().startsWith(written));
      if (named) {
        call.named.delete(named[0]);
        value = named[1] ?? { kind: 'bool', value: true, line: call.at.line, column: call.at.column };
      } else if (!decl.isSwitch && positional < call.positional.length) {
        value = call.positional[positional] as Value;
        positional += 1;
      }
    }
    if (value === undefined && r.shared.supplied.has(key)) {
      value = r.shared.supplied.get(key) as Value;
      if (!call && value.kind === 'null') {
        // $null given for a parameter of a function nobody calls here: its caller does not pass it.
        r.variables.set(key, value);
        continue;
      }
    }
    if (value !== undefined) {
      r.variables.set(key, value);
      bound.push({ key: decl.name, value, line: value.line, column: value.column });
      continue;
    }
    if (decl.defaultTokens !== null) {
      // Read in the function's scope, so a default may use an earlier parameter.
      const reader = new Reader(decl.defaultTokens, new Map(), r.shared, r.variables, r.source);
      reader.nesting = 1;
      r.variables.set(key, primaryExpression(reader));
      continue;
    }
    if (call) {
      r.variables.set(key, decl.isSwitch ? { kind: 'bool', value: false, ...at } : { kind: 'null', ...at });
      continue;
    }
    // Not called (or the script's own parameters): whoever runs it passes the value, so it is open,
    // and bound (a DSC resource's `$PSBoundParameters` holds every property configured).
    r.variables.delete(key);
    if (!decl.isSwitch) {
      bound.push({ key: decl.name, value: { kind: 'variable', name: decl.name, fromCaller: true, line: at.line, column: at.column }, line: at.line, column: at.column });
    }
  }
  if (call) {
    for (const [written, value] of call.named) {
      r.add(value ?? call.at, 'warning', `${call.name} has no parameter -${written}; the value is ignored.`);
    }
  }
  r.boundParameters = { kind: 'hashtable', entries: bound, line: 1, column: 1 };
}

/** The arguments of a call to a script function: `-Name value`, switches, positional values, `@splat`. */
export function callArguments(r: Reader, fn: FunctionDef, at: Token): CallArguments {
  const named = new Map<string, Value | null>();
  const positional: Value[] = [];
  for (;;) {
    const tok = r.peek();
    if (tok === undefined || r.atStatementEnd(tok) || tok.kind === 'pipe' || tok.kind === 'rbrace' || tok.kind === 'rparen') break;
    if (tok.kind === 'parameter') {
      r.pos += 1;
      const written = tok.text.toLowerCase();
      if (tok.colon) named.set(written, argument(r, true));
      else if (r.valueFollows()) named.set(written, argument(r, true));
      else named.set(written, null);
      continue;
    }
    if (tok.kind === 'splat') {
      r.pos += 1;
      const value = r.variables.get(variableKey(tok.text));
      if (value?.kind === 'hashtable') for (const entry of value.entries) named.set(entry.key.toLowerCase(), entry.value);
      else r.add(tok, 'warning', `@${tok.text} is not a hashtable assigned in this script; its values are not passed to ${fn.name}.`);
      continue;
    }
    positional.push(argument(r, true));
  }
  return { name: fn.name, named, positional, at };
}

/**
 * Reads a function's body with its parameters bound to the call's arguments (null: not called);
 * `runBody` is the statement reader (`statements.ts`, which calls this module).
 */
export function callFunction(r: Reader, fn: FunctionDef, call: CallArguments | null, runBody: (body: Reader) => void): void {
  if (call) fn.called = true;
  if (r.shared.callDepth >= MAX_CALL_DEPTH) {
    r.add(call?.at ?? fn.body, 'warning', `${fn.name} calls functions more than ${MAX_CALL_DEPTH} deep; the deeper calls are not read.`);
    return;
  }
  const inner = tokenizePowerShell(fn.body.text, { line: fn.body.line, column: fn.body.column + 1 });
  for (const f of inner.findings) r.findings.push(f);
  // Functions read the variables of the scope that calls them; their own assignments stay inside.
  const child = new Reader(inner.tokens, inner.comments, r.shared, new Map(r.variables), fn.body.text);
  const decls: ParamDecl[] = fn.headerParams ? paramList(new Reader(fn.headerParams, new Map(), r.shared, undefined, fn.source)) : [];
  // `[CmdletBinding()]` and line breaks may come before `param (`.
  let k = 0;
  while (child.tokens[k]?.kind === 'newline' || child.tokens[k]?.kind === 'bracket') k += 1;
  let open = k + 1;
  while (child.tokens[open]?.kind === 'newline') open += 1;
  if (child.tokens[k]?.kind === 'word' && child.tokens[k]?.text.toLowerCase() === 'param' && child.tokens[open]?.kind === 'lparen') {
    child.pos = open + 1;
    decls.push(...paramList(child));
  }
  // A switch takes no value: in `-Force 'x'` the value is the next positional argument.
  if (call) {
    for (const decl of decls) {
      const written = [...call.named.keys()].find((w) => decl.name.toLowerCase() === w || decl.name.toLowerCase().startsWith(w));
      if (decl.isSwitch && written !== undefined) {
        const v = call.named.get(written);
        if (v && v.kind !== 'bool') {
          call.named.set(written, null);
          call.positional.unshift(v);
        }
      }
    }
  }
  r.shared.callDepth += 1;
  try {
    bindParams(child, decls, call);
    runBody(child);
  } finally {
    r.shared.callDepth -= 1;
  }
}
