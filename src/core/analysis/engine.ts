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
import { AXIS_END, V6_BASE, axisCuts, entrySpans, examplePoint, formatPoint } from './address-axis.ts';
import type { AxisCuts, Span } from './address-axis.ts';
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

/** One character per rule of a user signature: '0' + 2 × (condition and filter hold) + (exception holds). */
function sigChar(cond: boolean, exc: boolean): string {
  return String.fromCharCode(48 + (cond ? 2 : 0) + (exc ? 1 : 0));
}

/** The username half of a signature: per rule, the username condition and exception ('0'…'3'). */
function nameSignature(live: readonly CompiledRule[], subjectLower: string): string {
  let sig = '';
  for (const r of live) sig += sigChar(r.user === null || r.user.matchLower(subjectLower) >= 0, r.exceptUser !== null && r.exceptUser.matchLower(subjectLower) >= 0);
  return sig;
}

/** The attribute half of a signature: per rule, '1' when its filter holds (or it has none), else '0'. */
function filterSignature(live: readonly CompiledRule[], filters: readonly (((a: Record<string, string>) => boolean) | null)[], attributes: Record<string, string>): string {
  let sig = '';
  for (let k = 0; k < live.length; k++) sig += !live[k]!.filterUsed || (filters[k] !== null && filters[k]!(attributes)) ? '1' : '0';
  return sig;
}

/** The user-side signature (condition with filter, exception; one character per rule) from its two halves. */
function combineSignature(nameSig: string, filterSig: string): string {
  let sig = '';
  for (let k = 0; k < nameSig.length; k++) {
    const c = nameSig.charCodeAt(k) - 48;
    sig += sigChar((c & 2) !== 0 && filterSig.charCodeAt(k) === 49, (c & 1) !== 0);
  }
  return sig;
}

