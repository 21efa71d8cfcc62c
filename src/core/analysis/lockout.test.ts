import { describe, it, expect } from 'vitest';
import { GUARD_RULE_NAME, canDenyRemotePowerShell, findLockout, guardRule, hasGuardRule, insertGuardRule, isGuardShaped } from './lockout.ts';
import { addRule, createRule, createRuleSet, setRuleEnabled } from '../model/rule-set.ts';
import type { Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet());
}

describe('findLockout', () => {
  it('warns on a deny-all rule without a guard', () => {
    const f = findLockout(setOf({ name: 'Deny all', action: 'DenyAccess' }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ code: 'remote-powershell-lockout', severity: 'warning', priority: 1, ruleName: 'Deny all' });
    expect(f[0]!.message).toMatch(/only Microsoft support can undo/);
    expect(f[0]!.fix).toBe("Insert the 'Always Allow Remote PowerShell' guard rule at priority 1");
  });
  it('warns for deny rules naming RemotePowerShell even with an IP condition', () => {
    expect(findLockout(setOf({ name: 'r', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }))).toHaveLength(1);
  });
  it('ignores rules that cannot deny RemotePowerShell', () => {
    expect(findLockout(setOf({ name: 'a', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }))).toEqual([]);
    expect(findLockout(setOf({ name: 'a', action: 'DenyAccess', exceptAnyOfProtocols: ['RemotePowerShell'] }))).toEqual([]);
    expect(findLockout(setOf({ name: 'a', action: 'AllowAccess' }))).toEqual([]);
    expect(findLockout(setOf({ name: 'a', action: 'DenyAccess', enabled: false }))).toEqual([]);
  });
  it('a guard before the deny protects; after it does not', () => {
    const guarded = insertGuardRule(setOf({ name: 'Deny all', action: 'DenyAccess' }));
    expect(findLockout(guarded)).toEqual([]);
    const late = addRule(setOf({ name: 'Deny all', action: 'DenyAccess' }), guardRule());
    expect(findLockout(late)).toHaveLength(1);
    const disabledGuard = setRuleEnabled(guarded, guarded.rules[0]!.id, false);
    expect(findLockout(disabledGuard)).toHaveLength(1);
  });
  it('a guard with extra conditions does not count', () => {
    const s = setOf({ name: 'g', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }, { name: 'd', action: 'DenyAccess' });
    expect(findLockout(s)).toHaveLength(1);
  });
  it('explains the Server profile differently', () => {
    const f = findLockout({ ...setOf({ name: 'd', action: 'DenyAccess' }), profile: 'ExchangeServer' });
    expect(f[0]!.message).toMatch(/Exchange Management Shell/);
  });
});

describe('guard helpers', () => {
  it('guardRule is the documented rule', () => {
    expect(guardRule()).toMatchObject({ name: GUARD_RULE_NAME, action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'], enabled: true, scope: 'All' });
    expect(isGuardShaped(guardRule())).toBe(true);
    expect(isGuardShaped(createRule({ action: 'AllowAccess', anyOfProtocols: ['OutlookWebApp'] }))).toBe(false);
    expect(canDenyRemotePowerShell(createRule({ action: 'DenyAccess', anyOfProtocols: ['POP3'] }))).toBe(false);
  });
  it('insertGuardRule puts it at 1, once', () => {
    const s = insertGuardRule(setOf({ name: 'a', anyOfProtocols: ['POP3'] }, { name: 'b', action: 'DenyAccess' }));
    expect(s.rules.map((r) => r.name)).toEqual([GUARD_RULE_NAME, 'a', 'b']);
    expect(hasGuardRule(s)).toBe(true);
    expect(insertGuardRule(s)).toBe(s);
  });
  it('moves and enables an existing guard instead of duplicating it', () => {
    let s = addRule(setOf({ name: 'd', action: 'DenyAccess' }), guardRule());
    s = setRuleEnabled(s, s.rules[1]!.id, false);
    const fixed = insertGuardRule(s);
    expect(fixed.rules.map((r) => [r.name, r.enabled])).toEqual([[GUARD_RULE_NAME, true], ['d', true]]);
  });
  it('uses a unique name when the name is taken by another kind of rule', () => {
    const s = insertGuardRule(setOf({ name: GUARD_RULE_NAME, action: 'DenyAccess' }));
    expect(s.rules.map((r) => r.name)).toEqual([`${GUARD_RULE_NAME} (2)`, GUARD_RULE_NAME]);
  });
  it('stays below datacenter-admin rules', () => {
    const s = insertGuardRule(setOf({ name: 'dca', datacenterAdminsOnly: true, action: 'DenyAccess' }));
    expect(s.rules.map((r) => r.name)).toEqual(['dca', GUARD_RULE_NAME]);
  });
  it('hasGuardRule is false without a guard', () => {
    expect(hasGuardRule(createRuleSet())).toBe(false);
  });
});
