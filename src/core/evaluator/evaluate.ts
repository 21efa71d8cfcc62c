/**
 * The Client Access Rule evaluator (spec 3): which rule decides a connection, with a full trace for
 * the simulator, a fast path for bulk simulation, and saved test cases.
 *
 * Decisions recorded here:
 * - Rules are taken DatacenterAdminsOnly first, then by priority; `priority` in the trace and in match
 *   rows is the rule's 1-based position in `RuleSet.rules`.
 * - An IP value that does not parse never matches (it is treated as absent; the linter reports it as
 *   an error). A list made only of invalid values is still "used", so it never matches. A connection
 *   address that does not parse matches no IP condition and no IP exception.
 * - An OPath filter that does not parse makes the condition false (as Exchange does); blank filter
 *   text (`''`, `{ }`) means "not used".
 * - `Scope Users` rules ignore `MiddleTierApp` connections (outcome `out-of-scope`);
 *   `MicrosoftMiddleTierApp` connections bypass every rule (allowed, reason `microsoft-middle-tier-bypass`).
 * - `test-compatible` mode mirrors Test-ClientAccessRule: disabled rules are evaluated as if enabled,
 *   appear in `matches` and can decide. `live` mode skips them; both modes list disabled rules that
 *   match in `disabledMatches`.
 * - Each rule's trace lists nine entries: the eight list fields in `LIST_FIELDS` order (each
 *   condition followed by its exception), then `userRecipientFilter`. Every entry is computed, even
 *   after a condition failed, so the simulator can explain the whole rule.
 * - Protocol or authentication-type strings outside the known enums (bad input past validation)
 *   match nothing, on either side.
 */
import { authenticationLabel, protocolLabel } from '../describe.ts';
import { inEvaluationOrder } from '../model/evaluation-order.ts';
import { AUTHENTICATION_TYPES, LIST_FIELDS, PROTOCOLS } from '../model/types.ts';
import type { Action, AuthenticationType, Connection, ListField, Protocol, Rule, RuleSet, TestCase } from '../model/types.ts';
import { ParsedAddress, compileIpList, parseAddress, parseAddressInto } from '../match/ip.ts';
import type { CompiledIpList } from '../match/ip.ts';
import { compileUsernameMatcher, usernameSubject } from '../match/username.ts';
import type { UsernameMatcher } from '../match/username.ts';
import { compileOPath } from '../opath/evaluate.ts';
import { isBlankFilter, parseOPath } from '../opath/parser.ts';
import type { ConditionTrace, Decision, EvaluationMode, MatchRow, RuleOutcome, RuleTrace } from './types.ts';

/** One rule compiled for matching: bit masks for enums, interval lists for IPs, compiled patterns. */
export interface CompiledRule {
  readonly rule: Rule;
  /** 1-based position in the rule set. */
  readonly priority: number;
  readonly enabled: boolean;
  readonly action: Action;
  readonly scopeUsers: boolean;
  /** 0 = not used. */
  readonly protocolMask: number;
  readonly exceptProtocolMask: number;
  readonly authMask: number;
  readonly exceptAuthMask: number;
  readonly ip: CompiledIpList | null;
  readonly exceptIp: CompiledIpList | null;
  readonly user: UsernameMatcher | null;
  readonly exceptUser: UsernameMatcher | null;
  /** Whether the rule has a (non-blank) filter. */
  readonly filterUsed: boolean;
  /** The compiled filter, or null when it is not used or does not parse. */
  readonly filter: ((attributes: Record<string, string>) => boolean) | null;
  readonly filterError: string | null;
}

/** A rule set compiled once for many evaluations. */
export interface CompiledRuleSet {
  readonly source: RuleSet;
  /** Every rule in evaluation order (DatacenterAdminsOnly first, then by priority). */
  readonly rules: readonly CompiledRule[];
  /** Enabled rules only, in evaluation order. */
  readonly live: readonly CompiledRule[];
  /**
   * The fast path's loops: for each protocol (index in PROTOCOLS), the enabled rules that can match
   * it (no protocol condition or one naming it); the last slot serves unknown protocol strings.
   */
  readonly liveByProtocol: readonly (readonly CompiledRule[])[];
  /** Whether any rule uses an IP condition or exception (so the address must be parsed). */
  readonly usesIp: boolean;
  /** User text → lower-cased `Domain\UserName` subject; bounded, so bulk runs over few users stay allocation-free. */
  readonly subjectCache: Map<string, string>;
}

