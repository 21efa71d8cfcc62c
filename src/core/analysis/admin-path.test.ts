import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { adminGuardRule, adminPathFromRule, proveAdminPath, ruleCoversAdminPath } from './admin-path.ts';
import { ruleSetArb } from '../../test-support/analysis-arbitraries.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import type { AdminPath, Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet());
}

const PATH: AdminPath = { protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: { Department: 'IT' } }] };

describe('proveAdminPath', () => {
  it('proves the lockdown with an admin-scoped allow rule', () => {
    const s = setOf(
      { name: 'Allow admin workstation', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] },
      { name: 'Block RPS except admins', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] },
    );
    expect(proveAdminPath(s, PATH)).toMatchObject({ proven: true, counterexample: null });
  });

  it('finds the counterexample when the allow rule misses part of the path', () => {
    const s = setOf(
      { name: 'Allow admin workstation', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/25'] },
      { name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] },
    );
    const p = proveAdminPath(s, PATH);
    expect(p.proven).toBe(false);
    expect(p.deniedBy).toBe('Block RPS');
    expect(p.counterexample).toMatchObject({ protocol: 'RemotePowerShell', ipAddress: '192.168.10.128', user: 'admin@contoso.com' });
    expect(evaluate(s, p.counterexample!).action).toBe('DenyAccess');
  });

  it('an exception for the admins counts too, and filters see the admin attributes', () => {
    const s = setOf({ name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'], userRecipientFilter: "Department -ne 'IT'" });
    expect(proveAdminPath(s, PATH).proven).toBe(true);
    expect(proveAdminPath(s, { ...PATH, users: [{ user: 'admin@contoso.com', attributes: {} }] }).proven).toBe(false);
  });

  it('the scoped guard proves the path and does not reopen it to others', () => {
    const s = setOf({ name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] });
    const fixed = addRule(s, adminGuardRule(s, PATH), 1);
    expect(proveAdminPath(fixed, PATH).proven).toBe(true);
    expect(evaluate(fixed, { protocol: 'RemotePowerShell', authenticationType: 'BasicAuthentication', ipAddress: '203.0.113.5', port: 443, user: 'admin@contoso.com', attributes: {}, connectionType: 'EndUser' }).action).toBe('DenyAccess');
    expect(evaluate(fixed, { protocol: 'RemotePowerShell', authenticationType: 'BasicAuthentication', ipAddress: '192.168.10.5', port: 443, user: 'eve@contoso.com', attributes: {}, connectionType: 'EndUser' }).action).toBe('DenyAccess');
  });

  it('an empty path proves nothing and says why', () => {
    expect(proveAdminPath(createRuleSet(), { protocols: [], addresses: [], users: [] })).toMatchObject({ proven: false, problems: ['The admin path names no protocol.', 'The admin path names no admin account.'] });
  });

  it('agrees with brute force (property)', () => {
    const path: AdminPath = { protocols: ['RemotePowerShell', 'ExchangeAdminCenter'], addresses: ['10.1.0.0/16', '2001:db8::/32'], users: [{ user: 'admin@contoso.com', attributes: { Department: 'IT' } }, { user: 'CONTOSO\\jeff', attributes: {} }] };
    const probes = ['10.1.0.0', '10.1.2.3', '10.1.2.4', '10.1.255.255', '2001:db8::1', '2001:db8:ffff::'];
    fc.assert(
      fc.property(ruleSetArb, (set) => {
        const p = proveAdminPath(set, path);
        if (p.proven) {
          for (const protocol of path.protocols)
            for (const authenticationType of protocol === 'RemotePowerShell' ? (['BasicAuthentication', 'NonBasicAuthentication'] as const) : (['AdfsAuthentication', 'BasicAuthentication'] as const))
              for (const u of path.users)
                for (const ipAddress of probes)
                  expect(evaluate(set, { protocol, authenticationType, ipAddress, port: 443, user: u.user, attributes: u.attributes, connectionType: 'EndUser' }).action).toBe('AllowAccess');
        } else {
          expect(evaluate(set, p.counterexample!).action).toBe('DenyAccess');
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('admin path from a rule, and whether a rule covers it', () => {
  it('reads the admin protocols, addresses and exact accounts off an allow rule', () => {
    const rule = createRule({
      anyOfProtocols: ['RemotePowerShell', 'OutlookWebApp'],
      anyOfClientIPAddressesOrRanges: ['192.168.10.0/24', 'bogus'],
      usernameMatchesAnyOfPatterns: ['contoso.com\\admin', '*\\ops-*'],
    });
    expect(adminPathFromRule(rule)).toEqual({ protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'contoso.com\\admin', attributes: {} }] });
    expect(adminPathFromRule(createRule({ exceptAnyOfProtocols: ['ExchangeAdminCenter'] })).protocols).toEqual(['RemotePowerShell']);
  });

  it('a rule scoped to the admin network covers a path inside it, not one outside it', () => {
    const rule = createRule({ anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.0.0/16'] });
    expect(ruleCoversAdminPath(rule, PATH).covered).toBe(true);
    const wider = { ...PATH, addresses: ['192.168.0.0/15'] };
    const r = ruleCoversAdminPath(rule, wider);
    expect(r.covered).toBe(false);
    expect(r.uncovered?.ipAddress).toMatch(/^192\.169\./);
    expect(ruleCoversAdminPath(createRule({ ...rule, exceptUsernameMatchesAnyOfPatterns: ['contoso.com\\admin'] }), PATH).covered).toBe(false);
  });

  it('the path read off a rule is covered by that rule (property)', () => {
    fc.assert(
      fc.property(ruleSetArb, (set) => {
        for (const rule of set.rules) {
          if (rule.action !== 'AllowAccess') continue;
          const path = adminPathFromRule(rule);
          if (path.protocols.length === 0 || path.users.length === 0 || rule.anyOfClientIPAddressesOrRanges.some((a) => a === 'bogus')) continue;
          const plain = createRule({ ...rule, anyOfAuthenticationTypes: [], exceptAnyOfAuthenticationTypes: [], exceptAnyOfClientIPAddressesOrRanges: [], exceptUsernameMatchesAnyOfPatterns: [], userRecipientFilter: '', usernameMatchesAnyOfPatterns: path.users.map((u) => u.user) });
          expect(ruleCoversAdminPath(plain, path).covered).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
