import { describe, it, expect } from 'vitest';
import type { Decision, RuleTrace } from '../../../core/evaluator/types.ts';
import { conditionValue, decisionSummary, groupTrace, outcomeNote, parsePort, validateConnection } from './simulator-text.ts';
import { evaluate } from '../../../core/evaluator/evaluate.ts';
import { addRule, createRule, createRuleSet } from '../../../core/model/rule-set.ts';
import { DEFAULT_CONNECTION } from '../../store/index.ts';

const trace = (patch: Partial<RuleTrace>): RuleTrace => ({
  ruleId: 'a',
  name: 'Block external',
  priority: 2,
  enabled: true,
  action: 'DenyAccess',
  outcome: 'decided',
  matches: true,
  conditions: [],
  ...patch,
});

const decision = (patch: Partial<Decision>): Decision => ({
  action: 'AllowAccess',
  matchedRule: null,
  matchedRuleId: null,
  reason: 'no-matching-rule',
  matches: [],
  disabledMatches: [],
  trace: [],
  ...patch,
});

describe('outcomeNote', () => {
  it('says that an exception lets evaluation continue', () => {
    expect(outcomeNote(trace({ outcome: 'excepted' }), 'live')).toBe('Exception matched: evaluation continued to the next rule.');
  });
  it('explains disabled matches per mode', () => {
    expect(outcomeNote(trace({ outcome: 'matched-disabled' }), 'live')).toMatch(/would have matched/);
    expect(outcomeNote(trace({ outcome: 'matched-disabled' }), 'test-compatible')).toMatch(/as if enabled/);
  });
  it('tells whether a rule that was not reached would match', () => {
    expect(outcomeNote(trace({ outcome: 'not-reached', matches: true }), 'live')).toMatch(/would also match/);
    expect(outcomeNote(trace({ outcome: 'not-reached', matches: false }), 'live')).not.toMatch(/would also match/);
  });
});

describe('decisionSummary', () => {
  it('names the deciding rule and its priority', () => {
    const d = decision({
      action: 'DenyAccess',
      matchedRule: 'Block external',
      matchedRuleId: 'a',
      reason: 'rule',
      trace: [trace({})],
    });
    expect(decisionSummary(d).title).toBe('Denied by rule 2 "Block external"');
    expect(decisionSummary(d).body).toMatch(/DenyAccess/);
  });
  it('explains the default and the Microsoft middle-tier bypass', () => {
    expect(decisionSummary(decision({})).title).toBe('Allowed by default');
    expect(decisionSummary(decision({ reason: 'microsoft-middle-tier-bypass' })).body).toMatch(/bypass/);
  });
});

describe('conditionValue', () => {
  it('joins the matched value and the detail', () => {
    expect(conditionValue({ field: 'usernameMatchesAnyOfPatterns', kind: 'condition', status: 'matched', matchedValue: '*\\jeff', detail: 'contoso.com\\jeff' })).toBe('*\\jeff · contoso.com\\jeff');
    expect(conditionValue({ field: 'anyOfProtocols', kind: 'condition', status: 'not-used' })).toBe('');
  });
  it('names a matched protocol or authentication type by display name, the PowerShell value secondary', () => {
    expect(conditionValue({ field: 'anyOfProtocols', kind: 'condition', status: 'matched', matchedValue: 'ExchangeAdminCenter' })).toBe('Exchange admin center (ExchangeAdminCenter)');
    expect(conditionValue({ field: 'exceptAnyOfAuthenticationTypes', kind: 'exception', status: 'matched', matchedValue: 'OAuthAuthentication' })).toBe('OAuth (modern) (OAuthAuthentication)');
  });
});

describe('validateConnection', () => {
  it('accepts IPv4, IPv6, UPN and DOMAIN\\user', () => {
    expect(validateConnection({ ipAddress: '10.0.0.1', user: 'jeff@contoso.com' })).toEqual({});
    expect(validateConnection({ ipAddress: '2001:db8::1', user: 'CONTOSO\\jeff' })).toEqual({});
  });
  it('says what is wrong with the address and the user', () => {
    const problems = validateConnection({ ipAddress: '10.0.0.0/8', user: 'jeff' });
    expect(problems.ipAddress).toMatch(/not an IPv4 or IPv6 address/);
    expect(problems.user).toMatch(/UPN/);
    expect(validateConnection({ ipAddress: ' ', user: '' }).ipAddress).toMatch(/Enter/);
  });
});

describe('parsePort', () => {
  it('accepts 1..65535 only', () => {
    expect(parsePort('443')).toEqual({ ok: true, port: 443 });
    expect(parsePort('1')).toEqual({ ok: true, port: 1 });
    expect(parsePort('65535')).toEqual({ ok: true, port: 65535 });
    expect(parsePort('0').ok).toBe(false);
    expect(parsePort('65536').ok).toBe(false);
    expect(parsePort('44.3').ok).toBe(false);
    expect(parsePort('').ok).toBe(false);
  });
});

describe('groupTrace', () => {
  it('groups a real trace as the verdict reads: decider, exceptions, first unmet condition, skipped, not reached', () => {
    let set = createRuleSet();
    const rules = [
      createRule({ name: 'Excepted', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], exceptAnyOfClientIPAddressesOrRanges: ['203.0.113.0/24'] }),
      createRule({ name: 'Wrong protocol and auth', action: 'DenyAccess', anyOfProtocols: ['IMAP4'], anyOfAuthenticationTypes: ['OAuthAuthentication'] }),
      createRule({ name: 'Disabled', action: 'DenyAccess', enabled: false }),
      createRule({ name: 'Decider', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }),
      createRule({ name: 'After', action: 'AllowAccess' }),
    ];
    for (const rule of rules) set = addRule(set, rule);
    const connection = { ...DEFAULT_CONNECTION, protocol: 'OutlookWebApp' as const, ipAddress: '203.0.113.10' };
    const groups = groupTrace(evaluate(set, connection).trace);
    expect(groups.decided?.name).toBe('Decider');
    expect(groups.excepted.map((r) => r.name)).toEqual(['Excepted']);
    expect(groups.notMatched.map((n) => [n.rule.name, n.firstUnmet?.field])).toEqual([['Wrong protocol and auth', 'anyOfProtocols']]);
    expect(groups.skipped.map((s) => [s.rule.name, s.wouldMatch])).toEqual([['Disabled', true]]);
    expect(groups.notReached.map((r) => r.name)).toEqual(['After']);
  });
});
