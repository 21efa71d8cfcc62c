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
import { globVectors, literalGlob, nonEmptyConstraint, usernameSubjectConstraint, wildcardGlob } from './glob-vectors.ts';
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

/** One region: a set of connections on which every rule's outcome is constant. */
export interface Region {
  readonly connectionType: ConnectionType;
  readonly protocols: readonly Protocol[];
  readonly authenticationTypes: readonly AuthenticationType[];
  /** Index into `PolicyAnalysis.userClasses`; -1 for the Microsoft middle-tier region (every user). */
  readonly userClass: number;
  /** Address interval on the line of `address-axis.ts` (inclusive). */
  readonly first: bigint;
  readonly last: bigint;
  readonly action: Action;
  /** Index of the deciding rule in `RuleSet.rules`, or null (no rule matches, or the bypass). */
  readonly ruleIndex: number | null;
  readonly reason: 'rule' | 'no-matching-rule' | 'microsoft-middle-tier-bypass';
}

/** What one rule does across the whole space. */
export interface RuleAnalysis {
  readonly ruleId: string;
  /** Enabled (live) rules only are analysed; the rest is false/empty. */
  readonly live: boolean;
  /** Some connection is decided by this rule. */
  readonly decides: boolean;
  /** Number of regions it decides. */
  readonly decidedRegions: number;
  /** Ids of the earlier rules that decide connections this rule matches (all of them when it decides nothing). */
  readonly shadowedBy: readonly string[];
  /** Exception fields whose removal would change no decision (only fields the rule uses). */
  readonly deadExceptions: readonly ExceptionField[];
  /** Removing the rule changes no decision. */
  readonly redundant: boolean;
  /** Witness regions (indexes into `regions`): one it decides; one where removing it flips the decision. */
  readonly decidesExample: number | null;
  readonly removalExample: number | null;
  /** Per used exception field that matters: a region where removing that exception flips the decision. */
  readonly exceptionExamples: Readonly<Partial<Record<ExceptionField, number>>>;
}

/** The whole-policy analysis of one rule set. */
export interface PolicyAnalysis {
  readonly set: RuleSet;
  readonly regions: readonly Region[];
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
  readonly protocolClass: Readonly<Record<string, number>>;
  readonly authClass: Readonly<Record<string, number>>;
  /** Per user class: signature for matching a concrete user. */
  readonly userSignatures: readonly string[];
  readonly cells: ReadonlyMap<string, readonly number[]>;
  readonly bypassRegion: number;
  readonly live: readonly CompiledRule[];
  readonly filterAsts: readonly (OPathNode | null)[];
}

export interface AnalysisOptions {
  /** Budget for the product automaton of username patterns and of each filter property. */
  readonly maxAutomatonStates?: number;
  /** Budget for attribute combinations across filter properties. */
  readonly maxAttributeCombinations?: number;
}

interface Candidate {
  /** Index into `live`. */
  readonly k: number;
  /** Exceptions already true outside the address (EXC_* bits). */
  readonly exc: number;
}

interface Sweep {
  readonly starts: bigint[];
  readonly ends: bigint[];
  /** Per interval: the deciding live index or -1. */
  readonly decider: Int32Array;
}

