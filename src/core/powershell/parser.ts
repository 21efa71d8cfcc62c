/**
 * Reads Client Access Rule scripts (spec 8) into commands with canonical parameter names and typed
 * values. What cannot be resolved statically is reported with line and column, never guessed; values
 * the script leaves open (parameters, variables it never assigns) are kept as `{ variable: '$name' }`
 * for the admin to supply.
 *
 * This module reads statements: assignments, hashtable edits, functions and `param(…)`, pipelines,
 * and binds each command's arguments. Its parts, one job each, are in `reader/` (see its CONTEXT.md):
 * the catalogue of cmdlets and parameters, the values and their helpers, the conversion to parameter
 * types, and the typed `ParsedCommand`; the `# Test N:` / `# expected:` comments are read through
 * `test-comments.ts`, the module the generator writes them with.
 */
import type { Action, Severity, SourceFinding } from '../model/types.ts';
import { tokenizePowerShell, type Token, type TokenizeResult } from './tokenizer.ts';
import { readExpectedComment, readTestNameComment } from './test-comments.ts';
import {
  AUTOMATIC_VARIABLES,
  isVariableRef,
  variableKey,
  type SuppliedVariables,
  type UnresolvedVariable,
  type VariableUse,
} from './script-variables.ts';
import { CMDLET_BY_LOWER, KEYWORDS, resolveParam as bindParamName, type CmdletSpec, type ParamSpec } from './reader/catalogue.ts';
import { convertValue, type ConvertContext } from './reader/convert.ts';
import { evaluateCondition, type Truth } from './reader/conditions.ts';
import { readForeach, readIf, readInvokedBlock, readSwitch, readTry, type FlowHost } from './reader/control-flow.ts';
import type { CmdletName, ParsedCommand } from './reader/parsed-command.ts';
import { concat, describeValue, indexKey, scalarText, setEntry, short, type At, type Value } from './reader/values.ts';

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


/** A parameter of a `function` or of the script's `param(…)` block. */
interface ParamDecl {
  name: string;
  at: At;
  /** The default's tokens, read when the parameter is bound, in the function's scope. */
  defaultTokens: Token[] | null;
  isSwitch: boolean;
}

/** The arguments of a call to a function the script defines. */
interface CallArguments {
  name: string;
  /** Lower-case parameter name as written → value (null: a switch with no value). */
  named: Map<string, Value | null>;
  positional: Value[];
  at: At;
}

interface FunctionDef {
  name: string;
  /** The `{ … }` body. */
  body: Token;
  /** Tokens of the parameters written as `function Name($a, $b)` (closing `)` included). */
  headerParams: Token[] | null;
  /** The text the header's token offsets refer to. */
  source: string;
  called: boolean;
}

/** What the parsers of a script and of the function bodies it calls share. */
interface Shared {
  findings: SourceFinding[];
  commands: ParsedCommand[];
  functions: Map<string, FunctionDef>;
  supplied: Map<string, Value>;
  unresolved: Map<string, UnresolvedVariable>;
  skipNotes: number;
  skipNotesDropped: number;
  callDepth: number;
  /** An `exit` on a path that surely runs: nothing after it is read. */
  exited: boolean;
}

function newShared(supplied: SuppliedVariables = {}): Shared {
  const values = new Map<string, Value>();
  for (const [name, value] of Object.entries(supplied)) {
    const at = { line: 1, column: 1 };
    values.set(
      variableKey(name),
      value === null
        ? { kind: 'null', ...at }
        : typeof value === 'string'
        ? { kind: 'string', text: value, quoted: true, ...at }
        : { kind: 'list', items: value.map((text) => ({ kind: 'string', text, quoted: true, ...at })), ...at },
    );
  }
  return { findings: [], commands: [], functions: new Map(), supplied: values, unresolved: new Map(), skipNotes: 0, skipNotesDropped: 0, callDepth: 0, exited: false };
}

/** Deepest chain of function calls read (a function calling itself is not followed forever). */
const MAX_CALL_DEPTH = 20;

const MAX_SKIP_NOTES = 200;
const MAX_FINDINGS = 5000;
/** Deepest nesting of @( ), @{ } and ( ) read; deeper input is reported instead of recursing further. */
const MAX_DEPTH = 100;

class Parser implements ConvertContext, FlowHost {
  pos = 0;
  readonly findings: SourceFinding[];
  readonly commands: ParsedCommand[];
  readonly variables: Map<string, Value>;
  /** Inside a function body: the hashtable `$PSBoundParameters` gives. */
  private boundParameters: Value | null = null;
  /** Open `(`, `@(` being read: a command inside them is skipped only up to the closing bracket. */
  private nesting = 0;

  /** Lines where a token starts: a comment on any other line stands alone. */
  private readonly codeLines = new Set<number>();
  /** Inside a branch assumed to run (its condition cannot be decided): a `return` ends only the branch. */
  conditional = false;
  /** A `return` on a path that surely runs ended this body. */
  stopped = false;

  constructor(
    readonly tokens: Token[],
    private readonly comments: Map<number, string>,
    private readonly shared: Shared = newShared(),
    variables?: Map<string, Value>,
    /** The text the tokens' offsets refer to (for quoting conditions in findings). */
    readonly source = '',
  ) {
    this.findings = shared.findings;
    this.commands = shared.commands;
    this.variables = variables ?? new Map(shared.supplied);
    for (const t of tokens) if (t.kind !== 'newline') this.codeLines.add(t.line);
  }

