/**
 * The rule-set linter (spec 7): what Exchange rejects (errors), what works but surprises (warnings)
 * and background facts worth knowing (info), per target profile (spec 1).
 *
 * Every finding names its rule (id, name, priority), the field and value at fault, says what is wrong
 * in an admin's words and, when there is one, how to fix it.
 */
import { AUTH_FILTER_PROTOCOLS, AUTH_TYPE_SUPPORT } from '../model/auth-support.ts';
import { MAX_RULE_NAME_LENGTH, ruleNameKey } from '../model/names.ts';
import { hiddenCharacters, revealHiddenCharacters } from '../text/hidden-chars.ts';
import { findLockout } from '../analysis/lockout.ts';
import { analysisFindings, verifyFixes } from '../analysis/findings.ts';
import { authenticationLabel, describeField, fieldParameter, protocolLabel, ruleHasConditions } from '../describe.ts';
import { parseIpEntry } from '../match/ip.ts';
import { isJeffStarPattern, suggestUsernamePattern } from '../match/username.ts';
import { isBlankFilter, parseOPath } from '../opath/parser.ts';
import {
  SERVER_PROTOCOLS,
  type LintFinding,
  type ListField,
  type Profile,
  type Protocol,
  type Rule,
  type RuleSet,
} from '../model/types.ts';

/** Exchange's default limit on the number of rules (on-premises); more is a warning (spec 7). */
export const MAX_RULES = 20;
/** Names longer than this draw a warning (spec 2); the fact lives in `model/names.ts`. */
export const MAX_NAME_LENGTH = MAX_RULE_NAME_LENGTH;

export { AUTH_TYPE_SUPPORT } from '../model/auth-support.ts';

const AUTH_PROTOCOLS = AUTH_FILTER_PROTOCOLS;

import { findingsByRule } from './by-rule.ts';

export { RULE_SET_KEY, findingsByRule } from './by-rule.ts';

type Draft = Omit<LintFinding, 'ruleId' | 'ruleName' | 'priority'>;

function quote(value: string): string {
  return `'${value}'`;
}