/** The user-side signature of a concrete user against the live rules. */
function userSignature(
  live: readonly CompiledRule[],
  filters: readonly (((a: Record<string, string>) => boolean) | null)[],
  subjectLower: string,
  attributes: Record<string, string>,
): string {
  return combineSignature(nameSignature(live, subjectLower), filterSignature(live, filters, attributes));
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

/**
 * Friendlier users than the automaton's shortest witnesses: per username signature, the first of the
 * candidate names (common examples, then each pattern with its `*` filled in) that has it.
 */
function friendlyUsers(patterns: readonly string[], sigOf: (subjectLower: string) => string): Map<string, string> {
  const candidates = [
    ...FRIENDLY_USERS,
    ...patterns.flatMap((p) => [p.replace(/\*+/g, 'admin'), p.replace(/\*+/g, 'jeff'), p.replace(/\*+/g, 'x')]),
  ];
  const bySig = new Map<string, string>();
  for (const c of candidates) {
    const subject = usernameSubject(c);
    if (subject === c.trim() || c.includes('@')) {
      const sig = sigOf(subject.toLowerCase());
      if (!bySig.has(sig)) bySig.set(sig, c);
    }
  }
  return bySig;
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
  /** Maximal address intervals per cell with one deciding rule (stored compactly; see `RegionTable`). */
  readonly regions: RegionTable;
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

/** Lookup structures: per cell of the space (`Space.cells` order), its runs and the index of its first region. */
export interface RegionIndex {
  readonly space: Space;
  /** Per cell: its regions as `[first, end, decider]` triples of cut intervals and pool index (-1: none), by address. */
  readonly cellRuns: readonly Int32Array[];
  /** Per cell: the index of its first region; one more entry holds the bypass region's index. */
  readonly cellStart: Int32Array;
  readonly bypassRegion: number;
}

const BYPASS_REGION: Region = Object.freeze({
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

/**
 * The regions of an analysis. A realistic 200-rule set has close to a million of them, so they are
 * kept as integer runs per cell and a `Region` object is built only when asked for (`get`, iteration).
 * The last region is the Microsoft middle-tier bypass.
 *
 * @example for (const region of analysis.regions) if (region.action === 'DenyAccess') …
 */
export class RegionTable implements Iterable<Region> {
  readonly length: number;

  constructor(private readonly index: RegionIndex) {
    this.length = index.bypassRegion + 1;
  }

  /** The region at `i` (a new object each call); a RangeError outside `0 … length − 1`. */
  get(i: number): Region {
    const { space, cellRuns, cellStart, bypassRegion } = this.index;
    if (!Number.isInteger(i) || i < 0 || i > bypassRegion) throw new RangeError(`No region ${i} (there are ${this.length}).`);
    if (i === bypassRegion) return BYPASS_REGION;
    let lo = 0;
    let hi = space.cells.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cellStart[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    const cell = space.cells[lo]!;
    const runs = cellRuns[lo]!;
    const r = (i - cellStart[lo]!) * 3;
    const d = runs[r + 2]!;
    const rule = d < 0 ? null : space.pool[d]!;
    return {
      connectionType: cell.connectionType,
      protocols: cell.protocols,
      authenticationTypes: cell.authenticationTypes,
      userClasses: cell.userClasses,
      first: space.axis.cuts.points[runs[r]!]!,
      last: space.axis.cuts.lasts[runs[r + 1]! - 1]!,
      action: rule === null ? 'AllowAccess' : rule.action,
      ruleIndex: rule === null ? null : rule.priority - 1,
      reason: rule === null ? 'no-matching-rule' : 'rule',
    };
  }

  *[Symbol.iterator](): Iterator<Region> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
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
  /** Per connection type × protocol class × authentication class (`cellGroupIndex`): user class → index into `cells`. */
  readonly cellOf: readonly Int32Array[];
  readonly protocolClassCount: number;
  readonly authClassCount: number;
  readonly condSpans: readonly (Span[] | null)[];
  readonly excSpans: readonly (Span[] | null)[];
  /** The address line cut for every rule of the pool, with each IP list as interval index pairs. */
  readonly axis: Axis;
  readonly unknown: readonly string[];
}

/** The cut address line of a pool and its rules' IP conditions and exceptions as `[first, end)` index pairs. */
export interface Axis {
  readonly cuts: AxisCuts;
  readonly cond: readonly (Int32Array | null)[];
  readonly exc: readonly (Int32Array | null)[];
}

/** The index into `Space.cellOf` of a connection type, protocol class and authentication class. */
export function cellGroupIndex(space: Pick<Space, 'protocolClassCount' | 'authClassCount'>, connectionType: 'EndUser' | 'MiddleTierApp', pc: number, ac: number): number {
  return ((connectionType === 'MiddleTierApp' ? 1 : 0) * space.protocolClassCount + pc) * space.authClassCount + ac;
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
  const nameSigOf = (subjectLower: string) => nameSignature(pool, subjectLower);
  const subjects = new Map<string, string>();
  for (const v of names.vectors) {
    const sig = nameSigOf(v.witness);
    if (!subjects.has(sig)) subjects.set(sig, v.witness);
  }
  const friendly = friendlyUsers(names.patterns, nameSigOf);
  const attrBySig = new Map<string, Record<string, string>>();
  for (const a of attrCombos) {
    const sig = filterSignature(pool, filters, a);
    if (!attrBySig.has(sig)) attrBySig.set(sig, a);
  }
  const userClasses: UserClass[] = [];
  const userSignatures = new Map<string, number>();
  /** Per user class and rule: 0 the rule's user side fails, 1 it holds, 2 it holds and its username exception too. */
  const userState: Uint8Array[] = [];
  for (const [nameSig, witness] of subjects) {
    const user = friendly.get(nameSig) ?? witness;
    const subjectLower = usernameSubject(user).toLowerCase();
    const matched = names.patterns.filter((p) => matchesUsernamePattern(p, subjectLower));
    const unmatched = names.patterns.filter((p) => !matched.includes(p));
    for (const [filterSig, attributes] of attrBySig) {
      const sig = combineSignature(nameSig, filterSig);
      if (userSignatures.has(sig)) continue;
      userSignatures.set(sig, userClasses.length);
      userClasses.push({ user, attributes, matchedPatterns: matched, unmatchedPatterns: unmatched });
      const state = new Uint8Array(n);
      for (let k = 0; k < n; k++) {
        const c = sig.charCodeAt(k) - 48;
        state[k] = (c & 2) === 0 ? 0 : (c & 1) === 0 ? 1 : 2;
      }
      userState.push(state);
    }
  }

  const users = userClasses.length;
  const cells: Cell[] = [];
  const cellOf: Int32Array[] = [];
  const groupOf = new Int32Array(users);
  const refined = new Int32Array(users);
  const table = new Int32Array(users * 3);
  const stateByRule = Array.from({ length: n }, () => new Uint8Array(users));
  userState.forEach((st, uc) => {
    for (let k = 0; k < n; k++) stateByRule[k]![uc] = st[k]!;
  });
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
        // Users that every rule in play sees alike share a cell: refine one partition rule by rule
        // (groups stay numbered by their first user class, so cells keep the order of first appearance).
        groupOf.fill(0);
        let groups = users > 0 ? 1 : 0;
        for (const b of base) {
          const column = stateByRule[b.k]!;
          table.fill(-1, 0, groups * 3);
          let next = 0;
          for (let uc = 0; uc < users; uc++) {
            const code = groupOf[uc]! * 3 + column[uc]!;
            let g = table[code]!;
            if (g < 0) table[code] = g = next++;
            refined[uc] = g;
          }
          if (next !== groups) {
            groupOf.set(refined);
            groups = next;
          }
        }
        const firstCell = cells.length;
        const members: number[][] = Array.from({ length: groups }, () => []);
        for (let uc = 0; uc < users; uc++) members[groupOf[uc]!]!.push(uc);
        const map = new Int32Array(users);
        members.forEach((ucs, g) => {
          const state = userState[ucs[0]!]!;
          const candidates: Candidate[] = [];
          let key = '';
          for (const b of base) {
            const st = state[b.k]!;
            if (st === 0) continue;
            const exc = st === 2 ? b.exc | EXC_USER : b.exc;
            candidates.push(exc === b.exc ? b : { k: b.k, exc });
            key += `${b.k}.${exc},`;
          }
          for (const uc of ucs) map[uc] = firstCell + g;
          cells.push({
            connectionType,
            protocolClass: pc,
            authClass: ac,
            protocols: protoClass,
            authenticationTypes: authClass,
            userClasses: ucs,
            candidates,
            key,
          });
        });
        cellOf.push(map);
      });
    });
  }
  const condSpans = pool.map((r) => (r.ip === null ? null : entrySpans(r.ip.entries)));
  const excSpans = pool.map((r) => (r.exceptIp === null ? null : entrySpans(r.exceptIp.entries)));
  const { cuts, indexed } = axisCuts([...condSpans, ...excSpans]);
  return {
    pool,
    protocolClassOf: protocols.classOf,
    authClassOf: auths.classOf,
    userClasses,
    userSignatures,
    filters,
    cells,
    cellOf,
    protocolClassCount: protocols.classes.length,
    authClassCount: auths.classes.length,
    condSpans,
    excSpans,
    axis: { cuts, cond: indexed.slice(0, n), exc: indexed.slice(n) },
    unknown,
  };
}

