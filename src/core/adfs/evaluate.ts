/**
 * Evaluates AD FS issuance authorization rules against the claims of one request, with a trace
 * (seed 004).
 *
 * Decisions:
 * - Every rule is evaluated in order; `issue(…)` adds a claim to the output, `add(…)` to the input
 *   that later rules see. A rule's conditions all hold (`&&`): `c:[…]` and `exists([…])` hold when
 *   one input claim passes every test inside the brackets, `NOT exists([…])` when none does.
 * - The decision: deny when any rule issued the deny claim (whatever its value and whatever the
 *   order: a deny wins over a permit), permit when a rule issued the permit claim, otherwise deny
 *   (AD FS refuses a token when no permit claim is issued).
 * - `==` and `!=` compare text exactly, case-sensitive (.NET string equality); `=~` and `!~` use the
 *   regular expression as `Regex.IsMatch` does (a match anywhere in the text, case-sensitive unless
 *   the pattern starts with `(?i)`).
 */
import { CLAIM_LABELS, CLAIM_TYPES, claimKeyOf, httpsTypo } from './claims.ts';
import type { ClaimCondition, ClaimRule, ClaimTest, ClaimValueExpr } from './claim-rules.ts';

/** One claim of the request, as AD FS sees it after the acceptance transform rules. */
export interface RequestClaim {
  type: string;
  value: string;
}

export type AdfsDecision = 'permit' | 'deny';

export interface ConditionTrace {
  text: string;
  line: number;
  held: boolean;
  /** Why: the claim that matched, or what was missing. */
  detail: string;
}

export interface ClaimRuleTrace {
  index: number;
  name: string;
  line: number;
  applied: boolean;
  conditions: ConditionTrace[];
  /** The claim the rule issued or added, when it applied. */
  issued?: RequestClaim & { verb: 'issue' | 'add' };
  /** What the rule contributes to the decision. */
  effect: 'permit' | 'deny' | 'none';
  /** A note about the issued claim (an `https://` deny type that AD FS does not act on). */
  note?: string;
}

export interface AdfsEvaluation {
  decision: AdfsDecision;
  /** One sentence: which rule decided, or why nothing did. */
  reason: string;
  trace: ClaimRuleTrace[];
}

function testPasses(t: ClaimTest, claim: RequestClaim): boolean {
  const subject = t.property === 'Type' ? claim.type : t.property === 'Value' ? claim.value : '';
  switch (t.operator) {
    case '==':
      return subject === t.value;
    case '!=':
      return subject !== t.value;
    case '=~':
      return t.regex ? t.regex.test(subject) : false;
    case '!~':
      return t.regex ? !t.regex.test(subject) : false;
  }
}

function label(type: string): string {
  const key = claimKeyOf(type);
  return key ? CLAIM_LABELS[key] : type;
}

function describeClaim(c: RequestClaim): string {
  return `${label(c.type)} = "${c.value}"`;
}

function evaluateCondition(cond: ClaimCondition, input: readonly RequestClaim[]): { held: boolean; match?: RequestClaim; detail: string } {
  const match = input.find((claim) => cond.tests.every((t) => testPasses(t, claim)));
  const typeTest = cond.tests.find((t) => t.property === 'Type' && t.operator === '==');
  const typo = typeTest ? httpsTypo(typeTest.value) : null;
  const sameType = typeTest ? input.filter((c) => c.type === typeTest.value) : [];
  let missing: string;
  if (typo) missing = `no claim has the type ${typeTest!.value}: AD FS issues it as ${typo} (http, not https)`;
  else if (typeTest && sameType.length === 0) missing = `the request has no ${label(typeTest.value)} claim`;
  else if (typeTest) missing = `no ${label(typeTest.value)} claim passes (${sameType.map((c) => `"${c.value}"`).join(', ')})`;
  else missing = 'no claim passes every test';
  if (cond.kind === 'not-exists') {
    return match ? { held: false, match, detail: `${describeClaim(match)} exists` } : { held: true, detail: missing };
  }
  return match ? { held: true, match, detail: describeClaim(match) } : { held: false, detail: missing };
}

function valueOf(expr: ClaimValueExpr | undefined, bound: Map<string, RequestClaim>): string {
  if (!expr) return '';
  if (expr.kind === 'literal') return expr.text;
  const c = bound.get(expr.variable);
  if (!c) return '';
  return expr.property === 'Type' ? c.type : expr.property === 'Value' ? c.value : '';
}