/** Ends a message taken from another module with exactly one sentence mark. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.?!]$/.test(t) ? t : `${t}.`;
}

function listText(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

function lintNames(rule: Rule, out: Draft[]): void {
  const hidden = hiddenCharacters(rule.name);
  if (hidden.length > 0) {
    out.push({
      code: 'hidden-characters',
      severity: 'warning',
      field: 'name',
      value: rule.name,
      message: `The name holds characters the screen does not show as they are (${hidden.join(', ')}): it reads as "${rule.name}" but is stored as "${revealHiddenCharacters(rule.name)}". Bidirectional overrides can make a name look like another.`,
      fix: 'Retype the name without the hidden characters.',
    });
  }
  if (rule.name.trim() === '') {
    out.push({
      code: 'empty-name',
      severity: 'error',
      field: 'name',
      value: rule.name,
      message: 'The rule has no name. Exchange needs a name to create the rule and to refer to it later.',
      fix: 'Give the rule a short name that says what it does, e.g. "Block OWA outside the office".',
    });
  } else if (rule.name.length > MAX_NAME_LENGTH) {
    out.push({
      code: 'name-too-long',
      severity: 'warning',
      field: 'name',
      value: rule.name,
      message: `The name is ${rule.name.length} characters long; names over ${MAX_NAME_LENGTH} characters are hard to read in Exchange's output and may be rejected.`,
      fix: `Shorten the name to ${MAX_NAME_LENGTH} characters or fewer.`,
    });
  }
}

function lintIps(rule: Rule, out: Draft[]): void {
  const fields: ListField[] = ['anyOfClientIPAddressesOrRanges', 'exceptAnyOfClientIPAddressesOrRanges'];
  for (const field of fields) {
    for (const value of rule[field]) {
      const parsed = parseIpEntry(value);
      if (parsed.ok) continue;
      out.push({
        code: 'invalid-ip',
        severity: 'error',
        field,
        value,
        message: `${describeField(field)}: ${quote(value)} is not a valid address, range or CIDR block (${parsed.message}). Exchange rejects the rule.`,
        fix: 'Write a single address (192.168.1.1), a range of the same family with start ≤ end (192.168.0.1-192.168.0.254) or a CIDR block (192.168.3.0/24).',
      });
    }
  }
}

function lintAuth(rule: Rule, out: Draft[]): void {
  const any = rule.anyOfAuthenticationTypes;
  const except = rule.exceptAnyOfAuthenticationTypes;
  if (except.length > 0 && any.length === 0) {
    out.push({
      code: 'except-auth-without-auth',
      severity: 'error',
      field: 'exceptAnyOfAuthenticationTypes',
      value: except.join(', '),
      message:
        `The rule has "${describeField('exceptAnyOfAuthenticationTypes')}" but no "${describeField('anyOfAuthenticationTypes')}". Exchange only accepts the exception together with the condition.`,
      fix: 'Add the authentication types the rule is about, or remove the exception.',
    });
  }
  if (any.length === 0 && except.length === 0) return;
  const authField = any.length > 0 ? 'anyOfAuthenticationTypes' : 'exceptAnyOfAuthenticationTypes';
  const protocols = [...new Set<Protocol>([...rule.anyOfProtocols, ...rule.exceptAnyOfProtocols])];
  const supported = listText(AUTH_PROTOCOLS.map(protocolLabel));
  if (protocols.length === 0) {
    out.push({
      code: 'auth-without-protocols',
      severity: 'error',
      field: authField,
      value: [...any, ...except].join(', '),
      message: `The rule filters on authentication type but names no protocol. Exchange rejects that: authentication-type filters need protocols, and only ${supported} support them.`,
      fix: `Add the protocols this rule is about to ${describeField('anyOfProtocols')} (for example ${protocolLabel('OutlookWebApp')}).`,
    });
    return;
  }
  const unsupported = protocols.filter((p) => !AUTH_TYPE_SUPPORT[p]);
  if (unsupported.length > 0) {
    out.push({
      code: 'auth-unsupported-protocol',
      severity: 'error',
      field: rule.anyOfProtocols.some((p) => unsupported.includes(p)) ? 'anyOfProtocols' : 'exceptAnyOfProtocols',
      value: unsupported.join(', '),
      message: `The rule filters on authentication type, but ${listText(unsupported.map(protocolLabel))} ${unsupported.length === 1 ? 'does' : 'do'} not support authentication-type filters (only ${supported} do). Exchange rejects the rule.`,
      fix: 'Move those protocols to a separate rule without authentication types.',
    });
  }
  const fields: ('anyOfAuthenticationTypes' | 'exceptAnyOfAuthenticationTypes')[] = ['anyOfAuthenticationTypes', 'exceptAnyOfAuthenticationTypes'];
  for (const field of fields) {
    for (const type of rule[field]) {
      const lacking = protocols.filter((p) => {
        const support = AUTH_TYPE_SUPPORT[p];
        return support !== undefined && !support.includes(type);
      });
      if (lacking.length === 0) continue;
      out.push({
        code: 'auth-type-unsupported',
        severity: 'error',
        field,
        value: type,
        message: `${authenticationLabel(type)} cannot be used with ${listText(lacking.map(protocolLabel))}: ${lacking
          .map((p) => `${protocolLabel(p)} supports ${listText((AUTH_TYPE_SUPPORT[p] ?? []).map(authenticationLabel))}`)
          .join('; ')}. Exchange rejects the rule.`,
        fix: `Remove ${authenticationLabel(type)} from ${describeField(field)}, or put ${listText(lacking.map(protocolLabel))} in a separate rule.`,
      });
    }
  }
}

function lintFilter(rule: Rule, out: Draft[]): void {
  const text = rule.userRecipientFilter;
  if (isBlankFilter(text)) return;
  const parsed = parseOPath(text);
  if (!parsed.ok) {
    out.push({
      code: 'invalid-filter',
      severity: 'error',
      field: 'userRecipientFilter',
      value: text,
      message: `The user filter does not work: ${sentence(parsed.error.message)} Exchange rejects the rule (and if it got through, the filter would never match).`,
      fix: "Write comparisons such as Department -eq 'Sales' over the supported properties (City, Company, CountryOrRegion, CustomAttribute1-15, Department, Office, PostalCode, StateOrProvince, StreetAddress).",
    });
    return;
  }
  for (const w of parsed.warnings) {
    out.push({
      code: 'filter-warning',
      severity: w.severity === 'error' ? 'warning' : w.severity,
      field: 'userRecipientFilter',
      value: text,
      message: `User filter: ${sentence(w.message)}`,
    });
  }
}

function lintUsernames(rule: Rule, profile: Profile, out: Draft[]): void {
  const fields: ListField[] = ['usernameMatchesAnyOfPatterns', 'exceptUsernameMatchesAnyOfPatterns'];
  for (const field of fields) {
    for (const pattern of rule[field]) {
      if (!isJeffStarPattern(pattern)) continue;
      out.push({
        code: 'jeff-star-pattern',
        severity: 'warning',
        field,
        value: pattern,
        message: `The pattern ${quote(pattern)} never matches anyone: Exchange compares it with "Domain\\UserName" (jeff@contoso.com becomes contoso.com\\jeff), which starts with the domain.`,
        fix: `Use ${quote(suggestUsernamePattern(pattern))} to match the user name in any domain.`,
      });
    }
  }
  const hasPatterns = rule.usernameMatchesAnyOfPatterns.length > 0 || rule.exceptUsernameMatchesAnyOfPatterns.length > 0;
  if (hasPatterns && profile === 'ExchangeOnline' && rule.anyOfProtocols.includes('UniversalOutlook')) {
    out.push({
      code: 'universal-outlook-username',
      severity: 'warning',
      field: 'anyOfProtocols',
      value: 'UniversalOutlook',
      message:
        `${describeField('usernameMatchesAnyOfPatterns')} do not work with ${protocolLabel('UniversalOutlook')} connections (Mail and Calendar for Windows), so this rule will not apply to them as intended.`,
      fix: `Put ${protocolLabel('UniversalOutlook')} in a separate rule without username patterns.`,
    });
  }
}

function lintProfile(rule: Rule, profile: Profile, out: Draft[]): void {
  if (profile === 'ExchangeServer') {
    const outside = [...rule.anyOfProtocols, ...rule.exceptAnyOfProtocols].filter((p) => !SERVER_PROTOCOLS.includes(p));
    for (const p of new Set(outside)) {
      out.push({
        code: 'server-unsupported-protocol',
        severity: 'error',
        field: rule.anyOfProtocols.includes(p) ? 'anyOfProtocols' : 'exceptAnyOfProtocols',
        value: p,
        message: `${protocolLabel(p)} is not governed by Client Access Rules in Exchange Server 2019 / SE: only ${listText(SERVER_PROTOCOLS.map(protocolLabel))} are.`,
        fix: 'Remove the protocol, or switch the project to the Exchange Online profile if the rules are for Exchange Online.',
      });
    }
    const doubtful: [ListField | 'userRecipientFilter', boolean, string][] = [
      ['exceptAnyOfProtocols', rule.exceptAnyOfProtocols.length > 0, 'protocol exceptions'],
      ['anyOfAuthenticationTypes', rule.anyOfAuthenticationTypes.length > 0, 'authentication types'],
      ['exceptAnyOfAuthenticationTypes', rule.exceptAnyOfAuthenticationTypes.length > 0, 'authentication-type exceptions'],
      ['usernameMatchesAnyOfPatterns', rule.usernameMatchesAnyOfPatterns.length > 0, 'username patterns'],
      ['exceptUsernameMatchesAnyOfPatterns', rule.exceptUsernameMatchesAnyOfPatterns.length > 0, 'username exceptions'],
      ['userRecipientFilter', !isBlankFilter(rule.userRecipientFilter), 'a user filter (OPath)'],
    ];
    for (const [field, used, what] of doubtful) {
      if (!used) continue;
      out.push({
        code: 'server-doubtful-condition',
        severity: 'warning',
        field,
        value: field === 'userRecipientFilter' ? rule.userRecipientFilter : rule[field].join(', '),
        message: `The rule uses ${what}. Microsoft's pages disagree on whether ${describeField(field)} (${fieldParameter(field)}) works in Exchange Server 2019 / SE, so the rule may not behave as designed.`,
        fix: `Test the rule on a lab server with Test-ClientAccessRule before relying on it, or express it with protocols and IP addresses only.`,
      });
    }
    return;
  }
  if (rule.anyOfProtocols.includes('ExchangeAdminCenter') || rule.exceptAnyOfProtocols.includes('ExchangeAdminCenter')) {
    out.push({
      code: 'classic-eac-only',
      severity: 'info',
      field: rule.anyOfProtocols.includes('ExchangeAdminCenter') ? 'anyOfProtocols' : 'exceptAnyOfProtocols',
      value: 'ExchangeAdminCenter',
      message:
        `${protocolLabel('ExchangeAdminCenter')} governs only the classic Exchange admin center; the new EAC and other Microsoft 365 admin portals are not controlled by Client Access Rules.`,
      fix: 'Use Entra Conditional Access to restrict the admin portals.',
    });
  }
}

function lintDenyAll(rule: Rule, out: Draft[]): void {
  if (rule.action !== 'DenyAccess' || ruleHasConditions(rule)) return;
  out.push({
    code: 'deny-everything',
    severity: 'warning',
    field: 'action',
    value: 'DenyAccess',
    message: `The rule has no conditions and no exceptions, so it denies every connection${rule.scope === 'Users' ? ' of every end user' : ''}: every protocol, every address, every user. Rules below it are never reached.`,
    fix: 'Add the conditions that say whom to block (protocols, addresses, users), or exceptions for the connections to keep (e.g. your office IP ranges).',
  });
}

function lintOneRule(rule: Rule, profile: Profile): Draft[] {
  const out: Draft[] = [];
  lintNames(rule, out);
  lintIps(rule, out);
  lintAuth(rule, out);
  lintFilter(rule, out);
  lintUsernames(rule, profile, out);
  lintProfile(rule, profile, out);
  lintDenyAll(rule, out);
  return out;
}

function lintDuplicates(set: RuleSet): Map<string, Draft[]> {
  const firstByName = new Map<string, number>();
  const result = new Map<string, Draft[]>();
  set.rules.forEach((rule, index) => {
    if (rule.name.trim() === '') return;
    const key = ruleNameKey(rule.name);
    const first = firstByName.get(key);
    if (first === undefined) {
      firstByName.set(key, index);
      return;
    }
    const draft: Draft = {
      code: 'duplicate-name',
      severity: 'error',
      field: 'name',
      value: rule.name,
      message: `The rule at priority ${first + 1} already has the name ${quote(set.rules[first]?.name ?? rule.name)}. Exchange compares names without regard to case and rejects a second rule with the same name.`,
      fix: 'Give this rule a different name.',
    };
    result.set(rule.id, [...(result.get(rule.id) ?? []), draft]);
  });
  return result;
}

/**
 * Lints a whole rule set against a profile (spec 7; defaults to the set's own profile).
 *
 * Errors (what Exchange rejects): `duplicate-name`, `empty-name`, `invalid-ip`,
 * `except-auth-without-auth`, `auth-without-protocols`, `auth-unsupported-protocol`,
 * `auth-type-unsupported`, `invalid-filter`, and in the Server profile `server-unsupported-protocol`.
 * Warnings: `too-many-rules` (more than 20), `name-too-long` (over 64), `jeff-star-pattern`,
 * `universal-outlook-username`, `filter-warning` (from the OPath parser), `deny-everything`,
 * `remote-powershell-lockout` (see `analysis/lockout.ts`; replaced by the exact `admin-path-lockout`
 * when the set declares an admin path), the exact analysis findings of `analysis/findings.ts`
 * (`shadowed-rule`, `rule-never-matches`, `dead-exception`, `redundant-rule`, `covered-value`,
 * `admin-path-lockout`; their fixes are offered only when they create no new finding) and in the Server profile
 * `server-doubtful-condition`. Info: `classic-eac-only`, `microsoft-middle-tier-bypass` (once).
 *
 * Order: rule-set findings first, then per rule in priority order. Never throws.
 *
 * @example lintRuleSet(set).filter((f) => f.severity === 'error').length // 0 when Exchange would accept it
 */
