/**
 * The exact region engine: the whole space of connections cut into regions on which every rule's
 * outcome is constant, with the live decision, the deciding rule and an example connection for each,
 * and, per rule, what it really does (decides something? shadowed by whom? which exceptions matter?
 * redundant?).
 *
 * How: connections are split by connection type × protocol class × authentication class × user class
 * × client address interval.
 * - Protocols (and authentication types) that every rule treats alike form one class.
 * - User classes are the combinations of username-pattern and filter-comparison truth values that a
 *   real user can have (`glob-vectors.ts`), each with an example user, merged when every rule sees
 *   them alike. Usernames and directory attributes are independent, so the two sides combine freely.
 * - For each cell the rules that can still match there cut the address line (`address-axis.ts`) into
 *   intervals; one sweep finds, per interval, every rule that matches, in evaluation order.
 *
 * Decisions:
 * - A region is constant for every rule's match outcome and for every condition and exception of the
 *   rules that can still match in its cell (the address cuts of a rule already excluded by its
 *   protocol, authentication or user condition are not made there).
 * - Connections without a valid IP address are outside the analysis (see `address-axis.ts`).
 * - `MicrosoftMiddleTierApp` connections form one region: allowed by the bypass (spec 3.7).
 * - Disabled rules take no part (live decisions); the findings report nothing for them.
 * - When the user side cannot be enumerated within its budget, `unknown` says so and the rule
 *   findings that would need it (`complete: false`) must not be trusted; nothing is guessed.
 */
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../model/types.ts';
import type { Action, AuthenticationType, Connection, ConnectionType, ListField, Protocol, RuleSet } from '../model/types.ts';
import { compileRuleSet } from '../evaluator/evaluate.ts';
import type { CompiledRule } from '../evaluator/evaluate.ts';
import { parseAddress, type ParsedAddress } from '../match/ip.ts';
import { matchesUsernamePattern, usernameSubject } from '../match/username.ts';
import { compileOPathNode } from '../opath/evaluate.ts';
import { parseOPath } from '../opath/parser.ts';
import type { OPathNode } from '../opath/ast.ts';
import { AUTH_TYPE_SUPPORT } from '../lint/lint.ts';
import { AXIS_END, FIXED_CUTS, V6_BASE, entrySpans, examplePoint, formatPoint } from './address-axis.ts';
import type { Span } from './address-axis.ts';
import { globVectors, literalGlob, nonEmptyConstraint, subjectConstraintFor, wildcardGlob } from './glob-vectors.ts';
import type { Glob } from './glob-vectors.ts';

/** The exception fields, in the order of the exception bit masks below. */
export const EXCEPTION_FIELDS = [
  'exceptAnyOfProtocols',
  'exceptAnyOfAuthenticationTypes',
  'exceptAnyOfClientIPAddressesOrRanges',
  'exceptUsernameMatchesAnyOfPatterns',
] as const satisfies readonly ListField[];
export type ExceptionField = (typeof EXCEPTION_FIELDS)[number];
const EXC_PROTOCOL = 1;
const EXC_AUTH = 2;
const EXC_IP = 4;
const EXC_USER = 8;

/** A kind of user every rule sees alike, with one real example. */
export interface UserClass {
  /** Example user text (a subject such as `contoso.com\admin`, usable as `-User`). */
  readonly user: string;
  /** Example directory attributes (only properties the filters name). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The username patterns (as the rules spell them, lower-cased) this class matches. */
  readonly matchedPatterns: readonly string[];
  /** The username patterns the rules use that this class does not match. */
  readonly unmatchedPatterns: readonly string[];
}

