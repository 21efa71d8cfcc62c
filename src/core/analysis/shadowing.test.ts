import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findShadowed, shadows } from './shadowing.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import { compileRuleSet, evaluate } from '../evaluator/evaluate.ts';
import type { AuthenticationType, Connection, ConnectionType, Protocol, Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet());
}

function rule(partial: Partial<Rule>): Rule {
  return createRule(partial);
}

describe('findShadowed', () => {
  it('reports a rule below a catch-all rule, as dead when the actions differ', () => {
    const s = setOf({ name: 'Deny all', action: 'DenyAccess' }, { name: 'Allow office', action: 'AllowAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] });
    const f = findShadowed(s);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'shadowed-rule', severity: 'warning', ruleName: 'Allow office', priority: 2, ruleId: s.rules[1]!.id });
    expect(f[0]!.message).toContain("Rule 'Allow office' (priority 2) can never decide: 'Deny all' at priority 1 matches every connection it matches and decides first");
    expect(f[0]!.message).toContain('no conditions and no exceptions');
    expect(f[0]!.message).toMatch(/dead.*probably not happening/);
    expect(f[0]!.fix).toBe("Move it above 'Deny all', narrow 'Deny all' with an exception, or remove it.");
  });

  it('reports a rule whose protocols are a subset as redundant when the actions agree', () => {
    const s = setOf(
      { name: 'Block all OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp', 'POP3'] },
      { name: 'Block POP', action: 'DenyAccess', anyOfProtocols: ['POP3'], anyOfClientIPAddressesOrRanges: ['10.0.0.1'] },
    );
    const f = findShadowed(s);
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain("'Block all OWA' at priority 1");
    expect(f[0]!.message).toContain('(Protocols)');
    expect(f[0]!.message).toMatch(/redundant/);
  });

  it('reports IP containment for IPv4 and IPv6 CIDR blocks and ranges', () => {
    const a = rule({ name: 'a', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '2001:db8::/32'] });
    expect(shadows(a, rule({ anyOfClientIPAddressesOrRanges: ['10.1.0.0/16'] }))).toBe(true);
    expect(shadows(a, rule({ anyOfClientIPAddressesOrRanges: ['10.1.2.3', '10.255.0.0-10.255.255.255'] }))).toBe(true);
    expect(shadows(a, rule({ anyOfClientIPAddressesOrRanges: ['2001:db8:1::/48'] }))).toBe(true);
    expect(shadows(a, rule({ anyOfClientIPAddressesOrRanges: ['2001:db8:1::/48', '10.0.0.0/8'] }))).toBe(true);
    expect(shadows(a, rule({ anyOfClientIPAddressesOrRanges: ['2001:db9::/48'] }))).toBe(false);
    expect(shadows(a, rule({ anyOfClientIPAddressesOrRanges: ['10.0.0.0/7'] }))).toBe(false);
    expect(shadows(a, rule({ anyOfClientIPAddressesOrRanges: ['10.1.0.0/16', 'not-an-ip'] }))).toBe(false);
    expect(shadows(a, rule({}))).toBe(false);
    // Adjacent blocks of A together cover a block that straddles them.
    const split = rule({ anyOfClientIPAddressesOrRanges: ['10.0.0.0/9', '10.128.0.0/9'] });
    expect(shadows(split, rule({ anyOfClientIPAddressesOrRanges: ['10.100.0.0-10.200.0.0'] }))).toBe(true);
  });

  it('matches username patterns by equality or an all-star pattern', () => {
    const a = rule({ usernameMatchesAnyOfPatterns: ['contoso.com\\jeff'] });
    expect(shadows(a, rule({ usernameMatchesAnyOfPatterns: ['CONTOSO.COM\\Jeff'] }))).toBe(true);
    expect(shadows(a, rule({ usernameMatchesAnyOfPatterns: ['contoso.com\\jeff', 'contoso.com\\bob'] }))).toBe(false);
    expect(shadows(a, rule({ usernameMatchesAnyOfPatterns: ['contoso.com\\jeff*'] }))).toBe(false);
    expect(shadows(rule({ usernameMatchesAnyOfPatterns: ['**'] }), rule({ usernameMatchesAnyOfPatterns: ['x\\y'] }))).toBe(true);
  });

  it('compares filters as trimmed text, ignoring case', () => {
    const a = rule({ userRecipientFilter: "Department -eq 'Sales'" });
    expect(shadows(a, rule({ userRecipientFilter: "  department -EQ 'sales' " }))).toBe(true);
    expect(shadows(a, rule({ userRecipientFilter: "Department -eq 'IT'" }))).toBe(false);
    expect(shadows(rule({ userRecipientFilter: "Department -eq 'a`nb'" }), rule({ userRecipientFilter: "Department -eq 'a`Nb'" }))).toBe(false);
  });

  it('does not report when A has a filter B lacks, or a filter that does not parse', () => {
    expect(shadows(rule({ userRecipientFilter: "Department -eq 'Sales'" }), rule({ anyOfProtocols: ['POP3'] }))).toBe(false);
    expect(shadows(rule({ userRecipientFilter: 'Department -eq' }), rule({ userRecipientFilter: 'Department -eq' }))).toBe(false);
    expect(shadows(rule({ userRecipientFilter: '{ }' }), rule({ anyOfProtocols: ['POP3'] }))).toBe(true);
  });

  it('does not report when A has an exception', () => {
    for (const except of [
      { exceptAnyOfProtocols: ['POP3'] as Protocol[] },
      { exceptAnyOfAuthenticationTypes: ['OAuthAuthentication'] as AuthenticationType[] },
      { exceptAnyOfClientIPAddressesOrRanges: ['192.168.0.0/16'] },
      { exceptUsernameMatchesAnyOfPatterns: ['*\\admin'] },
    ]) {
      expect(findShadowed(setOf({ name: 'a', action: 'DenyAccess', ...except }, { name: 'b', anyOfProtocols: ['OutlookWebApp'] }))).toEqual([]);
    }
  });

  it('does not report when A is disabled, but reports a disabled B', () => {
    expect(findShadowed(setOf({ name: 'a', action: 'DenyAccess', enabled: false }, { name: 'b' }))).toEqual([]);
    expect(findShadowed(setOf({ name: 'a', action: 'DenyAccess' }, { name: 'b', enabled: false }))).toHaveLength(1);
  });

  it('respects scope: A Users does not cover B All, A All covers B Users', () => {
    expect(findShadowed(setOf({ name: 'a', scope: 'Users' }, { name: 'b', scope: 'All', action: 'DenyAccess' }))).toEqual([]);
    expect(findShadowed(setOf({ name: 'a', scope: 'Users' }, { name: 'b', scope: 'Users', action: 'DenyAccess' }))).toHaveLength(1);
    expect(findShadowed(setOf({ name: 'a', scope: 'All' }, { name: 'b', scope: 'Users', action: 'DenyAccess' }))).toHaveLength(1);
  });

  it('does not report when B uses a protocol or authentication type A does not', () => {
    expect(findShadowed(setOf({ name: 'a', anyOfProtocols: ['OutlookWebApp'] }, { name: 'b', anyOfProtocols: ['OutlookWebApp', 'POP3'] }))).toEqual([]);
    expect(findShadowed(setOf({ name: 'a', anyOfProtocols: ['OutlookWebApp'] }, { name: 'b' }))).toEqual([]);
    expect(
      findShadowed(
        setOf(
          { name: 'a', anyOfProtocols: ['POP3'], anyOfAuthenticationTypes: ['BasicAuthentication'] },
          { name: 'b', anyOfProtocols: ['POP3'], anyOfAuthenticationTypes: ['BasicAuthentication', 'OAuthAuthentication'] },
        ),
      ),
    ).toEqual([]);
  });

  it('skips datacenter-admin rules on both sides', () => {
    expect(findShadowed(setOf({ name: 'dc', datacenterAdminsOnly: true }, { name: 'b' }))).toEqual([]);
    expect(findShadowed(setOf({ name: 'a' }, { name: 'dc', datacenterAdminsOnly: true }))).toEqual([]);
  });

  it('reports only the first shadowing rule, and only rules below it', () => {
    const s = setOf({ name: 'first', anyOfProtocols: ['POP3', 'IMAP4'] }, { name: 'second' }, { name: 'third', anyOfProtocols: ['POP3'] });
    const f = findShadowed(s);
    expect(f.map((x) => [x.ruleName, x.priority])).toEqual([['third', 3]]);
    expect(f[0]!.message).toContain("'first' at priority 1");
    // 'second' catches everything, so it shadows 'third' too, but 'first' comes first.
    expect(findShadowed(setOf({ name: 'b', anyOfProtocols: ['POP3'] }, { name: 'a' }))).toEqual([]);
  });
});

