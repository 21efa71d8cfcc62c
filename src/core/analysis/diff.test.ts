import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { diffPolicies } from './diff.ts';
import { connectionArb, ruleSetArb } from '../../test-support/analysis-arbitraries.ts';
import { addRule, createRule, createRuleSet, moveRule } from '../model/rule-set.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import type { Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet());
}

describe('diffPolicies', () => {
  it('nothing flips between equal policies written differently', () => {
    const a = setOf({ name: 'x', action: 'DenyAccess', anyOfProtocols: ['POP3', 'IMAP4'] });
    const b = setOf({ name: 'y', action: 'DenyAccess', anyOfProtocols: ['IMAP4'] }, { name: 'z', action: 'DenyAccess', anyOfProtocols: ['POP3'] });
    expect(diffPolicies(a, b).flips).toEqual([]);
  });

  it('describes a new deny rule in an admin’s words', () => {
    const before = setOf({ name: 'Allow admins', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] });
    const after = addRule(before, createRule({ name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'], usernameMatchesAnyOfPatterns: ['*\\admin*'] }));
    const d = diffPolicies(before, after);
    expect(d.flips).toHaveLength(1);
    const f = d.flips[0]!;
    expect(f).toMatchObject({ from: 'AllowAccess', to: 'DenyAccess', fromRule: null, toRule: 'Block RPS' });
    expect(f.description).toContain('RPS');
    expect(f.description).toContain('users matching `*\\admin*`');
    expect(f.description).toContain("allowed (no rule matches) → denied by 'Block RPS'");
    expect(f.description).toContain('0.0.0.0–192.168.9.255');
    expect(evaluate(after, f.example).action).toBe('DenyAccess');
    expect(evaluate(before, f.example).action).toBe('AllowAccess');
  });

  it('a reorder that changes access is reported', () => {
    const s = setOf({ name: 'Allow office', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }, { name: 'Deny all', action: 'DenyAccess' });
    const d = diffPolicies(s, moveRule(s, s.rules[1]!.id, 1));
    expect(d.flips.map((f) => [f.fromRule, f.toRule])).toEqual([['Allow office', 'Deny all']]);
  });

  it('agrees with brute force (property): examples flip, and no unreported connection flips', () => {
    fc.assert(
      fc.property(ruleSetArb, ruleSetArb, fc.array(connectionArb, { maxLength: 25 }), (a, b, connections) => {
        const d = diffPolicies(a, b);
        for (const f of d.flips) {
          expect(evaluate(a, f.example).action).toBe(f.from);
          expect(evaluate(b, f.example).action).toBe(f.to);
        }
        for (const c of connections) {
          const x = evaluate(a, c);
          const y = evaluate(b, c);
          if (x.action !== y.action) {
            expect(d.flips.some((f) => f.fromRule === x.matchedRule && f.toRule === y.matchedRule)).toBe(true);
          }
        }
        if (d.flips.length === 0) for (const c of connections) expect(evaluate(a, c).action).toBe(evaluate(b, c).action);
      }),
      { numRuns: 150 },
    );
  });
});
