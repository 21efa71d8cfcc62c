/**
 * Shadowed-rule analysis (spec 7): "a rule that can never match because an earlier rule always
 * decides first".
 *
 * Rule B is shadowed by an earlier enabled rule A when every connection B matches is also matched by
 * A: the first matching enabled rule decides (spec 3.4), so B never gets a say. Proving that in
 * general means reasoning about OPath filters and glob patterns; this analysis only reports cases it
 * can prove from simple, sufficient conditions, so it never reports a rule that can in fact decide
 * (no false positives) and misses some shadowed rules (false negatives are accepted).
 */
import { describeField, summarizeRule } from '../describe.ts';
import { entryBounds, ipIntervals, parseIpEntry, type IpEntry } from '../match/ip.ts';
import { isBlankFilter, parseOPath } from '../opath/parser.ts';
import type { ConditionField, LintFinding, ListField, Rule, RuleSet } from '../model/types.ts';

const EXCEPTION_FIELDS: readonly ListField[] = [
  'exceptAnyOfProtocols',
  'exceptAnyOfAuthenticationTypes',
  'exceptAnyOfClientIPAddressesOrRanges',
  'exceptUsernameMatchesAnyOfPatterns',
];

function hasExceptions(rule: Rule): boolean {
  return EXCEPTION_FIELDS.some((f) => rule[f].length > 0);
}

function subset(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((v) => outer.includes(v));
}

/**
 * Parsed IP lists, cached by list identity: `findShadowed` compares every rule with every earlier one,
 * and parsing the same addresses again for each pair made 10,000 rules take minutes. Rule lists are
 * never mutated (every change makes a new rule), so identity is a safe key.
 */
const coverCache = new WeakMap<readonly string[], { ipv4: [bigint, bigint][]; ipv6: [bigint, bigint][] }>();
type Bounds = { family: IpEntry['family']; first: bigint; last: bigint };
const entriesCache = new WeakMap<readonly string[], Bounds[] | null>();

/** The bounds of every entry of B's list, or null when one is invalid (B is then not judged). */
function validBounds(values: readonly string[]): Bounds[] | null {
  const cached = entriesCache.get(values);
  if (cached !== undefined) return cached;
  let bounds: Bounds[] | null = [];
  for (const v of values) {
    const r = parseIpEntry(v);
    if (!r.ok) {
      bounds = null;
      break;
    }
    const [first, last] = entryBounds(r.entry);
    bounds.push({ family: r.entry.family, first, last });
  }
  entriesCache.set(values, bounds);
  return bounds;
}

function coverIntervals(values: readonly string[]): { ipv4: [bigint, bigint][]; ipv6: [bigint, bigint][] } {
  const cached = coverCache.get(values);
  if (cached) return cached;
  const entries: IpEntry[] = [];
  for (const v of values) {
    const r = parseIpEntry(v);
    if (r.ok) entries.push(r.entry);
  }
  const intervals = { ipv4: ipIntervals(entries, 'ipv4'), ipv6: ipIntervals(entries, 'ipv6') };
  coverCache.set(values, intervals);
  return intervals;
}

/**
 * Every address B's entries cover lies in A's. Same family only: a B IPv4 entry must lie in A's IPv4
 * intervals (an IPv4-mapped IPv6 connection address matching B's IPv4 entry then matches A's too),
 * a B IPv6 entry in A's IPv6 intervals. B with an invalid value is not judged.
 */
function ipCovered(a: readonly string[], b: readonly string[]): boolean {
  const bBounds = validBounds(b);
  if (bBounds === null) return false;
  const byFamily = coverIntervals(a);
  return bBounds.every(({ family, first, last }) => byFamily[family].some(([s, end]) => s <= first && last <= end));
}