interface Accumulator {
  decided: Int32Array;
  decidesExample: Int32Array;
  removalExample: Int32Array;
  shadowedBy: Set<number>[];
  exceptionExample: Map<number, number>[];
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
  const result = globVectors(patterns.map(wildcardGlob), usernameSubjectConstraint, maxStates);
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
): string {
  const target = sigOf(witness);
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

/**
 * Analyses a whole rule set exactly (see the module comment): every region of the connection space
 * with its live decision, and per rule what it really decides.
 *
 * Edge cases: an empty rule set gives regions that are all allowed by default; an OPath filter that
 * does not parse makes its rule match nothing (as the evaluator does); invalid IP values never match.
 *
 * @example analyzePolicy(set).rules[1].decides // false when earlier rules take all its connections
 */
export function analyzePolicy(set: RuleSet, options: AnalysisOptions = {}): PolicyAnalysis {
  const maxStates = options.maxAutomatonStates ?? 50_000;
  const maxCombinations = options.maxAttributeCombinations ?? 4_096;
  const unknown: string[] = [];
  const compiled = compileRuleSet(set);
  const live = compiled.live;
  const n = live.length;
  const protocols = classesOf(PROTOCOLS, live, (r) => r.protocolMask, (r) => r.exceptProtocolMask);
  const auths = classesOf(AUTHENTICATION_TYPES, live, (r) => r.authMask, (r) => r.exceptAuthMask);

  // User side.
  const filterAsts = live.map((r) => {
    if (!r.filterUsed || r.filter === null) return null;
    const parsed = parseOPath(r.rule.userRecipientFilter);
    return parsed.ok ? parsed.ast : null;
  });
  const filters = filterAsts.map((a) => (a ? compileOPathNode(a) : null));
  const names = usernameSide(live, maxStates, unknown);
  const attrCombos = attributeSide(filterAsts, maxStates, maxCombinations, unknown);
  const condOnlySig = (s: string) =>
    live.map((r) => `${r.user === null || r.user.matchLower(s) >= 0 ? 1 : 0}${r.exceptUser !== null && r.exceptUser.matchLower(s) >= 0 ? 1 : 0}`).join('');
  const subjects = new Map<string, string>();
  for (const v of names.vectors) {
    const sig = condOnlySig(v.witness);
    if (!subjects.has(sig)) subjects.set(sig, v.witness);
  }
  const attrBySig = new Map<string, Record<string, string>>();
  for (const a of attrCombos) {
    const sig = filters.map((f, k) => (!live[k]!.filterUsed || (f !== null && f(a)) ? 1 : 0)).join('');
    if (!attrBySig.has(sig)) attrBySig.set(sig, a);
  }
  const userClasses: UserClass[] = [];
  const userSigs: string[] = [];
  // Per user class and live rule: condition part (username condition and filter) and exception.
  const userCond: Uint8Array[] = [];
  const userExc: Uint8Array[] = [];
  for (const witness of subjects.values()) {
    const user = friendlyUser(witness, names.patterns, condOnlySig);
    const subjectLower = usernameSubject(user).toLowerCase();
    for (const attributes of attrBySig.values()) {
      const sig = userSignature(live, filters, subjectLower, attributes);
      if (userSigs.includes(sig)) continue;
      userSigs.push(sig);
      const matched = names.patterns.filter((p) => matchesUsernamePattern(p, subjectLower));
      userClasses.push({
        user,
        attributes,
        matchedPatterns: matched,
        unmatchedPatterns: names.patterns.filter((p) => !matched.includes(p)),
      });
      userCond.push(Uint8Array.from(sig.split('').filter((_, i) => i % 2 === 0).map(Number)));
      userExc.push(Uint8Array.from(sig.split('').filter((_, i) => i % 2 === 1).map(Number)));
    }
  }

  // Address spans per live rule.
  const condSpans: (Span[] | null)[] = live.map((r) => (r.ip === null ? null : entrySpans(r.ip.entries)));
  const excSpans: (Span[] | null)[] = live.map((r) => (r.exceptIp === null ? null : entrySpans(r.exceptIp.entries)));

  const acc: Accumulator = {
    decided: new Int32Array(n),
    decidesExample: new Int32Array(n).fill(-1),
    removalExample: new Int32Array(n).fill(-1),
    shadowedBy: live.map(() => new Set<number>()),
    exceptionExample: live.map(() => new Map<number, number>()),
  };
  const regions: Region[] = [];
  const cells = new Map<string, number[]>();
  const sweeps = new Map<string, { sweep: Sweep; events: SweepEvents }>();

  for (const connectionType of ['EndUser', 'MiddleTierApp'] as const) {
    const middle = connectionType === 'MiddleTierApp';
    protocols.classes.forEach((protoClass, pc) => {
      const pbit = 1 << PROTOCOLS.indexOf(protoClass[0]!);
      auths.classes.forEach((authClass, ac) => {
        const abit = 1 << AUTHENTICATION_TYPES.indexOf(authClass[0]!);
        userClasses.forEach((_, uc) => {
          const candidates: Candidate[] = [];
          for (let k = 0; k < n; k++) {
            const r = live[k]!;
            if (r.scopeUsers && middle) continue;
            if (r.protocolMask !== 0 && (r.protocolMask & pbit) === 0) continue;
            if (r.authMask !== 0 && (r.authMask & abit) === 0) continue;
            if (userCond[uc]![k] === 0) continue;
            let exc = 0;
            if ((r.exceptProtocolMask & pbit) !== 0) exc |= EXC_PROTOCOL;
            if ((r.exceptAuthMask & abit) !== 0) exc |= EXC_AUTH;
            if (userExc[uc]![k] === 1) exc |= EXC_USER;
            candidates.push({ k, exc });
          }
          const key = candidates.map((c) => `${c.k}.${c.exc}`).join(',');
          let entry = sweeps.get(key);
          if (!entry) {
            entry = sweepAddresses(candidates, live, condSpans, excSpans);
            sweeps.set(key, entry);
          }
          const cellRegions: number[] = [];
          const { sweep, events } = entry;
          for (let i = 0; i < sweep.starts.length; i++) {
            const d = sweep.decider[i]!;
            const index = regions.length;
            regions.push({
              connectionType,
              protocols: protoClass,
              authenticationTypes: authClass,
              userClass: uc,
              first: sweep.starts[i]!,
              last: sweep.ends[i]!,
              action: d < 0 ? 'AllowAccess' : live[d]!.action,
              ruleIndex: d < 0 ? null : live[d]!.priority - 1,
              reason: d < 0 ? 'no-matching-rule' : 'rule',
            });
            cellRegions.push(index);
            if (d >= 0) {
              acc.decided[d]!++;
              if (acc.decidesExample[d] === -1) acc.decidesExample[d] = index;
            }
          }
          // Per-interval facts recorded by the sweep, attributed to this cell's regions.
          for (const [k, earlier] of events.shadowed) for (const e of earlier) acc.shadowedBy[k]!.add(e);
          for (const [k, i] of events.removal) if (acc.removalExample[k] === -1) acc.removalExample[k] = cellRegions[i]!;
          for (const [code, i] of events.exceptions) {
            const k = Math.floor(code / 8);
            const f = code % 8;
            if (!acc.exceptionExample[k]!.has(f)) acc.exceptionExample[k]!.set(f, cellRegions[i]!);
          }
          cells.set(`${connectionType}|${pc}|${ac}|${uc}`, cellRegions);
        });
      });
    });
  }
  const bypassRegion = regions.length;
  regions.push({
    connectionType: 'MicrosoftMiddleTierApp',
    protocols: PROTOCOLS,
    authenticationTypes: AUTHENTICATION_TYPES,
    userClass: -1,
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
      return {
        ruleId: rule.id,
        live: false,
        decides: false,
        decidedRegions: 0,
        shadowedBy: [],
        deadExceptions: [],
        redundant: false,
        decidesExample: null,
        removalExample: null,
        exceptionExamples: {},
      };
    }
    const used = EXCEPTION_FIELDS.filter((f) => rule[f].length > 0);
    const exceptionExamples: Partial<Record<ExceptionField, number>> = {};
    acc.exceptionExample[k]!.forEach((region, f) => (exceptionExamples[EXCEPTION_FIELDS[f]!] = region));
    return {
      ruleId: rule.id,
      live: true,
      decides: acc.decided[k]! > 0,
      decidedRegions: acc.decided[k]!,
      shadowedBy: [...acc.shadowedBy[k]!].sort((a, b) => a - b).map((e) => live[e]!.rule.id),
      deadExceptions: used.filter((f) => exceptionExamples[f] === undefined),
      redundant: acc.removalExample[k] === -1,
      decidesExample: acc.decidesExample[k] === -1 ? null : acc.decidesExample[k]!,
      removalExample: acc.removalExample[k] === -1 ? null : acc.removalExample[k]!,
      exceptionExamples,
    };
  });

  return {
    set,
    regions,
    userClasses,
    rules,
    complete: unknown.length === 0,
    unknown,
    index: {
      protocolClass: protocols.classOf,
      authClass: auths.classOf,
      userSignatures: userSigs,
      cells,
      bypassRegion,
      live,
      filterAsts,
    },
  };
}