/**
 * The indexed sweep behind `sweepAddresses`: `visit(state, first, end)` once per maximal run of cut
 * intervals `first … end − 1` on which every candidate's state is constant (never across a fixed cut).
 * `state` is reused between calls: read it, do not keep it.
 */
export function sweepAxis(
  candidates: readonly Candidate[],
  axis: Axis,
  visit: (state: Int8Array, first: number, end: number) => void,
): void {
  const m = candidates.length;
  const total = axis.cuts.points.length;
  const fixedCode = 2 * m;
  const codes = 2 * m + 1;
  let count = 3;
  for (const c of candidates) count += (axis.cond[c.k]?.length ?? 0) + (axis.exc[c.k]?.length ?? 0);
  const events = new Float64Array(count);
  let e = 0;
  const condOn = new Uint8Array(m);
  const excOn = new Uint8Array(m);
  candidates.forEach((c, j) => {
    const cs = axis.cond[c.k];
    if (cs === null || cs === undefined) condOn[j] = 1;
    else for (let i = 0; i < cs.length; i++) events[e++] = cs[i]! * codes + 2 * j;
    const es = axis.exc[c.k];
    if (es) for (let i = 0; i < es.length; i++) events[e++] = es[i]! * codes + 2 * j + 1;
  });
  const { fixed } = axis.cuts;
  for (let p = 0; p < total; p++) if (fixed[p] === 1) events[e++] = p * codes + fixedCode;
  const sorted = events.subarray(0, e).sort();
  const value = (j: number) => (condOn[j] === 0 ? -1 : candidates[j]!.exc | (excOn[j] === 1 ? EXC_IP : 0));
  const apply = (code: number) => {
    const j = code >> 1;
    if (code & 1) excOn[j] = excOn[j]! ^ 1;
    else condOn[j] = condOn[j]! ^ 1;
    return j;
  };
  let i = 0;
  while (i < sorted.length && sorted[i]! < codes) {
    const code = sorted[i]!;
    if (code !== fixedCode) apply(code);
    i++;
  }
  const current = new Int8Array(m);
  for (let j = 0; j < m; j++) current[j] = value(j);
  const touched = new Int32Array(m);
  const fresh = new Int8Array(m);
  const stamp = new Int32Array(m).fill(-1);
  let first = 0;
  while (i < sorted.length) {
    const p = Math.floor(sorted[i]! / codes);
    if (p >= total) break;
    let boundary = false;
    let nt = 0;
    for (; i < sorted.length && sorted[i]! < (p + 1) * codes; i++) {
      const code = sorted[i]! - p * codes;
      if (code === fixedCode) {
        boundary = true;
        continue;
      }
      const j = apply(code);
      if (stamp[j] !== p) {
        stamp[j] = p;
        touched[nt++] = j;
      }
    }
    for (let t = 0; t < nt; t++) {
      const j = touched[t]!;
      const v = value(j);
      fresh[t] = v;
      if (v !== current[j]) boundary = true;
    }
    if (!boundary) continue;
    visit(current, first, p);
    for (let t = 0; t < nt; t++) current[touched[t]!] = fresh[t]!;
    first = p;
  }
  visit(current, first, total);
}

