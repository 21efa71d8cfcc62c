import { describe, expect, it } from 'vitest';
import { CLAIM_TYPES } from './claims.ts';
import { parseClaimRules } from './claim-rules.ts';
import { evaluateClaimRules, requestClaims, type AdfsRequest } from './evaluate.ts';
import { generateClaimRules, type AdfsScenario } from './generate.ts';
import { explainPitfalls } from './pitfalls.ts';

const NETWORKS = ['192.168.1.1-192.168.1.25', '10.0.0.1-10.0.0.14'];
const GROUP = 'S-1-5-21-1004336348-1177238915-682003330-1104';

function decide(rulesText: string, request: Partial<AdfsRequest>) {
  const parsed = parseClaimRules(rulesText);
  expect(parsed.findings).toEqual([]);
  return evaluateClaimRules(parsed.rules, requestClaims({ forwardedClientIps: [], groupSids: [], ...request }));
}

function scenario(id: AdfsScenario): string {
  const r = generateClaimRules({ scenario: id, networks: NETWORKS, groupSids: [GROUP] });
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.rules;
}

const external = { proxy: 'fsp.contoso.com', forwardedClientIps: ['203.0.113.9'] };
const externalFromInside = { proxy: 'fsp.contoso.com', forwardedClientIps: ['10.0.0.5'] };