const PROTOCOL_BIT: Record<string, number> = Object.create(null) as Record<string, number>;
const PROTOCOL_INDEX: Record<string, number> = Object.create(null) as Record<string, number>;
PROTOCOLS.forEach((p, i) => {
  PROTOCOL_BIT[p] = 1 << i;
  PROTOCOL_INDEX[p] = i;
});
const AUTH_BIT: Record<string, number> = Object.create(null) as Record<string, number>;
AUTHENTICATION_TYPES.forEach((a, i) => (AUTH_BIT[a] = 1 << i));

/** A bit no protocol or authentication type has: a used list of only unknown values matches nothing. */
const NEVER_BIT = 1 << 30;

function maskOf(values: readonly string[], bits: Record<string, number>): number {
  let m = 0;
  for (const v of values) m |= bits[v] ?? 0;
  return m === 0 && values.length > 0 ? NEVER_BIT : m;
}

function orderForEvaluation(rules: readonly Rule[]): { rule: Rule; priority: number }[] {
  const indexed = rules.map((rule, i) => ({ rule, priority: i + 1 }));
  return inEvaluationOrder(indexed, (r) => r.rule);
}

function compileRule(rule: Rule, priority: number): CompiledRule {
  const filterUsed = !isBlankFilter(rule.userRecipientFilter);
  let filter: CompiledRule['filter'] = null;
  let filterError: string | null = null;
  if (filterUsed) {
    filter = compileOPath(rule.userRecipientFilter);
    if (filter === null) {
      const parsed = parseOPath(rule.userRecipientFilter);
      filterError = parsed.ok ? 'the filter could not be compiled' : parsed.error.message;
    }
  }
  const list = (values: readonly string[]) => (values.length === 0 ? null : compileIpList(values));
  const users = (values: readonly string[]) => (values.length === 0 ? null : compileUsernameMatcher(values));
  return {
    rule,
    priority,
    enabled: rule.enabled,
    action: rule.action,
    scopeUsers: rule.scope === 'Users',
    protocolMask: maskOf(rule.anyOfProtocols, PROTOCOL_BIT),
    exceptProtocolMask: maskOf(rule.exceptAnyOfProtocols, PROTOCOL_BIT),
    authMask: maskOf(rule.anyOfAuthenticationTypes, AUTH_BIT),
    exceptAuthMask: maskOf(rule.exceptAnyOfAuthenticationTypes, AUTH_BIT),
    ip: list(rule.anyOfClientIPAddressesOrRanges),
    exceptIp: list(rule.exceptAnyOfClientIPAddressesOrRanges),
    user: users(rule.usernameMatchesAnyOfPatterns),
    exceptUser: users(rule.exceptUsernameMatchesAnyOfPatterns),
    filterUsed,
    filter,
    filterError,
  };
}

/**
 * Compiles a rule set once (spec 3): IP lists become sorted intervals, username patterns compiled
 * matchers, protocols and authentication types bit masks, OPath filters functions.
 *
 * Edge cases: an unknown protocol or authentication-type string in a rule matches nothing; invalid IP
 * values never match; a filter that does not parse keeps its error message for the trace.
 *
 * @example const compiled = compileRuleSet(set); decide(compiled, connection) // 'DenyAccess'
 */
export function compileRuleSet(set: RuleSet): CompiledRuleSet {
  const rules = orderForEvaluation(set.rules).map(({ rule, priority }) => compileRule(rule, priority));
  const live = rules.filter((r) => r.enabled);
  const liveByProtocol = [...PROTOCOLS.map((_, i) => 1 << i), 0].map((bit) =>
    live.filter((r) => r.protocolMask === 0 || (r.protocolMask & bit) !== 0),
  );
  return {
    source: set,
    rules,
    live,
    liveByProtocol,
    usesIp: rules.some((r) => r.ip !== null || r.exceptIp !== null),
    subjectCache: new Map(),
  };
}