/**
 * Runs the rules over the request's claims and returns the decision with one trace row per rule.
 * See the module comment for the semantics.
 *
 * Edge cases: no rules → deny ("no permit claim"); a deny issued with an `https://` type is not an
 * authorization claim, so it decides nothing (the trace says so); a rule without conditions always
 * applies.
 *
 * @example evaluateClaimRules(parseClaimRules(text).rules, [{ type: CLAIM_TYPES.proxy, value: 'fsp' }]).decision // 'deny'
 */
export function evaluateClaimRules(rules: readonly ClaimRule[], claims: readonly RequestClaim[]): AdfsEvaluation {
  const input: RequestClaim[] = [...claims];
  const trace: ClaimRuleTrace[] = [];
  let firstDeny: ClaimRuleTrace | undefined;
  let firstPermit: ClaimRuleTrace | undefined;
  rules.forEach((rule, index) => {
    const bound = new Map<string, RequestClaim>();
    const conditions: ConditionTrace[] = rule.conditions.map((cond) => {
      const r = evaluateCondition(cond, input);
      if (r.held && r.match && cond.variable) bound.set(cond.variable, r.match);
      return { text: cond.text, line: cond.line, held: r.held, detail: r.detail };
    });
    const applied = conditions.every((c) => c.held);
    const row: ClaimRuleTrace = { index: index + 1, name: rule.name, line: rule.line, applied, conditions, effect: 'none' };
    if (applied) {
      const copied = rule.issue.copyOf ? bound.get(rule.issue.copyOf) : undefined;
      const issued: RequestClaim = copied
        ? { ...copied }
        : { type: valueOf(rule.issue.type, bound), value: valueOf(rule.issue.value, bound) };
      row.issued = { ...issued, verb: rule.issue.verb };
      if (rule.issue.verb === 'add') input.push(issued);
      else if (issued.type === CLAIM_TYPES.deny) row.effect = 'deny';
      else if (issued.type === CLAIM_TYPES.permit) row.effect = 'permit';
      else {
        const fixed = httpsTypo(issued.type);
        if (fixed) row.note = `the issued type is ${issued.type}; AD FS acts only on ${fixed} (http, not https), so this claim decides nothing`;
      }
      if (row.effect === 'deny' && !firstDeny) firstDeny = row;
      if (row.effect === 'permit' && !firstPermit) firstPermit = row;
    }
    trace.push(row);
  });
  if (firstDeny) {
    return { decision: 'deny', reason: `rule ${firstDeny.index} "${firstDeny.name}" issued the deny claim (a deny wins over any permit)`, trace };
  }
  if (firstPermit) return { decision: 'permit', reason: `rule ${firstPermit.index} "${firstPermit.name}" issued the permit claim and no rule issued a deny`, trace };
  return { decision: 'deny', reason: 'no rule issued the permit claim, so AD FS refuses the token', trace };
}

/** What a test request holds; each present field becomes one claim (groups: one claim per SID). */
export interface AdfsRequest {
  /** `x-ms-forwarded-client-ip`: one or more IPv4 addresses, comma-separated as Exchange Online sends them. */
  forwardedClientIps: string[];
  clientApplication?: string;
  userAgent?: string;
  /** `x-ms-proxy`: the federation server proxy's DNS name; absent for a request from inside. */
  proxy?: string;
  endpointPath?: string;
  groupSids: string[];
}

/**
 * The claims AD FS builds from a request's headers (seed 004, "New Claim Types"): the forwarded IPs
 * become one claim with the addresses joined by `", "`; absent headers give no claim.
 *
 * @example requestClaims({ forwardedClientIps: ['203.0.113.7'], proxy: 'fsp.contoso.com', groupSids: [] }).length // 2
 */
export function requestClaims(request: AdfsRequest): RequestClaim[] {
  const out: RequestClaim[] = [];
  const ips = request.forwardedClientIps.map((x) => x.trim()).filter((x) => x !== '');
  if (ips.length > 0) out.push({ type: CLAIM_TYPES.forwardedClientIp, value: ips.join(', ') });
  if (request.clientApplication) out.push({ type: CLAIM_TYPES.clientApplication, value: request.clientApplication });
  if (request.userAgent) out.push({ type: CLAIM_TYPES.clientUserAgent, value: request.userAgent });
  if (request.proxy) out.push({ type: CLAIM_TYPES.proxy, value: request.proxy });
  if (request.endpointPath) out.push({ type: CLAIM_TYPES.endpointAbsolutePath, value: request.endpointPath });
  for (const sid of request.groupSids) if (sid.trim() !== '') out.push({ type: CLAIM_TYPES.groupSid, value: sid.trim() });
  return out;
}
