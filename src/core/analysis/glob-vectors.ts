/**
 * Which combinations of `*`-wildcard patterns one text can satisfy at the same time: the user side of
 * the exact analysis (username patterns, spec 5; `-eq`/`-like` filter values, spec 6).
 *
 * Each pattern is a small automaton over the lower-cased text (positions in the pattern; `*` stays
 * put). The product of all of them, together with a constraint automaton (what texts can really
 * occur), is explored breadth first over an alphabet made of the characters the patterns name plus one
 * character none of them names. Every reachable accepting product state gives one truth vector and a
 * shortest text that has it. The exploration is exact; when it would exceed `maxStates` it stops and
 * says so (`complete: false`), never guessing.
 *
 * Decisions:
 * - Username subjects (`usernameSubjectConstraint`) are what `usernameSubject` can produce: no
 *   leading or trailing whitespace, and a text with `@` must also contain `\` (a UPN is turned into
 *   `domain\user`). The empty subject is possible (an empty user).
 * - Filter values (`nonEmptyConstraint`): any non-empty text (an empty value counts as `$null`).
 */

/** One pattern: literal lower-cased UTF-16 code units, `null` for `*`. */
export type GlobToken = string | null;
export type Glob = readonly GlobToken[];

/**
 * A glob from `*`-pattern text (lower-cased; every `*` is a wildcard).
 *
 * @example wildcardGlob('*\\Admin*') // [null, '\\', 'a', 'd', 'm', 'i', 'n', null]
 */
export function wildcardGlob(pattern: string): Glob {
  return [...pattern.toLowerCase()].flatMap((ch) => (ch === '*' ? [null] : ch.split('')));
}

/**
 * A glob that matches exactly the text (lower-cased; `*` is literal, as in `-eq`).
 *
 * @example literalGlob('a*') // ['a', '*']
 */
export function literalGlob(text: string): Glob {
  return text.toLowerCase().split('');
}

/** What texts can really occur, as a tiny automaton over states 0..n. */
export interface TextConstraint {
  readonly start: number;
  /** Characters the constraint cares about that must be tried even when no pattern names them. */
  readonly chars: readonly string[];
  next(state: number, ch: string): number;
  accepts(state: number): boolean;
}

const WS = /\s/;

/**
 * The subjects `usernameSubject` can produce: trimmed, and with `@` only together with `\`.
 * State bits: 1 started, 2 last char is whitespace, 4 first char was whitespace, 8 seen `@`, 16 seen `\`.
 */
export const usernameSubjectConstraint: TextConstraint = {
  start: 0,
  chars: ['\\'],
  next(state, ch) {
    let s = state;
    const ws = WS.test(ch);
    if ((s & 1) === 0) s |= 1 | (ws ? 4 : 0);
    s = ws ? s | 2 : s & ~2;
    if (ch === '@') s |= 8;
    if (ch === '\\') s |= 16;
    return s;
  },
  accepts(state) {
    if (state === 0) return true;
    if ((state & 6) !== 0) return false;
    return (state & 8) === 0 || (state & 16) !== 0;
  },
};

/** Any non-empty text. */
export const nonEmptyConstraint: TextConstraint = {
  start: 0,
  chars: [],
  next: () => 1,
  accepts: (state) => state === 1,
};

/** One reachable combination: which patterns the text matches, and a shortest such text. */
export interface GlobVector {
  readonly truth: readonly boolean[];
  readonly witness: string;
}

export interface GlobVectorsResult {
  readonly vectors: GlobVector[];
  /** False when the exploration stopped at `maxStates`: the vectors found are real, others may exist. */
  readonly complete: boolean;
}

/** One pattern's automaton with interned position sets. */
class PatternAutomaton {
  private readonly sets: number[][] = [];
  private readonly ids = new Map<string, number>();
  private readonly transitions = new Map<number, Map<string, number>>();
  readonly start: number;

  constructor(private readonly glob: Glob) {
    this.start = this.intern(this.closure([0]));
  }