const PROTOCOL_POOL: Protocol[] = ['OutlookWebApp', 'POP3', 'IMAP4', 'RemotePowerShell'];
const AUTH_POOL: AuthenticationType[] = ['BasicAuthentication', 'OAuthAuthentication', 'AdfsAuthentication'];
const IP_POOL = [
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.1.2.3',
  '10.0.0.0-10.0.255.255',
  '10.1.255.255-10.2.0.0',
  '10.128.0.0/9',
  '192.168.0.0/24',
  '2001:db8::/32',
  '2001:db8:1::/48',
  '::ffff:0:0/96',
  '::ffff:10.1.2.3',
  'bogus',
  '11.0.0.0/8',
];
const USER_POOL = ['*', '**', 'contoso.com\\jeff', 'CONTOSO.COM\\JEFF', '*\\jeff*', 'contoso.com\\*', '', 'contoso\\jeff'];
const FILTER_POOL = [
  '',
  '{ }',
  "Department -eq 'Sales'",
  " department -EQ 'sales'",
  "Department -eq 'IT'",
  'Department -eq',
  "City -like 'Lon*'",
  "Department -eq 'a`nb'",
  "Department -eq 'a`Nb'",
];

function sub<T>(pool: readonly T[], weightEmpty: number): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: weightEmpty, arbitrary: fc.constant<T[]>([]) },
    { weight: 3, arbitrary: fc.subarray([...pool], { minLength: 1, maxLength: 3 }) },
  );
}

