/**
 * The values the script reader computes before a parameter's type is known: text, booleans, `$null`,
 * lists, hashtables, script blocks, rule objects, and the two kinds of gap (a placeholder left from a
 * template; a value that cannot be computed statically) plus the open variable the admin may fill in.
 * Pure helpers over them: text of a scalar, a description for messages, concatenation as PowerShell
 * does it, hashtable edits, the `{ variable }` form a command keeps.
 *
 * Decisions:
 * - `a + b` joins text, appends to a list when the left side is a list, and merges hashtables (a key
 *   both hold is refused, as PowerShell throws); a placeholder or an uncomputable part wins over an
 *   open variable, which wins over text.
 * - Hashtable keys compare without regard to case (PowerShell's default hashtable); the first spelling
 *   is kept when a key is set again.
 */
import type { VariableRef } from '../script-variables.ts';
import { DOUBLE_QUOTE_CHARS, SINGLE_QUOTE_CHARS } from '../chars.ts';

/** A value as read from the script, before conversion to a parameter's type. */
export type Value = (
  | { kind: 'string'; text: string; quoted: boolean }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'list'; items: Value[] }
  | { kind: 'hashtable'; entries: { key: string; value: Value; line: number; column: number }[] }
  | { kind: 'scriptblock'; text: string }
  | { kind: 'placeholder'; text: string }
  | { kind: 'unresolved'; message: string }
  /**
   * A variable with no value in the script: the admin supplies it. `reason` says why it has none;
   * `fromCaller`: a parameter of a function the script never calls, which its caller may not pass.
   */
  | { kind: 'variable'; name: string; reason?: string; fromCaller?: boolean }
  /** A rule object, as `$r = Get-ClientAccessRule 'x'` gives it. */
  | { kind: 'rule'; identity: string }
) & { line: number; column: number };

export type At = { line: number; column: number };

export function short(text: string): string {
  const oneLine = text.slice(0, 200).replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/** Text of a single value, or undefined for lists, hashtables, booleans. */
export function scalarText(value: Value): string | undefined {
  if (value.kind === 'string') return value.text;
  if (value.kind === 'rule') return value.identity;
  if (value.kind === 'list' && value.items.length === 1) return scalarText(value.items[0] as Value);
  return undefined;
}

export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'string':
      return `"${short(value.text)}"`;
    case 'bool':
      return value.value ? '$true' : '$false';
    case 'null':
      return '$null';
    case 'list':
      return `a list of ${value.items.length} values`;
    case 'hashtable':
      return 'a hashtable @{ }';
    case 'scriptblock':
      return 'a { } script block';
    case 'placeholder':
      return short(value.text);
    case 'unresolved':
      return `(a value that cannot be read statically: ${value.message})`;
    case 'variable':
      return `$${value.name}`;
    case 'rule':
      return `the rule ${short(value.identity)}`;
  }
}

/** Every open variable inside a value (lists and hashtables included), in order. */
export function variablesIn(value: Value, out: (Value & { kind: 'variable' })[] = []): (Value & { kind: 'variable' })[] {
  if (value.kind === 'variable') out.push(value);
  else if (value.kind === 'list') for (const item of value.items) variablesIn(item, out);
  else if (value.kind === 'hashtable') for (const entry of value.entries) variablesIn(entry.value, out);
  return out;
}

export function firstVariable(value: Value): (Value & { kind: 'variable' }) | null {
  return variablesIn(value)[0] ?? null;
}

export function variableRef(value: Value & { kind: 'variable' }): VariableRef {
  return { variable: `$${value.name}` };
}

/** A value with open variables as the command keeps it: known parts as text, open ones as `{ variable }`. */
export function withVariableRefs(value: Value): unknown {
  switch (value.kind) {
    case 'variable':
      return variableRef(value);
    case 'list':
      return value.items.flatMap((item) => (item.kind === 'list' ? (withVariableRefs(item) as unknown[]) : [withVariableRefs(item)]));
    case 'hashtable':
      return Object.fromEntries(value.entries.map((e) => [e.key, withVariableRefs(e.value)]));
    case 'string':
      return value.text;
    case 'bool':
      return value.value;
    case 'null':
      return null;
    case 'rule':
      return value.identity;
    default:
      return describeValue(value);
  }
}