/** One region: connections of one cell (connection type × protocols × authentication types × user classes) over an address interval, all decided by the same rule (or by none). */
export interface Region {
  readonly connectionType: ConnectionType;
  readonly protocols: readonly Protocol[];
  readonly authenticationTypes: readonly AuthenticationType[];
  /** Indexes into `PolicyAnalysis.userClasses` (every rule sees these users alike here); empty for the Microsoft middle-tier region (every user). */
  readonly userClasses: readonly number[];
  /** Address interval on the line of `address-axis.ts` (inclusive). */
  readonly first: bigint;
  readonly last: bigint;
  readonly action: Action;
  /** Index of the deciding rule in `RuleSet.rules`, or null (no rule matches, or the bypass). */
  readonly ruleIndex: number | null;
  readonly reason: 'rule' | 'no-matching-rule' | 'microsoft-middle-tier-bypass';
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** Groups values that every live rule treats alike (condition and exception masks). */
function classesOf<T extends string>(
  values: readonly T[],
  live: readonly CompiledRule[],
  cond: (r: CompiledRule) => number,
  exc: (r: CompiledRule) => number,
): { classes: T[][]; classOf: Record<string, number> } {
  const bySig = new Map<string, T[]>();
  values.forEach((v, i) => {
    const bit = 1 << i;
    const sig = live.map((r) => `${cond(r) === 0 || (cond(r) & bit) !== 0 ? 1 : 0}${(exc(r) & bit) !== 0 ? 1 : 0}`).join('');
    const list = bySig.get(sig);
    if (list) list.push(v);
    else bySig.set(sig, [v]);
  });
  const classes = [...bySig.values()];
  const classOf: Record<string, number> = {};
  classes.forEach((c, i) => c.forEach((v) => (classOf[v] = i)));
  return { classes, classOf };
}

interface FilterAtom {
  readonly property: string;
  /** null: the `$null` test; else the value glob (exact or wildcard). */
  readonly glob: Glob | null;
  readonly key: string;
}

function collectAtoms(node: OPathNode, out: Map<string, FilterAtom>): void {
  if (node.kind === 'not') return collectAtoms(node.operand, out);
  if (node.kind === 'logical') {
    collectAtoms(node.left, out);
    collectAtoms(node.right, out);
    return;
  }
  const wildcard = node.operator === 'like' || node.operator === 'notlike';
  const isNull = node.value === null || node.value === '';
  const glob = isNull ? null : wildcard ? wildcardGlob(node.value!) : literalGlob(node.value!);
  const key = `${node.property}|${isNull ? 'null' : JSON.stringify(glob)}`;
  if (!out.has(key)) out.set(key, { property: node.property, glob, key });
}

/** The user-side signature of a concrete user against the live rules: condition, exception, filter. */
function userSignature(
  live: readonly CompiledRule[],
  filters: readonly (((a: Record<string, string>) => boolean) | null)[],
  subjectLower: string,
  attributes: Record<string, string>,
): string {
  let sig = '';
  for (let k = 0; k < live.length; k++) {
    const r = live[k]!;
    const cond = r.user === null || r.user.matchLower(subjectLower) >= 0;
    const exc = r.exceptUser !== null && r.exceptUser.matchLower(subjectLower) >= 0;
    const f = !r.filterUsed || (filters[k] !== null && filters[k]!(attributes));
    sig += `${cond && f ? 1 : 0}${exc ? 1 : 0}`;
  }
  return sig;
}

function usernameSide(live: readonly CompiledRule[], maxStates: number, unknown: string[]) {
  const patterns = [...new Set(live.flatMap((r) => [...(r.user?.patterns ?? []), ...(r.exceptUser?.patterns ?? [])].map((p) => p.toLowerCase())))];
  const globs = patterns.map(wildcardGlob);
  const result = globVectors(globs, subjectConstraintFor(globs), maxStates);
  if (!result.complete) {
    unknown.push(
      `The username patterns (${patterns.length}) combine in too many ways to enumerate exactly; some kinds of user may be missing.`,
    );
  }
  return { patterns, vectors: result.vectors };
}

function attributeSide(
  asts: readonly (OPathNode | null)[],
  maxStates: number,
  maxCombinations: number,
  unknown: string[],
): Record<string, string>[] {
  const atoms = new Map<string, FilterAtom>();
  for (const ast of asts) if (ast) collectAtoms(ast, atoms);
  const byProperty = new Map<string, FilterAtom[]>();
  for (const a of atoms.values()) {
    const list = byProperty.get(a.property);
    if (list) list.push(a);
    else byProperty.set(a.property, [a]);
  }
  // Per property: the values that give each reachable combination of its comparisons ($null first).
  const choices: { property: string; values: (string | null)[] }[] = [];
  for (const [property, list] of byProperty) {
    const globs = list.filter((a) => a.glob !== null).map((a) => a.glob!);
    const r = globVectors(globs, nonEmptyConstraint, maxStates);
    if (!r.complete) unknown.push(`The filter values compared with ${property} combine in too many ways to enumerate exactly.`);
    choices.push({ property, values: [null, ...r.vectors.map((v) => v.witness)] });
  }
  let combos: Record<string, string>[] = [{}];
  for (const { property, values } of choices) {
    if (combos.length * values.length > maxCombinations) {
      unknown.push(`The filters compare too many attributes at once to enumerate every combination exactly (${property} left at its first values).`);
      combos = combos.map((c) => (values[1] === undefined ? c : { ...c, [property]: values[1]! }));
      continue;
    }
    combos = combos.flatMap((c) => values.map((v) => (v === null ? c : { ...c, [property]: v })));
  }
  return combos;
}

const FRIENDLY_USERS = ['jeff@contoso.com', 'admin@contoso.com', 'CONTOSO\\jeff', 'CONTOSO\\admin', 'bob@fabrikam.com'];

/** A friendlier user with the same signature than the automaton's shortest witness, when one exists. */
function friendlyUser(
  witness: string,
  patterns: readonly string[],
  sigOf: (subjectLower: string) => string,
  target: string,
): string {
  const candidates = [
    ...FRIENDLY_USERS,
    ...patterns.flatMap((p) => [p.replace(/\*+/g, 'admin'), p.replace(/\*+/g, 'jeff'), p.replace(/\*+/g, 'x')]),
  ];
  for (const c of candidates) {
    const subject = usernameSubject(c);
    if (subject === c.trim() || c.includes('@')) {
      if (sigOf(subject.toLowerCase()) === target) return c;
    }
  }
  return witness;
}

/** What one rule does across the whole space. */
export interface RuleAnalysis {
  readonly ruleId: string;
  /** Enabled (live) rules only are analysed; the rest is false/empty. */
  readonly live: boolean;
  /** Some connection is decided by this rule. */
  readonly decides: boolean;
  /** Ids of the earlier rules that decide connections this rule matches (all of them when it decides nothing). */
  readonly shadowedBy: readonly string[];
  /** Exception fields whose removal would change no decision (only fields the rule uses). */
  readonly deadExceptions: readonly ExceptionField[];
  /** Removing the rule changes no decision. */
  readonly redundant: boolean;
  /** A connection it decides, when there is one. */
  readonly decidesExample: Connection | null;
  /** A connection whose decision flips when the rule is removed, when there is one. */
  readonly removalExample: Connection | null;
  /** Per used exception field that matters: a connection whose decision flips without that exception. */
  readonly exceptionExamples: Readonly<Partial<Record<ExceptionField, Connection>>>;
}

/** The whole-policy analysis of one rule set. */
export interface PolicyAnalysis {
  readonly set: RuleSet;
  /** Maximal address intervals per cell with one deciding rule. */
  readonly regions: readonly Region[];
  /** How many finer regions (every rule outcome constant) the engine walked. */
  readonly fineRegions: number;
  readonly userClasses: readonly UserClass[];
  /** Per rule, in `RuleSet.rules` order. */
  readonly rules: readonly RuleAnalysis[];
  /** False when some part could not be decided (see `unknown`); rule findings then must not be trusted. */
  readonly complete: boolean;
  /** What could not be decided, in words. */
  readonly unknown: readonly string[];
  /** Internal lookup data for `regionOf`. */
  readonly index: RegionIndex;
}

/** Lookup structures: cell key → the cell's regions (sorted by address). */
export interface RegionIndex {
  readonly space: Space;
  readonly cells: ReadonlyMap<string, readonly number[]>;
  readonly bypassRegion: number;
}

export interface AnalysisOptions {
  /** Budget for the product automaton of username patterns and of each filter property. */
  readonly maxAutomatonStates?: number;
  /** Budget for attribute combinations across filter properties. */
  readonly maxAttributeCombinations?: number;
}

/** A rule that can still match in a cell, with the exceptions already true there outside the address. */
export interface Candidate {
  /** Index into the pool. */
  readonly k: number;
  readonly exc: number;
}

/** One cell: connection type × protocol class × authentication class × user classes. */
export interface Cell {
  readonly connectionType: 'EndUser' | 'MiddleTierApp';
  readonly protocolClass: number;
  readonly authClass: number;
  readonly protocols: readonly Protocol[];
  readonly authenticationTypes: readonly AuthenticationType[];
  readonly userClasses: readonly number[];
  readonly candidates: readonly Candidate[];
  /** Equal keys have equal candidates, so their address sweeps are equal. */
  readonly key: string;
}

/** The cut-up connection space of a pool of rules (one rule set, or two for a diff). */
export interface Space {
  readonly pool: readonly CompiledRule[];
  readonly protocolClassOf: Readonly<Record<string, number>>;
  readonly authClassOf: Readonly<Record<string, number>>;
  readonly userClasses: readonly UserClass[];
  readonly userSignatures: ReadonlyMap<string, number>;
  readonly filters: readonly (((a: Record<string, string>) => boolean) | null)[];
  readonly cells: readonly Cell[];
  readonly condSpans: readonly (Span[] | null)[];
  readonly excSpans: readonly (Span[] | null)[];
  readonly unknown: readonly string[];
}

/**
 * Cuts the connection space for a pool of compiled rules (in evaluation order): protocol and
 * authentication classes, user classes, and per cell the rules still in play.
 *
 * @example buildSpace(compileRuleSet(set).live).cells.length
 */
export function buildSpace(pool: readonly CompiledRule[], options: AnalysisOptions = {}): Space {
  const maxStates = options.maxAutomatonStates ?? 50_000;
  const maxCombinations = options.maxAttributeCombinations ?? 4_096;
  const unknown: string[] = [];
  const n = pool.length;
  const protocols = classesOf(PROTOCOLS, pool, (r) => r.protocolMask, (r) => r.exceptProtocolMask);
  const auths = classesOf(AUTHENTICATION_TYPES, pool, (r) => r.authMask, (r) => r.exceptAuthMask);

  const filterAsts = pool.map((r) => {
    if (!r.filterUsed || r.filter === null) return null;
    const parsed = parseOPath(r.rule.userRecipientFilter);
    return parsed.ok ? parsed.ast : null;
  });
  const filters = filterAsts.map((a) => (a ? compileOPathNode(a) : null));
  const names = usernameSide(pool, maxStates, unknown);
  const attrCombos = attributeSide(filterAsts, maxStates, maxCombinations, unknown);
  const condOnlySig = (s: string) =>
    pool.map((r) => `${r.user === null || r.user.matchLower(s) >= 0 ? 1 : 0}${r.exceptUser !== null && r.exceptUser.matchLower(s) >= 0 ? 1 : 0}`).join('');
  const subjects = new Map<string, string>();
  for (const v of names.vectors) {
    const sig = condOnlySig(v.witness);
    if (!subjects.has(sig)) subjects.set(sig, v.witness);
  }
  const attrBySig = new Map<string, Record<string, string>>();
  for (const a of attrCombos) {
    const sig = filters.map((f, k) => (!pool[k]!.filterUsed || (f !== null && f(a)) ? 1 : 0)).join('');
    if (!attrBySig.has(sig)) attrBySig.set(sig, a);
  }
  const userClasses: UserClass[] = [];
  const userSignatures = new Map<string, number>();
  const userCond: Uint8Array[] = [];
  const userExc: Uint8Array[] = [];
  for (const [nameSig, witness] of subjects) {
    const user = friendlyUser(witness, names.patterns, condOnlySig, nameSig);
    const subjectLower = usernameSubject(user).toLowerCase();
    const matched = names.patterns.filter((p) => matchesUsernamePattern(p, subjectLower));
    const unmatched = names.patterns.filter((p) => !matched.includes(p));
    for (const attributes of attrBySig.values()) {
      const sig = userSignature(pool, filters, subjectLower, attributes);
      if (userSignatures.has(sig)) continue;
      userSignatures.set(sig, userClasses.length);
      userClasses.push({ user, attributes, matchedPatterns: matched, unmatchedPatterns: unmatched });
      const cond = new Uint8Array(n);
      const exc = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        cond[k] = sig.charCodeAt(2 * k) === 49 ? 1 : 0;
        exc[k] = sig.charCodeAt(2 * k + 1) === 49 ? 1 : 0;
      }
      userCond.push(cond);
      userExc.push(exc);
    }
  }