/** A pattern made only of `*` matches every subject, the empty one included. */
function matchesEverySubject(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

const patternCache = new WeakMap<readonly string[], { all: boolean; lower: Set<string> }>();

function usernamesCovered(a: readonly string[], b: readonly string[]): boolean {
  let cached = patternCache.get(a);
  if (!cached) {
    cached = { all: a.some(matchesEverySubject), lower: new Set(a.map((p) => p.toLowerCase())) };
    patternCache.set(a, cached);
  }
  if (cached.all) return true;
  const { lower } = cached;
  return b.every((p) => lower.has(p.toLowerCase()));
}

/** Whether a filter parses, cached by text (the OPath parser ran once per pair before). */
const filterParses = new Map<string, boolean>();
function parses(filter: string): boolean {
  let ok = filterParses.get(filter);
  if (ok === undefined) {
    ok = parseOPath(filter).ok;
    if (filterParses.size > 10_000) filterParses.clear();
    filterParses.set(filter, ok);
  }
  return ok;
}

/**
 * The same filter text (trimmed). Case is ignored, since OPath property names, operators and values
 * compare without regard to case, except when the text has a backtick: PowerShell's escapes are
 * case-sensitive (`` `n `` is a line break, `` `N `` the letter N).
 */
function filtersEqual(a: string, b: string): boolean {
  const ta = a.trim();
  const tb = b.trim();
  if (ta === tb) return true;
  return !ta.includes('`') && !tb.includes('`') && ta.toLowerCase() === tb.toLowerCase();
}

/**
 * Why A matches every connection B matches, as the fields A uses (an empty list: A has no
 * conditions at all), or null when that cannot be proven.
 */
function coveringFields(a: Rule, b: Rule): ConditionField[] | null {
  if (a.scope === 'Users' && b.scope !== 'Users') return null;
  const used: ConditionField[] = [];
  const check = (field: ListField, covered: () => boolean): boolean => {
    if (a[field].length === 0) return true;
    if (b[field].length === 0 || !covered()) return false;
    used.push(field);
    return true;
  };
  if (!check('anyOfProtocols', () => subset(b.anyOfProtocols, a.anyOfProtocols))) return null;
  if (!check('anyOfAuthenticationTypes', () => subset(b.anyOfAuthenticationTypes, a.anyOfAuthenticationTypes))) return null;
  if (!check('anyOfClientIPAddressesOrRanges', () => ipCovered(a.anyOfClientIPAddressesOrRanges, b.anyOfClientIPAddressesOrRanges))) {
    return null;
  }
  if (!check('usernameMatchesAnyOfPatterns', () => usernamesCovered(a.usernameMatchesAnyOfPatterns, b.usernameMatchesAnyOfPatterns))) {
    return null;
  }
  if (!isBlankFilter(a.userRecipientFilter)) {
    // A filter that does not parse never matches, so A matches nothing.
    if (!parses(a.userRecipientFilter)) return null;
    if (isBlankFilter(b.userRecipientFilter) || !filtersEqual(a.userRecipientFilter, b.userRecipientFilter)) return null;
    used.push('userRecipientFilter');
  }
  return used;
}

/**
 * Whether rule `a`, placed before `b` and enabled, provably matches every connection `b` matches,
 * so `b` can never decide (spec 3.4: the first matching enabled rule decides). Sufficient, not
 * necessary: it answers false whenever in doubt.
 *
 * Conditions: `a` is enabled, has no exceptions, is not a DatacenterAdminsOnly rule (neither is `b`);
 * `a`'s scope is `All` or both are `Users`; and for every condition `a` uses, `b` uses it too with
 * values inside `a`'s: protocols and authentication types a subset; every IP entry of `b` valid and
 * inside `a`'s ranges; every username pattern of `b` equal (ignoring case) to one of `a`'s, unless
 * `a` has an all-`*` pattern; the same filter text (trimmed, ignoring case), and `a`'s filter parses.
 *
 * @example shadows(createRule({ anyOfProtocols: ['OutlookWebApp', 'POP3'] }), createRule({ anyOfProtocols: ['POP3'] })) // true
 */
export function shadows(a: Rule, b: Rule): boolean {
  return shadowReason(a, b) !== null;
}

function shadowReason(a: Rule, b: Rule): ConditionField[] | null {
  if (!a.enabled || a.datacenterAdminsOnly || b.datacenterAdminsOnly || hasExceptions(a)) return null;
  return coveringFields(a, b);
}

function quote(value: string): string {
  return `'${value}'`;
}

function actionWords(rule: Rule): string {
  return rule.action === 'DenyAccess' ? 'denies' : 'allows';
}

function why(a: Rule, fields: readonly ConditionField[]): string {
  if (fields.length === 0) {
    return `${quote(a.name)} has no conditions and no exceptions, so it matches every connection${a.scope === 'Users' ? ' of an end user' : ''}`;
  }
  const labels = fields.map((f) => describeField(f)).join(', ');
  return `${quote(a.name)} (${summarizeRule(a)}) has no exceptions, and its conditions (${labels}) cover this rule's`;
}

/** Bit of each condition field in `Shape.used`. */
const FIELD_BITS = { anyOfProtocols: 1, anyOfAuthenticationTypes: 2, anyOfClientIPAddressesOrRanges: 4, usernameMatchesAnyOfPatterns: 8, userRecipientFilter: 16 } as const;

/**
 * What `findShadowed` knows of a rule before comparing it, computed once per rule, so that most pairs
 * are told apart with a few number comparisons (the full check, `coveringFields`, runs only on the
 * pairs that pass): the fields used, the protocols and authentication types as bit sets, the span of
 * its IPv4 ranges, and its filter text as `filtersEqual` compares it.
 */
interface Shape {
  usersOnly: boolean;
  used: number;
  protocols: number;
  auth: number;
  /** Lowest and highest IPv4 address its IP list covers (NaN when it has none). */
  v4min: number;
  v4max: number;
  /** Lowest IPv4 address of its first entry when that entry is IPv4 (NaN otherwise). */
  v4first: number;
  filterKey: string;
}

function bits(values: readonly string[], index: Map<string, number>): number {
  let mask = 0;
  for (const v of values) {
    let bit = index.get(v);
    if (bit === undefined) {
      bit = index.size < 30 ? 1 << index.size : 0;
      index.set(v, bit);
    }
    // Values past 30 distinct ones get no bit: the quick test then cannot reject, the full test decides.
    mask |= bit === 0 ? 0x40000000 : bit;
  }
  return mask;
}

function shapeOf(rule: Rule, protocolBits: Map<string, number>, authBits: Map<string, number>): Shape {
  let used = 0;
  if (rule.anyOfProtocols.length > 0) used |= FIELD_BITS.anyOfProtocols;
  if (rule.anyOfAuthenticationTypes.length > 0) used |= FIELD_BITS.anyOfAuthenticationTypes;
  if (rule.anyOfClientIPAddressesOrRanges.length > 0) used |= FIELD_BITS.anyOfClientIPAddressesOrRanges;
  if (rule.usernameMatchesAnyOfPatterns.length > 0) used |= FIELD_BITS.usernameMatchesAnyOfPatterns;
  const blank = isBlankFilter(rule.userRecipientFilter);
  if (!blank) used |= FIELD_BITS.userRecipientFilter;
  const v4 = coverIntervals(rule.anyOfClientIPAddressesOrRanges).ipv4;
  const first = validBounds(rule.anyOfClientIPAddressesOrRanges)?.[0];
  const filter = rule.userRecipientFilter.trim();
  return {
    usersOnly: rule.scope === 'Users',
    used,
    protocols: bits(rule.anyOfProtocols, protocolBits),
    auth: bits(rule.anyOfAuthenticationTypes, authBits),
    v4min: v4.length > 0 ? Number(v4[0]![0]) : NaN,
    v4max: v4.length > 0 ? Number(v4[v4.length - 1]![1]) : NaN,
    v4first: first && first.family === 'ipv4' ? Number(first.first) : NaN,
    filterKey: blank ? '' : filter.includes('`') ? filter : filter.toLowerCase(),
  };
}

/**
 * False when `a` certainly does not cover `b` (a necessary condition of `coveringFields`); true means
 * "check fully". Cheap: numbers and one string comparison.
 */
function mayCover(a: Shape, b: Shape): boolean {
  if (a.usersOnly && !b.usersOnly) return false;
  if ((a.used & ~b.used) !== 0) return false;
  if (a.used & FIELD_BITS.anyOfProtocols && (b.protocols & ~a.protocols) !== 0) return false;
  if (a.used & FIELD_BITS.anyOfAuthenticationTypes && (b.auth & ~a.auth) !== 0) return false;
  if (a.used & FIELD_BITS.anyOfClientIPAddressesOrRanges && b.v4first === b.v4first) {
    if (!(a.v4min <= b.v4first && b.v4first <= a.v4max)) return false;
  }
  if (a.used & FIELD_BITS.userRecipientFilter && a.filterKey !== b.filterKey) return false;
  return true;
}

/** IPv4 addresses per bucket of `ShadowerIndex` (a /16). */
const BUCKET_SHIFT = 16;
/** A shadower whose IPv4 span touches more buckets than this is kept in the "wide" list. */
const MAX_BUCKETS = 4;

/**
 * The rules that may shadow later ones (enabled, no exceptions, not DatacenterAdminsOnly), in
 * priority order, indexed so that a rule whose first IP entry is IPv4 is compared only with the
 * shadowers that use no IP condition, those with a wide IPv4 span, and those whose span touches the
 * /16 of that address: a shadower using IPs covers B only if it covers B's first address (necessary,
 * so nothing is missed). Large exports of distinct address rules become near-linear.
 */
class ShadowerIndex {
  private readonly all: number[] = [];
  private readonly unindexed: number[] = [];
  private readonly buckets = new Map<number, number[]>();

  add(index: number, shape: Shape): void {
    this.all.push(index);
    const usesIp = (shape.used & FIELD_BITS.anyOfClientIPAddressesOrRanges) !== 0;
    const lo = Math.floor(shape.v4min / 2 ** BUCKET_SHIFT);
    const hi = Math.floor(shape.v4max / 2 ** BUCKET_SHIFT);
    // No IP condition, IPv6 only (NaN span: kept, the full check decides), or a wide span: always a candidate.
    if (!usesIp || !(hi - lo < MAX_BUCKETS)) {
      this.unindexed.push(index);
      return;
    }
    for (let k = lo; k <= hi; k += 1) {
      const list = this.buckets.get(k);
      if (list) list.push(index);
      else this.buckets.set(k, [index]);
    }
  }

  /** The shadowers to compare `b` with, in priority order. */
  candidates(b: Shape): Iterable<number> {
    if (b.v4first !== b.v4first) return this.all;
    const bucket = this.buckets.get(Math.floor(b.v4first / 2 ** BUCKET_SHIFT)) ?? [];
    return mergeSorted(this.unindexed, bucket);
  }
}

/** Two ascending lists as one ascending sequence, lazily (the caller stops at the first hit). */
function* mergeSorted(x: readonly number[], y: readonly number[]): Generator<number> {
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (j >= y.length || (i < x.length && x[i]! < y[j]!)) yield x[i++]!;
    else yield y[j++]!;
  }
}