/** Every quote character (`chars.ts`), for a character class. */
const QUOTES = [...SINGLE_QUOTE_CHARS, ...DOUBLE_QUOTE_CHARS].join('');
const INDEX_KEY = new RegExp(`^\\s*(?:[${QUOTES}]([^${QUOTES}$]*)[${QUOTES}]|([A-Za-z_][\\w-]*))\\s*$`);

/** The key in `$p['Name']` / `$p["Name"]` / `$p[Name]`, or null when it is not a plain text. */
export function indexKey(text: string): string | null {
  const m = INDEX_KEY.exec(text);
  return m ? ((m[1] ?? m[2]) as string) : null;
}

/** The hashtable with `entry` set (replacing a key of any case, or added at the end). */
export function setEntry(table: Value & { kind: 'hashtable' }, entry: { key: string; value: Value; line: number; column: number }): Value {
  const lower = entry.key.toLowerCase();
  const index = table.entries.findIndex((e) => e.key.toLowerCase() === lower);
  const entries = index < 0 ? [...table.entries, entry] : table.entries.map((e, i) => (i === index ? { ...entry, key: e.key } : e));
  return { ...table, entries };
}

/** The first placeholder or unresolvable part inside a value (lists and hashtables included). */
export function firstProblem(value: Value): (Value & { kind: 'placeholder' | 'unresolved' }) | null {
  if (value.kind === 'placeholder' || value.kind === 'unresolved') return value as Value & { kind: 'placeholder' | 'unresolved' };
  if (value.kind === 'list') {
    for (const item of value.items) {
      const p = firstProblem(item);
      if (p) return p;
    }
  }
  if (value.kind === 'hashtable') {
    for (const entry of value.entries) {
      const p = firstProblem(entry.value);
      if (p) return p;
    }
  }
  return null;
}

/** `a + b`: text concatenation, or list concatenation when the left side is a list (as PowerShell does). */
export function concat(left: Value, right: Value, at: At): Value {
  const where = { line: left.line, column: left.column };
  const problem = firstProblem(left) ?? firstProblem(right);
  if (problem) return problem;
  if (left.kind === 'hashtable' && right.kind === 'hashtable') {
    // `$p += @{…}`: PowerShell refuses a key both sides hold.
    const twice = right.entries.find((r) => left.entries.some((l) => l.key.toLowerCase() === r.key.toLowerCase()));
    if (twice) return { kind: 'unresolved', message: `the + on line ${at.line} adds the key ${short(twice.key)} the hashtable already holds, which PowerShell refuses`, ...where };
    return { kind: 'hashtable', entries: [...left.entries, ...right.entries], ...where };
  }
  if (left.kind === 'list') {
    const items = right.kind === 'list' ? right.items : [right];
    return { kind: 'list', items: [...left.items, ...items], ...where };
  }
  // Text joined with an open variable is open until the admin gives the variable's value.
  const open = firstVariable(left) ?? firstVariable(right);
  if (open) return open;
  const l = left.kind === 'string' ? left.text : left.kind === 'null' ? '' : undefined;
  const r = right.kind === 'string' ? right.text : right.kind === 'null' ? '' : undefined;
  if (l === undefined || r === undefined) {
    return { kind: 'unresolved', message: `the + on line ${at.line} joins values that are not plain text`, ...where };
  }
  return { kind: 'string', text: l + r, quoted: true, ...where };
}

/** `<PriorityValue>`, `<IP address>`, `[enter your IPs here]`, `[email protected]` as whole values. */
export function looksLikePlaceholder(text: string): boolean {
  const t = text.trim();
  if (t.length < 3) return false;
  if (t.startsWith('<') && t.endsWith('>')) return true;
  if (t.startsWith('[') && t.endsWith(']') && /[a-z]/i.test(t) && /\s/.test(t)) return true;
  return /^\[?(email|e-mail)\s*protected\]?$/i.test(t);
}

/** Case-insensitive edit distance; the closest name within a sensible distance, for "did you mean". */
export function closestName(written: string, names: readonly string[]): string | null {
  const w = written.toLowerCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const lower = name.toLowerCase();
    const d = lower.startsWith(w) || w.startsWith(lower) ? 1 : editDistance(w, lower);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  const limit = Math.max(2, Math.ceil(w.length / 3));
  return bestDistance <= limit ? best : null;
}

export function editDistance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Number.POSITIVE_INFINITY;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
