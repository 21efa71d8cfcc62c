/**
 * Reads the commands inside control flow: `if`/`elseif`/`else`, `foreach`, `try`/`catch`/`finally`,
 * `switch`, and script blocks run with `&` or `.`. Real scripts (a Microsoft365DSC resource's
 * `if (Present and absent) { New-… } elseif (…) { Set-… }`, a community script's
 * `if (-not (Get-ClientAccessRule …)) { New-… }`) put their commands there.
 *
 * Decisions:
 * - A condition the script's values decide (`reader/conditions.ts`) is followed: a false branch is not
 *   read (an info finding says so when it holds a Client Access Rule command), a true one is read as
 *   plain code. A condition it cannot decide is assumed to hold: the branch is read and a warning at
 *   the keyword gives the condition's text and says the import assumes the branch runs.
 * - The branches of one `if`/`elseif`/`else` chain (and a `catch`) are alternatives: each starts from
 *   the variables as they were before the chain; the variables afterwards are those of the first
 *   branch read (the one assumed to run). Every alternative read keeps its commands.
 * - `foreach ($x in …)` over a list the script gives runs its body once per item (up to
 *   `MAX_ITERATIONS`); over anything else the body is read once and `$x` is a value the admin gives.
 * - `try` is read as if nothing in it fails; `finally` always runs; `catch` is an alternative.
 * - `switch` compares its value with each literal clause (all matching clauses run, `default` when
 *   none does); a clause it cannot decide is an alternative, as above.
 * - `return`/`exit` on a path that surely runs ends the body (script or function). A branch whose
 *   condition cannot be decided and that returns (a guard: `if (exists) { return }`) is assumed not to
 *   run, so the script's main path is read (a warning says so when the branch holds rule commands);
 *   a `return` deeper inside a branch assumed to run ends only that branch.
 * - `for`, `while`, `do` and `until` are not evaluated (skipped with a finding, as before).
 */
import { tokenizePowerShell, type Token, type TokenizeResult } from '../tokenizer.ts';
import type { Severity } from '../../model/types.ts';
import { variableKey } from '../script-variables.ts';
import type { Truth } from './conditions.ts';
import { short, type At, type Value } from './values.ts';

/** Most items a `foreach` is unrolled for; a longer list is read once, as an unknown one. */
export const MAX_ITERATIONS = 200;

/** What the control-flow reader needs from the statement reader. */
export interface FlowHost {
  readonly tokens: Token[];
  pos: number;
  /** The text the tokens' offsets refer to. */
  readonly source: string;
  readonly variables: Map<string, Value>;
  /** How many commands have been read so far (all readers of one script share them). */
  commandCount(): number;
  /** The cmdlets and lines of the commands read since `from`, for messages. */
  commandsSince(from: number): { cmdlet: string; line: number }[];
  add(at: At, severity: Severity, message: string): void;
  note(at: At, message: string): void;
  /**
   * Reads a `{ … }` block's statements with `variables` as its scope. `conditional`: the block is a
   * branch assumed to run. True when a `return` on a path that surely runs ended it.
   */
  readBlock(block: Token, body: TokenizeResult, variables: Map<string, Value>, conditional: boolean): boolean;
  /** Whether the condition in `tokens` holds, with the values of `variables`. */
  condition(tokens: Token[], variables: Map<string, Value>): Truth;
  /** The value of the expression in `tokens`. */
  evaluate(tokens: Token[]): Value;
  /** A value the admin gives for a variable (by key). */
  supplied(key: string): Value | undefined;
  /** Ends the body being read (a `return` that surely runs). */
  stop(): void;
}

interface Clause {
  keyword: Token;
  /** Tokens of the condition, between `(` and `)`; null for `else`. */
  condition: Token[] | null;
  /** The condition as written. */
  text: string;
  block: Token;
}

function isWord(tok: Token | undefined, ...words: string[]): boolean {
  return tok?.kind === 'word' && words.includes(tok.text.toLowerCase());
}

