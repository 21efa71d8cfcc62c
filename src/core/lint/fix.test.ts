import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import type { Rule, RuleSet } from '../model/types.ts';
import { LINT_CODES, isLintCode } from './codes.ts';
import { applyFix, describeFix } from './fix.ts';
import { lintRuleSet } from './lint.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce<RuleSet>((s, r) => addRule(s, createRule(r)), createRuleSet());
}

const codesOf = (set: RuleSet) => lintRuleSet(set).map((f) => f.code);

describe('applyFix: the fixes core applies (issue 11)', () => {
  it('each offered fix removes its finding', () => {
    const cases: [RuleSet, string][] = [
      [setOf({ name: 'Deny all', action: 'DenyAccess' }), 'remote-powershell-lockout'],
      [setOf({ name: 'J', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], usernameMatchesAnyOfPatterns: ['jeff*'] }), 'jeff-star-pattern'],
      [setOf({ name: 'Wide', action: 'DenyAccess', anyOfProtocols: ['POP3', 'IMAP4'] }, { name: 'Narrow', action: 'AllowAccess', anyOfProtocols: ['POP3'] }), 'shadowed-rule'],
      [setOf({ name: 'A', anyOfProtocols: ['POP3'] }, { name: 'a', anyOfProtocols: ['IMAP4'] }), 'duplicate-name'],
    ];
    for (const [set, code] of cases) {
      const finding = lintRuleSet(set).find((f) => f.code === code);
      expect(finding, code).toBeDefined();
      expect(describeFix(set, finding!)).not.toBeNull();
      const fixed = applyFix(set, finding!);
      expect(codesOf(fixed)).not.toContain(code);
    }
  });

  it('a finding without a fix, or one whose rule is gone, changes nothing', () => {
    const set = setOf({ name: 'x', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['300.1.1.1'], anyOfProtocols: ['POP3'] });
    const finding = lintRuleSet(set).find((f) => f.code === 'invalid-ip')!;
    expect(describeFix(set, finding)).toBeNull();
    expect(applyFix(set, finding)).toBe(set);
    expect(applyFix(createRuleSet(), { code: 'jeff-star-pattern', severity: 'warning', ruleId: 'gone', field: 'usernameMatchesAnyOfPatterns', value: 'jeff*', message: '' })).toEqual(createRuleSet());
  });

  it('every code the linter emits is in the typed list', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.constantFrom('A', 'a', 'B', ''),
            action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
            anyOfProtocols: fc.subarray(['RemotePowerShell', 'POP3', 'UniversalOutlook', 'ExchangeAdminCenter'] as const).map((p) => [...p]),
            usernameMatchesAnyOfPatterns: fc.subarray(['jeff*', '*\\x']).map((p) => [...p]),
            anyOfClientIPAddressesOrRanges: fc.subarray(['300.1.1.1', '10.0.0.0/8']).map((p) => [...p]),
          }),
          { maxLength: 5 },
        ),
        (rules) => {
          for (const f of lintRuleSet(setOf(...rules))) expect(isLintCode(f.code)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
    expect(new Set(LINT_CODES).size).toBe(LINT_CODES.length);
  });
});