const SUBJECT_CACHE_LIMIT = 50_000;

function lowerSubject(compiled: CompiledRuleSet, user: string): string {
  const cache = compiled.subjectCache;
  let subject = cache.get(user);
  if (subject === undefined) {
    subject = usernameSubject(user).toLowerCase();
    if (cache.size >= SUBJECT_CACHE_LIMIT) cache.clear();
    cache.set(user, subject);
  }
  return subject;
}

/** Reused by `decide` (synchronous, never re-entered) so parsing the address allocates nothing. */
const scratchAddress = new ParsedAddress();

/**
 * The live decision for one connection, without a trace (spec 3): the first matching enabled rule's
 * action, `AllowAccess` when none matches or the connection comes through a Microsoft-owned
 * middle-tier app. For bulk simulation, the CLI and the bench: the loop over rules allocates nothing;
 * the address is parsed once per connection and the username subject at most once.
 *
 * @example decide(compileRuleSet(set), { ...connection, protocol: 'RemotePowerShell' }) // 'AllowAccess'
 */
export function decide(compiled: CompiledRuleSet, c: Connection): Action {
  if (c.connectionType === 'MicrosoftMiddleTierApp') return 'AllowAccess';
  const protoIndex = PROTOCOL_INDEX[c.protocol] ?? PROTOCOLS.length;
  const proto = protoIndex < PROTOCOLS.length ? 1 << protoIndex : 0;
  const auth = AUTH_BIT[c.authenticationType] ?? 0;
  const middleTier = c.connectionType === 'MiddleTierApp';
  const addr: ParsedAddress | null = compiled.usesIp && parseAddressInto(c.ipAddress, scratchAddress) ? scratchAddress : null;
  let subject: string | null = null;
  const rules = compiled.liveByProtocol[protoIndex]!;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.scopeUsers && middleTier) continue;
    if (r.authMask !== 0 && (r.authMask & auth) === 0) continue;
    if (r.ip !== null && (addr === null || !r.ip.has(addr))) continue;
    if (r.user !== null) {
      if (subject === null) subject = lowerSubject(compiled, c.user);
      if (r.user.matchLower(subject) < 0) continue;
    }
    if (r.filterUsed && (r.filter === null || !r.filter(c.attributes))) continue;
    if ((r.exceptProtocolMask & proto) !== 0) continue;
    if ((r.exceptAuthMask & auth) !== 0) continue;
    if (r.exceptIp !== null && addr !== null && r.exceptIp.has(addr)) continue;
    if (r.exceptUser !== null) {
      if (subject === null) subject = lowerSubject(compiled, c.user);
      if (r.exceptUser.matchLower(subject) >= 0) continue;
    }
    return r.action;
  }
  return 'AllowAccess';
}

interface TraceContext {
  c: Connection;
  addr: ParsedAddress | null;
  subject: string;
}

/** Trace words for a connection's protocol or authentication type: display name, PowerShell value secondary (unknown values as they are). */
const protocolWords = (value: string): string => protocolLabel(value as Protocol);
const authenticationWords = (value: string): string => authenticationLabel(value as AuthenticationType);

function enumTrace(
  field: ListField,
  kind: ConditionTrace['kind'],
  values: readonly string[],
  actual: string,
  known: Record<string, number>,
  label: (value: string) => string,
): ConditionTrace {
  if (values.length === 0) return { field, kind, status: 'not-used' };
  // An unknown value (bad input that slipped past validation) matches nothing, as in `decide`.
  return known[actual] !== undefined && values.includes(actual)
    ? { field, kind, status: 'matched', matchedValue: actual }
    : { field, kind, status: 'not-matched', detail: `connection uses ${label(actual)}` };
}

