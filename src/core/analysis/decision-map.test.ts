import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decisionMap } from './decision-map.ts';
import { analyzePolicy } from './engine.ts';
import { ruleSetArb } from '../../test-support/analysis-arbitraries.ts';
import { formatPoint } from './address-axis.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import type { Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet('ExchangeServer'));
}

describe('decisionMap', () => {
  it('maps the Exchange Server lockdown on one small grid', () => {
    const s = setOf(
      { name: 'Allow admin workstation', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] },
      { name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] },
      { name: 'Block EAC outside', action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'], exceptAnyOfClientIPAddressesOrRanges: ['192.168.0.0/16'] },
    );
    const m = decisionMap(analyzePolicy(s), 'ExchangeServer');
    expect(m.protocols).toEqual(['ExchangeAdminCenter', 'RemotePowerShell']);
    expect(m.zones.map((z) => z.label)).toEqual(['0.0.0.0–192.167.255.255', '192.168.0.0–192.168.9.255', '192.168.10.0/24', '192.168.11.0–192.168.255.255', '192.169.0.0–255.255.255.255', 'any IPv6 address']);
    expect(m.maps).toHaveLength(1);
    expect(m.maps[0]!.cells[1]![2]).toMatchObject({ decision: 'AllowAccess' });
    expect(m.maps[0]!.cells[1]![0]!.byAuth[0]).toMatchObject({ action: 'DenyAccess', rule: 'Block RPS' });
  });

  it('every cell agrees with evaluate at the zone start (property)', () => {
    fc.assert(
      fc.property(ruleSetArb, (set) => {
        const a = analyzePolicy(set);
        const m = decisionMap(a, 'ExchangeOnline');
        for (const map of m.maps) {
          m.zones.forEach((z, col) => {
            m.protocols.forEach((protocol, row) => {
              for (const b of map.cells[row]![col]!.byAuth) {
                const d = evaluate(set, { protocol, authenticationType: b.authenticationType, ipAddress: formatPoint(z.first), port: 443, user: map.exampleUser, attributes: { ...map.exampleAttributes }, connectionType: 'EndUser' });
                expect(d.action).toBe(b.action);
              }
            });
          });
        }
      }),
      { numRuns: 40 },
    );
  });
});