  private closure(positions: number[]): number[] {
    const out = new Set<number>();
    const stack = [...positions];
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (out.has(p)) continue;
      out.add(p);
      if (p < this.glob.length && this.glob[p] === null) stack.push(p + 1);
    }
    return [...out].sort((a, b) => a - b);
  }

  private intern(set: number[]): number {
    const key = set.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  next(state: number, ch: string): number {
    let row = this.transitions.get(state);
    if (row === undefined) {
      row = new Map();
      this.transitions.set(state, row);
    }
    let to = row.get(ch);
    if (to === undefined) {
      const moved: number[] = [];
      for (const p of this.sets[state]!) {
        if (p >= this.glob.length) continue;
        const t = this.glob[p];
        if (t === null) moved.push(p);
        else if (t === ch) moved.push(p + 1);
      }
      to = this.intern(this.closure(moved));
      row.set(ch, to);
    }
    return to;
  }

  accepts(state: number): boolean {
    return this.sets[state]!.includes(this.glob.length);
  }
}

const OTHER_CANDIDATES = 'xqzjkvwy0123456789';

/**
 * Every combination of patterns that one allowed text matches (and does not match), each with a
 * shortest example text, by exploring the product automaton (see the module comment).
 *
 * Edge cases: no patterns gives one empty vector (witness: the shortest allowed text); duplicate
 * patterns simply give equal truth values.
 *
 * @example globVectors([wildcardGlob('*\\admin*'), wildcardGlob('contoso.com\\*')], usernameSubjectConstraint)
 * // four vectors: both, only the first (`\admin`), only the second (`contoso.com\`), neither (`` or `x`)
 */
export function globVectors(globs: readonly Glob[], constraint: TextConstraint, maxStates = 50_000): GlobVectorsResult {
  const automata = globs.map((g) => new PatternAutomaton(g));
  const chars = new Set<string>();
  for (const g of globs) for (const t of g) if (t !== null) chars.add(t);
  for (const ch of constraint.chars) chars.add(ch);
  const other = [...OTHER_CANDIDATES].find((c) => !chars.has(c)) ?? '\u00e6';
  const alphabet = [...chars].sort();
  alphabet.push(other);

  interface Node {
    states: number[];
    c: number;
    text: string;
  }
  const keyOf = (states: number[], c: number) => `${c}|${states.join(',')}`;
  const start: Node = { states: automata.map((a) => a.start), c: constraint.start, text: '' };
  const seen = new Set<string>([keyOf(start.states, start.c)]);
  const vectors = new Map<string, GlobVector>();
  let queue: Node[] = [start];
  let complete = true;
  while (queue.length > 0) {
    const nextQueue: Node[] = [];
    for (const node of queue) {
      if (constraint.accepts(node.c)) {
        const truth = node.states.map((s, i) => automata[i]!.accepts(s));
        const key = truth.map((t) => (t ? '1' : '0')).join('');
        if (!vectors.has(key)) vectors.set(key, { truth, witness: node.text });
      }
      for (const ch of alphabet) {
        const states = node.states.map((s, i) => automata[i]!.next(s, ch));
        const c = constraint.next(node.c, ch);
        const key = keyOf(states, c);
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          complete = false;
          continue;
        }
        seen.add(key);
        nextQueue.push({ states, c, text: node.text + ch });
      }
    }
    queue = nextQueue;
  }
  return { vectors: [...vectors.values()], complete };
}

/**
 * Whether every allowed text matching `inner` also matches `outer` (language inclusion), or null
 * when that could not be decided within `maxStates`.
 *
 * @example globCovers(wildcardGlob('*\\jeff'), wildcardGlob('contoso.com\\jeff'), usernameSubjectConstraint) // true
 */
export function globCovers(outer: Glob, inner: Glob, constraint: TextConstraint, maxStates = 20_000): boolean | null {
  const r = globVectors([inner, outer], constraint, maxStates);
  if (r.vectors.some((v) => v.truth[0] && !v.truth[1])) return false;
  return r.complete ? true : null;
}