/**
 * Shadowed-rule warnings (code `shadowed-rule`, spec 7): for every rule (enabled or not) that an
 * earlier enabled rule provably decides first (see {@link shadows}), one finding naming the first such
 * rule. Same action: the rule is redundant. Different action: the rule is dead and the behaviour it
 * was written for is not happening, which is usually a mistake in the order.
 * DatacenterAdminsOnly rules are skipped on both sides. Never throws.
 *
 * @example findShadowed(set)[0].message // "Rule 'Allow OWA' (priority 2) can never decide: 'Block all OWA' at priority 1 …"
 */
export function findShadowed(set: RuleSet): LintFinding[] {
  const findings: LintFinding[] = [];
  // Each rule is compared only with the earlier rules that can shadow it (ShadowerIndex), after a
  // quick check on precomputed shapes (mayCover); the full check runs on the pairs that pass.
  const protocolBits = new Map<string, number>();
  const authBits = new Map<string, number>();
  const shapes = set.rules.map((rule) => shapeOf(rule, protocolBits, authBits));
  const shadowIndex = new ShadowerIndex();
  set.rules.forEach((b, index) => {
    const bShape = shapes[index]!;
    for (const i of b.datacenterAdminsOnly ? [] : shadowIndex.candidates(bShape)) {
      if (!mayCover(shapes[i]!, bShape)) continue;
      const a = set.rules[i]!;
      const fields = coveringFields(a, b);
      if (fields === null) continue;
      const consequence =
        a.action === b.action
          ? `The rule is redundant: both rules ${b.action === 'DenyAccess' ? 'deny' : 'allow'} access, so removing it changes nothing.`
          : `The rule is dead: it ${actionWords(b)} access, but ${quote(a.name)} ${actionWords(a)} those connections first, so the behaviour this rule was written for is probably not happening.`;
      findings.push({
        code: 'shadowed-rule',
        severity: 'warning',
        ruleId: b.id,
        ruleName: b.name,
        priority: index + 1,
        message:
          `Rule ${quote(b.name)} (priority ${index + 1}) can never decide: ${quote(a.name)} at priority ${i + 1} matches every connection it matches and decides first ` +
          `(${why(a, fields)}). ${consequence}`,
        fix: `Move it above ${quote(a.name)}, narrow ${quote(a.name)} with an exception, or remove it.`,
      });
      break;
    }
    if (b.enabled && !b.datacenterAdminsOnly && !hasExceptions(b)) shadowIndex.add(index, bShape);
  });
  return findings;
}