export function lintRuleSet(set: RuleSet, profile: Profile = set.profile): LintFinding[] {
  const findings = lintWithoutFixCheck(set, profile);
  const fixable = findings.filter((f) => ANALYSIS_FIX_CODES.has(f.code));
  if (fixable.length === 0) return findings;
  const checked = set.rules.length <= MAX_RULES_FOR_FIX_CHECK ? verifyFixes(set, fixable, (s) => lintWithoutFixCheck(s, profile), findings) : fixable.map(({ fix: _fix, ...rest }) => rest);
  const byFinding = new Map(fixable.map((f, i) => [f, checked[i]!]));
  return findings.map((f) => byFinding.get(f) ?? f);
}

/**
 * Above these sizes the exact analysis is left to the Analysis view and `cli analyze` (it can take
 * longer than an edit should). Measured with `npm run bench -- analysis`: a realistic 200-rule set with
 * about 1,400 IP values analyses in a few hundred milliseconds, so such projects get exact findings;
 * only far larger sets are deferred.
 */
const MAX_RULES_FOR_LINT_ANALYSIS = 250;
const MAX_IP_VALUES_FOR_LINT_ANALYSIS = 3_000;

function ipValueCount(set: RuleSet): number {
  return set.rules.reduce((n, r) => n + r.anyOfClientIPAddressesOrRanges.length + r.exceptAnyOfClientIPAddressesOrRanges.length, 0);
}

