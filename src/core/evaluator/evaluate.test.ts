import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRule } from '../model/rule-set.ts';
import { AUTHENTICATION_TYPES, CONNECTION_TYPES, LIST_FIELDS, PROTOCOLS } from '../model/types.ts';
import type { Connection, Rule, RuleSet } from '../model/types.ts';
import { compileRuleSet, decide, evaluate, runTestCases } from './evaluate.ts';
import { referenceDecide } from '../../test-support/reference-evaluator.ts';

function conn(partial: Partial<Connection> = {}): Connection {
  return {
    protocol: 'OutlookWebApp',
    authenticationType: 'BasicAuthentication',
    ipAddress: '203.0.113.7',
    port: 443,
    user: 'jeff@contoso.com',
    attributes: {},
    connectionType: 'EndUser',
    ...partial,
  };
}

function set(...rules: Partial<Rule>[]): RuleSet {
  return { profile: 'ExchangeOnline', rules: rules.map((r, i) => createRule({ id: `r${i + 1}`, name: `Rule ${i + 1}`, ...r })), tests: [] };
}

/** Both evaluators must agree with each other and with the oracle on every example. */
function decideAll(s: RuleSet, c: Connection) {
  const d = evaluate(s, c);
  expect(decide(compileRuleSet(s), c)).toBe(d.action);
  expect(referenceDecide(s, c)).toBe(d.action);
  return d;
}

describe('evaluate: basics of spec 3', () => {
  it('allows when no rule matches', () => {
    const d = decideAll(set(), conn());
    expect(d).toMatchObject({ action: 'AllowAccess', reason: 'no-matching-rule', matchedRule: null, matches: [] });
  });

  it('a rule with no conditions and no exceptions matches every connection', () => {
    const d = decideAll(set({ name: 'Block all', action: 'DenyAccess' }), conn({ protocol: 'IMAP4' }));
    expect(d).toMatchObject({ action: 'DenyAccess', reason: 'rule', matchedRule: 'Block all', matchedRuleId: 'r1' });
    expect(d.trace[0]!.conditions.every((t) => t.status === 'not-used')).toBe(true);
  });

  it('the first matching rule decides, an AllowAccess rule on top protects remote PowerShell', () => {
    const s = set(
      { name: 'Always Allow Remote PowerShell', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] },
      { name: 'Block everything', action: 'DenyAccess' },
    );
    const ps = decideAll(s, conn({ protocol: 'RemotePowerShell' }));
    expect(ps).toMatchObject({ action: 'AllowAccess', matchedRule: 'Always Allow Remote PowerShell' });
    expect(ps.trace.map((t) => t.outcome)).toEqual(['decided', 'not-reached']);
    expect(ps.matches.map((m) => m.name)).toEqual(['Always Allow Remote PowerShell', 'Block everything']);
    expect(decideAll(s, conn({ protocol: 'OutlookWebApp' }))).toMatchObject({ action: 'DenyAccess', matchedRule: 'Block everything' });
  });

  it('an exception lets evaluation continue to a later deny (spec 3.5)', () => {
    const s = set(
      { name: 'Block OWA outside office', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] },
      { name: 'Block basic auth', action: 'DenyAccess', anyOfAuthenticationTypes: ['BasicAuthentication'] },
    );
    const d = decideAll(s, conn({ ipAddress: '10.1.2.3' }));
    expect(d).toMatchObject({ action: 'DenyAccess', matchedRule: 'Block basic auth' });
    expect(d.trace[0]).toMatchObject({ outcome: 'excepted', matches: false });
    expect(d.trace[0]!.conditions.find((t) => t.field === 'exceptAnyOfClientIPAddressesOrRanges')).toMatchObject({
      status: 'matched',
      matchedValue: '10.0.0.0/8',
    });
    expect(decideAll(s, conn({ ipAddress: '10.1.2.3', authenticationType: 'OAuthAuthentication' }))).toMatchObject({
      action: 'AllowAccess',
      reason: 'no-matching-rule',
    });
  });

  it('any one exception stops the rule (OR), all conditions must hold (AND), values are ORed', () => {
    const s = set({
      action: 'DenyAccess',
      anyOfProtocols: ['IMAP4', 'POP3'],
      anyOfAuthenticationTypes: ['BasicAuthentication'],
      exceptAnyOfClientIPAddressesOrRanges: ['192.168.1.1'],
      exceptUsernameMatchesAnyOfPatterns: ['*\\svc-*'],
    });
    expect(decideAll(s, conn({ protocol: 'POP3' })).action).toBe('DenyAccess');
    expect(decideAll(s, conn({ protocol: 'POP3', authenticationType: 'OAuthAuthentication' })).action).toBe('AllowAccess');
    expect(decideAll(s, conn({ protocol: 'POP3', ipAddress: '192.168.1.1' })).action).toBe('AllowAccess');
    expect(decideAll(s, conn({ protocol: 'POP3', user: 'svc-mail@contoso.com' })).action).toBe('AllowAccess');
    expect(decideAll(s, conn({ protocol: 'OutlookWebApp' })).action).toBe('AllowAccess');
  });

  it('traces nine entries per rule: LIST_FIELDS order, then the filter', () => {
    const d = evaluate(set({ action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }), conn());
    expect(d.trace[0]!.conditions.map((t) => t.field)).toEqual([...LIST_FIELDS, 'userRecipientFilter']);
    expect(d.trace[0]!.conditions[0]).toMatchObject({ kind: 'condition', status: 'matched', matchedValue: 'OutlookWebApp' });
    expect(d.trace[0]!.conditions[1]).toMatchObject({ kind: 'exception', status: 'not-used' });
  });
});

