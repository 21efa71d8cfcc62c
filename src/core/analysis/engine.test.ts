import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { analyzePolicy, regionExample, regionOf } from './engine.ts';
import { connectionArb, ruleSetArb } from '../../test-support/analysis-arbitraries.ts';
import { addRule, createRule, createRuleSet, removeRule, updateRule } from '../model/rule-set.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import type { Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet());
}

describe('analyzePolicy', () => {
  it('an empty rule set allows everything', () => {
    const a = analyzePolicy(createRuleSet());
    expect([...a.regions].every((r) => r.action === 'AllowAccess')).toBe(true);
    expect(a.complete).toBe(true);
  });

  it('finds a rule that two earlier rules take together', () => {
    const s = setOf(
      { name: 'Deny 10/9', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/9'] },
      { name: 'Allow 10.128/9', action: 'AllowAccess', anyOfClientIPAddressesOrRanges: ['10.128.0.0/9'] },
      { name: 'Deny 10/8 POP', action: 'DenyAccess', anyOfProtocols: ['POP3'], anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] },
    );
    const a = analyzePolicy(s);
    expect(a.rules[2]).toMatchObject({ decides: false, redundant: true });
    expect(a.rules[2]!.shadowedBy).toEqual([s.rules[0]!.id, s.rules[1]!.id]);
    expect(a.rules[0]!.decides).toBe(true);
  });

  it('a wider wildcard pattern shadows a narrower one', () => {
    const s = setOf(
      { name: 'Block admins', action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['*\\admin*'] },
      { name: 'Block contoso admins', action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['contoso.com\\admin1*'] },
    );
    expect(analyzePolicy(s).rules[1]).toMatchObject({ decides: false });
  });

  it('filters that cannot both hold do not make a region', () => {
    const s = setOf(
      { name: 'IT', action: 'DenyAccess', userRecipientFilter: "Department -eq 'IT'" },
      { name: 'IT and HR', action: 'AllowAccess', userRecipientFilter: "Department -eq 'HR'" },
      { name: 'Never', action: 'DenyAccess', userRecipientFilter: "Department -eq 'IT' -and Department -eq 'HR'" },
    );
    const a = analyzePolicy(s);
    expect(a.rules[2]!.decides).toBe(false);
    expect(a.rules[2]!.shadowedBy).toEqual([]);
    expect(a.rules[1]!.decides).toBe(true);
  });

  it('reports an exception that changes no outcome, and keeps one that does', () => {
    const s = setOf(
      { name: 'Deny POP except office', action: 'DenyAccess', anyOfProtocols: ['POP3'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'], exceptAnyOfProtocols: ['OutlookWebApp'] },
    );
    const a = analyzePolicy(s);
    expect(a.rules[0]!.deadExceptions).toEqual(['exceptAnyOfProtocols']);
  });

  it('an exception is dead when a later rule decides the same way', () => {
    const s = setOf(
      { name: 'Deny POP except office', action: 'DenyAccess', anyOfProtocols: ['POP3'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] },
      { name: 'Deny POP', action: 'DenyAccess', anyOfProtocols: ['POP3'] },
    );
    const a = analyzePolicy(s);
    expect(a.rules[0]!.deadExceptions).toEqual(['exceptAnyOfClientIPAddressesOrRanges']);
    expect(a.rules[0]!.redundant).toBe(true);
    expect(a.rules[1]!.redundant).toBe(false);
  });

  it('IPv4 values also cover IPv4-mapped IPv6 addresses', () => {
    const s = setOf({ name: 'Deny 10/8', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] });
    const a = analyzePolicy(s);
    const r = regionOf(a, { protocol: 'POP3', authenticationType: 'BasicAuthentication', ipAddress: '::ffff:10.9.9.9', port: 1, user: 'x', attributes: {}, connectionType: 'EndUser' });
    expect(a.regions.get(r!).action).toBe('DenyAccess');
  });

  it('stays small for a realistic profile', () => {
    const s = setOf(
      { name: 'Always Allow Remote PowerShell', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] },
      { name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] },
      { name: 'Block EAC outside', action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'], exceptAnyOfClientIPAddressesOrRanges: ['192.168.0.0/16'] },
    );
    expect(analyzePolicy(s).regions.length).toBeLessThan(100);
  });
});

describe('analyzePolicy agrees with evaluate (property)', () => {
  it('each region example is decided as the region says', () => {
    fc.assert(
      fc.property(ruleSetArb, (set) => {
        const a = analyzePolicy(set);
        const step = Math.max(1, Math.floor(a.regions.length / 150));
        for (const region of [...a.regions].filter((_, i) => i % step === 0 || i === a.regions.length - 1)) {
          const d = evaluate(set, regionExample(a, region));
          expect(d.action).toBe(region.action);
          expect(d.matchedRuleId).toBe(region.ruleIndex === null ? null : set.rules[region.ruleIndex]!.id);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('random connections fall in a region with the same decision', () => {
    fc.assert(
      fc.property(ruleSetArb, fc.array(connectionArb, { minLength: 1, maxLength: 20 }), (set, connections) => {
        const a = analyzePolicy(set);
        expect(a.complete).toBe(true);
        for (const c of connections) {
          const r = regionOf(a, c);
          expect(r).not.toBeNull();
          const d = evaluate(set, c);
          expect(a.regions.get(r!).action).toBe(d.action);
          expect(a.regions.get(r!).ruleIndex === null ? null : set.rules[a.regions.get(r!).ruleIndex!]!.id).toBe(d.matchedRuleId);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('rule facts agree with brute force: witnesses flip, claims hold on random connections', () => {
    fc.assert(
      fc.property(ruleSetArb, fc.array(connectionArb, { minLength: 1, maxLength: 25 }), (set, connections) => {
        const a = analyzePolicy(set);
        set.rules.forEach((rule, i) => {
          const facts = a.rules[i]!;
          if (!facts.live) return;
          const without = removeRule(set, rule.id);
          if (facts.decides) {
            expect(evaluate(set, facts.decidesExample!).matchedRuleId).toBe(rule.id);
          } else {
            for (const c of connections) expect(evaluate(set, c).matchedRuleId).not.toBe(rule.id);
          }
          if (facts.redundant) {
            for (const c of connections) expect(evaluate(without, c).action).toBe(evaluate(set, c).action);
          } else {
            const c = facts.removalExample!;
            expect(evaluate(without, c).action).not.toBe(evaluate(set, c).action);
          }
          for (const field of ['exceptAnyOfProtocols', 'exceptAnyOfAuthenticationTypes', 'exceptAnyOfClientIPAddressesOrRanges', 'exceptUsernameMatchesAnyOfPatterns'] as const) {
            if (rule[field].length === 0) continue;
            const cleared = updateRule(set, rule.id, { [field]: [] });
            if (facts.deadExceptions.includes(field)) {
              for (const c of connections) expect(evaluate(cleared, c).action).toBe(evaluate(set, c).action);
            } else {
              const c = facts.exceptionExamples[field]!;
              expect(evaluate(cleared, c).action).not.toBe(evaluate(set, c).action);
            }
          }
          for (const earlier of facts.shadowedBy) {
            expect(earlier).not.toBe(rule.id);
            expect(set.rules.find((r) => r.id === earlier)?.enabled).toBe(true);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