/** Index of the token that closes the bracket opened at `open`, or -1. */
function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j += 1) {
    const t = tokens[j] as Token;
    if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start' || (t.kind === 'variable' && t.text === '(')) depth += 1;
    if (t.kind === 'rparen' || t.kind === 'rbrace') {
      depth -= 1;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function skipNewlines(tokens: Token[], j: number): number {
  while (tokens[j]?.kind === 'newline') j += 1;
  return j;
}

/** A condition as written, on one line, up to 200 characters. */
function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}…` : oneLine;
}

function textBetween(host: FlowHost, from: Token | undefined, to: Token | undefined, tokens: Token[]): string {
  if (from && to && host.source !== '' && to.offset >= from.end) return clip(host.source.slice(from.end, to.offset));
  return clip(tokens.map((t) => t.text).join(' '));
}

/** `( … )` then `{ … }` from `j` (at the `(`): the condition's tokens, its text and the block. */
function conditionAndBlock(host: FlowHost, j: number): { condition: Token[]; text: string; block: Token; next: number } | null {
  const tokens = host.tokens;
  if (tokens[j]?.kind !== 'lparen') return null;
  const close = closing(tokens, j);
  if (close < 0) return null;
  const b = skipNewlines(tokens, close + 1);
  const block = tokens[b];
  if (block?.kind !== 'scriptblock') return null;
  const condition = tokens.slice(j + 1, close);
  return { condition, text: `(${textBetween(host, tokens[j], tokens[close], condition)})`, block, next: b + 1 };
}

function tokenize(block: Token): TokenizeResult {
  return tokenizePowerShell(block.text, { line: block.line, column: block.column + 1 });
}

/** Names the commands a block gave, with the verb, for a finding: "New-ClientAccessRule on line 12 runs". */
function described(commands: { cmdlet: string; line: number }[]): string {
  if (commands.length === 1) return `${(commands[0] as { cmdlet: string }).cmdlet} on line ${(commands[0] as { line: number }).line} runs`;
  const lines = [...new Set(commands.map((c) => c.line))];
  return `${commands.length} Client Access Rule commands (line${lines.length === 1 ? '' : 's'} ${lines.join(', ')}) run`;
}

/** Whether a block's own statements (not its nested blocks) hold a `return` or `exit`. */
function returns(body: TokenizeResult): boolean {
  return body.tokens.some((t, i) => isWord(t, 'return', 'exit') && (i === 0 || ['newline', 'semicolon'].includes((body.tokens[i - 1] as Token).kind)));
}

function mentionsRules(block: Token): boolean {
  return /\b(?:New|Set|Remove|Get|Test)-ClientAccessRule\b/i.test(block.text);
}

/**
 * Reads branches that are alternatives (an `if` chain, `catch`, `switch` clauses), each with its
 * truth: false ones are not read, true ones are read as plain code, unknown ones are read as assumed.
 */
function readAlternatives(host: FlowHost, branches: { clause: Clause; truth: Truth; assumption: string }[]): void {
  const before = new Map(host.variables);
  let adopted = false;
  for (const { clause, truth, assumption } of branches) {
    if (truth === 'false') {
      if (mentionsRules(clause.block)) {
        host.note(clause.keyword, `The Client Access Rule commands in the "${clause.keyword.text}" block on line ${clause.block.line} are not read: ${assumption}.`);
      }
      continue;
    }
    const body = tokenize(clause.block);
    if (truth === 'unknown' && returns(body)) {
      // A guard (`if (…) { …; return }`): the script goes on only when it does not hold; that path is read.
      if (mentionsRules(clause.block)) {
        host.add(clause.keyword, 'warning', `Skipped the "${clause.keyword.text}" block on line ${clause.block.line}: it ends the script with return when ${assumption}, which cannot be decided from the script; the import reads on as if it does not hold, so the Client Access Rule commands in it are not read.`);
      }
      continue;
    }
    const scope = adopted ? new Map(before) : host.variables;
    adopted = true;
    const from = host.commandCount();
    const stopped = host.readBlock(clause.block, body, scope, truth === 'unknown');
    const read = host.commandsSince(from);
    if (read.length > 0) {
      if (truth === 'unknown') {
        host.add(clause.keyword, 'warning', `${described(read)} only if ${assumption}, which cannot be decided from the script: the import assumes this branch runs.`);
      } else {
        host.add(clause.keyword, 'info', `${described(read)}: ${assumption}, with the values this script gives.`);
      }
    }
    if (truth === 'true' && stopped) {
      host.stop();
      return;
    }
  }
}

/**
 * `if (…) { } elseif (…) { } else { }` at the reader's position (on `if`). False (nothing read) when
 * the shape is not that, so the caller skips it as before.
 */
export function readIf(host: FlowHost): boolean {
  const tokens = host.tokens;
  const clauses: Clause[] = [];
  const first = conditionAndBlock(host, host.pos + 1);
  if (first === null) return false;
  clauses.push({ keyword: tokens[host.pos] as Token, condition: first.condition, text: first.text, block: first.block });
  let end = first.next;
  for (;;) {
    const j = skipNewlines(tokens, end);
    const tok = tokens[j];
    if (isWord(tok, 'elseif')) {
      const next = conditionAndBlock(host, j + 1);
      if (next === null) break;
      clauses.push({ keyword: tok as Token, condition: next.condition, text: next.text, block: next.block });
      end = next.next;
      continue;
    }
    if (isWord(tok, 'else')) {
      const b = skipNewlines(tokens, j + 1);
      if (tokens[b]?.kind !== 'scriptblock') break;
      clauses.push({ keyword: tok as Token, condition: null, text: '', block: tokens[b] as Token });
      end = b + 1;
    }
    break;
  }
  host.pos = end;
  const branches: { clause: Clause; truth: Truth; assumption: string }[] = [];
  let decided = false;
  let undecided: string[] = [];
  for (const clause of clauses) {
    if (decided) {
      branches.push({ clause, truth: 'false', assumption: 'an earlier branch runs' });
      continue;
    }
    const own: Truth = clause.condition === null ? 'true' : host.condition(clause.condition, host.variables);
    const others = undecided.length > 0 ? ` and ${undecided.join(' and ')} ${undecided.length === 1 ? 'does' : 'do'} not` : '';
    const assumption = clause.condition === null ? (undecided.length > 0 ? `none of ${undecided.join(', ')} holds` : 'no condition above holds') : `${clause.text}${others}`;
    if (own === 'false') {
      branches.push({ clause, truth: 'false', assumption: `${clause.text} does not hold with the values this script gives` });
      continue;
    }
    const truth: Truth = own === 'true' && undecided.length === 0 ? 'true' : 'unknown';
    const holds = clause.condition === null ? 'no condition above holds' : `${clause.text} holds`;
    branches.push({ clause, truth, assumption: truth === 'true' ? holds : assumption });
    if (truth === 'true') decided = true;
    else if (clause.condition !== null) undecided = [...undecided, clause.text];
  }
  readAlternatives(host, branches);
  return true;
}

/** The items a `foreach` goes over, or null when the script does not give them. */
function itemsOf(value: Value): Value[] | null {
  switch (value.kind) {
    case 'list':
      return value.items.length <= MAX_ITERATIONS ? value.items : null;
    case 'null':
      return [];
    case 'string':
    case 'bool':
    case 'hashtable':
    case 'rule':
      return [value];
    default:
      return null;
  }
}

/** `foreach ($x in …) { … }` at the reader's position (on `foreach`). */
export function readForeach(host: FlowHost): boolean {
  const tokens = host.tokens;
  const keyword = tokens[host.pos] as Token;
  const open = host.pos + 1;
  const loopVar = tokens[open + 1];
  if (tokens[open]?.kind !== 'lparen' || loopVar?.kind !== 'variable' || !isWord(tokens[open + 2], 'in')) return false;
  const shape = conditionAndBlock(host, open);
  if (shape === null) return false;
  host.pos = shape.next;
  const collectionTokens = shape.condition.slice(2);
  const collectionText = textBetween(host, tokens[open + 2], tokens[open + 3 + collectionTokens.length], collectionTokens);
  const key = variableKey(loopVar.text);
  const body = tokenize(shape.block);
  const items = itemsOf(host.evaluate(collectionTokens));
  const from = host.commandCount();
  if (items !== null) {
    for (const item of items) {
      host.variables.set(key, item);
      if (host.readBlock(shape.block, body, host.variables, false)) {
        host.stop();
        break;
      }
    }
    const read = host.commandsSince(from);
    if (read.length > 0) {
      host.add(keyword, 'info', `The foreach on line ${keyword.line} runs its block once for each of the ${items.length} item${items.length === 1 ? '' : 's'} of ${collectionText}: ${described(read)} each time.`);
    } else if (items.length === 0 && mentionsRules(shape.block)) {
      host.note(keyword, `The foreach on line ${keyword.line} goes over no item (${collectionText} is empty), so the Client Access Rule commands in it are not run.`);
    }
    return true;
  }
  const supplied = host.supplied(key);
  host.variables.set(
    key,
    supplied ?? { kind: 'unresolved', message: `it takes each item of ${collectionText} in turn, which this script does not give`, line: loopVar.line, column: loopVar.column },
  );
  host.readBlock(shape.block, body, host.variables, true);
  const read = host.commandsSince(from);
  if (read.length > 0) {
    host.add(
      keyword,
      'warning',
      `${described(read)} once for each item of ${collectionText}, which cannot be listed from the script: the import reads the block once, assumes it runs, and takes $${loopVar.text} as a value you give.`,
    );
  }
  return true;
}

/** `try { } catch [Type] { } finally { }` at the reader's position (on `try`). */
export function readTry(host: FlowHost): boolean {
  const tokens = host.tokens;
  let j = skipNewlines(tokens, host.pos + 1);
  const tryBlock = tokens[j];
  if (tryBlock?.kind !== 'scriptblock') return false;
  j += 1;
  const catches: Clause[] = [];
  let finallyBlock: Token | null = null;
  for (;;) {
    const k = skipNewlines(tokens, j);
    const tok = tokens[k];
    if (isWord(tok, 'catch')) {
      let b = k + 1;
      while (tokens[b]?.kind === 'bracket' || tokens[b]?.kind === 'comma' || tokens[b]?.kind === 'newline') b += 1;
      if (tokens[b]?.kind !== 'scriptblock') break;
      catches.push({ keyword: tok as Token, condition: null, text: '', block: tokens[b] as Token });
      j = b + 1;
      continue;
    }
    if (isWord(tok, 'finally')) {
      const b = skipNewlines(tokens, k + 1);
      if (tokens[b]?.kind === 'scriptblock') {
        finallyBlock = tokens[b] as Token;
        j = b + 1;
      }
    }
    break;
  }
  host.pos = j;
  const before = new Map(host.variables);
  const stopped = host.readBlock(tryBlock, tokenize(tryBlock), host.variables, false);
  for (const clause of catches) {
    const from = host.commandCount();
    host.readBlock(clause.block, tokenize(clause.block), new Map(before), true);
    const read = host.commandsSince(from);
    if (read.length > 0) {
      host.add(clause.keyword, 'warning', `${described(read)} only if a command in the try block on line ${tryBlock.line} fails, which cannot be decided from the script: the import assumes this catch block runs too.`);
    }
  }
  const finallyStopped = finallyBlock !== null && host.readBlock(finallyBlock, tokenize(finallyBlock), host.variables, false);
  if (stopped || finallyStopped) host.stop();
  return true;
}

/** `switch [-options] (value) { 'a' { … } default { … } }` at the reader's position (on `switch`). */
export function readSwitch(host: FlowHost): boolean {
  const tokens = host.tokens;
  let j = host.pos + 1;
  let literal = true;
  while (tokens[j]?.kind === 'parameter') {
    if (/^(wildcard|regex|file)$/i.test((tokens[j] as Token).text)) literal = false;
    j += 1;
  }
  const shape = conditionAndBlock(host, j);
  if (shape === null) return false;
  const body = tokenize(shape.block);
  const clauses: { pattern: Token; block: Token }[] = [];
  const inner = body.tokens;
  for (let k = skipNewlines(inner, 0); k < inner.length; k = skipNewlines(inner, k)) {
    const pattern = inner[k] as Token;
    if (pattern.kind === 'semicolon') {
      k += 1;
      continue;
    }
    const b = skipNewlines(inner, k + 1);
    if (inner[b]?.kind !== 'scriptblock') return false;
    clauses.push({ pattern, block: inner[b] as Token });
    k = b + 1;
  }
  host.pos = shape.next;
  const subject = host.evaluate(shape.condition);
  const subjectText = subject.kind === 'string' ? subject.text : subject.kind === 'bool' ? String(subject.value) : null;
  const branches: { clause: Clause; truth: Truth; assumption: string }[] = [];
  let anyTrue = false;
  let anyUnknown = false;
  for (const { pattern, block } of clauses) {
    const isDefault = pattern.kind === 'word' && pattern.text.toLowerCase() === 'default';
    const patternText = pattern.kind === 'string' || pattern.kind === 'word' ? pattern.text : null;
    let truth: Truth = 'unknown';
    if (!isDefault && literal && subjectText !== null && patternText !== null) truth = subjectText.toLowerCase() === patternText.toLowerCase() ? 'true' : 'false';
    if (!isDefault) {
      if (truth === 'true') anyTrue = true;
      if (truth === 'unknown') anyUnknown = true;
    }
    const clause: Clause = { keyword: pattern, condition: null, text: '', block };
    const assumption = isDefault ? `no clause of the switch ${shape.text} matches` : `the switch value ${shape.text} matches ${short(pattern.text)}`;
    branches.push({ clause, truth: isDefault ? 'unknown' : truth, assumption: truth === 'false' ? `the switch value ${shape.text} is not ${short(pattern.text)}` : assumption });
  }
  for (const branch of branches) {
    const isDefault = branch.clause.keyword.kind === 'word' && branch.clause.keyword.text.toLowerCase() === 'default';
    if (!isDefault) continue;
    branch.truth = anyTrue ? 'false' : anyUnknown ? 'unknown' : 'true';
    branch.assumption = anyTrue ? `a clause of the switch ${shape.text} matches` : `no clause of the switch ${shape.text} matches`;
  }
  // `$_` in a clause is the switch value.
  const underscore = host.variables.get('_');
  if (subjectText !== null) host.variables.set('_', subject);
  // Clauses that surely match run one after the other; the undecided ones are alternatives.
  for (const branch of branches.filter((b) => b.truth === 'true')) readAlternatives(host, [branch]);
  readAlternatives(host, branches.filter((b) => b.truth !== 'true'));
  if (underscore === undefined) host.variables.delete('_');
  else host.variables.set('_', underscore);
  return true;
}

/** `& { … }` or `. { … }`: the block runs (in a scope of its own with `&`). */
export function readInvokedBlock(host: FlowHost): boolean {
  const op = host.tokens[host.pos] as Token;
  const block = host.tokens[host.pos + 1];
  if (block?.kind !== 'scriptblock') return false;
  host.pos += 2;
  const scope = op.text === '.' ? host.variables : new Map(host.variables);
  if (host.readBlock(block, tokenize(block), scope, false) && op.text === '.') host.stop();
  return true;
}
