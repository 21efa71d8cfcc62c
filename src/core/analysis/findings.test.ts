import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { applyAnalysisFix, findingKey } from './findings.ts';
import { ruleSetArb } from '../../test-support/analysis-arbitraries.ts';
import { lintRuleSet } from '../lint/lint.ts';
import { insertGuardRule } from './lockout.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import type { AdminPath, Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet('ExchangeServer'));
}

const PATH: AdminPath = { protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] };
const codes = (s: RuleSet) => lintRuleSet(s).map((f) => `${f.code}:${f.ruleName ?? ''}`);

describe('exact findings in the linter', () => {
  it('the admin-scoped lockdown gets no lockout warning once the admin path is declared', () => {
    const s = setOf(
      { name: 'Allow admin workstation', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] },
      { name: 'Block RPS except admins', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] },
    );
    expect(codes(s)).toContain('remote-powershell-lockout:Block RPS except admins');
    expect(lintRuleSet(s).find((f) => f.code === 'remote-powershell-lockout')!.message).toMatch(/declare the admin path/);
    const declared = { ...s, adminPath: PATH };
    expect(codes(declared).filter((c) => c.includes('lockout'))).toEqual([]);
  });

  it('a broken admin path gets a counterexample and a scoped guard fix that proves it', () => {
    const s = { ...setOf({ name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] }), adminPath: PATH };
    const f = lintRuleSet(s).find((x) => x.code === 'admin-path-lockout')!;
    expect(f.message).toContain('Remote PowerShell with Basic authentication from 192.168.10.0 as admin@contoso.com');
    expect(f.fix).toMatch(/scoped to the admin path/);
    const fixed = applyAnalysisFix(s, f)!;
    expect(fixed.rules[0]).toMatchObject({ anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'], usernameMatchesAnyOfPatterns: [] });
    const online = { ...s, profile: 'ExchangeOnline' as const };
    expect(applyAnalysisFix(online, f)!.rules[0]).toMatchObject({ usernameMatchesAnyOfPatterns: ['contoso.com\\admin'] });
    expect(codes(fixed).filter((c) => c.includes('lockout'))).toEqual([]);
  });

  it('a deny rule below the guard is shadowed, and removing it brings no lockout back', () => {
    const s = insertGuardRule(setOf({ name: 'Block RPS except admins', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] }));
    const f = lintRuleSet(s).find((x) => x.code === 'shadowed-rule')!;
    expect(f.message).toContain("decided first by 'Always Allow Remote PowerShell'");
    expect(f.fix).toBeDefined();
    const fixed = applyAnalysisFix(s, f)!;
    expect(codes(fixed).filter((c) => !codes(s).includes(c))).toEqual([]);
  });

  it('finds rules covered by several earlier rules together, dead exceptions and covered values', () => {
    const s = setOf(
      { name: 'Low half', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/9'] },
      { name: 'High half', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.128.0.0/9'] },
      { name: 'All of 10', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '10.1.0.0/16'] },
      { name: 'EAC except office', action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'], exceptAnyOfProtocols: ['RemotePowerShell'] },
    );
    const all = lintRuleSet(s);
    expect(all.find((f) => f.code === 'shadowed-rule')?.message).toContain("'Low half' and 'High half' together");
    expect(all.find((f) => f.code === 'dead-exception')).toMatchObject({ ruleName: 'EAC except office', field: 'exceptAnyOfProtocols' });
    expect(all.filter((f) => f.code === 'covered-value')).toEqual([]); // the dead rule's values are not reported
    const own = setOf({ name: 'x', action: 'DenyAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '10.1.0.0/16'], usernameMatchesAnyOfPatterns: ['*\\admin*', 'contoso.com\\admin1'] });
    expect(lintRuleSet(own).filter((f) => f.code === 'covered-value').map((f) => f.value)).toEqual(['10.1.0.0/16', 'contoso.com\\admin1']);
  });

  it('no offered fix creates a new finding (property)', () => {
    fc.assert(
      fc.property(ruleSetArb, (set) => {
        const before = lintRuleSet(set);
        const keys = new Set(before.map(findingKey));
        for (const f of before) {
          if (!f.fix) continue;
          const fixed = applyAnalysisFix(set, f);
          if (!fixed) continue;
          expect(lintRuleSet(fixed).filter((g) => !keys.has(findingKey(g))).map(findingKey)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