  const cells: Cell[] = [];
  for (const connectionType of ['EndUser', 'MiddleTierApp'] as const) {
    const middle = connectionType === 'MiddleTierApp';
    protocols.classes.forEach((protoClass, pc) => {
      const pbit = 1 << PROTOCOLS.indexOf(protoClass[0]!);
      auths.classes.forEach((authClass, ac) => {
        const abit = 1 << AUTHENTICATION_TYPES.indexOf(authClass[0]!);
        // Rules in play for every user here, then per user class.
        const base: Candidate[] = [];
        for (let k = 0; k < n; k++) {
          const r = pool[k]!;
          if (r.scopeUsers && middle) continue;
          if (r.protocolMask !== 0 && (r.protocolMask & pbit) === 0) continue;
          if (r.authMask !== 0 && (r.authMask & abit) === 0) continue;
          let exc = 0;
          if ((r.exceptProtocolMask & pbit) !== 0) exc |= EXC_PROTOCOL;
          if ((r.exceptAuthMask & abit) !== 0) exc |= EXC_AUTH;
          base.push({ k, exc });
        }
        const groups = new Map<string, { candidates: Candidate[]; users: number[] }>();
        userClasses.forEach((_, uc) => {
          const cond = userCond[uc]!;
          const excs = userExc[uc]!;
          const candidates: Candidate[] = [];
          let key = '';
          for (const b of base) {
            if (cond[b.k] === 0) continue;
            const exc = excs[b.k] === 1 ? b.exc | EXC_USER : b.exc;
            candidates.push(exc === b.exc ? b : { k: b.k, exc });
            key += `${b.k}.${exc},`;
          }
          const group = groups.get(key);
          if (group) group.users.push(uc);
          else groups.set(key, { candidates, users: [uc] });
        });
        for (const [key, { candidates, users }] of groups) {
          cells.push({
            connectionType,
            protocolClass: pc,
            authClass: ac,
            protocols: protoClass,
            authenticationTypes: authClass,
            userClasses: users,
            candidates,
            key,
          });
        }
      });
    });
  }
  return {
    pool,
    protocolClassOf: protocols.classOf,
    authClassOf: auths.classOf,
    userClasses,
    userSignatures,
    filters,
    cells,
    condSpans: pool.map((r) => (r.ip === null ? null : entrySpans(r.ip.entries))),
    excSpans: pool.map((r) => (r.exceptIp === null ? null : entrySpans(r.exceptIp.entries))),
    unknown,
  };
}