  /** The comment of a line that holds nothing else. */
  private lineComment(line: number): string | undefined {
    return this.codeLines.has(line) ? undefined : this.comments.get(line);
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  add(at: At, severity: Severity, message: string): void {
    if (this.findings.length >= MAX_FINDINGS) {
      if (this.findings.length === MAX_FINDINGS) {
        this.findings.push({ line: at.line, column: at.column, severity: 'error', message: `More than ${MAX_FINDINGS} problems; the rest of the script is not reported one by one.` });
      }
      return;
    }
    this.findings.push({ line: at.line, column: at.column, severity, message });
  }

  note(at: At, message: string): void {
    if (this.shared.skipNotes >= MAX_SKIP_NOTES) {
      this.shared.skipNotesDropped += 1;
      return;
    }
    this.shared.skipNotes += 1;
    this.add(at, 'info', message);
  }

  openVariables(): IterableIterator<UnresolvedVariable> {
    return this.shared.unresolved.values();
  }

  // ---- what the control-flow reader (reader/control-flow.ts) uses ----

  commandCount(): number {
    return this.commands.length;
  }

  commandsSince(from: number): { cmdlet: string; line: number }[] {
    return this.commands.slice(from).map((c) => ({ cmdlet: c.cmdlet, line: c.line }));
  }

  readBlock(block: Token, body: TokenizeResult, variables: Map<string, Value>, conditional: boolean): boolean {
    for (const f of body.findings) this.findings.push(f);
    const child = new Parser(body.tokens, body.comments, this.shared, variables, block.text);
    child.boundParameters = this.boundParameters;
    child.conditional = this.conditional || conditional;
    child.run();
    if (variables === this.variables) this.boundParameters = child.boundParameters;
    return child.stopped && !conditional;
  }

  condition(tokens: Token[], variables: Map<string, Value>): Truth {
    const reader = new Parser(tokens, new Map(), this.shared, variables, this.source);
    reader.boundParameters = this.boundParameters;
    reader.nesting = 1;
    return evaluateCondition(reader);
  }

  evaluate(tokens: Token[]): Value {
    const reader = new Parser(tokens, new Map(), this.shared, this.variables, this.source);
    reader.boundParameters = this.boundParameters;
    reader.nesting = 1;
    const value = reader.expression(false);
    if (reader.pos < tokens.length) {
      const at = tokens[0] ?? { line: 1, column: 1 };
      return { kind: 'unresolved', message: 'the expression cannot be evaluated statically', line: at.line, column: at.column };
    }
    return value;
  }

  supplied(key: string): Value | undefined {
    return this.shared.supplied.get(key);
  }

  stop(): void {
    this.stopped = true;
    this.pos = this.tokens.length;
  }

  /** The whole script: its statements, then the functions it defines but never calls. */
  runScript(): void {
    this.run();
    for (const fn of this.shared.functions.values()) {
      if (fn.called || !/ClientAccessRule/i.test(fn.body.text)) continue;
      this.add(fn.body, 'info', `Function ${fn.name} is not called in this script: its Client Access Rule commands are read with its parameters' defaults and the values you give for the others.`);
      this.callFunction(fn, null);
    }
    if (this.shared.skipNotesDropped > 0) {
      this.findings.push({
        line: 1,
        column: 1,
        severity: 'info',
        message: `${this.shared.skipNotesDropped} more lines that are not Client Access Rule commands were skipped without a note.`,
      });
    }
  }

  run(): void {
    while (this.pos < this.tokens.length && !this.stopped && !this.shared.exited) {
      const tok = this.peek() as Token;
      if (tok.kind === 'newline' || tok.kind === 'semicolon') {
        this.pos += 1;
        continue;
      }
      const before = this.pos;
      try {
        this.statement();
      } catch (error) {
        this.add(tok, 'error', `Could not read this statement: ${error instanceof Error ? error.message : String(error)}`);
        this.skipStatement();
      }
      // Always make progress, whatever a statement reader did.
      if (this.pos === before) this.pos += 1;
    }
  }

  private atStatementEnd(tok: Token | undefined): boolean {
    return tok === undefined || tok.kind === 'newline' || tok.kind === 'semicolon';
  }

  /** Skips to the end of the statement, keeping bracket nesting (line breaks inside brackets do not end it). */
  private skipStatement(): void {
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const tok = this.peek() as Token;
      if (depth === 0 && (tok.kind === 'newline' || tok.kind === 'semicolon')) return;
      // An unclosed bracket (often prose pasted with the script) must not swallow the commands after it.
      // Checked once per run of line breaks (the token after the run is the same for all of them).
      if (tok.kind === 'newline' && this.tokens[this.pos - 1]?.kind !== 'newline') {
        let k = 1;
        while (this.peek(k)?.kind === 'newline') k += 1;
        if (this.startsCommand(this.peek(k))) return;
      }
      if (tok.kind === 'lparen' || tok.kind === 'array-start' || tok.kind === 'hash-start') depth += 1;
      if ((tok.kind === 'rparen' || tok.kind === 'rbrace') && depth > 0) depth -= 1;
      this.pos += 1;
    }
  }

  private startsCommand(tok: Token | undefined): boolean {
    return tok?.kind === 'word' && CMDLET_BY_LOWER.has(tok.text.toLowerCase());
  }

  private statement(): void {
    const tok = this.peek() as Token;
    // `[string[]]$ips = …`: a cast in front of an assignment.
    let k = 0;
    while (this.peek(k)?.kind === 'bracket') k += 1;
    const maybeVar = this.peek(k);
    if (maybeVar?.kind === 'variable') {
      const next = this.peek(k + 1);
      const next2 = this.peek(k + 2);
      if (next?.kind === 'equals' || (next?.kind === 'plus' && next2?.kind === 'equals' && !next2.spaceBefore)) {
        this.pos += k;
        this.assignment();
        return;
      }
      if (next && !next.spaceBefore && ((next.kind === 'word' && next.text.startsWith('.')) || next.kind === 'bracket')) {
        this.pos += k;
        this.memberStatement();
        return;
      }
      if (k === 0 && next?.kind === 'pipe') {
        this.pipeline();
        return;
      }
    }
    if ((tok.text === '&' || tok.text === '.') && this.peek(1)?.kind === 'scriptblock' && readInvokedBlock(this)) return;
    if (tok.kind === 'word') {
      const lower = tok.text.toLowerCase();
      if ((lower === 'function' || lower === 'filter') && this.defineFunction()) return;
      if (lower === 'param') {
        let open = 1;
        while (this.peek(open)?.kind === 'newline') open += 1;
        if (this.peek(open)?.kind === 'lparen') {
          this.pos += open + 1;
          this.bindParams(this.paramList(), null);
          return;
        }
      }
      const fn = this.shared.functions.get(lower);
      if (fn) {
        this.pos += 1;
        this.callFunction(fn, this.callArguments(fn, tok));
        return;
      }
      if (KEYWORDS.has(lower)) {
        if (this.controlFlow(tok, lower)) return;
        this.skipControlFlow(tok);
        return;
      }
      if (CMDLET_BY_LOWER.has(lower)) {
        this.pipeline();
        return;
      }
      this.skipOther(tok, `Skipped "${short(tok.text)}": not a Client Access Rule command, so it is not run here.`);
      return;
    }
    if (tok.kind === 'scriptblock' && /ClientAccessRule/i.test(tok.text)) {
      this.add(tok, 'warning', 'Skipped a { … } block: Client Access Rule commands inside a script block are not read.');
      this.skipStatement();
      return;
    }
    if (tok.kind === 'other' && tok.text === '&') {
      this.skipOther(tok, 'Skipped a command run with &: it cannot be evaluated statically.');
      return;
    }
    this.skipOther(tok, `Skipped a line that is not a command ("${short(tok.text)}").`);
  }

  private skipOther(at: Token, message: string): void {
    const start = this.pos;
    this.skipStatement();
    const mentions = this.tokens.slice(start, this.pos).some((t) => /ClientAccessRule/i.test(t.text));
    if (mentions) this.add(at, 'warning', `${message} It mentions a Client Access Rule cmdlet that is therefore not read.`);
    else this.note(at, message);
  }

  /** `if`, `foreach`, `try`, `switch`, `return`, `exit` (see `reader/control-flow.ts`); false: not read here. */
  private controlFlow(tok: Token, lower: string): boolean {
    switch (lower) {
      case 'if':
        return readIf(this);
      case 'foreach':
        return readForeach(this);
      case 'try':
        return readTry(this);
      case 'switch':
        return readSwitch(this);
      case 'return':
      case 'exit': {
        this.skipStatement();
        if (this.conditional) {
          this.stop();
          return true;
        }
        if (lower === 'exit') this.shared.exited = true;
        this.note(tok, `Stopped reading at "${lower}" on line ${tok.line}: the ${lower === 'exit' ? 'script' : 'script or function'} ends here with the values this script gives.`);
        this.stop();
        return true;
      }
      default:
        return false;
    }
  }