function analysisFitsLint(set: RuleSet): boolean {
  return set.rules.length <= MAX_RULES_FOR_LINT_ANALYSIS && ipValueCount(set) <= MAX_IP_VALUES_FOR_LINT_ANALYSIS;
}

/** The info finding that says the exact checks were left to the Analysis view (never an error: nothing failed). */
function analysisDeferred(set: RuleSet): LintFinding {
  const rules = set.rules.length;
  const values = ipValueCount(set);
  const size =
    rules > MAX_RULES_FOR_LINT_ANALYSIS
      ? `${rules} rules (the checks run while editing up to ${MAX_RULES_FOR_LINT_ANALYSIS})`
      : `${values.toLocaleString('en-US')} IP values (the checks run while editing up to ${MAX_IP_VALUES_FOR_LINT_ANALYSIS.toLocaleString('en-US')})`;
  return {
    code: 'analysis-deferred',
    severity: 'info',
    message: `This rule set is very large — ${size} — so the exact whole-policy checks (rules that decide nothing, dead exceptions, redundant rules, the admin-path proof) are not repeated on every edit. Nothing is wrong: open the Analysis view, or run \`cli analyze\`, to run them.`,
  };
}

/** Analysis findings whose fix is only offered when it creates no new finding. */
const ANALYSIS_FIX_CODES = new Set(['shadowed-rule', 'rule-never-matches', 'dead-exception', 'redundant-rule', 'covered-value', 'admin-path-lockout']);
/** Above this many rules the fixes are not re-checked (each check lints the whole set again). */
const MAX_RULES_FOR_FIX_CHECK = 40;