describe('evaluate: the seeds', () => {
  it('Deny_Non_Company_IPs_Except_for_ActiveSync', () => {
    const s = set({
      name: 'Deny_Non_Company_IPs_Except_for_ActiveSync',
      action: 'DenyAccess',
      exceptAnyOfProtocols: ['ExchangeActiveSync'],
      exceptAnyOfClientIPAddressesOrRanges: ['255.255.255.255'],
    });
    expect(decideAll(s, conn({ protocol: 'ExchangeActiveSync' })).action).toBe('AllowAccess');
    expect(decideAll(s, conn({ ipAddress: '255.255.255.255' })).action).toBe('AllowAccess');
    expect(decideAll(s, conn()).action).toBe('DenyAccess');
  });

  it('Temporary_Vendor_Bypass above Restrict_AdminCenter_And_Services', () => {
    const s = set(
      {
        name: 'Temporary_Vendor_Bypass',
        action: 'AllowAccess',
        anyOfProtocols: ['ExchangeAdminCenter'],
        anyOfClientIPAddressesOrRanges: ['198.51.100.9'],
        usernameMatchesAnyOfPatterns: ['*\\vendor*'],
      },
      {
        name: 'Restrict_AdminCenter_And_Services',
        action: 'DenyAccess',
        anyOfProtocols: ['ExchangeAdminCenter', 'RemotePowerShell'],
        exceptAnyOfClientIPAddressesOrRanges: ['192.0.2.0/24'],
      },
    );
    const eac = { protocol: 'ExchangeAdminCenter' as const };
    expect(decideAll(s, conn({ ...eac, ipAddress: '198.51.100.9', user: 'vendor1@contoso.com' })).matchedRule).toBe('Temporary_Vendor_Bypass');
    expect(decideAll(s, conn({ ...eac, ipAddress: '198.51.100.9', user: 'jeff@contoso.com' })).action).toBe('DenyAccess');
    expect(decideAll(s, conn({ ...eac, ipAddress: '192.0.2.44' })).action).toBe('AllowAccess');
  });

  it("Allow access to EAC only for IT: {Department -ne 'IT'}", () => {
    const s = set({ action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'], userRecipientFilter: "{Department -ne 'IT'}" });
    expect(decideAll(s, conn({ protocol: 'ExchangeAdminCenter', attributes: { Department: 'Sales' } })).action).toBe('DenyAccess');
    expect(decideAll(s, conn({ protocol: 'ExchangeAdminCenter', attributes: { department: 'it' } })).action).toBe('AllowAccess');
    const d = evaluate(s, conn({ protocol: 'ExchangeAdminCenter', attributes: { Department: 'Sales' } }));
    expect(d.trace[0]!.conditions[8]).toMatchObject({ field: 'userRecipientFilter', status: 'matched' });
  });
});

describe('evaluate: IP and username conditions', () => {
  it('matches IPv6 ranges and CIDR', () => {
    const s = set({ action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['2001:db8::/48', 'fd00::10-fd00::20'] });
    expect(decideAll(s, conn({ ipAddress: '2001:db8:0:ffff::1' })).trace[0]!.conditions[4]).toMatchObject({
      status: 'matched',
      matchedValue: '2001:db8::/48',
    });
    expect(decideAll(s, conn({ ipAddress: 'fd00::15' })).action).toBe('DenyAccess');
    expect(decideAll(s, conn({ ipAddress: 'fd00::21' })).action).toBe('AllowAccess');
    expect(decideAll(s, conn({ ipAddress: '2001:db8:1::1' })).action).toBe('AllowAccess');
  });

  it('names the connection protocol and authentication type by display name in the trace', () => {
    const s = set({ action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'], anyOfAuthenticationTypes: ['BasicAuthentication'] });
    const d = decideAll(s, conn({ protocol: 'OutlookWebApp', authenticationType: 'OAuthAuthentication' }));
    expect(d.trace[0]!.conditions[0]).toMatchObject({ status: 'not-matched', detail: 'connection uses Outlook on the web (OutlookWebApp)' });
    expect(d.trace[0]!.conditions[2]).toMatchObject({ status: 'not-matched', detail: 'connection uses OAuth (modern) (OAuthAuthentication)' });
  });

  it('an IPv4-mapped client address matches the IPv4 entry', () => {
    const s = set({ action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] });
    expect(decideAll(s, conn({ ipAddress: '::ffff:10.9.9.9' })).action).toBe('DenyAccess');
  });

  it('an invalid IP entry never matches, and says so in the trace', () => {
    const s = set(
      { name: 'Only bad', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.9-10.0.0.1'] },
      { name: 'Mixed', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.300', '10.0.0.5'] },
    );
    const d = decideAll(s, conn({ ipAddress: '10.0.0.5' }));
    expect(d.matchedRule).toBe('Mixed');
    expect(d.trace[0]!.conditions[4]!.detail).toContain('range start 10.0.0.9 is after end 10.0.0.1');
    expect(decideAll(s, conn({ ipAddress: '10.0.0.3' })).action).toBe('AllowAccess');
  });

  it('a connection address that does not parse matches no IP condition nor exception', () => {
    const s = set(
      { action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['0.0.0.0/0'] },
      { name: 'Except', action: 'DenyAccess', exceptAnyOfClientIPAddressesOrRanges: ['0.0.0.0/0'] },
    );
    const d = decideAll(s, conn({ ipAddress: 'not-an-ip' }));
    expect(d.matchedRule).toBe('Except');
    expect(d.trace[0]!.conditions[4]!.detail).toContain("'not-an-ip' is not an IP address");
  });

  it('jeff* never matches, *jeff* and contoso.com\\admin* do; the trace shows the subject', () => {
    const jeffStar = set({ action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['jeff*'] });
    const d = decideAll(jeffStar, conn());
    expect(d.action).toBe('AllowAccess');
    expect(d.trace[0]!.conditions[6]).toMatchObject({ status: 'not-matched', detail: 'subject contoso.com\\jeff' });
    expect(decideAll(set({ action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['*jeff*'] }), conn()).action).toBe('DenyAccess');
    const admins = set({ action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['contoso.com\\admin*'] });
    expect(decideAll(admins, conn({ user: 'Admin7@Contoso.com' })).trace[0]!.conditions[6]).toMatchObject({
      status: 'matched',
      matchedValue: 'contoso.com\\admin*',
    });
    expect(decideAll(admins, conn({ user: 'CONTOSO\\admin7' })).action).toBe('AllowAccess');
  });

  it('an OPath filter that does not parse makes the condition false, with the parse error in the trace', () => {
    const s = set({ action: 'DenyAccess', userRecipientFilter: "Dept -eq 'IT'" });
    const d = decideAll(s, conn({ attributes: { Department: 'IT' } }));
    expect(d.action).toBe('AllowAccess');
    expect(d.trace[0]!.conditions[8]!.status).toBe('not-matched');
    expect(d.trace[0]!.conditions[8]!.detail).toContain('does not parse');
    expect(decideAll(set({ action: 'DenyAccess', userRecipientFilter: ' { } ' }), conn()).action).toBe('DenyAccess');
  });

  it('a connection with an unknown protocol only meets rules without a protocol condition', () => {
    const s = set({ name: 'OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }, { name: 'Any', action: 'DenyAccess', exceptAnyOfProtocols: ['POP3'] });
    expect(decideAll(s, conn({ protocol: 'Gopher' as never })).matchedRule).toBe('Any');
  });

  it('a protocol list made only of unknown values matches nothing', () => {
    const s = set({ action: 'DenyAccess', anyOfProtocols: ['Gopher' as never] });
    expect(decideAll(s, conn()).action).toBe('AllowAccess');
    expect(decideAll(s, conn({ protocol: 'Gopher' as never })).action).toBe('AllowAccess');
  });
});

describe('evaluate: scope, middle tier, order, disabled rules', () => {
  it('Scope Users ignores middle-tier connections; Scope All does not', () => {
    const s = set({ name: 'Users only', action: 'DenyAccess', scope: 'Users' }, { name: 'All', action: 'DenyAccess', anyOfProtocols: ['REST'] });
    const d = decideAll(s, conn({ connectionType: 'MiddleTierApp' }));
    expect(d.action).toBe('AllowAccess');
    expect(d.trace[0]!.outcome).toBe('out-of-scope');
    expect(decideAll(s, conn({ connectionType: 'MiddleTierApp', protocol: 'REST' })).matchedRule).toBe('All');
    expect(decideAll(s, conn({ connectionType: 'EndUser' })).matchedRule).toBe('Users only');
  });

  it('Microsoft-owned middle-tier apps bypass every rule', () => {
    const d = decideAll(set({ action: 'DenyAccess' }), conn({ connectionType: 'MicrosoftMiddleTierApp' }));
    expect(d).toMatchObject({ action: 'AllowAccess', reason: 'microsoft-middle-tier-bypass', matchedRule: null, matches: [] });
    expect(d.trace[0]!.outcome).toBe('not-reached');
  });

  it('DatacenterAdminsOnly rules are evaluated first, keeping their priority number', () => {
    const s = set({ name: 'Deny', action: 'DenyAccess' }, { name: 'DC', action: 'AllowAccess', datacenterAdminsOnly: true });
    const d = decideAll(s, conn());
    expect(d).toMatchObject({ action: 'AllowAccess', matchedRule: 'DC' });
    expect(d.trace.map((t) => [t.name, t.priority])).toEqual([
      ['DC', 2],
      ['Deny', 1],
    ]);
  });

  it('live mode skips disabled rules but lists them; test-compatible mode evaluates them as enabled', () => {
    const s = set(
      { name: 'Old block', action: 'DenyAccess', enabled: false, anyOfProtocols: ['OutlookWebApp'] },
      { name: 'Allow OWA', action: 'AllowAccess', anyOfProtocols: ['OutlookWebApp'] },
    );
    const live = decideAll(s, conn());
    expect(live).toMatchObject({ action: 'AllowAccess', matchedRule: 'Allow OWA' });
    expect(live.matches.map((m) => m.name)).toEqual(['Allow OWA']);
    expect(live.disabledMatches).toEqual([{ name: 'Old block', action: 'DenyAccess', priority: 1, enabled: false }]);
    expect(live.trace[0]!.outcome).toBe('matched-disabled');

    const compat = evaluate(s, conn(), { mode: 'test-compatible' });
    expect(compat).toMatchObject({ action: 'DenyAccess', matchedRule: 'Old block' });
    expect(compat.matches.map((m) => m.name)).toEqual(['Old block', 'Allow OWA']);
    expect(compat.trace.map((t) => t.outcome)).toEqual(['decided', 'not-reached']);
  });
});

describe('decide: repeated users', () => {
  it('gives the same answers when the subject cache is warm', () => {
    const compiled = compileRuleSet(set({ action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['contoso.com\\admin*'] }));
    for (let round = 0; round < 3; round++) {
      expect(decide(compiled, conn({ user: 'admin@contoso.com' }))).toBe('DenyAccess');
      expect(decide(compiled, conn({ user: 'jeff@contoso.com' }))).toBe('AllowAccess');
      expect(decide(compiled, conn({ user: 'CONTOSO.COM\\ADMIN2' }))).toBe('DenyAccess');
    }
  });
});

describe('runTestCases', () => {
  it('reports pass and fail against the live decision', () => {
    const s = set({ action: 'DenyAccess', anyOfProtocols: ['POP3'] });
    s.tests = [
      { id: 't1', name: 'POP blocked', connection: conn({ protocol: 'POP3' }), expected: 'DenyAccess' },
      { id: 't2', name: 'OWA blocked (wrong)', connection: conn(), expected: 'DenyAccess' },
    ];
    expect(runTestCases(s).map((r) => r.passed)).toEqual([true, false]);
    expect(runTestCases(s, [s.tests[1]!])[0]!.decision.reason).toBe('no-matching-rule');
  });
});

const IP_POOL = [
  '10.0.0.0/8',
  '10.1.0.0/16',
  '192.168.1.1',
  '192.168.1.0-192.168.1.127',
  '203.0.113.0/24',
  '2001:db8::/32',
  'fd00::1-fd00::ff',
  '::1',
  '10.0.0.9-10.0.0.1',
  'bogus',
  '1.2.3.4/33',
];
const ADDR_POOL = ['10.1.2.3', '10.2.0.1', '192.168.1.1', '192.168.1.200', '203.0.113.5', '8.8.8.8', '2001:db8::5', 'fd00::80', '::1', '::ffff:10.1.2.3', 'garbage'];
const PATTERN_POOL = ['*jeff*', 'jeff*', 'contoso.com\\admin*', '*\\svc-*', 'CONTOSO\\*', '*', 'fabrikam.com\\bob'];
const USER_POOL = ['jeff@contoso.com', 'admin1@contoso.com', 'svc-backup@fabrikam.com', 'CONTOSO\\jeff', 'bob@fabrikam.com'];
const FILTER_POOL = ['', "Department -eq 'IT'", "{City -like 'Red*'} ", "Department -ne 'IT' -and City -eq 'Paris'", "Dept -eq 'IT'", "-not (Company -eq $null)"];
const ATTR_POOL: Record<string, string>[] = [{}, { Department: 'IT' }, { department: 'Sales', City: 'Redmond' }, { City: 'Paris', Company: 'Contoso' }];

/** Mostly empty (condition not used), so that rules match often enough for the property to bite. */
const subset = <T>(pool: readonly T[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant([] as T[]) }, { weight: 2, arbitrary: fc.subarray([...pool], { minLength: 1, maxLength: 3 }) });
const FEW_PROTOCOLS = ['OutlookWebApp', 'IMAP4', 'RemotePowerShell', 'UniversalOutlook'] as const;
const FEW_AUTH = ['BasicAuthentication', 'OAuthAuthentication', 'NonBasicAuthentication'] as const;
const ruleArb = fc.record({
  action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
  enabled: fc.boolean(),
  scope: fc.constantFrom('All' as const, 'Users' as const),
  anyOfProtocols: subset(FEW_PROTOCOLS),
  exceptAnyOfProtocols: subset(FEW_PROTOCOLS),
  anyOfAuthenticationTypes: subset(FEW_AUTH),
  exceptAnyOfAuthenticationTypes: subset(FEW_AUTH),
  anyOfClientIPAddressesOrRanges: subset(IP_POOL),
  exceptAnyOfClientIPAddressesOrRanges: subset(IP_POOL),
  usernameMatchesAnyOfPatterns: subset(PATTERN_POOL),
  exceptUsernameMatchesAnyOfPatterns: subset(PATTERN_POOL),
  userRecipientFilter: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, fc.constantFrom(...FILTER_POOL)),
});
const connArb: fc.Arbitrary<Connection> = fc.record({
  protocol: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FEW_PROTOCOLS) }, fc.constantFrom(...PROTOCOLS)),
  authenticationType: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FEW_AUTH) }, fc.constantFrom(...AUTHENTICATION_TYPES)),
  ipAddress: fc.constantFrom(...ADDR_POOL),
  port: fc.constant(443),
  user: fc.constantFrom(...USER_POOL),
  attributes: fc.constantFrom(...ATTR_POOL),
  connectionType: fc.constantFrom(...CONNECTION_TYPES),
});

describe('evaluator property', () => {
  it('evaluate and decide agree with referenceDecide on random rule sets and connections', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }), fc.array(fc.boolean(), { maxLength: 6 }), fc.array(connArb, { minLength: 1, maxLength: 8 }), (rules, dcFlags, conns) => {
        const s = set(...rules.map((r, i) => ({ ...r, datacenterAdminsOnly: dcFlags[i] === true && i % 3 === 2 })));
        const compiled = compileRuleSet(s);
        for (const c of conns) {
          const expected = referenceDecide(s, c);
          expect(decide(compiled, c)).toBe(expected);
          const d = evaluate(compiled, c);
          expect(d.action).toBe(expected);
          if (d.reason === 'rule') expect(d.matches[0]?.name).toBe(d.matchedRule);
          const allEnabled = { ...s, rules: s.rules.map((r) => ({ ...r, enabled: true })) };
          expect(evaluate(compiled, c, { mode: 'test-compatible' }).action).toBe(referenceDecide(allEnabled, c));
        }
      }),
      { numRuns: 400 },
    );
  });
});
