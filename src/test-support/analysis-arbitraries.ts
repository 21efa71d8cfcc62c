/**
 * fast-check generators shared by the analysis tests: small random rule sets over pools of values that
 * overlap on purpose (nested and touching IP blocks, IPv4-mapped IPv6, overlapping username patterns,
 * filters over the same attribute), and connections that hit those edges.
 */
import fc from 'fast-check';
import { createRule, createRuleSet } from '../core/model/rule-set.ts';
import type { AuthenticationType, Connection, ConnectionType, Protocol, Rule, RuleSet } from '../core/model/types.ts';

export const PROTOCOL_POOL: Protocol[] = ['OutlookWebApp', 'POP3', 'RemotePowerShell', 'ExchangeAdminCenter'];
export const AUTH_POOL: AuthenticationType[] = ['BasicAuthentication', 'OAuthAuthentication', 'NonBasicAuthentication'];
export const IP_POOL = [
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.1.2.3',
  '10.1.255.255-10.2.0.0',
  '192.168.0.0/24',
  '2001:db8::/32',
  '::ffff:10.1.0.0/112',
  '::ffff:192.168.0.7',
  'bogus',
];
export const USER_POOL = ['*', 'contoso.com\\jeff', '*\\jeff*', 'contoso.com\\*', '*admin*', 'contoso.com\\admin*', 'jeff', '*@*'];
export const FILTER_POOL = [
  '',
  "Department -eq 'IT'",
  "Department -eq 'HR'",
  "Department -like 'I*'",
  "Department -ne 'IT' -and City -eq 'Paris'",
  '-not (Department -eq $null)',
  "City -notlike 'P*'",
  'Department -eq',
];

function sub<T>(pool: readonly T[], weightEmpty: number): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: weightEmpty, arbitrary: fc.constant<T[]>([]) },
    { weight: 3, arbitrary: fc.subarray([...pool], { minLength: 1, maxLength: 2 }) },
  );
}

export const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
    enabled: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    scope: fc.constantFrom('All' as const, 'Users' as const),
    anyOfProtocols: sub(PROTOCOL_POOL, 3),
    exceptAnyOfProtocols: sub(PROTOCOL_POOL, 6),
    anyOfAuthenticationTypes: sub(AUTH_POOL, 5),
    exceptAnyOfAuthenticationTypes: sub(AUTH_POOL, 6),
    anyOfClientIPAddressesOrRanges: sub(IP_POOL, 3),
    exceptAnyOfClientIPAddressesOrRanges: sub(IP_POOL, 5),
    usernameMatchesAnyOfPatterns: sub(USER_POOL, 4),
    exceptUsernameMatchesAnyOfPatterns: sub(USER_POOL, 6),
    userRecipientFilter: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.constantFrom(...FILTER_POOL) }),
    datacenterAdminsOnly: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map((r) => createRule(r));

export const ruleSetArb: fc.Arbitrary<RuleSet> = fc
  .array(ruleArb, { minLength: 0, maxLength: 5 })
  .map((rules) => ({ ...createRuleSet(), rules: rules.map((r, i) => ({ ...r, name: `r${i + 1}` })) }));

export const ADDRESS_POOL = [
  '10.1.2.3',
  '10.1.2.4',
  '10.0.0.0',
  '9.255.255.255',
  '10.2.0.0',
  '10.2.0.1',
  '10.1.255.255',
  '192.168.0.7',
  '192.168.1.0',
  '2001:db8::1',
  '2001:db9::1',
  '::ffff:10.1.2.3',
  '::ffff:10.2.0.0',
  '::ffff:192.168.0.7',
  '::ffff:192.168.0.8',
  '::1',
  '203.0.113.10',
];

export const connectionArb: fc.Arbitrary<Connection> = fc.record({
  protocol: fc.constantFrom<Protocol>(...PROTOCOL_POOL, 'ExchangeWebServices'),
  authenticationType: fc.constantFrom<AuthenticationType>(...AUTH_POOL, 'AdfsAuthentication'),
  ipAddress: fc.constantFrom(...ADDRESS_POOL),
  port: fc.constant(443),
  user: fc.constantFrom('jeff@contoso.com', 'CONTOSO\\jeff', 'admin@contoso.com', 'bob@fabrikam.com', '', 'jeff', 'a@b', 'contoso.com\\administrator'),
  attributes: fc.record({ Department: fc.constantFrom('IT', 'it', 'HR', 'Ix', ''), City: fc.constantFrom('Paris', 'London') }, { requiredKeys: [] }),
  connectionType: fc.constantFrom<ConnectionType>('EndUser', 'EndUser', 'MiddleTierApp', 'MicrosoftMiddleTierApp'),
});
