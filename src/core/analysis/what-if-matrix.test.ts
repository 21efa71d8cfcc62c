import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { whatIfMatrix } from './what-if-matrix.ts';
import { ruleSetArb } from '../../test-support/analysis-arbitraries.ts';
import { addRule, addTestCase, createRule, createRuleSet } from '../model/rule-set.ts';
import { evaluate, runTestCases } from '../evaluator/evaluate.ts';
import { adminPathConnections } from './admin-path.ts';
import type { Connection, Rule, RuleSet } from '../model/types.ts';

function setOf(...rules: Partial<Rule>[]): RuleSet {
  return rules.reduce((s, r) => addRule(s, createRule(r)), createRuleSet());
}

const OWA: Connection = { protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', ipAddress: '203.0.113.5', port: 443, user: 'jeff@contoso.com', attributes: {}, connectionType: 'EndUser' };
const RPS: Connection = { ...OWA, protocol: 'RemotePowerShell', ipAddress: '192.168.10.5' };

describe('whatIfMatrix', () => {
  it('lists the saved tests, then the admin path, each with pass/fail and the change since the baseline', () => {
    const baseline = setOf({ name: 'Block OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] });
    let draft = setOf(
      { name: 'Allow admins', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] },
      { name: 'Block everything', action: 'DenyAccess' },
    );
    draft = addTestCase(draft, { name: 'OWA from outside', connection: OWA, expected: 'DenyAccess' });
    draft = addTestCase(draft, { name: 'RPS from the office', connection: RPS, expected: 'AllowAccess' });
    draft = { ...draft, adminPath: { protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] } };

    const rows = whatIfMatrix(draft, baseline);
    expect(rows.map((r) => [r.kind, r.name, r.passed, r.draft.action, r.draft.rule, r.baseline?.action, r.baseline?.rule ?? null, r.changed])).toEqual([
      ['test', 'OWA from outside', true, 'DenyAccess', 'Block everything', 'DenyAccess', 'Block OWA', 'rule'],
      ['test', 'RPS from the office', true, 'AllowAccess', 'Allow admins', 'AllowAccess', null, 'rule'],
      ['admin-path', 'Admin path 1: admin@contoso.com', true, 'AllowAccess', 'Allow admins', 'AllowAccess', null, 'rule'],
      ['admin-path', 'Admin path 2: admin@contoso.com', true, 'AllowAccess', 'Allow admins', 'AllowAccess', null, 'rule'],
    ]);
    expect(rows.filter((r) => r.kind === 'admin-path').map((r) => r.connection)).toEqual(adminPathConnections(draft));
  });

  it('marks a flipped decision and a failing admin path row; nothing changed without a baseline', () => {
    let draft = setOf({ name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] });
    draft = addTestCase(draft, { name: 'RPS', connection: RPS, expected: 'AllowAccess' });
    draft = { ...draft, adminPath: { protocols: ['RemotePowerShell'], addresses: [], users: [{ user: 'admin@contoso.com', attributes: {} }] } };
    const rows = whatIfMatrix(draft, createRuleSet());
    expect(rows.every((r) => !r.passed && r.changed === 'decision' && r.baseline?.action === 'AllowAccess')).toBe(true);
    expect(whatIfMatrix(draft, null).every((r) => r.baseline === null && r.changed === null)).toBe(true);
  });

  it('agrees with evaluate and runTestCases on random rule sets (property)', () => {
    const connections: Connection[] = [OWA, RPS, { ...OWA, protocol: 'ExchangeActiveSync', user: 'CONTOSO\\ann' }, { ...RPS, ipAddress: '2001:db8::1' }];
    fc.assert(
      fc.property(ruleSetArb, ruleSetArb, (a, b) => {
        const draft = connections.reduce((s, c, i) => addTestCase(s, { name: `t${i}`, connection: c, expected: i % 2 ? 'AllowAccess' : 'DenyAccess' }), a);
        const rows = whatIfMatrix(draft, b);
        const run = runTestCases(draft);
        rows.forEach((row, i) => {
          expect(row.passed).toBe(run[i]!.passed);
          expect(row.draft.rule).toBe(run[i]!.decision.matchedRule);
          const before = evaluate(b, row.connection);
          expect(row.baseline?.action).toBe(before.action);
          expect(row.changed !== null).toBe(before.action !== row.draft.action || before.matchedRule !== row.draft.rule);
        });
      }),
      { numRuns: 100 },
    );
  });
});