/**
 * Walks the address line for one list of candidates: calls `visit` once per maximal interval on which
 * every candidate's state is constant (never across the IPv4/IPv6 and IPv4-mapped boundaries). The
 * state per candidate is -1 when its address condition fails, else its exceptions that hold (EXC_*
 * bits; 0 = the rule matches). Uses the space's cut line when it has one, else cuts one for these
 * candidates.
 *
 * @example sweepAddresses(cell.candidates, space, (state, first, last) => …)
 */
export function sweepAddresses(
  candidates: readonly Candidate[],
  space: Pick<Space, 'condSpans' | 'excSpans'> & Partial<Pick<Space, 'axis'>>,
  visit: (state: Int8Array, first: bigint, last: bigint) => void,
): void {
  let axis = space.axis;
  if (axis === undefined) {
    const { cuts, indexed } = axisCuts([...space.condSpans, ...space.excSpans]);
    const n = space.condSpans.length;
    axis = { cuts, cond: indexed.slice(0, n), exc: indexed.slice(n) };
  }
  const { points, lasts } = axis.cuts;
  sweepAxis(candidates, axis, (state, first, end) => visit(state, points[first]!, lasts[end - 1]!));
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
  /** Maximal runs of cut intervals `[first, end)` with one deciding pool index (-1: none), as triples. */
  readonly runs: Int32Array;
  /** Deciding pool index → offset in `runs` of its first run. */
  readonly firstRun: Map<number, number>;
  readonly fine: number;
  /** Pool index → earlier pool indexes that decide some of its matching connections. */
  readonly shadowed: Map<number, number[]>;
  /** Pool index → cut intervals `[first, end)` whose decision flips without the rule. */
  readonly removal: Map<number, readonly [number, number]>;
  /** Pool index × 8 + exception field → cut intervals `[first, end)` whose decision flips without that exception. */
  readonly exceptions: Map<number, readonly [number, number]>;
}

function sweepFacts(cell: Cell, space: Space): SweepFacts {
  const live = space.pool;
  const candidates = cell.candidates;
  const m = candidates.length;
  const fixed = space.axis.cuts.fixed;
  const runs: number[] = [];
  const firstRun = new Map<number, number>();
  const deny = Uint8Array.from(candidates, (c) => (live[c.k]!.action === 'DenyAccess' ? 1 : 0));
  // Facts per candidate index, first interval where each was seen (-1: not yet).
  const pairSeen = new Uint8Array(m * m);
  const removalAt = new Int32Array(m * 2).fill(-1);
  const exceptionAt = new Int32Array(m * 8).fill(-1);
  let fine = 0;
  let lastDecider = -2;
  sweepAxis(candidates, space.axis, (st, first, end) => {
    fine++;
    let a = -1;
    let b = -1;
    for (let j = 0; j < m; j++) {
      if (st[j] !== 0) continue;
      if (a < 0) a = j;
      else {
        if (b < 0) b = j;
        pairSeen[j * m + a] = 1;
      }
    }
    const decider = a < 0 ? -1 : candidates[a]!.k;
    const denied = a < 0 ? 0 : deny[a]!;
    if (a >= 0 && removalAt[2 * a]! < 0 && (b < 0 ? 0 : deny[b]!) !== denied) {
      removalAt[2 * a] = first;
      removalAt[2 * a + 1] = end;
    }
    const before = a < 0 ? m : a;
    for (let j = 0; j < before; j++) {
      const exc = st[j]!;
      if (exc <= 0 || (exc & (exc - 1)) !== 0) continue;
      if (deny[j] === denied) continue;
      const slot = j * 4 + EXC_FIELD_OF_BIT[exc]!;
      if (exceptionAt[2 * slot]! < 0) {
        exceptionAt[2 * slot] = first;
        exceptionAt[2 * slot + 1] = end;
      }
    }
    if (decider === lastDecider && fixed[first] !== 1) runs[runs.length - 2] = end;
    else {
      if (decider >= 0 && !firstRun.has(decider)) firstRun.set(decider, runs.length);
      runs.push(first, end, decider);
    }
    lastDecider = decider;
  });
  const shadowed = new Map<number, number[]>();
  for (let j = 0; j < m; j++) {
    for (let a = 0; a < j; a++) {
      if (pairSeen[j * m + a] !== 1) continue;
      const k = candidates[j]!.k;
      const list = shadowed.get(k);
      if (list) list.push(candidates[a]!.k);
      else shadowed.set(k, [candidates[a]!.k]);
    }
  }
  const removal = new Map<number, readonly [number, number]>();
  for (let j = 0; j < m; j++) if (removalAt[2 * j]! >= 0) removal.set(candidates[j]!.k, [removalAt[2 * j]!, removalAt[2 * j + 1]!]);
  const exceptions = new Map<number, readonly [number, number]>();
  for (let slot = 0; slot < m * 4; slot++) {
    if (exceptionAt[2 * slot]! >= 0) exceptions.set(candidates[slot >> 2]!.k * 8 + (slot & 3), [exceptionAt[2 * slot]!, exceptionAt[2 * slot + 1]!]);
  }
  return { runs: Int32Array.from(runs), firstRun, fine, shadowed, removal, exceptions };
}