function lintWithoutFixCheck(set: RuleSet, profile: Profile): LintFinding[] {
  const findings: LintFinding[] = [];
  if (set.rules.length > MAX_RULES) {
    findings.push({
      code: 'too-many-rules',
      severity: 'warning',
      value: String(set.rules.length),
      message: `The set has ${set.rules.length} rules; Exchange's default limit is ${MAX_RULES}, and long lists are hard to reason about.`,
      fix: 'Combine rules that share an action, or remove rules that are never reached.',
    });
  }
  if (profile === 'ExchangeOnline' && set.rules.some((r) => r.action === 'DenyAccess')) {
    findings.push({
      code: 'microsoft-middle-tier-bypass',
      severity: 'info',
      message:
        'Microsoft-owned middle-tier applications (for example Outlook for iOS and Android) bypass Client Access Rules entirely: their connections are always allowed, whatever the rules say.',
      fix: 'Control those apps with Entra Conditional Access or app protection policies.',
    });
  }
  const duplicates = lintDuplicates(set);
  // With an admin path declared, the exact proof (admin-path-lockout) replaces the conservative warning.
  const lockout = set.adminPath ? [] : profile === set.profile ? findLockout(set) : findLockout({ ...set, profile });
  const analysis: LintFinding[] = analysisFitsLint(set) ? analysisFindings(set) : [analysisDeferred(set)];
  findings.push(...analysis.filter((f) => f.ruleId === undefined));
  // Grouped once by rule (filtering both lists for every rule was quadratic at 10,000 rules).
  const analysed = findingsByRule([...lockout, ...analysis]);
  set.rules.forEach((rule, index) => {
    const drafts = [...(duplicates.get(rule.id) ?? []), ...lintOneRule(rule, profile)];
    for (const d of drafts) findings.push({ ...d, ruleId: rule.id, ruleName: rule.name, priority: index + 1 });
    for (const f of analysed.get(rule.id) ?? []) findings.push(f);
  });
  return findings;
}

/**
 * The findings of one rule, in the context of its set (duplicate names and lockout need the others).
 * Unknown id: no findings.
 *
 * @example lintRule(set, id).some((f) => f.severity === 'error')
 */
export function lintRule(set: RuleSet, id: string, profile: Profile = set.profile): LintFinding[] {
  return lintRuleSet(set, profile).filter((f) => f.ruleId === id);
}