  private skipControlFlow(tok: Token): void {
    const start = this.pos;
    this.skipStatement();
    const blocks = this.tokens.slice(start, this.pos).filter((t) => t.kind === 'scriptblock');
    if (blocks.some((b) => /ClientAccessRule/i.test(b.text))) {
      this.add(tok, 'warning', `Skipped "${tok.text}": control flow is not evaluated, so the Client Access Rule commands inside its { } block are not read. Unroll them into plain commands to import them.`);
    } else {
      this.note(tok, `Skipped "${tok.text}": control flow is not evaluated.`);
    }
  }

  private assignment(): void {
    const varTok = this.peek() as Token;
    this.pos += 1;
    let append = false;
    if (this.peek()?.kind === 'plus') {
      append = true;
      this.pos += 1;
    }
    this.pos += 1; // `=`
    const name = variableKey(varTok.text);
    const first = this.peek();
    if (this.atStatementEnd(first)) {
      this.add(varTok, 'error', `$${varTok.text} is assigned nothing.`);
      return;
    }
    // `$null = …` discards the value: the right side is a statement of its own.
    if (name === 'null') {
      this.statement();
      return;
    }
    let value: Value;
    if (first?.kind === 'word' && CMDLET_BY_LOWER.has(first.text.toLowerCase())) {
      // `$rule = New-ClientAccessRule …` / `Get-ClientAccessRule 'x'`: the command runs; the variable holds the rule.
      const before = this.commands.length;
      this.pipeline();
      const last = this.commands.length > before ? this.commands[this.commands.length - 1] : undefined;
      const identity = last?.cmdlet === 'New-ClientAccessRule' ? last.params.Name : last?.cmdlet === 'Get-ClientAccessRule' ? last.params.Identity : undefined;
      value =
        typeof identity === 'string'
          ? { kind: 'rule', identity, line: first.line, column: first.column }
          : { kind: 'unresolved', message: `it holds the output of ${first.text}, which names no single rule here`, line: first.line, column: first.column };
    } else {
      value = this.expression(false);
    }
    if (!this.atStatementEnd(this.peek()) && this.peek()?.kind !== 'rbrace') {
      const extra = this.peek() as Token;
      value = { kind: 'unresolved', message: `the value assigned on line ${varTok.line} continues with "${short(extra.text)}", which cannot be evaluated statically`, line: varTok.line, column: varTok.column };
      this.skipStatement();
    }
    if (append) {
      const previous = this.variables.get(name);
      value = previous === undefined ? value : concat(previous, value, varTok);
    }
    // What the script cannot compute, the admin may supply (script-variables.ts, Decisions).
    const supplied = this.shared.supplied.get(name);
    if (supplied && (value.kind === 'unresolved' || value.kind === 'variable')) value = supplied;
    this.variables.set(name, value);
  }

