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
import { isBlankFilter, parseOPath } from '../opath/index.ts';
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

function validEntries(values: readonly string[]): IpEntry[] | null {
  const entries: IpEntry[] = [];
  for (const v of values) {
    const r = parseIpEntry(v);
    if (!r.ok) return null;
    entries.push(r.entry);
  }
  return entries;
}

/**
 * Every address B's entries cover lies in A's. Same family only: a B IPv4 entry must lie in A's IPv4
 * intervals (an IPv4-mapped IPv6 connection address matching B's IPv4 entry then matches A's too),
 * a B IPv6 entry in A's IPv6 intervals. B with an invalid value is not judged.
 */
function ipCovered(a: readonly string[], b: readonly string[]): boolean {
  const aEntries: IpEntry[] = [];
  for (const v of a) {
    const r = parseIpEntry(v);
    if (r.ok) aEntries.push(r.entry);
  }
  const bEntries = validEntries(b);
  if (bEntries === null) return false;
  const byFamily = { ipv4: ipIntervals(aEntries, 'ipv4'), ipv6: ipIntervals(aEntries, 'ipv6') };
  return bEntries.every((e) => {
    const [first, last] = entryBounds(e);
    return byFamily[e.family].some(([s, end]) => s <= first && last <= end);
  });
}

/** A pattern made only of `*` matches every subject, the empty one included. */
function matchesEverySubject(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

function usernamesCovered(a: readonly string[], b: readonly string[]): boolean {
  if (a.some(matchesEverySubject)) return true;
  const lowerA = new Set(a.map((p) => p.toLowerCase()));
  return b.every((p) => lowerA.has(p.toLowerCase()));
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
    if (!parseOPath(a.userRecipientFilter).ok) return null;
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
  set.rules.forEach((b, index) => {
    for (let i = 0; i < index; i++) {
      const a = set.rules[i]!;
      const fields = shadowReason(a, b);
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
  });
  return findings;
}
