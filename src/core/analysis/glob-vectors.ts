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

/** Any text (for username patterns that name neither `@` nor whitespace: no witness then uses them). */
export const anyTextConstraint: TextConstraint = {
  start: 0,
  chars: [],
  next: () => 0,
  accepts: () => true,
};

/**
 * The cheapest exact constraint for username subjects over these patterns: when no pattern names `@`
 * or whitespace, witnesses never contain them, so every text over the alphabet is a possible subject.
 *
 * @example subjectConstraintFor([wildcardGlob('*\\admin*')]) === anyTextConstraint
 */
export function subjectConstraintFor(globs: readonly Glob[]): TextConstraint {
  const special = globs.some((g) => g.some((t) => t !== null && (t === '@' || WS.test(t))));
  return special ? usernameSubjectConstraint : anyTextConstraint;
}

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

/** One pattern's automaton with interned position sets and a dense, lazily filled transition table. */
class PatternAutomaton {
  private readonly sets: number[][] = [];
  private readonly ids = new Map<string, number>();
  private table = new Int32Array(0);
  readonly start: number;

  constructor(
    private readonly glob: Glob,
    private readonly alphabet: readonly string[],
  ) {
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
      const width = this.alphabet.length;
      if (this.table.length < (id + 1) * width) {
        const grown = new Int32Array(Math.max(8, (id + 1) * 2) * width).fill(-1);
        grown.set(this.table);
        this.table = grown;
      }
    }
    return id;
  }

  /** The state after reading alphabet letter `c` (an index). */
  next(state: number, c: number): number {
    const slot = state * this.alphabet.length + c;
    let to = this.table[slot]!;
    if (to < 0) {
      const ch = this.alphabet[c]!;
      const moved: number[] = [];
      for (const p of this.sets[state]!) {
        if (p >= this.glob.length) continue;
        const t = this.glob[p];
        if (t === null) moved.push(p);
        else if (t === ch) moved.push(p + 1);
      }
      to = this.intern(this.closure(moved));
      this.table[state * this.alphabet.length + c] = to;
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
  const chars = new Set<string>();
  for (const g of globs) for (const t of g) if (t !== null) chars.add(t);
  for (const ch of constraint.chars) chars.add(ch);
  const other = [...OTHER_CANDIDATES].find((c) => !chars.has(c)) ?? '\u00e6';
  const alphabet = [...chars].sort();
  alphabet.push(other);
  // Identical patterns share one automaton.
  const distinct = [...new Set(globs.map((g) => JSON.stringify(g)))];
  const slotOf = globs.map((g) => distinct.indexOf(JSON.stringify(g)));
  const automata = distinct.map((g) => new PatternAutomaton(JSON.parse(g) as Glob, alphabet));
  const k = automata.length;

  interface Node {
    states: Int32Array;
    c: number;
    text: string;
  }
  const start: Node = { states: Int32Array.from(automata, (a) => a.start), c: constraint.start, text: '' };
  const seen = new Set<string>([String.fromCharCode(start.c, ...start.states)]);
  const vectors = new Map<string, GlobVector>();
  const letters = alphabet.length;
  // Constraint transitions per (state, letter), filled lazily.
  const constraintNext = new Map<number, Int32Array>();
  let queue: Node[] = [start];
  let complete = true;
  const scratch = new Int32Array(k);
  while (queue.length > 0) {
    const nextQueue: Node[] = [];
    for (const node of queue) {
      if (constraint.accepts(node.c)) {
        let key = '';
        for (const i of slotOf) key += automata[i]!.accepts(node.states[i]!) ? '1' : '0';
        if (!vectors.has(key)) vectors.set(key, { truth: key.split('').map((b) => b === '1'), witness: node.text });
      }
      let cRow = constraintNext.get(node.c);
      if (!cRow) {
        cRow = Int32Array.from(alphabet, (ch) => constraint.next(node.c, ch));
        constraintNext.set(node.c, cRow);
      }
      for (let a = 0; a < letters; a++) {
        const c = cRow[a]!;
        let key = String.fromCharCode(c);
        for (let i = 0; i < k; i++) {
          const s = automata[i]!.next(node.states[i]!, a);
          scratch[i] = s;
          key += String.fromCharCode(s);
        }
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          complete = false;
          continue;
        }
        seen.add(key);
        nextQueue.push({ states: scratch.slice(), c, text: node.text + alphabet[a]! });
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