function ipTrace(field: ListField, kind: ConditionTrace['kind'], list: CompiledIpList | null, ctx: TraceContext): ConditionTrace {
  if (list === null) return { field, kind, status: 'not-used' };
  const ignored =
    list.invalid.length === 0 ? '' : `; ignored invalid value(s): ${list.invalid.map((v) => `${v.text} (${v.message})`).join(', ')}`;
  if (ctx.addr === null) {
    return { field, kind, status: 'not-matched', detail: `connection address '${ctx.c.ipAddress}' is not an IP address${ignored}` };
  }
  const hit = list.contains(ctx.addr);
  return hit === null
    ? { field, kind, status: 'not-matched', detail: `address ${ctx.c.ipAddress.trim()}${ignored}` }
    : { field, kind, status: 'matched', matchedValue: hit, detail: `address ${ctx.c.ipAddress.trim()}${ignored}` };
}

function userTrace(field: ListField, kind: ConditionTrace['kind'], m: UsernameMatcher | null, ctx: TraceContext): ConditionTrace {
  if (m === null) return { field, kind, status: 'not-used' };
  const i = m.matchLower(ctx.subject.toLowerCase());
  const detail = `subject ${ctx.subject}`;
  return i < 0
    ? { field, kind, status: 'not-matched', detail }
    : { field, kind, status: 'matched', matchedValue: m.patterns[i] ?? '', detail };
}

function filterTrace(r: CompiledRule, ctx: TraceContext): ConditionTrace {
  const field = 'userRecipientFilter';
  if (!r.filterUsed) return { field, kind: 'condition', status: 'not-used' };
  if (r.filter === null) {
    return { field, kind: 'condition', status: 'not-matched', detail: `the filter does not parse, so it never matches: ${r.filterError ?? ''}` };
  }
  return r.filter(ctx.c.attributes)
    ? { field, kind: 'condition', status: 'matched', matchedValue: r.rule.userRecipientFilter }
    : { field, kind: 'condition', status: 'not-matched' };
}

/** The nine traces of a rule: LIST_FIELDS order (each condition then its exception), filter last. */
function traceConditions(r: CompiledRule, ctx: TraceContext): ConditionTrace[] {
  const rule = r.rule;
  const byField: Record<ListField, ConditionTrace> = {
    anyOfProtocols: enumTrace('anyOfProtocols', 'condition', rule.anyOfProtocols, ctx.c.protocol, PROTOCOL_BIT, protocolWords),
    exceptAnyOfProtocols: enumTrace('exceptAnyOfProtocols', 'exception', rule.exceptAnyOfProtocols, ctx.c.protocol, PROTOCOL_BIT, protocolWords),
    anyOfAuthenticationTypes: enumTrace(
      'anyOfAuthenticationTypes',
      'condition',
      rule.anyOfAuthenticationTypes,
      ctx.c.authenticationType,
      AUTH_BIT,
      authenticationWords,
    ),
    exceptAnyOfAuthenticationTypes: enumTrace(
      'exceptAnyOfAuthenticationTypes',
      'exception',
      rule.exceptAnyOfAuthenticationTypes,
      ctx.c.authenticationType,
      AUTH_BIT,
      authenticationWords,
    ),
    anyOfClientIPAddressesOrRanges: ipTrace('anyOfClientIPAddressesOrRanges', 'condition', r.ip, ctx),
    exceptAnyOfClientIPAddressesOrRanges: ipTrace('exceptAnyOfClientIPAddressesOrRanges', 'exception', r.exceptIp, ctx),
    usernameMatchesAnyOfPatterns: userTrace('usernameMatchesAnyOfPatterns', 'condition', r.user, ctx),
    exceptUsernameMatchesAnyOfPatterns: userTrace('exceptUsernameMatchesAnyOfPatterns', 'exception', r.exceptUser, ctx),
  };
  return [...LIST_FIELDS.map((f) => byField[f]), filterTrace(r, ctx)];
}

function row(r: CompiledRule): MatchRow {
  return { name: r.rule.name, action: r.action, priority: r.priority, enabled: r.enabled };
}

function isCompiled(x: RuleSet | CompiledRuleSet): x is CompiledRuleSet {
  return 'live' in x && 'source' in x;
}