function ruleArb(exceptionWeight: number): fc.Arbitrary<Rule> {
  return fc
    .record({
      action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
      enabled: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      scope: fc.constantFrom('All' as const, 'Users' as const),
      anyOfProtocols: sub(PROTOCOL_POOL, 3),
      exceptAnyOfProtocols: sub(PROTOCOL_POOL, exceptionWeight),
      anyOfAuthenticationTypes: sub(AUTH_POOL, 4),
      exceptAnyOfAuthenticationTypes: sub(AUTH_POOL, exceptionWeight),
      anyOfClientIPAddressesOrRanges: sub(IP_POOL, 3),
      exceptAnyOfClientIPAddressesOrRanges: sub(IP_POOL, exceptionWeight),
      usernameMatchesAnyOfPatterns: sub(USER_POOL, 4),
      exceptUsernameMatchesAnyOfPatterns: sub(USER_POOL, exceptionWeight),
      userRecipientFilter: fc.constantFrom(...FILTER_POOL),
      datacenterAdminsOnly: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map((r) => createRule(r));
}

const connectionArb: fc.Arbitrary<Connection> = fc.record({
  protocol: fc.constantFrom<Protocol>(...PROTOCOL_POOL, 'ExchangeWebServices'),
  authenticationType: fc.constantFrom<AuthenticationType>(...AUTH_POOL, 'NonBasicAuthentication'),
  ipAddress: fc.constantFrom(
    '10.1.2.3',
    '10.0.0.1',
    '10.2.0.0',
    '10.200.1.1',
    '192.168.0.5',
    '2001:db8:1::5',
    '2001:db8:2::1',
    '::ffff:10.1.2.3',
    '::ffff:192.168.0.5',
    'not-an-ip',
    '11.1.1.1',
  ),
  port: fc.constant(443),
  user: fc.constantFrom('jeff@contoso.com', 'CONTOSO\\jeff', 'bob@fabrikam.com', '', 'jeffrey@contoso.com'),
  attributes: fc.record({ Department: fc.constantFrom('Sales', 'IT', 'aNb', 'a\nb'), City: fc.constantFrom('London', 'Paris') }, { requiredKeys: [] }),
  connectionType: fc.constantFrom<ConnectionType>('EndUser', 'EndUser', 'MiddleTierApp', 'MicrosoftMiddleTierApp'),
});

/** B built from A: mostly A's own values (so shadowing is common), sometimes one more from the pool. */
function derivedArb(a: Rule): fc.Arbitrary<Rule> {
  const near = <T>(values: readonly T[], pool: readonly T[]): fc.Arbitrary<T[]> =>
    values.length === 0
      ? sub(pool, 2)
      : fc.tuple(fc.subarray([...values], { minLength: 1 }), fc.oneof({ weight: 4, arbitrary: fc.constant<T[]>([]) }, { weight: 1, arbitrary: sub(pool, 0) })).map(
          ([own, extra]) => [...own, ...extra],
        );
  return fc
    .tuple(
      ruleArb(2),
      near(a.anyOfProtocols, PROTOCOL_POOL),
      near(a.anyOfAuthenticationTypes, AUTH_POOL),
      near(a.anyOfClientIPAddressesOrRanges, IP_POOL),
      near(a.usernameMatchesAnyOfPatterns, USER_POOL),
      fc.oneof({ weight: 3, arbitrary: fc.constant(a.userRecipientFilter) }, { weight: 1, arbitrary: fc.constantFrom(...FILTER_POOL) }),
    )
    .map(([b, anyOfProtocols, anyOfAuthenticationTypes, anyOfClientIPAddressesOrRanges, usernameMatchesAnyOfPatterns, userRecipientFilter]) => ({
      ...b,
      anyOfProtocols,
      anyOfAuthenticationTypes,
      anyOfClientIPAddressesOrRanges,
      usernameMatchesAnyOfPatterns,
      userRecipientFilter,
    }));
}

const pairArb: fc.Arbitrary<[Rule, Rule]> = ruleArb(12).chain((a) =>
  fc.oneof(fc.tuple(fc.constant(a), ruleArb(2)), fc.tuple(fc.constant(a), derivedArb(a))),
);

describe('shadowing soundness (property)', () => {
  it('whenever B is reported as shadowed by A, no connection matches B but not A', () => {
    let reported = 0;
    fc.assert(
      fc.property(pairArb, fc.array(connectionArb, { minLength: 20, maxLength: 20 }), ([a, b], connections) => {
        const set: RuleSet = { profile: 'ExchangeOnline', rules: [a, b], tests: [] };
        const findings = findShadowed(set);
        if (findings.length === 0) return true;
        reported++;
        expect(findings).toHaveLength(1);
        expect(findings[0]!.ruleId).toBe(b.id);
        const compiled = compileRuleSet(set);
        for (const c of connections) {
          const trace = evaluate(compiled, c).trace;
          const ta = trace.find((t) => t.ruleId === a.id)!;
          const tb = trace.find((t) => t.ruleId === b.id)!;
          if (tb.matches && !ta.matches) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
    // The generators must actually produce shadowed pairs, or the property proves nothing.
    expect(reported).toBeGreaterThan(100);
  });
});

describe('findShadowed with its quick pre-checks (issue 13: linear-time lint)', () => {
  it('names the same first shadowing rule as the plain pairwise check, for any rule set', () => {
    fc.assert(
      fc.property(fc.array(ruleArb(6), { maxLength: 12 }), (rules) => {
        const set = rules.reduce<RuleSet>((s, r) => addRule(s, r), createRuleSet());
        const expected = set.rules.flatMap((b, index) => {
          const first = set.rules.slice(0, index).findIndex((a) => shadows(a, b));
          return first >= 0 ? [`${index + 1}<-${first + 1}`] : [];
        });
        const actual = findShadowed(set).map((f) => `${f.priority}<-${/' at priority (\d+) matches/.exec(f.message)?.[1] ?? '?'}`);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