  /**
   * `$p.Add('Name', 'x')`, `$p.Remove('Ensure')`, `$p['Name'] = 'x'`, `$p.Name = 'x'` on a hashtable
   * assigned in the script (or `$PSBoundParameters`), `$list.Add('x')` on a list; `| Out-Null` after it
   * is fine. Anything else is skipped with a note.
   */
  private memberStatement(): void {
    const start = this.pos;
    const varTok = this.peek() as Token;
    const member = this.peek(1) as Token;
    this.pos += 2;
    const key = variableKey(varTok.text);
    const isBound = key === 'psboundparameters' && !this.variables.has(key);
    const current = isBound ? this.boundParameters : this.variables.get(key);
    const skip = (message: string): void => {
      this.pos = start;
      this.skipOther(varTok, message);
    };
    const store = (value: Value): void => {
      if (isBound) this.boundParameters = value;
      else this.variables.set(key, value);
    };
    const writes = this.peek()?.kind === 'equals';
    if (member.kind === 'bracket' || writes) {
      const entryKey = member.kind === 'bracket' ? indexKey(member.text) : member.text.slice(1);
      if (entryKey === null || !writes) {
        skip(`Skipped "$${varTok.text}${member.kind === 'bracket' ? `[${member.text}]` : member.text}": only an assignment to a hashtable key is read here.`);
        return;
      }
      this.pos += 1;
      const value = this.expression(false);
      if (current?.kind !== 'hashtable') {
        skip(`Skipped a change of $${varTok.text}: it is not a hashtable assigned earlier in this script.`);
        return;
      }
      store(setEntry(current, { key: entryKey, value, line: member.line, column: member.column }));
      this.endOfStatement();
      return;
    }
    const method = member.text.slice(1).toLowerCase();
    const open = this.peek();
    if (open?.kind !== 'lparen' || open.spaceBefore || !['add', 'remove', 'clear', 'set_item'].includes(method)) {
      skip(`Skipped "$${varTok.text}${short(member.text)}": calling methods is not evaluated here (only Add, Remove and Clear on a hashtable).`);
      return;
    }
    this.pos += 1;
    const args = this.methodArguments();
    if (current?.kind === 'list' && method === 'add' && args.length === 1) {
      store({ ...current, items: [...current.items, args[0] as Value] });
      this.endOfStatement();
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
        this.add(member, 'error', `$${varTok.text}.Add('${short(keyText)}', …) fails in PowerShell: the hashtable already holds ${short(keyText)}. Use $${varTok.text}['${short(keyText)}'] = … to replace it.`);
      } else {
        const at = args[0] as Value;
        store(setEntry(current, { key: keyText, value: args[1] as Value, line: at.line, column: at.column }));
      }
    } else {
      skip(`Skipped $${varTok.text}${member.text}(…): its arguments are not a key (and a value) that can be read statically.`);
      return;
    }
    this.endOfStatement();
  }

  /** The arguments of a method call, after `(` up to and including `)`. */
  private methodArguments(): Value[] {
    this.skipNewlines();
    if (this.peek()?.kind === 'rparen') {
      this.pos += 1;
      return [];
    }
    const args: Value[] = [];
    this.nesting += 1;
    for (;;) {
      this.skipNewlines();
      args.push(this.primaryExpression());
      this.skipNewlines();
      const tok = this.peek();
      if (tok?.kind === 'comma') {
        this.pos += 1;
        continue;
      }
      if (tok?.kind === 'rparen') this.pos += 1;
      else if (tok) this.skipParen();
      break;
    }
    this.nesting -= 1;
    return args;
  }

  /** One operand with its `+` joins, without reading a comma list (method arguments are separated by commas). */
  private primaryExpression(): Value {
    let value = this.primary(false);
    while (this.peek()?.kind === 'plus') {
      const plus = this.peek() as Token;
      this.pos += 1;
      this.skipNewlines();
      if (!this.valueFollows()) return { kind: 'unresolved', message: 'a + with nothing after it', line: plus.line, column: plus.column };
      value = concat(value, this.primary(false), plus);
    }
    return value;
  }

  /** After a statement that produces nothing of interest: `| Out-Null` is fine; the rest is skipped. */
  private endOfStatement(): void {
    if (this.peek()?.kind === 'pipe' && /^out-(null|default)$/i.test(this.peek(1)?.text ?? '')) this.pos += 2;
    if (!this.atStatementEnd(this.peek()) && this.peek()?.kind !== 'rbrace') this.skipStatement();
  }

  // ---- functions and parameters ----

  /**
   * `function Name { param(…) … }` or `function Name($a, $b = 'x') { … }`: remembered, read where it is
   * called (or at the end, when the script never calls it). False when the shape is not one of these.
   */
  private defineFunction(): boolean {
    const nameTok = this.peek(1);
    if (nameTok?.kind !== 'word') return false;
    let k = 2;
    let headerParams: FunctionDef['headerParams'] = null;
    if (this.peek(k)?.kind === 'lparen') {
      const start = this.pos + k + 1;
      let depth = 1;
      let j = start;
      while (j < this.tokens.length && depth > 0) {
        const t = this.tokens[j] as Token;
        if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start') depth += 1;
        if (t.kind === 'rparen' || t.kind === 'rbrace') depth -= 1;
        j += 1;
      }
      // The header's tokens, closing `)` included, read by a parser of their own at each call.
      headerParams = this.tokens.slice(start, j);
      k = j - this.pos;
    }
    while (this.peek(k)?.kind === 'newline') k += 1;
    const body = this.peek(k);
    if (body?.kind !== 'scriptblock') return false;
    this.pos += k + 1;
    const name = nameTok.text.replace(/^(?:global|script|local|private):/i, '');
    if (CMDLET_BY_LOWER.has(name.toLowerCase())) {
      this.add(nameTok, 'warning', `The script defines its own ${name}; the real cmdlet is read instead of this function.`);
      return true;
    }
    this.shared.functions.set(name.toLowerCase(), { name, body, headerParams, source: this.source, called: false });
    return true;
  }

  /** Reads `$a, [type]$b = default, [Parameter(Mandatory)][switch]$c` up to the closing `)`. */
  private paramList(): ParamDecl[] {
    const decls: ParamDecl[] = [];
    let isSwitch = false;
    for (;;) {
      const tok = this.peek();
      if (tok === undefined) return decls;
      if (tok.kind === 'rparen') {
        this.pos += 1;
        return decls;
      }
      if (tok.kind === 'newline' || tok.kind === 'comma' || tok.kind === 'semicolon') {
        this.pos += 1;
        continue;
      }
      if (tok.kind === 'bracket') {
        this.pos += 1;
        const text = tok.text.replace(/\s+/g, '');
        if (/^switch$/i.test(text) || /^System\.Management\.Automation\.SwitchParameter$/i.test(text)) isSwitch = true;
        continue;
      }
      if (tok.kind === 'variable') {
        this.pos += 1;
        let defaultTokens: Token[] | null = null;
        if (this.peek()?.kind === 'equals') {
          this.pos += 1;
          const start = this.pos;
          this.nesting += 1;
          // The comma separates parameters here, so a default is one operand (`@('a','b')` for a list).
          this.primaryExpression();
          this.nesting -= 1;
          defaultTokens = this.tokens.slice(start, this.pos);
        }
        decls.push({ name: tok.text, at: tok, defaultTokens, isSwitch });
        isSwitch = false;
        continue;
      }
      // Something a parameter list does not hold here: skip to its closing `)`.
      this.skipParen();
      return decls;
    }
  }

  /**
   * Gives each declared parameter its value: the call's argument, else the value the admin supplied,
   * else its default; without any, the parameter stays open (the admin is asked) — or, in a function
   * the script calls, it is `$null` as PowerShell makes it. Sets `$PSBoundParameters`: the arguments
   * and supplied values, and (not called) the open parameters, as the one who runs it would pass them.
   */
  private bindParams(decls: ParamDecl[], call: CallArguments | null): void {
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
      if (value === undefined && this.shared.supplied.has(key)) {
        value = this.shared.supplied.get(key) as Value;
        if (!call && value.kind === 'null') {
          // $null given for a parameter of a function nobody calls here: its caller does not pass it.
          this.variables.set(key, value);
          continue;
        }
      }
      if (value !== undefined) {
        this.variables.set(key, value);
        bound.push({ key: decl.name, value, line: value.line, column: value.column });
        continue;
      }
      if (decl.defaultTokens !== null) {
        // Read in the function's scope, so a default may use an earlier parameter.
        const reader = new Parser(decl.defaultTokens, new Map(), this.shared, this.variables, this.source);
        reader.nesting = 1;
        this.variables.set(key, reader.primaryExpression());
        continue;
      }
      if (call) {
        this.variables.set(key, decl.isSwitch ? { kind: 'bool', value: false, ...at } : { kind: 'null', ...at });
        continue;
      }
      // Not called (or the script's own parameters): whoever runs it passes the value, so it is open,
      // and bound (a DSC resource's `$PSBoundParameters` holds every property configured).
      this.variables.delete(key);
      if (!decl.isSwitch) {
        bound.push({ key: decl.name, value: { kind: 'variable', name: decl.name, fromCaller: true, line: at.line, column: at.column }, line: at.line, column: at.column });
      }
    }
    if (call) {
      for (const [written, value] of call.named) {
        this.add(value ?? call.at, 'warning', `${call.name} has no parameter -${written}; the value is ignored.`);
      }
    }
    this.boundParameters = { kind: 'hashtable', entries: bound, line: 1, column: 1 };
  }

  /** The arguments of a call to a script function: `-Name value`, switches, positional values, `@splat`. */
  private callArguments(fn: FunctionDef, at: Token): CallArguments {
    const named = new Map<string, Value | null>();
    const positional: Value[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok === undefined || this.atStatementEnd(tok) || tok.kind === 'pipe' || tok.kind === 'rbrace' || tok.kind === 'rparen') break;
      if (tok.kind === 'parameter') {
        this.pos += 1;
        const written = tok.text.toLowerCase();
        if (tok.colon) named.set(written, this.argument(true));
        else if (this.valueFollows()) named.set(written, this.argument(true));
        else named.set(written, null);
        continue;
      }
      if (tok.kind === 'splat') {
        this.pos += 1;
        const value = this.variables.get(variableKey(tok.text));
        if (value?.kind === 'hashtable') for (const entry of value.entries) named.set(entry.key.toLowerCase(), entry.value);
        else this.add(tok, 'warning', `@${tok.text} is not a hashtable assigned in this script; its values are not passed to ${fn.name}.`);
        continue;
      }
      positional.push(this.argument(true));
    }
    return { name: fn.name, named, positional, at };
  }

  /** Reads a function's body with its parameters bound to the call's arguments (null: not called). */
  private callFunction(fn: FunctionDef, call: CallArguments | null): void {
    if (call) fn.called = true;
    if (this.shared.callDepth >= MAX_CALL_DEPTH) {
      this.add(call?.at ?? fn.body, 'warning', `${fn.name} calls functions more than ${MAX_CALL_DEPTH} deep; the deeper calls are not read.`);
      return;
    }
    const inner = tokenizePowerShell(fn.body.text, { line: fn.body.line, column: fn.body.column + 1 });
    for (const f of inner.findings) this.findings.push(f);
    // Functions read the variables of the scope that calls them; their own assignments stay inside.
    const child = new Parser(inner.tokens, inner.comments, this.shared, new Map(this.variables), fn.body.text);
    const decls: ParamDecl[] = fn.headerParams ? new Parser(fn.headerParams, new Map(), this.shared, undefined, fn.source).paramList() : [];
    // `[CmdletBinding()]` and line breaks may come before `param (`.
    let k = 0;
    while (child.tokens[k]?.kind === 'newline' || child.tokens[k]?.kind === 'bracket') k += 1;
    let open = k + 1;
    while (child.tokens[open]?.kind === 'newline') open += 1;
    if (child.tokens[k]?.kind === 'word' && child.tokens[k]?.text.toLowerCase() === 'param' && child.tokens[open]?.kind === 'lparen') {
      child.pos = open + 1;
      decls.push(...child.paramList());
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
    this.shared.callDepth += 1;
    try {
      child.bindParams(decls, call);
      child.run();
    } finally {
      this.shared.callDepth -= 1;
    }
  }

  /** `Get-ClientAccessRule "x" | Set-ClientAccessRule …`, or one command. */
  private pipeline(): void {
    const stages: { command: ParsedCommand | null; tok: Token }[] = [];
    const head = this.peek();
    if (head?.kind === 'variable') {
      // `$rule | Set-ClientAccessRule …`: a rule object read earlier in the script.
      this.pos += 1;
      const value = this.variableValue(head);
      if (value.kind === 'rule') {
        stages.push({ command: { cmdlet: 'Get-ClientAccessRule', params: { Identity: value.identity }, line: head.line, column: head.column }, tok: head });
      } else {
        const mentions = this.tokens.slice(this.pos, this.pos + 3).some((t) => /ClientAccessRule/i.test(t.text));
        const message = `Skipped a pipeline from $${head.text}: it does not hold a rule read with Get-ClientAccessRule 'name' or made with New-ClientAccessRule earlier in this script.`;
        if (mentions) this.add(head, 'warning', message);
        else this.note(head, message);
        this.skipStatement();
        return;
      }
      this.pos += 1; // `|`
      this.skipNewlines();
    }
    for (;;) {
      const tok = this.peek();
      if (tok === undefined || tok.kind !== 'word') {
        if (tok) this.add(tok, 'warning', `Skipped the rest of this pipeline from "${short(tok.text)}": it is not a command that can be read statically.`);
        this.skipStatement();
        break;
      }
      const spec = CMDLET_BY_LOWER.get(tok.text.toLowerCase());
      if (!spec) {
        const where = /^(where|where-object|foreach-object|%|\?)$/i.test(tok.text);
        if (where) this.add(tok, 'warning', `Skipped the pipeline through "${tok.text}": filtering cannot be evaluated statically, so the commands after it are not read.`);
        else this.note(tok, `Skipped "${short(tok.text)}" in a pipeline: not a Client Access Rule command.`);
        this.skipStatement();
        stages.push({ command: null, tok });
        break;
      }
      this.pos += 1;
      stages.push({ command: this.command(spec, tok, stages.length > 0), tok });
      if (this.peek()?.kind === 'pipe') {
        this.pos += 1;
        while (this.peek()?.kind === 'newline') this.pos += 1;
        continue;
      }
      break;
    }
    const commands = this.linkPipeline(stages);
    this.commands.push(...commands);
  }

  private linkPipeline(stages: { command: ParsedCommand | null; tok: Token }[]): ParsedCommand[] {
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
        this.add(stage.tok, 'warning', `Skipped ${cmd.cmdlet}: only output of Get-ClientAccessRule can be piped into it here.`);
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
        this.add(stage.tok, 'warning', `Skipped ${cmd.cmdlet}: it receives every rule from Get-ClientAccessRule without an -Identity, which is not applied here. Name the rule: Get-ClientAccessRule 'Rule name' | ${cmd.cmdlet} …`);
        broken = true;
        continue;
      }
      if ('Identity' in cmd.params) {
        this.add(stage.tok, 'error', `Skipped ${cmd.cmdlet}: it receives a rule from the pipeline and also has -Identity.`);
        continue;
      }
      // Bound as -Identity, which the piped command was read without (its other values are checked).
      out.push({ ...cmd, params: { Identity: identity, ...cmd.params } } as ParsedCommand);
    }
    // Get is kept (it changes nothing) only when it stands alone.
    return stages.length > 1 && out[0]?.cmdlet === 'Get-ClientAccessRule' ? out.slice(1) : out;
  }

  /**
   * Reads one command's arguments. Returns null (with findings) when Exchange would reject the command
   * or a value cannot be resolved: such a command creates or changes nothing.
   */
  private command(spec: CmdletSpec, cmdTok: Token, piped: boolean): ParsedCommand | null {
    const raw = new Map<string, { value: Value | null; at: At; param: ParamSpec }>();
    let ok = true;
    let positionalUsed = false;
    let lastLine = cmdTok.line;
    const fail = (at: At, message: string): void => {
      this.add(at, 'error', message);
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
      let tok = this.peek();
      if (tok?.kind === 'newline' && this.continuesWithoutBacktick(spec)) {
        tok = this.peek();
      }
      if (tok === undefined || this.atStatementEnd(tok) || tok.kind === 'pipe' || tok.kind === 'rbrace' || tok.kind === 'rparen') break;
      lastLine = tok.line;
      if (tok.kind === 'parameter') {
        this.pos += 1;
        const param = this.resolveParam(spec, tok.text, tok);
        if (param === null) {
          ok = false;
          // Unknown parameter: take the value after it too, so it is not reported again as positional.
          if (tok.colon ? !this.atStatementEnd(this.peek()) : this.valueFollows()) this.argument(true);
          continue;
        }
        if (tok.colon) {
          if (this.atStatementEnd(this.peek())) {
            raw.set(param.name, { value: null, at: tok, param });
            fail(tok, `-${param.name}: needs a value right after the colon.`);
            continue;
          }
          bind(param, this.argument(true), tok);
          continue;
        }
        if (param.type === 'switch' || param.type === 'ignored-switch') {
          bind(param, { kind: 'bool', value: true, line: tok.line, column: tok.column }, tok);
          continue;
        }
        if (!this.valueFollows()) {
          if (this.peek()?.kind === 'newline' && this.continuesWithoutBacktick(spec, true)) {
            bind(param, this.argument(true), tok);
            continue;
          }
          raw.set(param.name, { value: null, at: tok, param });
          fail(tok, `-${param.name} needs a value, but none follows${this.peek()?.kind === 'parameter' ? ` (the next thing is -${this.peek()?.text})` : ''}. The value was probably lost when the command was copied.`);
          continue;
        }
        bind(param, this.argument(true), tok);
        continue;
      }
      if (tok.kind === 'splat') {
        this.pos += 1;
        const value = this.variables.get(tok.text.toLowerCase());
        if (value === undefined) {
          fail(tok, `@${tok.text} splats a variable that is not assigned earlier in this script.`);
          continue;
        }
        if (value.kind !== 'hashtable') {
          fail(tok, `@${tok.text} is not a hashtable assigned in this script (${value.kind === 'unresolved' ? value.message : 'it holds a list or text'}); it cannot be splatted statically.`);
          continue;
        }
        for (const entry of value.entries) {
          if (entry.value.kind === 'variable' && entry.value.fromCaller && !bindParamName(spec, entry.key).ok) {
            // A parameter of the function left to its caller: the command only works when it is not passed.
            this.note(entry, `@${tok.text} would pass -${entry.key}, which ${spec.name} does not take: read as not passed (the script works only when no value is given for $${entry.value.name}).`);
            continue;
          }
          const param = this.resolveParam(spec, entry.key, entry);
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
      const value = this.argument(true);
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
      const converted = convertValue(this, spec, entry.param, entry.value, entry.at);
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
      this.add(cmdTok, 'error', `${spec.name} on line ${cmdTok.line} is not imported: Exchange would reject it or it cannot be read statically (see the findings that follow). Fix them and import again.`);
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
      this.add(cmdTok, 'error', `${spec.name} on line ${cmdTok.line} is kept but not applied until ${open.join(', ')} ${open.length === 1 ? 'has a value' : 'have values'}: give ${open.length === 1 ? 'it' : 'them'} and the script is read again.`);
    }
    if (spec.name === 'Test-ClientAccessRule') {
      const expected = this.expectComment(cmdTok.line, lastLine);
      if (expected) command.expected = expected;
      const testName = this.testNameComment(cmdTok.line);
      if (testName !== undefined) command.testName = testName;
    }
    return command as ParsedCommand;
  }

  /**
   * The name in a `# Test 3: 'EAC from outside'` comment among the comment lines right above the command
   * (the generator's shape). The name is a PowerShell literal, possibly a `('a' + [char]0x202E)`
   * concatenation, read with this same parser; anything else gives no name.
   */
  private testNameComment(first: number): string | undefined {
    for (let line = first - 1; line >= 1 && line >= first - 10 && this.lineComment(line) !== undefined; line -= 1) {
      const comment = readTestNameComment(this.lineComment(line) as string);
      if (comment === undefined) continue;
      const probe = tokenizePowerShell(`$n = ${comment.literal}`);
      const reader = new Parser(probe.tokens, probe.comments);
      reader.run();
      const value = reader.variables.get('n');
      return value?.kind === 'string' ? value.text : undefined;
    }
    return undefined;
  }

  /** `# expect: DenyAccess` on the command's lines or on the line just above it. */
  private expectComment(first: number, last: number): Action | undefined {
    for (let line = first - 1; line <= last; line += 1) {
      const comment = line < first ? this.lineComment(line) : this.comments.get(line);
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
  private continuesWithoutBacktick(spec: CmdletSpec, needsValue = false): boolean {
    const newline = this.peek() as Token;
    const next = this.peek(1);
    if (next === undefined) return false;
    let continues = next.kind === 'parameter';
    if (!continues && needsValue) {
      continues =
        (next.kind === 'string' || next.kind === 'array-start' || next.kind === 'variable' || next.kind === 'placeholder' || next.kind === 'bracket' || next.kind === 'scriptblock' || next.kind === 'hash-start' ||
          (next.kind === 'word' && !CMDLET_BY_LOWER.has(next.text.toLowerCase()) && !KEYWORDS.has(next.text.toLowerCase()) && !/^[A-Za-z]+-[A-Za-z]/.test(next.text)));
    }
    if (!continues) return false;
    this.add(next, 'warning', `Line ${next.line} continues ${spec.name} from line ${newline.line} without a backtick (\`) at the end of line ${newline.line}. PowerShell would run them as separate commands; it is read as one command here. Add the backtick or join the lines.`);
    this.pos += 1;
    return true;
  }

  /** Whether a value (not the next parameter or the end of the statement) follows. */
  private valueFollows(): boolean {
    const tok = this.peek();
    if (tok === undefined || this.atStatementEnd(tok)) return false;
    return tok.kind !== 'parameter' && tok.kind !== 'pipe' && tok.kind !== 'rbrace' && tok.kind !== 'rparen';
  }

  private resolveParam(spec: CmdletSpec, written: string, at: At): ParamSpec | null {
    const resolved = bindParamName(spec, written);
    if (resolved.ok) return resolved.param;
    this.add(at, 'error', resolved.message);
    return null;
  }

  // ---- values ----

  /**
   * An argument: one element or a comma list. In argument mode bare words are text; in expression mode
   * (assignments, hashtable values, inside parentheses) `a + b` concatenates.
   */
  private argument(argumentMode: boolean): Value {
    return this.expression(argumentMode);
  }

  expression(argumentMode: boolean): Value {
    let value = this.commaList(argumentMode);
    if (argumentMode) return value;
    while (this.peek()?.kind === 'plus') {
      const plus = this.peek() as Token;
      this.pos += 1;
      this.skipNewlines();
      if (!this.valueFollows()) {
        return { kind: 'unresolved', message: 'a + with nothing after it', line: plus.line, column: plus.column };
      }
      const right = this.commaList(argumentMode);
      value = concat(value, right, plus);
    }
    return value;
  }

  private skipNewlines(): void {
    while (this.peek()?.kind === 'newline') this.pos += 1;
  }

  private commaList(argumentMode: boolean): Value {
    const first = this.primary(argumentMode);
    if (this.peek()?.kind !== 'comma') return first;
    const items: Value[] = [first];
    while (this.peek()?.kind === 'comma') {
      const comma = this.peek() as Token;
      this.pos += 1;
      // A trailing comma continues the list on the next line.
      this.skipNewlines();
      if (!this.valueFollows()) {
        items.push({ kind: 'unresolved', message: 'a comma with no value after it', line: comma.line, column: comma.column });
        break;
      }
      items.push(this.primary(argumentMode));
    }
    return { kind: 'list', items, line: first.line, column: first.column };
  }

  private depth = 0;

  primary(argumentMode: boolean): Value {
    const tok = this.peek();
    if (tok === undefined) {
      const last = this.tokens[this.tokens.length - 1];
      return { kind: 'unresolved', message: 'the script ends where a value was expected', line: last?.line ?? 1, column: last?.column ?? 1 };
    }
    if (this.depth >= MAX_DEPTH && (tok.kind === 'array-start' || tok.kind === 'hash-start' || tok.kind === 'lparen')) {
      this.pos += 1;
      this.skipParen();
      return { kind: 'unresolved', message: `brackets are nested more than ${MAX_DEPTH} deep`, line: tok.line, column: tok.column };
    }
    this.depth += 1;
    try {
      return this.primaryInner(tok, argumentMode);
    } finally {
      this.depth -= 1;
    }
  }

  private primaryInner(tok: Token, argumentMode: boolean): Value {
    const at = { line: tok.line, column: tok.column };
    this.pos += 1;
    switch (tok.kind) {
      case 'string':
        return this.stringValue(tok);
      case 'word': {
        // Glue adjacent tokens (`a=b`, `x+y`) into the bare word, as argument mode reads them.
        let text = tok.text;
        if (argumentMode) {
          for (let next = this.peek(); next && !next.spaceBefore && (next.kind === 'word' || next.kind === 'equals' || next.kind === 'plus' || next.kind === 'other'); next = this.peek()) {
            text += next.text;
            this.pos += 1;
          }
        } else if (/^[A-Za-z]+-[A-Za-z]/.test(text) && !/^-?\d/.test(text)) {
          this.skipCommandInExpression();
          return { kind: 'unresolved', message: `the value comes from running ${short(text)}, which is not run here`, ...at };
        }
        return { kind: 'string', text, quoted: false, ...at };
      }
      case 'variable':
        return this.variableValue(tok);
      case 'placeholder':
        return { kind: 'placeholder', text: tok.text, ...at };
      case 'scriptblock':
        return { kind: 'scriptblock', text: tok.text, ...at };
      case 'bracket':
        return this.bracketValue(tok, argumentMode);
      case 'array-start':
        return this.arrayValue(tok);
      case 'hash-start':
        return this.hashValue(tok);
      case 'lparen':
        return this.parenValue(tok);
      case 'splat':
        return { kind: 'unresolved', message: `@${tok.text} can only be used as a whole argument list`, ...at };
      case 'plus':
        return { kind: 'string', text: '+', quoted: false, ...at };
      default:
        return { kind: 'unresolved', message: `"${short(tok.text)}" is not a value`, ...at };
    }
  }

  private stringValue(tok: Token): Value {
    const at = { line: tok.line, column: tok.column };
    if (!tok.parts) return { kind: 'string', text: tok.text, quoted: true, ...at };
    let text = '';
    for (const part of tok.parts) {
      if (part.kind === 'text') {
        text += part.text;
        continue;
      }
      if (part.kind === 'subexpression') {
        return { kind: 'unresolved', message: `the double-quoted string expands ${short(part.text)}, which cannot be evaluated statically; use single quotes for literal text`, ...at };
      }
      const key = variableKey(part.name);
      const value = this.variables.get(key);
      if ((value === undefined && !AUTOMATIC_VARIABLES.has(key) && !key.includes(':')) || value?.kind === 'variable') {
        return value ?? { kind: 'variable', name: part.name, ...at };
      }
      if (value?.kind === 'unresolved') return { kind: 'variable', name: part.name, reason: value.message, ...at };
      const resolved = value === undefined ? undefined : scalarText(value);
      if (resolved === undefined) {
        return { kind: 'unresolved', message: `the double-quoted string expands $${part.name}, which ${value === undefined ? 'is not assigned earlier in this script' : 'does not hold plain text'}; use single quotes for literal text`, ...at };
      }
      text += resolved;
    }
    return { kind: 'string', text, quoted: true, ...at };
  }

  private variableValue(tok: Token): Value {
    const at = { line: tok.line, column: tok.column };
    const lower = tok.text.toLowerCase();
    if (lower === 'true') return { kind: 'bool', value: true, ...at };
    if (lower === 'false') return { kind: 'bool', value: false, ...at };
    if (lower === 'null') return { kind: 'null', ...at };
    if (tok.text === '(') {
      this.pos -= 1;
      this.skipSubexpression();
      return { kind: 'unresolved', message: 'a $( … ) subexpression cannot be evaluated statically', ...at };
    }
    const key = variableKey(tok.text);
    const value = key === 'psboundparameters' && !this.variables.has(key) && this.boundParameters ? this.boundParameters : this.variables.get(key);
    // `$x.Property` or `$x['Key']`: a hashtable's entry or a rule's name; other member access is not evaluated.
    const next = this.peek();
    if (next && !next.spaceBefore && ((next.kind === 'word' && next.text.startsWith('.')) || next.kind === 'bracket')) {
      this.pos += 1;
      const written = `$${tok.text}${next.kind === 'bracket' ? `[${next.text}]` : next.text}`;
      const member = next.kind === 'bracket' ? indexKey(next.text) : next.text.slice(1);
      if (member !== null && this.peek()?.kind !== 'lparen') {
        if (value?.kind === 'hashtable') {
          const entry = value.entries.find((e) => e.key.toLowerCase() === member.toLowerCase());
          if (entry) return { ...entry.value, ...at } as Value;
          // A key the hashtable does not hold reads as $null in PowerShell; Count is its size.
          if (/^count$/i.test(member)) return { kind: 'string', text: String(value.entries.length), quoted: false, ...at };
          if (!/^(keys|values|syncroot|issynchronized|isreadonly|isfixedsize|comparer)$/i.test(member)) return { kind: 'null', ...at };
        }
        if (value?.kind === 'rule' && /^(name|identity)$/i.test(member)) return { kind: 'string', text: value.identity, quoted: true, ...at };
        if (value === undefined && !AUTOMATIC_VARIABLES.has(key) && next.kind === 'word' && /^\.\w+$/.test(next.text)) {
          const supplied = this.shared.supplied.get(`${key}${next.text.toLowerCase()}`);
          if (supplied) return { ...supplied, ...at } as Value;
          return { kind: 'variable', name: `${tok.text}${next.text}`, ...at };
        }
      }
      return { kind: 'unresolved', message: `${written} reads part of a variable, which is not evaluated here`, ...at };
    }
    if (value === undefined) {
      if (AUTOMATIC_VARIABLES.has(key) || key.includes(':')) {
        return { kind: 'unresolved', message: `$${tok.text} is set by PowerShell when the script runs, not in the script`, ...at };
      }
      return { kind: 'variable', name: tok.text.replace(/^(?:script|global|local|private|using):/i, ''), ...at };
    }
    if (value.kind === 'unresolved') {
      return { kind: 'variable', name: tok.text.replace(/^(?:script|global|local|private|using):/i, ''), reason: value.message, ...at };
    }
    return { ...value, line: at.line, column: at.column } as Value;
  }

  private skipSubexpression(): void {
    // Positioned on the `$(` variable token; skip until the matching `)`.
    this.pos += 1;
    let depth = 1;
    while (this.pos < this.tokens.length && depth > 0) {
      const t = this.peek() as Token;
      if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start' || (t.kind === 'variable' && t.text === '(')) depth += 1;
      if (t.kind === 'rparen' || t.kind === 'rbrace') depth -= 1;
      this.pos += 1;
    }
  }

  private bracketValue(tok: Token, argumentMode: boolean): Value {
    const at = { line: tok.line, column: tok.column };
    const type = tok.text.trim().toLowerCase();
    const next = this.peek();
    if (type === 'char' && next) {
      const operand = next.kind === 'word' ? next.text : next.kind === 'string' ? next.text : '';
      const code = /^0x[0-9a-f]{1,6}$/i.test(operand) ? Number.parseInt(operand.slice(2), 16) : /^\d{1,7}$/.test(operand) ? Number(operand) : Number.NaN;
      if (next.kind === 'word' && Number.isFinite(code) && code <= 0xffff) {
        this.pos += 1;
        return { kind: 'string', text: String.fromCharCode(code), quoted: true, ...at };
      }
      if (next.kind === 'string' && [...operand].length === 1) {
        this.pos += 1;
        return { kind: 'string', text: operand, quoted: true, ...at };
      }
      return { kind: 'unresolved', message: `[char] needs a character code such as 0x202E here`, ...at };
    }
    if (/^(?:system\.)?(?:string|string\[\]|array|object|object\[\]|int|int32|bool|boolean|switch|hashtable|ordered|collections\.hashtable|collections\.arraylist|collections\.specialized\.ordereddictionary)$/.test(type) && next && (next.kind === 'string' || next.kind === 'variable' || next.kind === 'lparen' || next.kind === 'array-start' || (next.kind === 'word' && !argumentMode))) {
      return this.primary(argumentMode);
    }
    if (next && !next.spaceBefore && next.kind === 'word' && next.text.startsWith('::')) {
      this.pos += 1;
      return { kind: 'unresolved', message: `[${tok.text}]${short(next.text)} calls .NET, which is not evaluated here`, ...at };
    }
    return { kind: 'placeholder', text: `[${tok.text}]`, ...at };
  }

  private arrayValue(open: Token): Value {
    const at = { line: open.line, column: open.column };
    const items: Value[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok === undefined) {
        return { kind: 'unresolved', message: '@( is never closed with )', ...at };
      }
      if (tok.kind === 'rparen') {
        this.pos += 1;
        break;
      }
      if (tok.kind === 'newline' || tok.kind === 'semicolon' || tok.kind === 'comma') {
        this.pos += 1;
        continue;
      }
      if (tok.kind === 'rbrace') {
        return { kind: 'unresolved', message: '@( is never closed with )', ...at };
      }
      this.nesting += 1;
      const value = this.expression(false);
      this.nesting -= 1;
      if (value.kind === 'list') items.push(...value.items);
      else items.push(value);
    }
    return { kind: 'list', items, ...at };
  }

  private hashValue(open: Token): Value {
    const at = { line: open.line, column: open.column };
    const entries: { key: string; value: Value; line: number; column: number }[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok === undefined) {
        return { kind: 'unresolved', message: '@{ is never closed with }', ...at };
      }
      if (tok.kind === 'rbrace') {
        this.pos += 1;
        break;
      }
      if (tok.kind === 'newline' || tok.kind === 'semicolon') {
        this.pos += 1;
        continue;
      }
      if ((tok.kind === 'word' || tok.kind === 'string') && this.peek(1)?.kind === 'equals') {
        this.pos += 2;
        this.skipNewlines();
        if (!this.valueFollows()) {
          entries.push({ key: tok.text, value: { kind: 'unresolved', message: `${tok.text} = has no value`, line: tok.line, column: tok.column }, line: tok.line, column: tok.column });
          continue;
        }
        entries.push({ key: tok.text, value: this.expression(false), line: tok.line, column: tok.column });
        continue;
      }
      // Anything else inside @{ }: skip to the closing brace and report.
      let depth = 0;
      while (this.pos < this.tokens.length) {
        const t = this.peek() as Token;
        if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start') depth += 1;
        if (t.kind === 'rparen' && depth > 0) depth -= 1;
        if (t.kind === 'rbrace') {
          if (depth === 0) {
            this.pos += 1;
            break;
          }
          depth -= 1;
        }
        this.pos += 1;
      }
      return { kind: 'unresolved', message: `the hashtable holds "${short(tok.text)}" where a Key = value entry was expected`, ...at };
    }
    return { kind: 'hashtable', entries, ...at };
  }

  private parenValue(open: Token): Value {
    const at = { line: open.line, column: open.column };
    this.skipNewlines();
    if (this.peek()?.kind === 'rparen') {
      this.pos += 1;
      return { kind: 'list', items: [], ...at };
    }
    const first = this.peek();
    if (first === undefined || first.kind === 'newline' || first.kind === 'semicolon') {
      return { kind: 'unresolved', message: '( is never closed with )', ...at };
    }
    if (first.kind === 'word' && (CMDLET_BY_LOWER.has(first.text.toLowerCase()) || /^[A-Za-z]+-[A-Za-z]/.test(first.text))) {
      this.skipParen();
      return { kind: 'unresolved', message: `(${short(first.text)} …) runs a command, which is not evaluated here`, ...at };
    }
    this.nesting += 1;
    const value = this.expression(false);
    this.nesting -= 1;
    this.skipNewlines();
    if (this.peek()?.kind === 'rparen') {
      this.pos += 1;
      return value;
    }
    const stray = this.peek();
    if (stray === undefined) return { kind: 'unresolved', message: '( is never closed with )', ...at };
    this.skipParen();
    return { kind: 'unresolved', message: `the expression in ( ) holds "${short(stray?.text ?? '')}", which cannot be evaluated statically`, ...at };
  }

  /**
   * Skips a command run inside an expression. Inside `( )` or `@( )` it ends at the bracket that closes
   * them (left for the caller), line breaks included: `$x = @(Get-ClientAccessRule | ForEach-Object { … })`
   * must not take the next command with it.
   */
  private skipCommandInExpression(): void {
    if (this.nesting === 0) {
      this.skipStatement();
      return;
    }
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const t = this.peek() as Token;
      if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start') depth += 1;
      if (t.kind === 'rparen' || t.kind === 'rbrace') {
        if (depth === 0) return;
        depth -= 1;
      }
      this.pos += 1;
    }
  }

  private skipParen(): void {
    let depth = 1;
    while (this.pos < this.tokens.length && depth > 0) {
      const t = this.peek() as Token;
      if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start') depth += 1;
      if (t.kind === 'rparen' || t.kind === 'rbrace') depth -= 1;
      this.pos += 1;
    }
  }

  /** Records a use of an open variable, with a finding that says how to give its value. */
  useVariable(v: Value & { kind: 'variable' }, cmdlet: string, parameter: string): VariableUse {
    const key = variableKey(v.name);
    const use: VariableUse = { variable: `$${v.name}`, line: v.line, column: v.column, cmdlet, parameter };
    const known = this.shared.unresolved.get(key);
    if (known) known.uses.push(use);
    else this.shared.unresolved.set(key, { name: v.name, uses: [use], ...(v.reason ? { reason: v.reason } : {}) });
    const why = v.reason ? `has no value this script can compute (${v.reason})` : 'is not given a value in this script';
    this.add(v, 'warning', `-${parameter} takes $${v.name}, which ${why}. Give its value (the Import view's field, or --var ${v.name}=…) to import this command.`);
    return use;
  }
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
    const parser = new Parser(tokens, comments, newShared(options.variables), undefined, text);
    parser.runScript();
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