/**
 * Decides a connection with the full per-rule trace the simulator shows (spec 3), in either mode:
 * - `live` (default): disabled rules are skipped (listed in `disabledMatches` when they match); the
 *   first matching enabled rule decides.
 * - `test-compatible`: as Test-ClientAccessRule, disabled rules are evaluated as if enabled, are
 *   listed in `matches` and can decide.
 *
 * `matches` lists every rule that matches, in evaluation order, even after the deciding one (as the
 * cmdlet does); the first row is the decision. Each trace entry carries every condition and
 * exception (matched / not-matched / not-used, the value that matched, and details such as the
 * username subject or a filter parse error). A rule whose conditions all matched but whose exception
 * matched too has outcome `excepted`: evaluation continued to later rules (spec 3.5).
 *
 * Edge cases: `MicrosoftMiddleTierApp` is always allowed (reason `microsoft-middle-tier-bypass`, no
 * matches, every rule `not-reached`); `Scope Users` rules are `out-of-scope` for `MiddleTierApp`.
 *
 * @example evaluate(set, { protocol: 'RemotePowerShell', ... }).trace[0].outcome // 'decided'
 */
export function evaluate(
  setOrCompiled: RuleSet | CompiledRuleSet,
  c: Connection,
  options: { mode?: EvaluationMode } = {},
): Decision {
  const compiled = isCompiled(setOrCompiled) ? setOrCompiled : compileRuleSet(setOrCompiled);
  const mode = options.mode ?? 'live';
  const bypass = c.connectionType === 'MicrosoftMiddleTierApp';
  const middleTier = c.connectionType === 'MiddleTierApp';
  const ctx: TraceContext = { c, addr: parseAddress(c.ipAddress), subject: usernameSubject(c.user) };
  const trace: RuleTrace[] = [];
  const matches: MatchRow[] = [];
  const disabledMatches: MatchRow[] = [];
  let decider: CompiledRule | null = null;

  for (const r of compiled.rules) {
    const conditions = traceConditions(r, ctx);
    const conditionsHold = conditions.every((t) => t.kind !== 'condition' || t.status !== 'not-matched');
    const exceptionHit = conditions.some((t) => t.kind === 'exception' && t.status === 'matched');
    const inScope = !(r.scopeUsers && middleTier);
    const ruleMatches = !bypass && inScope && conditionsHold && !exceptionHit;
    const counts = r.enabled || mode === 'test-compatible';

    let outcome: RuleOutcome;
    if (bypass || decider !== null) outcome = 'not-reached';
    else if (!inScope) outcome = 'out-of-scope';
    else if (!conditionsHold) outcome = 'no-match';
    else if (exceptionHit) outcome = 'excepted';
    else if (counts) outcome = 'decided';
    else outcome = 'matched-disabled';

    if (outcome === 'decided') decider = r;
    if (ruleMatches && counts) matches.push(row(r));
    if (ruleMatches && !r.enabled) disabledMatches.push(row(r));

    trace.push({
      ruleId: r.rule.id,
      name: r.rule.name,
      priority: r.priority,
      enabled: r.enabled,
      action: r.action,
      outcome,
      matches: ruleMatches,
      conditions,
    });
  }

  if (bypass) {
    return { action: 'AllowAccess', matchedRule: null, matchedRuleId: null, reason: 'microsoft-middle-tier-bypass', matches, disabledMatches, trace };
  }
  if (decider === null) {
    return { action: 'AllowAccess', matchedRule: null, matchedRuleId: null, reason: 'no-matching-rule', matches, disabledMatches, trace };
  }
  return {
    action: decider.action,
    matchedRule: decider.rule.name,
    matchedRuleId: decider.rule.id,
    reason: 'rule',
    matches,
    disabledMatches,
    trace,
  };
}

/**
 * Runs saved test cases (like unit tests for the policy) against the live decision (spec 3).
 * `tests` defaults to the rule set's own tests; the rule set is compiled once.
 *
 * @example runTestCases(set).filter((r) => !r.passed) // the failing tests
 */
export function runTestCases(
  set: RuleSet,
  tests: readonly TestCase[] = set.tests,
): { test: TestCase; decision: Decision; passed: boolean }[] {
  const compiled = compileRuleSet(set);
  return tests.map((test) => {
    const decision = evaluate(compiled, test.connection, { mode: 'live' });
    return { test, decision, passed: decision.action === test.expected };
  });
}
