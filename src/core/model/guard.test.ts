import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../evaluator/evaluate.ts';
import { createRule, createRuleSet, replaceRules } from './rule-set.ts';
import { adminPathProtocols, canDenyAdminPath, canDenyRemotePowerShell, letsRemotePowerShellThrough, protectsAdminPath } from './guard.ts';
import { AUTHENTICATION_TYPES, PROTOCOLS, type AdminPath, type Protocol, type Rule } from './types.ts';

const protocols = fc.uniqueArray(fc.constantFrom(...PROTOCOLS), { maxLength: 4 });
const ruleArb = fc
  .record({
    action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
    enabled: fc.boolean(),
    datacenterAdminsOnly: fc.boolean(),
    anyOfProtocols: protocols,
    exceptAnyOfProtocols: protocols,
    anyOfClientIPAddressesOrRanges: fc.constantFrom<string[]>([], ['10.0.0.0/8']),
    usernameMatchesAnyOfPatterns: fc.constantFrom<string[]>([], ['contoso.com\\admin']),
  })
  .map((partial) => createRule({ ...partial, name: 'R' }));
const pathArb = fc.option(
  protocols.map((p): AdminPath => ({ protocols: p, addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] })),
  { nil: undefined },
);

/**
 * Brute force: the rule, stripped of every condition but its protocols and made enabled, decides some
 * connection with one of the protocols (any authentication type) in the evaluator.
 */
function canMatchProtocolOf(rule: Rule, wanted: readonly Protocol[]): boolean {
  const bare = createRule({ name: 'R', action: rule.action, anyOfProtocols: rule.anyOfProtocols, exceptAnyOfProtocols: rule.exceptAnyOfProtocols });
  const set = replaceRules(createRuleSet(), [bare]);
  return wanted.some((protocol) =>
    AUTHENTICATION_TYPES.some(
      (authenticationType) =>
        evaluate(set, { protocol, authenticationType, ipAddress: '203.0.113.1', port: 443, user: 'a@contoso.com', attributes: {}, connectionType: 'EndUser' }).matchedRule === 'R',
    ),
  );
}

describe('protectsAdminPath / canDenyAdminPath', () => {
  it('agree with the evaluator on the protocols of the path plus Remote PowerShell (property)', () => {
    fc.assert(
      fc.property(ruleArb, pathArb, (rule, path) => {
        const reachable = canMatchProtocolOf(rule, [...(path?.protocols ?? []), 'RemotePowerShell']);
        expect(protectsAdminPath(rule, path)).toBe(rule.enabled && !rule.datacenterAdminsOnly && rule.action === 'AllowAccess' && reachable);
        expect(canDenyAdminPath(rule, path)).toBe(rule.enabled && rule.action === 'DenyAccess' && reachable);
        expect(protectsAdminPath(rule, undefined)).toBe(letsRemotePowerShellThrough(rule));
        expect(canDenyAdminPath(rule, undefined)).toBe(canDenyRemotePowerShell(rule));
      }),
      { numRuns: 400 },
    );
  });

  it('counts an Exchange admin center allow rule only when the path declares the admin center', () => {
    const eac = createRule({ name: 'EAC from the office', action: 'AllowAccess', anyOfProtocols: ['ExchangeAdminCenter'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] });
    const path: AdminPath = { protocols: ['ExchangeAdminCenter'], addresses: [], users: [] };
    expect(protectsAdminPath(eac, path)).toBe(true);
    expect(protectsAdminPath(eac, undefined)).toBe(false);
    expect(protectsAdminPath(eac, { ...path, protocols: ['RemotePowerShell'] })).toBe(false);
    expect(adminPathProtocols(path)).toEqual(['RemotePowerShell', 'ExchangeAdminCenter']);
  });
});