/** Facts a sweep found, by interval index within the sweep. */
interface SweepEvents {
  /** Live index → earlier live indexes deciding where it matches. */
  readonly shadowed: Map<number, Set<number>>;
  /** Live index → first interval where removing it flips the decision. */
  readonly removal: Map<number, number>;
  /** (live index × 8 + exception field) → first interval where removing that exception flips the decision. */
  readonly exceptions: Map<number, number>;
}

const EXC_FIELD_OF_BIT: Record<number, number> = { [EXC_PROTOCOL]: 0, [EXC_AUTH]: 1, [EXC_IP]: 2, [EXC_USER]: 3 };

function sweepAddresses(
  candidates: readonly Candidate[],
  live: readonly CompiledRule[],
  condSpans: readonly (Span[] | null)[],
  excSpans: readonly (Span[] | null)[],
): { sweep: Sweep; events: SweepEvents } {
  const m = candidates.length;
  // Cut points: where some candidate's condition or exception starts or stops holding.
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
    const cs = condSpans[c.k];
    if (cs === null || cs === undefined) condOn[j] = 2; // not used: always true
    else for (const [s, e] of cs) {
      addToggle(s, j * 2);
      addToggle(e + 1n, j * 2);
    }
    const es = excSpans[c.k];
    if (es) for (const [s, e] of es) {
      addToggle(s, j * 2 + 1);
      addToggle(e + 1n, j * 2 + 1);
    }
  });
  const points = [...toggles.keys()].filter((x) => x > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const starts: bigint[] = [0n, ...points];
  const ends: bigint[] = [...points.map((p) => p - 1n), AXIS_END];
  const decider = new Int32Array(starts.length);
  const shadowed = new Map<number, Set<number>>();
  const removal = new Map<number, number>();
  const exceptions = new Map<number, number>();
  const apply = (codes: readonly number[] | undefined) => {
    if (!codes) return;
    for (const code of codes) {
      const j = code >> 1;
      if (code & 1) excOn[j] = excOn[j]! ^ 1;
      else condOn[j] = condOn[j]! ^ 1;
    }
  };
  apply(toggles.get(0n));
  for (let i = 0; i < starts.length; i++) {
    if (i > 0) apply(toggles.get(starts[i]!));
    let first = -1;
    let second = -1;
    for (let j = 0; j < m; j++) {
      if (condOn[j] === 0) continue;
      const exc = candidates[j]!.exc | (excOn[j] ? EXC_IP : 0);
      if (exc === 0) {
        if (first < 0) first = j;
        else {
          if (second < 0) second = j;
          const k = candidates[j]!.k;
          let set = shadowed.get(k);
          if (!set) shadowed.set(k, (set = new Set()));
          set.add(candidates[first]!.k);
        }
      }
    }
    const action: Action = first < 0 ? 'AllowAccess' : live[candidates[first]!.k]!.action;
    decider[i] = first < 0 ? -1 : candidates[first]!.k;
    if (first >= 0) {
      const fallback: Action = second < 0 ? 'AllowAccess' : live[candidates[second]!.k]!.action;
      const k = candidates[first]!.k;
      if (fallback !== action && !removal.has(k)) removal.set(k, i);
    }
    // Rules before the decider that one single exception keeps from deciding.
    const before = first < 0 ? m : first;
    for (let j = 0; j < before; j++) {
      if (condOn[j] === 0) continue;
      const exc = candidates[j]!.exc | (excOn[j] ? EXC_IP : 0);
      if (popcount(exc) !== 1) continue;
      const k = candidates[j]!.k;
      if (live[k]!.action === action) continue;
      const code = k * 8 + EXC_FIELD_OF_BIT[exc]!;
      if (!exceptions.has(code)) exceptions.set(code, i);
    }
  }
  return { sweep: { starts, ends, decider }, events: { shadowed, removal, exceptions } };
}

