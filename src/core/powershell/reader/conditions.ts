/**
 * Decides, where the script's own values allow it, whether a condition holds: the `( … )` of `if`,
 * `elseif` and `while`, read with PowerShell's operators (`-eq`, `-ne`, `-lt`, `-le`, `-gt`, `-ge`,
 * `-like`, `-notlike`, `-contains`, `-in`, their `i`/`c` forms, `-not`, `!`, `-and`, `-or`, `-xor`)
 * over values the reader computes (`'Present' -eq $Ensure`, `$FromStage -le 1`, `$null -eq $rule`).
 *
 * Decisions:
 * - Three answers: `true`, `false`, `unknown`. Anything the reader cannot compute (a command's
 *   output, a property of an object it does not hold, `-match`, a value the admin has not given) is
 *   `unknown`, never a guess; the statement reader then assumes the branch runs and says so.
 * - Comparisons are case-insensitive unless the operator has the `c` prefix (PowerShell's default).
 *   Two values that both read as numbers compare as numbers (`'10' -gt 9`), as a script's `[int]`
 *   parameter does; otherwise `-eq`/`-ne`/`-like` compare text and the ordering operators are `unknown`.
 * - `-and`, `-or` and `-xor` have equal precedence and group from the left, as in PowerShell.
 */
import type { Token } from '../tokenizer.ts';
import type { Value } from './values.ts';

export type Truth = 'true' | 'false' | 'unknown';

/** What the condition reader needs from the statement reader: its cursor and its value reader. */
export interface OperandReader {
  readonly tokens: Token[];
  pos: number;
  /** One value in expression mode (strings, variables, `$x.Key`, `@( )`, numbers as words). */
  primary(argumentMode: boolean): Value;
}

const COMPARISONS = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'like', 'notlike', 'contains', 'notcontains', 'in', 'notin']);

/**
 * Reads every token of `reader` as one condition and says whether it holds.
 *
 * @example evaluateCondition(readerOver("'Present' -eq $Ensure")) // 'true' when $Ensure holds 'present'
 */
export function evaluateCondition(reader: OperandReader): Truth {
  const state = { bad: false };
  const truth = orChain(reader, state);
  if (state.bad || reader.pos < reader.tokens.length) return 'unknown';
  return truth;
}

function peek(r: OperandReader, offset = 0): Token | undefined {
  return r.tokens[r.pos + offset];
}

function isOperator(tok: Token | undefined, names: readonly string[]): string | null {
  if (tok?.kind !== 'parameter' || tok.colon) return null;
  const lower = tok.text.toLowerCase();
  return names.includes(lower) ? lower : null;
}

function orChain(r: OperandReader, state: { bad: boolean }): Truth {
  let left = unary(r, state);
  for (let op = isOperator(peek(r), ['and', 'or', 'xor']); op !== null; op = isOperator(peek(r), ['and', 'or', 'xor'])) {
    r.pos += 1;
    const right = unary(r, state);
    left = combine(op, left, right);
  }
  return left;
}

/** `-and`, `-or`, `-xor` over three-valued truths. */
export function combine(op: string, a: Truth, b: Truth): Truth {
  if (op === 'and') return a === 'false' || b === 'false' ? 'false' : a === 'true' && b === 'true' ? 'true' : 'unknown';
  if (op === 'or') return a === 'true' || b === 'true' ? 'true' : a === 'false' && b === 'false' ? 'false' : 'unknown';
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return a !== b ? 'true' : 'false';
}

function not(t: Truth): Truth {
  return t === 'true' ? 'false' : t === 'false' ? 'true' : 'unknown';
}

function unary(r: OperandReader, state: { bad: boolean }): Truth {
  const tok = peek(r);
  if (isOperator(tok, ['not']) || (tok?.kind === 'other' && tok.text === '!')) {
    r.pos += 1;
    return not(unary(r, state));
  }
  const left = operand(r, state);
  const opTok = peek(r);
  const op = opTok?.kind === 'parameter' ? opTok.text.toLowerCase() : '';
  const bare = /^[ic]/.test(op) && COMPARISONS.has(op.slice(1)) ? op.slice(1) : op;
  if (!COMPARISONS.has(bare)) return 'value' in left ? truthOf(left.value) : left.truth;
  r.pos += 1;
  const right = operand(r, state);
  if (!('value' in left) || !('value' in right)) return 'unknown';
  return compare(bare, op.startsWith('c') && bare !== op, left.value, right.value);
}

type Operand = { value: Value } | { truth: Truth };

function operand(r: OperandReader, state: { bad: boolean }): Operand {
  const tok = peek(r);
  if (tok === undefined) {
    state.bad = true;
    return { truth: 'unknown' };
  }
  if (tok.kind === 'lparen') {
    r.pos += 1;
    const inner = orChain(r, state);
    if (peek(r)?.kind === 'rparen') {
      r.pos += 1;
      return { truth: inner };
    }
    state.bad = true;
    skipToClose(r);
    return { truth: 'unknown' };
  }
  const value = r.primary(false);
  const next = peek(r);
  if (next?.kind === 'plus' || next?.kind === 'comma') state.bad = true;
  return { value };
}