const EXC_FIELD_OF_BIT: readonly number[] = [-1, 0, 1, -1, 2, -1, -1, -1, 3];

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
  const cellRuns: Int32Array[] = [];
  const cellStart = new Int32Array(space.cells.length + 1);
  const cache = new Map<string, SweepFacts>();
  const { points, lasts } = space.axis.cuts;
  const pointOf = ([first, end]: readonly [number, number]) => examplePoint(points[first]!, lasts[end - 1]!);
  let fineRegions = 0;
  let count = 0;

  space.cells.forEach((cell, c) => {
    let facts = cache.get(cell.key);
    if (!facts) {
      facts = sweepFacts(cell, space);
      cache.set(cell.key, facts);
    }
    fineRegions += facts.fine;
    cellRuns.push(facts.runs);
    cellStart[c] = count;
    count += facts.runs.length / 3;
    for (const [d, r] of facts.firstRun) {
      if (decided[d] === 1) continue;
      decided[d] = 1;
      decidesExample[d] = cellConnection(space, cell, examplePoint(points[facts.runs[r]!]!, lasts[facts.runs[r + 1]! - 1]!));
    }
    for (const [k, earlier] of facts.shadowed) for (const e of earlier) shadowedBy[k]!.add(e);
    for (const [k, at] of facts.removal) removalExample[k] ??= cellConnection(space, cell, pointOf(at));
    for (const [code, at] of facts.exceptions) {
      const k = Math.floor(code / 8);
      const f = code % 8;
      if (!exceptionExample[k]!.has(f)) exceptionExample[k]!.set(f, cellConnection(space, cell, pointOf(at)));
    }
  });
  cellStart[space.cells.length] = count;
  const index: RegionIndex = { space, cellRuns, cellStart, bypassRegion: count };

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
    regions: new RegionTable(index),
    fineRegions,
    userClasses: space.userClasses,
    rules,
    complete: space.unknown.length === 0,
    unknown: space.unknown,
    index,
  };
}

/**
 * A concrete connection inside a region: the first protocol/authentication pair of the region that
 * Exchange supports together (any pair when none is), an address of the interval (a documentation
 * address when it holds one), port 443 and the region's example user.
 *
 * @example regionExample(analysis, analysis.regions.get(0)).protocol // 'ExchangeActiveSync'
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
 * @example analysis.regions.get(regionOf(analysis, connection)!).action // the evaluator's decision
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
  if (uc < 0 || c.connectionType !== 'EndUser' && c.connectionType !== 'MiddleTierApp') return null;
  const at = index.space.cellOf[cellGroupIndex(index.space, c.connectionType, pc, ac)]?.[uc];
  const runs = at === undefined ? undefined : index.cellRuns[at];
  if (at === undefined || runs === undefined) return null;
  const { points, lasts } = index.space.axis.cuts;
  const x = addressPoint(addr);
  let lo = 0;
  let hi = runs.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (x < points[runs[3 * mid]!]!) hi = mid - 1;
    else if (x > lasts[runs[3 * mid + 1]! - 1]!) lo = mid + 1;
    else return index.cellStart[at]! + mid;
  }
  return null;
}