/**
 * A concrete connection inside a region: the first protocol/authentication pair of the region that
 * Exchange supports together (any pair when none is), an address of the interval (a documentation
 * address when it holds one), port 443 and the region's example user.
 *
 * @example regionExample(analysis, analysis.regions[0]).protocol // 'ExchangeActiveSync'
 */
export function regionExample(analysis: PolicyAnalysis, region: Region): Connection {
  let protocol = region.protocols[0]!;
  let authenticationType = region.authenticationTypes[0]!;
  outer: for (const p of region.protocols) {
    for (const a of region.authenticationTypes) {
      if (AUTH_TYPE_SUPPORT[p]?.includes(a)) {
        protocol = p;
        authenticationType = a;
        break outer;
      }
    }
  }
  const cls = region.userClass >= 0 ? analysis.userClasses[region.userClass] : undefined;
  return {
    protocol,
    authenticationType,
    ipAddress: formatPoint(examplePoint(region.first, region.last)),
    port: 443,
    user: cls?.user ?? 'jeff@contoso.com',
    attributes: { ...(cls?.attributes ?? {}) },
    connectionType: region.connectionType,
  };
}

function addressPoint(addr: ParsedAddress): bigint {
  if (addr.family === 4) return BigInt(addr.v4);
  return V6_BASE + (BigInt(addr.w0) << 96n) + (BigInt(addr.w1) << 64n) + (BigInt(addr.w2) << 32n) + BigInt(addr.w3);
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
  const pc = index.protocolClass[c.protocol];
  const ac = index.authClass[c.authenticationType];
  if (pc === undefined || ac === undefined) return null;
  const filters = index.filterAsts.map((a) => (a ? compileOPathNode(a) : null));
  const sig = userSignature(index.live, filters, usernameSubject(c.user).toLowerCase(), c.attributes);
  const uc = index.userSignatures.indexOf(sig);
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

