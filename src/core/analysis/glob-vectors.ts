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
  /** How many product states were explored. */
  readonly explored: number;
}

/**
 * One pattern's automaton: interned position sets, a dense lazily filled transition table, and per
 * state the letters it reacts to (every other letter acts like the "other" letter). A state that
 * holds a position followed only by `*` accepts every continuation: all such states are one state.
 */
class PatternAutomaton {
  private readonly sets: number[][] = [];
  private readonly ids = new Map<string, number>();
  private table = new Int32Array(0);
  /** Per state: alphabet indices of the literals at its positions. */
  readonly letters: number[][] = [];
  readonly accepting: boolean[] = [];
  /** Positions from which only `*` remain (reaching one accepts every continuation). */
  private readonly tailStar: boolean[];
  readonly start: number;

  constructor(
    private readonly glob: Glob,
    private readonly alphabet: readonly string[],
    private readonly letterIndex: ReadonlyMap<string, number>,
  ) {
    this.tailStar = new Array<boolean>(glob.length + 1).fill(false);
    for (let p = glob.length - 1; p >= 0 && glob[p] === null; p--) this.tailStar[p] = true;
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

  private intern(positions: number[]): number {
    const set = positions.some((p) => this.tailStar[p]) ? [this.glob.length - 1, this.glob.length] : positions;
    const key = set.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
      const letters = new Set<number>();
      for (const p of set) {
        const t = this.glob[p];
        if (p < this.glob.length && t !== null && t !== undefined) letters.add(this.letterIndex.get(t)!);
      }
      this.letters.push([...letters]);
      this.accepting.push(set.includes(this.glob.length));
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
      this.table[slot] = to;
    }
    return to;
  }
}

const OTHER_CANDIDATES = 'xqzjkvwy0123456789';

/** Appends a product-state component to a key (one code unit below 0xffff, else an escape and two). */
function keyPart(s: number): string {
  return s < 0xffff ? String.fromCharCode(s) : String.fromCharCode(0xffff, s & 0xffff, s >>> 16);
}

/**
 * Every combination of patterns that one allowed text matches (and does not match), each with a
 * shortest example text, by exploring the product automaton (see the module comment).
 *
 * Speed: from each product state only the letters some component (or the constraint) reacts to are
 * tried, plus one letter no pattern names, which stands for every other letter (they all lead to the
 * same product state). Witnesses are rebuilt from parent links, not carried along.
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
  const letterIndex = new Map(alphabet.map((ch, i) => [ch, i] as const));
  const otherLetter = alphabet.length - 1;
  // Identical patterns share one automaton.
  const distinct = [...new Set(globs.map((g) => JSON.stringify(g)))];
  const slotOf = globs.map((g) => distinct.indexOf(JSON.stringify(g)));
  const automata = distinct.map((g) => new PatternAutomaton(JSON.parse(g) as Glob, alphabet, letterIndex));
  const k = automata.length;
  const letters = alphabet.length;
  // Constraint transitions per state, and the letters on which it differs from the other letter.
  const constraintRows = new Map<number, { next: Int32Array; special: number[] }>();
  const constraintRow = (c: number) => {
    let row = constraintRows.get(c);
    if (!row) {
      const next = Int32Array.from(alphabet, (ch) => constraint.next(c, ch));
      const special: number[] = [];
      for (let a = 0; a < otherLetter; a++) if (next[a] !== next[otherLetter]) special.push(a);
      row = { next, special };
      constraintRows.set(c, row);
    }
    return row;
  };

  // Node storage: component states (k per node), constraint state, parent node and letter.
  const states: number[] = automata.map((a) => a.start);
  const cStates: number[] = [constraint.start];
  const parent: number[] = [-1];
  const letterOf: number[] = [-1];
  let startKey = keyPart(constraint.start);
  for (const s of states) startKey += keyPart(s);
  const seen = new Set<string>([startKey]);
  const witness = (node: number): string => {
    let text = '';
    for (let v = node; parent[v]! >= 0; v = parent[v]!) text = alphabet[letterOf[v]!]! + text;
    return text;
  };
  const vectors = new Map<string, GlobVector>();
  const stamp = new Int32Array(letters).fill(-1);
  const scratch = new Int32Array(k);
  let complete = true;
  let levelStart = 0;
  while (levelStart < parent.length) {
    const levelEnd = parent.length;
    for (let node = levelStart; node < levelEnd; node++) {
      const base = node * k;
      const c0 = cStates[node]!;
      if (constraint.accepts(c0)) {
        let key = '';
        for (const i of slotOf) key += automata[i]!.accepting[states[base + i]!] ? '1' : '0';
        if (!vectors.has(key)) vectors.set(key, { truth: key.split('').map((b) => b === '1'), witness: witness(node) });
      }
      const row = constraintRow(c0);
      const tried: number[] = [];
      for (const a of row.special) {
        stamp[a] = node;
        tried.push(a);
      }
      for (let i = 0; i < k; i++) {
        for (const a of automata[i]!.letters[states[base + i]!]!) {
          if (stamp[a] === node) continue;
          stamp[a] = node;
          tried.push(a);
        }
      }
      tried.sort((x, y) => x - y);
      tried.push(otherLetter);
      for (const a of tried) {
        const c = row.next[a]!;
        let key = keyPart(c);
        for (let i = 0; i < k; i++) {
          const s = automata[i]!.next(states[base + i]!, a);
          scratch[i] = s;
          key += keyPart(s);
        }
        if (seen.has(key)) continue;
        if (seen.size >= maxStates) {
          complete = false;
          continue;
        }
        seen.add(key);
        for (let i = 0; i < k; i++) states.push(scratch[i]!);
        cStates.push(c);
        parent.push(node);
        letterOf.push(a);
      }
    }
    levelStart = levelEnd;
  }
  return { vectors: [...vectors.values()], complete, explored: seen.size };
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