function skipToClose(r: OperandReader): void {
  let depth = 0;
  while (r.pos < r.tokens.length) {
    const t = r.tokens[r.pos] as Token;
    if (t.kind === 'lparen' || t.kind === 'array-start' || t.kind === 'hash-start' || (t.kind === 'variable' && t.text === '(')) depth += 1;
    if (t.kind === 'rparen' || t.kind === 'rbrace') {
      if (depth === 0) {
        r.pos += 1;
        return;
      }
      depth -= 1;
    }
    r.pos += 1;
  }
}

/**
 * Whether a value counts as true in a condition: non-empty text, a non-zero number, `$true`, a
 * non-empty list, any hashtable or object; `unknown` for what the reader does not hold.
 *
 * @example truthOf({ kind: 'string', text: '', quoted: true, line: 1, column: 1 }) // 'false'
 */
export function truthOf(value: Value): Truth {
  switch (value.kind) {
    case 'string':
      if (!value.quoted && isNumber(value.text)) return Number(value.text) !== 0 ? 'true' : 'false';
      return value.text !== '' ? 'true' : 'false';
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'false';
    case 'list':
      if (value.items.length === 0) return 'false';
      return value.items.length === 1 ? truthOf(value.items[0] as Value) : 'true';
    case 'hashtable':
    case 'rule':
    case 'scriptblock':
      return 'true';
    default:
      return 'unknown';
  }
}

function isNumber(text: string): boolean {
  return /^\s*-?\d+(?:\.\d+)?\s*$/.test(text);
}

type Scalar = { kind: 'text'; text: string } | { kind: 'bool'; value: boolean } | { kind: 'null' };

function scalarOf(value: Value): Scalar | null {
  if (value.kind === 'string') return { kind: 'text', text: value.text };
  if (value.kind === 'rule') return { kind: 'text', text: value.identity };
  if (value.kind === 'bool') return { kind: 'bool', value: value.value };
  if (value.kind === 'null') return { kind: 'null' };
  if (value.kind === 'list' && value.items.length === 1) return scalarOf(value.items[0] as Value);
  return null;
}

function textOf(s: Scalar): string | null {
  if (s.kind === 'text') return s.text;
  if (s.kind === 'bool') return s.value ? 'True' : 'False';
  return null;
}

function equal(l: Scalar, r: Scalar, caseSensitive: boolean): Truth {
  if (l.kind === 'null' || r.kind === 'null') return l.kind === r.kind ? 'true' : 'false';
  if (l.kind === 'bool') {
    const right = r.kind === 'bool' ? r.value : r.text !== '';
    return l.value === right ? 'true' : 'false';
  }
  const lt = textOf(l) as string;
  const rt = textOf(r) as string;
  if (isNumber(lt) && isNumber(rt)) return Number(lt) === Number(rt) ? 'true' : 'false';
  return (caseSensitive ? lt === rt : lt.toLowerCase() === rt.toLowerCase()) ? 'true' : 'false';
}

function wildcard(pattern: string, caseSensitive: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, caseSensitive ? 's' : 'is');
}

function compare(op: string, caseSensitive: boolean, left: Value, right: Value): Truth {
  if (op === 'contains' || op === 'notcontains' || op === 'in' || op === 'notin') {
    const [collection, item] = op === 'contains' || op === 'notcontains' ? [left, right] : [right, left];
    const items = collection.kind === 'list' ? collection.items : [collection];
    const needle = scalarOf(item);
    if (needle === null) return 'unknown';
    let found: Truth = 'false';
    for (const candidate of items) {
      const s = scalarOf(candidate);
      if (s === null) found = found === 'true' ? 'true' : 'unknown';
      else if (equal(s, needle, caseSensitive) === 'true') found = 'true';
    }
    return op.startsWith('not') ? not(found) : found;
  }
  // A list on the left filters rather than compares: not decided here.
  if (left.kind === 'list' && left.items.length !== 1) return 'unknown';
  const l = scalarOf(left);
  const r = scalarOf(right);
  if (l === null || r === null) return 'unknown';
  switch (op) {
    case 'eq':
      return equal(l, r, caseSensitive);
    case 'ne':
      return not(equal(l, r, caseSensitive));
    case 'like':
    case 'notlike': {
      const lt = textOf(l);
      const rt = textOf(r);
      if (lt === null || rt === null) return 'unknown';
      const hit = wildcard(rt, caseSensitive).test(lt) ? 'true' : 'false';
      return op === 'like' ? hit : not(hit);
    }
    default: {
      const lt = textOf(l);
      const rt = textOf(r);
      if (lt === null || rt === null || !isNumber(lt) || !isNumber(rt)) return 'unknown';
      const a = Number(lt);
      const b = Number(rt);
      const holds = op === 'lt' ? a < b : op === 'le' ? a <= b : op === 'gt' ? a > b : a >= b;
      return holds ? 'true' : 'false';
    }
  }
}
