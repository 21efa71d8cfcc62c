/**
 * The state of one reading of script tokens, shared by the reader's parts: the tokens and the
 * position in them, the variables in scope, what every reader of one script shares (findings,
 * commands, functions, supplied and open variables), and the cursor steps every part uses (peek,
 * skip a statement or a bracket, report a finding, record the use of an open variable).
 *
 * A function body, a `{ … }` block, a condition or a parameter default is read by a `Reader` of its
 * own over its tokens, sharing `Shared` with the script's reader (see `child`).
 */
import type { Severity, SourceFinding } from '../../model/types.ts';
import type { Token } from '../tokenizer.ts';
import { variableKey, type SuppliedVariables, type UnresolvedVariable, type VariableUse } from '../script-variables.ts';
import { CMDLET_BY_LOWER } from './catalogue.ts';
import type { ConvertContext } from './convert.ts';
import type { ParsedCommand } from './parsed-command.ts';
import type { At, Value } from './values.ts';

/** A parameter of a `function` or of the script's `param(…)` block. */
export interface ParamDecl {
  name: string;
  at: At;
  /** The default's tokens, read when the parameter is bound, in the function's scope. */
  defaultTokens: Token[] | null;
  isSwitch: boolean;
}

/** The arguments of a call to a function the script defines. */
export interface CallArguments {
  name: string;
  /** Lower-case parameter name as written → value (null: a switch with no value). */
  named: Map<string, Value | null>;
  positional: Value[];
  at: At;
}

export interface FunctionDef {
  name: string;
  /** The `{ … }` body. */
  body: Token;
  /** Tokens of the parameters written as `function Name($a, $b)` (closing `)` included). */
  headerParams: Token[] | null;
  /** The text the header's token offsets refer to. */
  source: string;
  called: boolean;
}

/** What the readers of a script and of the function bodies and blocks it holds share. */
export interface Shared {
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

/**
 * The shared state of a new reading, with the admin's values for open variables read into values.
 *
 * @example newShared({ Ips: ['10.0.0.1'] }).supplied.get('ips') // { kind: 'list', items: [ … ] }
 */
export function newShared(supplied: SuppliedVariables = {}): Shared {
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
export const MAX_CALL_DEPTH = 20;

const MAX_SKIP_NOTES = 200;
const MAX_FINDINGS = 5000;
/** Deepest nesting of @( ), @{ } and ( ) read; deeper input is reported instead of recursing further. */
export const MAX_DEPTH = 100;

/** One reading of a run of tokens (the script, a function body, a block, a condition). */
export class Reader implements ConvertContext {
  pos = 0;
  readonly findings: SourceFinding[];
  readonly commands: ParsedCommand[];
  readonly variables: Map<string, Value>;
  /** Inside a function body: the hashtable `$PSBoundParameters` gives. */
  boundParameters: Value | null = null;
  /** Open `(`, `@(` being read: a command inside them is skipped only up to the closing bracket. */
  nesting = 0;
  /** How deep `@( )`, `@{ }` and `( )` are nested where the value reader is (see `MAX_DEPTH`). */
  depth = 0;
  /** Lines where a token starts: a comment on any other line stands alone. */
  private readonly codeLines = new Set<number>();
  /** Inside a branch assumed to run (its condition cannot be decided): a `return` ends only the branch. */
  conditional = false;
  /** A `return` on a path that surely runs ended this body. */
  stopped = false;

  constructor(
    readonly tokens: Token[],
    readonly comments: Map<number, string>,
    readonly shared: Shared = newShared(),
    variables?: Map<string, Value>,
    /** The text the tokens' offsets refer to (for quoting conditions in findings). */
    readonly source = '',
  ) {
    this.findings = shared.findings;
    this.commands = shared.commands;
    this.variables = variables ?? new Map(shared.supplied);
    for (const t of tokens) if (t.kind !== 'newline') this.codeLines.add(t.line);
  }

  /**
   * A reader of other tokens of the same script (a block, a condition, a default), sharing its
   * findings, commands and functions; `variables` is its scope (this reader's own, or a copy).
   */
  child(tokens: Token[], variables: Map<string, Value>, source = this.source, comments: Map<number, string> = new Map()): Reader {
    const reader = new Reader(tokens, comments, this.shared, variables, source);
    reader.boundParameters = this.boundParameters;
    reader.conditional = this.conditional;
    return reader;
  }

  /** The comment of a line that holds nothing else. */
  lineComment(line: number): string | undefined {
    return this.codeLines.has(line) ? undefined : this.comments.get(line);
  }

  peek(offset = 0): Token | undefined {
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

  commandCount(): number {
    return this.commands.length;
  }

  commandsSince(from: number): { cmdlet: string; line: number }[] {
    return this.commands.slice(from).map((c) => ({ cmdlet: c.cmdlet, line: c.line }));
  }

  supplied(key: string): Value | undefined {
    return this.shared.supplied.get(key);
  }

  stop(): void {
    this.stopped = true;
    this.pos = this.tokens.length;
  }

  atStatementEnd(tok: Token | undefined): boolean {
    return tok === undefined || tok.kind === 'newline' || tok.kind === 'semicolon';
  }

  /** Skips to the end of the statement, keeping bracket nesting (line breaks inside brackets do not end it). */
  skipStatement(): void {
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

  startsCommand(tok: Token | undefined): boolean {
    return tok?.kind === 'word' && CMDLET_BY_LOWER.has(tok.text.toLowerCase());
  }

  /** Whether a value (not the next parameter or the end of the statement) follows. */
  valueFollows(): boolean {
    const tok = this.peek();
    if (tok === undefined || this.atStatementEnd(tok)) return false;
    return tok.kind !== 'parameter' && tok.kind !== 'pipe' && tok.kind !== 'rbrace' && tok.kind !== 'rparen';
  }

  skipNewlines(): void {
    while (this.peek()?.kind === 'newline') this.pos += 1;
  }

  skipSubexpression(): void {
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

  /**
   * Skips a command run inside an expression. Inside `( )` or `@( )` it ends at the bracket that closes
   * them (left for the caller), line breaks included: `$x = @(Get-ClientAccessRule | ForEach-Object { … })`
   * must not take the next command with it.
   */
  skipCommandInExpression(): void {
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

  skipParen(): void {
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