describe('generated scenarios (seed 004)', () => {
  it('scenario 1 blocks external requests and lets internal ones and the corporate addresses through', () => {
    const rules = scenario(1);
    expect(decide(rules, { ...external, clientApplication: 'Microsoft.Exchange.ActiveSync' }).decision).toBe('deny');
    expect(decide(rules, { ...externalFromInside, clientApplication: 'Microsoft.Exchange.RPC' }).decision).toBe('permit');
    expect(decide(rules, { forwardedClientIps: ['203.0.113.9'] }).decision).toBe('permit');
    expect(decide(rules, { proxy: 'fsp', forwardedClientIps: ['203.0.113.9, 192.168.1.25'] }).decision).toBe('permit');
    expect(decide(rules, { proxy: 'fsp', forwardedClientIps: ['192.168.1.26'] }).decision).toBe('deny');
  });

  it('scenario 2 lets ActiveSync and Autodiscover through from outside, not Outlook', () => {
    const rules = scenario(2);
    expect(decide(rules, { ...external, clientApplication: 'Microsoft.Exchange.ActiveSync' }).decision).toBe('permit');
    expect(decide(rules, { ...external, clientApplication: 'Microsoft.Exchange.Autodiscover' }).decision).toBe('permit');
    expect(decide(rules, { ...external, clientApplication: 'Microsoft.Exchange.RPC' }).decision).toBe('deny');
  });

  it('scenario 3 lets browser requests (/adfs/ls/) through from outside', () => {
    const rules = scenario(3);
    expect(decide(rules, { ...external, endpointPath: '/adfs/ls/' }).decision).toBe('permit');
    expect(decide(rules, { ...external, endpointPath: '/adfs/services/trust/2005/usernamemixed' }).decision).toBe('deny');
  });

  it('scenario 4 lets the group members through from outside, compared exactly', () => {
    const rules = scenario(4);
    expect(decide(rules, { ...external, groupSids: ['S-1-5-21-1-2-3-513', GROUP] }).decision).toBe('permit');
    expect(decide(rules, { ...external, groupSids: [`${GROUP}5`] }).decision).toBe('deny');
    expect(decide(rules, { ...external }).decision).toBe('deny');
  });

  it('generated rules raise no pitfall', () => {
    for (const id of [1, 2, 3, 4] as const) expect(explainPitfalls(parseClaimRules(scenario(id)).rules)).toEqual([]);
  });

  it('refuses bad networks, IPv6 and missing or bad SIDs, each named', () => {
    const r = generateClaimRules({ scenario: 4, networks: ['10.0.0.1', '2001:db8::1', 'x'], groupSids: ['G1'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(3);
    expect(r.errors[0]).toMatch(/network 2 '2001:db8::1'/);
    expect(r.errors[2]).toMatch(/group 1 'G1' is not a SID/);
    expect(generateClaimRules({ scenario: 4, networks: ['10.0.0.1'] }).ok).toBe(false);
  });

  it('writes http claim types only', () => {
    expect(scenario(2)).not.toMatch(/https:/);
    expect(scenario(2)).toContain('http://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy');
  });
});

// The article's scenario 2 as printed, with the range regex of its own example.
const ARTICLE_SCENARIO_2 = `exists([Type == "https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy"]) &&
NOT exists([Type == "https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-client-application",
Value=="Microsoft.Exchange.Autodiscover"]) &&
NOT exists([Type == "https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-client-application",
Value=="Microsoft.Exchange.ActiveSync"]) &&
NOT exists([Type == "https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-forwarded-client-ip",
Value=~"\\b192\\.168\\.1\\.([1-9]|1[0-9]|2[0-5])\\b|\\b10\\.0\\.0\\.([1-9]|1[0-4])\\b"])
=> issue(Type = "https://schemas.microsoft.com/authorization/claims/deny", Value = "true");`;

const PERMIT = '=> issue(Type = "http://schemas.microsoft.com/authorization/claims/permit", Value = "true");';

describe('the article samples (seed 004)', () => {
  it('reads the article rule as printed', () => {
    const r = parseClaimRules(`${PERMIT}\n${ARTICLE_SCENARIO_2}`);
    expect(r.findings).toEqual([]);
    expect(r.rules).toHaveLength(2);
    expect(r.rules[1]!.conditions.map((c) => c.kind)).toEqual(['exists', 'not-exists', 'not-exists', 'not-exists']);
  });

  it('shows that the https:// form never blocks anything, and says why', () => {
    const rules = parseClaimRules(`${PERMIT}\n${ARTICLE_SCENARIO_2}`).rules;
    const e = evaluateClaimRules(rules, requestClaims({ ...external, clientApplication: 'Microsoft.Exchange.RPC', groupSids: [] }));
    expect(e.decision).toBe('permit');
    expect(e.trace[1]!.conditions[0]!.detail).toMatch(/http, not https/);
    const findings = explainPitfalls(rules);
    expect(findings.filter((f) => f.severity === 'error').length).toBe(5);
  });

  it('the fixed article rule (http) decides as the article means', () => {
    const fixed = ARTICLE_SCENARIO_2.replace(/https:/g, 'http:');
    const rules = `${PERMIT}\n${fixed}`;
    expect(decide(rules, { ...external, clientApplication: 'Microsoft.Exchange.RPC' }).decision).toBe('deny');
    expect(decide(rules, { ...external, clientApplication: 'Microsoft.Exchange.ActiveSync' }).decision).toBe('permit');
    expect(decide(rules, { proxy: 'fsp', forwardedClientIps: ['192.168.1.20'], clientApplication: 'Microsoft.Exchange.RPC' }).decision).toBe('permit');
  });

  it('explains the unanchored negative lookahead with the concrete address', () => {
    const text = `${PERMIT}
exists([Type == "http://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy"]) &&
exists([Type == "http://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-forwarded-client-ip", Value =~ "^(?!192\\.168\\.1\\.77|10\\.83\\.118\\.23)"])
=> issue(Type = "http://schemas.microsoft.com/authorization/claims/deny", Value = "true");`;
    const parsed = parseClaimRules(text);
    expect(parsed.findings).toEqual([]);
    const messages = explainPitfalls(parsed.rules).map((f) => f.message);
    expect(messages.some((m) => m.includes('10.83.118.230') && m.includes('10.83.118.23'))).toBe(true);
    expect(messages.some((m) => m.includes('only at the first address'))).toBe(true);
    // And the evaluator shows the consequence: 10.83.118.230 is treated as inside (not denied).
    expect(decide(text, { proxy: 'fsp', forwardedClientIps: ['10.83.118.230'] }).decision).toBe('permit');
  });

  it('flags != with a pattern, an unanchored SID and a deny without the proxy check', () => {
    const text = `${PERMIT}
NOT exists([Type == "http://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-forwarded-client-ip", Value != "\\b10\\.0\\.0\\.1\\b"]) &&
exists([Type == "http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid", Value =~ "${GROUP}"])
=> issue(Type = "http://schemas.microsoft.com/authorization/claims/deny", Value = "true");`;
    const messages = explainPitfalls(parseClaimRules(text).rules).map((f) => f.message);
    expect(messages.some((m) => m.includes('write !~'))).toBe(true);
    expect(messages.some((m) => m.includes('unanchored pattern'))).toBe(true);
    expect(messages.some((m) => m.includes('without exists'))).toBe(true);
  });
});

describe('claim rule evaluation', () => {
  it('a deny wins over a permit whatever the order', () => {
    const deny = 'exists([Type == "http://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy"]) => issue(Type = "http://schemas.microsoft.com/authorization/claims/deny", Value = "true");';
    expect(decide(`${deny}\n${PERMIT}`, { proxy: 'p' }).decision).toBe('deny');
    expect(decide(`${PERMIT}\n${deny}`, { proxy: 'p' }).decision).toBe('deny');
    expect(decide(`${deny}\n${PERMIT}`, {}).decision).toBe('permit');
  });

  it('denies when nothing permits', () => {
    const e = evaluateClaimRules([], []);
    expect(e.decision).toBe('deny');
    expect(e.reason).toMatch(/no rule issued the permit/);
  });

  it('add() feeds later rules; issue(claim = c) copies the matched claim', () => {
    const text = `c:[Type == "${CLAIM_TYPES.proxy}"] => add(Type = "urn:external", Value = c.Value);
c:[Type == "urn:external"] => issue(claim = c);
${PERMIT}`;
    const e = decide(text, { proxy: 'fsp1' });
    expect(e.trace[0]!.issued).toEqual({ type: 'urn:external', value: 'fsp1', verb: 'add' });
    expect(e.trace[1]!.applied).toBe(true);
    expect(e.trace[1]!.issued?.value).toBe('fsp1');
  });

  it('=~ honours a leading (?i); == is case-sensitive', () => {
    const rule = (test: string) =>
      `${PERMIT}\nexists([Type == "${CLAIM_TYPES.clientApplication}", ${test}]) => issue(Type = "${CLAIM_TYPES.deny}", Value = "true");`;
    expect(decide(rule('Value =~ "(?i)activesync$"'), { clientApplication: 'Microsoft.Exchange.ActiveSync' }).decision).toBe('deny');
    expect(decide(rule('Value == "microsoft.exchange.activesync"'), { clientApplication: 'Microsoft.Exchange.ActiveSync' }).decision).toBe('permit');
  });
});

describe('parseClaimRules errors', () => {
  it('says where and why, and reads the rules after an error', () => {
    const r = parseClaimRules(`exists([Type = "x"]) => issue(Type = "y");\n${PERMIT}`);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ line: 1, column: 14, severity: 'error' });
    expect(r.findings[0]!.message).toMatch(/'=='/);
    expect(r.rules).toHaveLength(1);
  });

  it('reports a bad regex at its string', () => {
    const r = parseClaimRules(`\n  exists([Type == "x", Value =~ "([a-"]) => issue(Type = "y");`);
    expect(r.findings[0]).toMatchObject({ line: 2, column: 33 });
    expect(r.findings[0]!.message).toMatch(/regular expression/);
  });

  it('reports a missing semicolon and an unterminated string', () => {
    expect(parseClaimRules('=> issue(Type = "y")').findings[0]!.message).toMatch(/expected ';'/);
    expect(parseClaimRules('=> issue(Type = "y);').findings[0]!.message).toMatch(/unterminated string/);
  });
});