/**
 * Walks the address line for one list of candidates: calls `visit` once per maximal interval on which
 * every candidate's state is constant (never across the IPv4/IPv6 and IPv4-mapped boundaries). The
 * state per candidate is -1 when its address condition fails, else its exceptions that hold (EXC_*
 * bits; 0 = the rule matches).
 *
 * @example sweepAddresses(cell.candidates, space, (state, first, last) => …)
 */
export function sweepAddresses(
  candidates: readonly Candidate[],
  space: Pick<Space, 'condSpans' | 'excSpans'>,
  visit: (state: Int8Array, first: bigint, last: bigint) => void,
): void {
  const m = candidates.length;
  const toggles = new Map<bigint, number[]>();
  const addToggle = (x: bigint, code: number) => {
    if (x > AXIS_END) return;
    const list = toggles.get(x);
    if (list) list.push(code);
    else toggles.set(x, [code]);
  };
  for (const cut of FIXED_CUTS) if (!toggles.has(cut)) toggles.set(cut, []);
  const condOn = new Uint8Array(m);
  const excOn = new Uint8Array(m);
  candidates.forEach((c, j) => {
    const cs = space.condSpans[c.k];
    if (cs === null || cs === undefined) condOn[j] = 2;
    else
      for (const [s, e] of cs) {
        addToggle(s, j * 2);
        addToggle(e + 1n, j * 2);
      }
    const es = space.excSpans[c.k];
    if (es)
      for (const [s, e] of es) {
        addToggle(s, j * 2 + 1);
        addToggle(e + 1n, j * 2 + 1);
      }
  });
  const points = [...toggles.keys()].filter((x) => x > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const fixed = new Set(FIXED_CUTS);
  const apply = (codes: readonly number[] | undefined) => {
    if (!codes) return;
    for (const code of codes) {
      const j = code >> 1;
      if (code & 1) excOn[j] = excOn[j]! ^ 1;
      else condOn[j] = condOn[j]! ^ 1;
    }
  };
  let current = new Int8Array(m);
  let next = new Int8Array(m);
  let first = 0n;
  apply(toggles.get(0n));
  for (let j = 0; j < m; j++) current[j] = condOn[j] === 0 ? -1 : candidates[j]!.exc | (excOn[j] ? EXC_IP : 0);
  for (const p of points) {
    apply(toggles.get(p));
    let same = !fixed.has(p);
    for (let j = 0; j < m; j++) {
      const v = condOn[j] === 0 ? -1 : candidates[j]!.exc | (excOn[j] ? EXC_IP : 0);
      next[j] = v;
      if (v !== current[j]) same = false;
    }
    if (same) continue;
    visit(current, first, p - 1n);
    [current, next] = [next, current];
    first = p;
  }
  visit(current, first, AXIS_END);
}

/** A concrete connection in a cell at one address point. */
export function cellConnection(space: Space, cell: Pick<Cell, 'connectionType' | 'protocols' | 'authenticationTypes' | 'userClasses'>, point: bigint): Connection {
  let protocol = cell.protocols[0]!;
  let authenticationType = cell.authenticationTypes[0]!;
  outer: for (const p of cell.protocols) {
    for (const a of cell.authenticationTypes) {
      if (AUTH_TYPE_SUPPORT[p]?.includes(a)) {
        protocol = p;
        authenticationType = a;
        break outer;
      }
    }
  }
  const cls = cell.userClasses.length > 0 ? space.userClasses[cell.userClasses[0]!] : undefined;
  return {
    protocol,
    authenticationType,
    ipAddress: formatPoint(point),
    port: 443,
    user: cls?.user ?? 'jeff@contoso.com',
    attributes: { ...(cls?.attributes ?? {}) },
    connectionType: cell.connectionType,
  };
}

/** What one sweep of a cell found, reused by every cell with the same candidates. */
interface SweepFacts {
  /** Maximal intervals with one deciding pool index (-1: none). */
  readonly runs: { first: bigint; last: bigint; decider: number }[];
  readonly fine: number;
  readonly shadowed: Map<number, Set<number>>;
  readonly removal: Map<number, bigint>;
  readonly exceptions: Map<number, bigint>;
}

function sweepFacts(cell: Cell, space: Space): SweepFacts {
  const live = space.pool;
  const candidates = cell.candidates;
  const m = candidates.length;
  const runs: SweepFacts['runs'] = [];
  const shadowed = new Map<number, Set<number>>();
  const removal = new Map<number, bigint>();
  const exceptions = new Map<number, bigint>();
  let fine = 0;
  sweepAddresses(candidates, space, (st, first, last) => {
    fine++;
    let a = -1;
    let b = -1;
    for (let j = 0; j < m; j++) {
      if (st[j] !== 0) continue;
      if (a < 0) a = j;
      else {
        if (b < 0) b = j;
        const k = candidates[j]!.k;
        let set = shadowed.get(k);
        if (!set) shadowed.set(k, (set = new Set()));
        set.add(candidates[a]!.k);
      }
    }
    const decider = a < 0 ? -1 : candidates[a]!.k;
    const action: Action = decider < 0 ? 'AllowAccess' : live[decider]!.action;
    const point = examplePoint(first, last);
    if (decider >= 0) {
      const fallback: Action = b < 0 ? 'AllowAccess' : live[candidates[b]!.k]!.action;
      if (fallback !== action && !removal.has(decider)) removal.set(decider, point);
    }
    const before = a < 0 ? m : a;
    for (let j = 0; j < before; j++) {
      const exc = st[j]!;
      if (exc <= 0 || popcount(exc) !== 1) continue;
      const k = candidates[j]!.k;
      if (live[k]!.action === action) continue;
      const code = k * 8 + EXC_FIELD_OF_BIT[exc]!;
      if (!exceptions.has(code)) exceptions.set(code, point);
    }
    const prev = runs[runs.length - 1];
    const boundary = FIXED_CUTS.includes(first);
    if (prev && prev.decider === decider && prev.last + 1n === first && !boundary) prev.last = last;
    else runs.push({ first, last, decider });
  });
  return { runs, fine, shadowed, removal, exceptions };
}

const EXC_FIELD_OF_BIT: Record<number, number> = { [EXC_PROTOCOL]: 0, [EXC_AUTH]: 1, [EXC_IP]: 2, [EXC_USER]: 3 };

/**
 * Analyses a whole rule set exactly (see the module comment): every region of the connection space
 * with its live decision, and per rule what it really decides, each claim with a witness connection.
 *
 * Edge cases: an empty rule set gives regions that are all allowed by default; an OPath filter that
 * does not parse makes its rule match nothing (as the evaluator does); invalid IP values never match.
 *
 * @example analyzePolicy(set).rules[1].decides // false when earlier rules take all its connections
 */
export function analyzePolicy(set: RuleSet, options: AnalysisOptions = {}): PolicyAnalysis {
  const compiled = compileRuleSet(set);
  const live = compiled.live;
  const n = live.length;
  const space = buildSpace(live, options);
  const decided = new Uint8Array(n);
  const decidesExample: (Connection | null)[] = live.map(() => null);
  const removalExample: (Connection | null)[] = live.map(() => null);
  const shadowedBy = live.map(() => new Set<number>());
  const exceptionExample = live.map(() => new Map<number, Connection>());
  const regions: Region[] = [];
  const cells = new Map<string, number[]>();
  const cache = new Map<string, SweepFacts>();
  let fineRegions = 0;

  for (const cell of space.cells) {
    let facts = cache.get(cell.key);
    if (!facts) {
      facts = sweepFacts(cell, space);
      cache.set(cell.key, facts);
    }
    fineRegions += facts.fine;
    const cellRegions: number[] = [];
    for (const run of facts.runs) {
      const d = run.decider;
      cellRegions.push(regions.length);
      regions.push({
        connectionType: cell.connectionType,
        protocols: cell.protocols,
        authenticationTypes: cell.authenticationTypes,
        userClasses: cell.userClasses,
        first: run.first,
        last: run.last,
        action: d < 0 ? 'AllowAccess' : live[d]!.action,
        ruleIndex: d < 0 ? null : live[d]!.priority - 1,
        reason: d < 0 ? 'no-matching-rule' : 'rule',
      });
      if (d >= 0 && decided[d] === 0) {
        decided[d] = 1;
        decidesExample[d] = cellConnection(space, cell, examplePoint(run.first, run.last));
      }
    }
    for (const [k, earlier] of facts.shadowed) for (const e of earlier) shadowedBy[k]!.add(e);
    for (const [k, point] of facts.removal) removalExample[k] ??= cellConnection(space, cell, point);
    for (const [code, point] of facts.exceptions) {
      const k = Math.floor(code / 8);
      const f = code % 8;
      if (!exceptionExample[k]!.has(f)) exceptionExample[k]!.set(f, cellConnection(space, cell, point));
    }
    for (const uc of cell.userClasses) cells.set(`${cell.connectionType}|${cell.protocolClass}|${cell.authClass}|${uc}`, cellRegions);
  }
  const bypassRegion = regions.length;
  regions.push({
    connectionType: 'MicrosoftMiddleTierApp',
    protocols: PROTOCOLS,
    authenticationTypes: AUTHENTICATION_TYPES,
    userClasses: [],
    first: 0n,
    last: AXIS_END,
    action: 'AllowAccess',
    ruleIndex: null,
    reason: 'microsoft-middle-tier-bypass',
  });

  const liveIndexOf = new Map<string, number>();
  live.forEach((r, k) => liveIndexOf.set(r.rule.id, k));
  const rules: RuleAnalysis[] = set.rules.map((rule) => {
    const k = liveIndexOf.get(rule.id);
    if (k === undefined) {
      return { ruleId: rule.id, live: false, decides: false, shadowedBy: [], deadExceptions: [], redundant: false, decidesExample: null, removalExample: null, exceptionExamples: {} };
    }
    const used = EXCEPTION_FIELDS.filter((f) => rule[f].length > 0);
    const exceptionExamples: Partial<Record<ExceptionField, Connection>> = {};
    exceptionExample[k]!.forEach((c, f) => (exceptionExamples[EXCEPTION_FIELDS[f]!] = c));
    return {
      ruleId: rule.id,
      live: true,
      decides: decided[k] === 1,
      shadowedBy: [...shadowedBy[k]!].sort((a, b) => a - b).map((e) => live[e]!.rule.id),
      deadExceptions: used.filter((f) => exceptionExamples[f] === undefined),
      redundant: removalExample[k] === null,
      decidesExample: decidesExample[k]!,
      removalExample: removalExample[k]!,
      exceptionExamples,
    };
  });

  return {
    set,
    regions,
    fineRegions,
    userClasses: space.userClasses,
    rules,
    complete: space.unknown.length === 0,
    unknown: space.unknown,
    index: { space, cells, bypassRegion },
  };
}

/**
 * A concrete connection inside a region: the first protocol/authentication pair of the region that
 * Exchange supports together (any pair when none is), an address of the interval (a documentation
 * address when it holds one), port 443 and the region's example user.
 *
 * @example regionExample(analysis, analysis.regions[0]).protocol // 'ExchangeActiveSync'
 */
export function regionExample(analysis: PolicyAnalysis, region: Region): Connection {
  const cell = { ...region, connectionType: region.connectionType === 'MicrosoftMiddleTierApp' ? 'EndUser' : region.connectionType } as const;
  return { ...cellConnection(analysis.index.space, cell, examplePoint(region.first, region.last)), connectionType: region.connectionType };
}

/**
 * The point of the address line for a parsed address.
 *
 * @example addressPoint(parseAddress('10.0.0.1')!) // 167772161n
 */
export function addressPoint(addr: ParsedAddress): bigint {
  if (addr.family === 4) return BigInt(addr.v4);
  return V6_BASE + (BigInt(addr.w0) << 96n) + (BigInt(addr.w1) << 64n) + (BigInt(addr.w2) << 32n) + BigInt(addr.w3);
}

/**
 * The user class of a concrete user in a space, or -1 when it is not among the enumerated ones
 * (only possible when the analysis is incomplete).
 *
 * @example userClassOf(space, 'admin@contoso.com', {}) // 2
 */
export function userClassOf(space: Space, user: string, attributes: Record<string, string>): number {
  return space.userSignatures.get(userSignature(space.pool, space.filters, usernameSubject(user).toLowerCase(), attributes)) ?? -1;
}

/**
 * The region a concrete connection falls in, or null when its address is not an IP address (outside
 * the analysis) or its user cannot be placed (an incomplete analysis).
 *
 * @example analysis.regions[regionOf(analysis, connection)!].action // the evaluator's decision
 */
export function regionOf(analysis: PolicyAnalysis, c: Connection): number | null {
  const { index } = analysis;
  if (c.connectionType === 'MicrosoftMiddleTierApp') return index.bypassRegion;
  const addr = parseAddress(c.ipAddress);
  if (addr === null) return null;
  const pc = index.space.protocolClassOf[c.protocol];
  const ac = index.space.authClassOf[c.authenticationType];
  if (pc === undefined || ac === undefined) return null;
  const uc = userClassOf(index.space, c.user, c.attributes);
  if (uc < 0) return null;
  const cell = index.cells.get(`${c.connectionType}|${pc}|${ac}|${uc}`);
  if (!cell) return null;
  const x = addressPoint(addr);
  let lo = 0;
  let hi = cell.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = analysis.regions[cell[mid]!]!;
    if (x < r.first) hi = mid - 1;
    else if (x > r.last) lo = mid + 1;
    else return cell[mid]!;
  }
  return null;
}
