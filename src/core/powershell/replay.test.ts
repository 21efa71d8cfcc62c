import { describe, it, expect } from 'vitest';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import type { RuleSet } from '../model/types.ts';
import { parseScript } from './parser.ts';
import { replayCommands } from './replay.ts';

function run(script: string, start: RuleSet = createRuleSet()) {
  const parsed = parseScript(script);
  expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([]);
  return replayCommands(start, parsed.commands);
}

const names = (set: RuleSet): string[] => set.rules.map((r) => r.name);

describe('replayCommands: spec 4 priorities', () => {
  it('New without -Priority appends; with -Priority p inserts at p', () => {
    const { ruleSet } = run('New-ClientAccessRule A -Action Deny\nNew-ClientAccessRule B -Action Deny\nNew-ClientAccessRule C -Action Allow -Priority 1\nNew-ClientAccessRule D -Action Allow -Priority 3');
    expect(names(ruleSet)).toEqual(['C', 'A', 'D', 'B']);
  });

  it('New with -Priority 0 or beyond N+1 appends, with a note', () => {
    const result = run('New-ClientAccessRule A -Action Deny\nNew-ClientAccessRule B -Action Deny -Priority 0\nNew-ClientAccessRule C -Action Deny -Priority 9');
    expect(names(result.ruleSet)).toEqual(['A', 'B', 'C']);
    expect(result.findings.filter((f) => f.severity === 'info').map((f) => f.line)).toEqual([2, 3]);
  });

  it('Set -Priority moves the rule and shifts the ones in between; Remove closes the gap', () => {
    const script = ['A', 'B', 'C', 'D'].map((n) => `New-ClientAccessRule ${n} -Action Deny`).join('\n');
    expect(names(run(`${script}\nSet-ClientAccessRule D -Priority 2`).ruleSet)).toEqual(['A', 'D', 'B', 'C']);
    expect(names(run(`${script}\nSet-ClientAccessRule a -Priority 3`).ruleSet)).toEqual(['B', 'C', 'A', 'D']);
    expect(names(run(`${script}\nRemove-ClientAccessRule b -Confirm:$false`).ruleSet)).toEqual(['A', 'C', 'D']);
  });

  it('Set -Priority out of range clamps with a warning', () => {
    const result = run('New-ClientAccessRule A -Action Deny\nNew-ClientAccessRule B -Action Deny\nSet-ClientAccessRule A -Priority 7');
    expect(names(result.ruleSet)).toEqual(['B', 'A']);
    expect(result.findings).toMatchObject([{ line: 3, severity: 'warning' }]);
  });
});

describe('replayCommands: fields', () => {
  it('New builds the rule from every parameter; defaults Enabled $true and Scope All', () => {
    const { ruleSet } = run(
      "New-ClientAccessRule 'Block' -Action Deny -AnyOfProtocols IMAP4,POP3 -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8 -UsernameMatchesAnyOfPatterns '*\\jeff*' -UserRecipientFilter {City -eq 'X'} -AnyOfAuthenticationTypes BasicAuthentication",
    );
    expect(ruleSet.rules[0]).toMatchObject({
      name: 'Block',
      action: 'DenyAccess',
      enabled: true,
      scope: 'All',
      anyOfProtocols: ['IMAP4', 'POP3'],
      exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'],
      usernameMatchesAnyOfPatterns: ['*\\jeff*'],
      userRecipientFilter: "City -eq 'X'",
      anyOfAuthenticationTypes: ['BasicAuthentication'],
    });
  });

  it('Set replaces lists, edits them with @{Add;Remove}, clears them with $null, renames with -Name', () => {
    const start = 'New-ClientAccessRule X -Action Deny -AnyOfProtocols IMAP4,POP3,OutlookWebApp -AnyOfClientIPAddressesOrRanges 10.0.0.1 -UserRecipientFilter {City -eq \'X\'}';
    const edited = run(`${start}\nSet-ClientAccessRule x -AnyOfProtocols @{Add='REST','imap4'; Remove='pop3'} -AnyOfClientIPAddressesOrRanges $null -UserRecipientFilter $null -Enabled $false -Scope Users`).ruleSet.rules[0];
    expect(edited).toMatchObject({
      anyOfProtocols: ['IMAP4', 'OutlookWebApp', 'REST'],
      anyOfClientIPAddressesOrRanges: [],
      userRecipientFilter: '',
      enabled: false,
      scope: 'Users',
    });
    expect(run(`${start}\nSet-ClientAccessRule X -AnyOfProtocols REST`).ruleSet.rules[0]?.anyOfProtocols).toEqual(['REST']);
    expect(run(`${start}\nSet-ClientAccessRule X -Name Y -Action Allow`).ruleSet.rules[0]).toMatchObject({ name: 'Y', action: 'AllowAccess' });
  });

  it('Identity is matched case-insensitively, through a Get pipeline too', () => {
    const { ruleSet } = run("New-ClientAccessRule 'Block OWA' -Action Deny\nGet-ClientAccessRule 'BLOCK owa' | Set-ClientAccessRule -Enabled $false");
    expect(ruleSet.rules[0]?.enabled).toBe(false);
  });

  it('Set or Remove of an unknown rule and New with a duplicate name are findings and change nothing', () => {
    const result = run("New-ClientAccessRule A -Action Deny\nSet-ClientAccessRule Nope -Enabled $false\nRemove-ClientAccessRule Nope\nNew-ClientAccessRule a -Action Allow\nSet-ClientAccessRule A -Name A");
    expect(names(result.ruleSet)).toEqual(['A']);
    expect(result.ruleSet.rules[0]?.action).toBe('DenyAccess');
    expect(result.findings.filter((f) => f.severity === 'error').map((f) => f.line)).toEqual([2, 3, 4]);
    expect(result.findings.find((f) => f.line === 4)?.message).toContain('already exists');
  });

  it('starts from the given rule set and keeps ids of untouched rules', () => {
    const base = addRule(createRuleSet('ExchangeServer'), createRule({ name: 'Base', action: 'AllowAccess' }));
    const result = run('New-ClientAccessRule Next -Action Deny', base);
    expect(result.ruleSet.profile).toBe('ExchangeServer');
    expect(result.ruleSet.rules[0]?.id).toBe(base.rules[0]?.id);
    expect(names(result.ruleSet)).toEqual(['Base', 'Next']);
  });
});

describe('replayCommands: Test-ClientAccessRule lines', () => {
  const test = 'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 10.1.1.1 -RemotePort 443 -User jeff@contoso.com';

  it('become saved tests with the expected outcome of a # expect comment', () => {
    const { ruleSet } = run(`# expect: AllowAccess\n${test}`);
    expect(ruleSet.tests).toHaveLength(1);
    expect(ruleSet.tests[0]).toMatchObject({
      expected: 'AllowAccess',
      connection: { protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', ipAddress: '10.1.1.1', port: 443, user: 'jeff@contoso.com', connectionType: 'EndUser', attributes: {} },
    });
  });

  it('without a comment, record the decision of the rules at that line, with an info finding', () => {
    const result = run(`${test}\nNew-ClientAccessRule Block -Action Deny -AnyOfProtocols OutlookWebApp\n${test}`);
    expect(result.ruleSet.tests.map((t) => t.expected)).toEqual(['AllowAccess', 'DenyAccess']);
    expect(result.findings.filter((f) => f.severity === 'info').map((f) => f.line)).toEqual([1, 3]);
  });
});

describe('replayCommands: trusts the typed commands', () => {
  it('a command for a rule that does not exist at that point is a finding at its line, not a throw', () => {
    const result = replayCommands(createRuleSet(), [
      { cmdlet: 'Set-ClientAccessRule', params: { Identity: 'Nope', Enabled: false }, line: 2, column: 1 },
      { cmdlet: 'Remove-ClientAccessRule', params: { Identity: 'Nope' }, line: 3, column: 1 },
    ]);
    expect(result.ruleSet.rules).toEqual([]);
    expect(result.findings.map((f) => [f.line, f.severity])).toEqual([
      [2, 'error'],
      [3, 'error'],
    ]);
  });

  it('a pending command (values left open) builds nothing', () => {
    const result = replayCommands(createRuleSet(), [
      { cmdlet: 'New-ClientAccessRule', params: { Name: { variable: '$n' }, Action: 'DenyAccess' }, line: 1, column: 1, unresolved: [{ variable: '$n', line: 1, column: 22, cmdlet: 'New-ClientAccessRule', parameter: 'Name' }] },
    ]);
    expect(result.ruleSet.rules).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});

describe('replayCommands: many list edits on one rule (issue 13)', () => {
  it('10,000 @{Add=…} lines keep every value once, compare case-insensitively and mix with Remove, rename and $null', () => {
    const lines = ["New-ClientAccessRule -Name 'r' -Action DenyAccess -AnyOfProtocols OutlookWebApp"];
    for (let i = 0; i < 10_000; i++) lines.push(`Set-ClientAccessRule -Identity 'r' -AnyOfClientIPAddressesOrRanges @{Add='10.0.${i >> 8}.${i & 255}'}`);
    lines.push("Set-ClientAccessRule -Identity 'R' -AnyOfClientIPAddressesOrRanges @{Add='10.0.0.0','10.0.0.1'; Remove='10.0.0.2'}");
    lines.push("Set-ClientAccessRule -Identity 'r' -AnyOfProtocols @{Add='imap4'} -Name 's'");
    lines.push("Set-ClientAccessRule -Identity 's' -AnyOfProtocols @{Add='POP3'}");
    const rule = run(lines.join('\n')).ruleSet.rules[0];
    expect(rule?.name).toBe('s');
    expect(rule?.anyOfClientIPAddressesOrRanges).toHaveLength(9_999);
    expect(rule?.anyOfClientIPAddressesOrRanges.slice(0, 3)).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.3']);
    expect(rule?.anyOfProtocols).toEqual(['OutlookWebApp', 'IMAP4', 'POP3']);
    const cleared = run(`${lines.slice(0, 3).join('\n')}\nSet-ClientAccessRule r -AnyOfClientIPAddressesOrRanges $null\nSet-ClientAccessRule r -AnyOfClientIPAddressesOrRanges @{Add='10.9.9.9'}`);
    expect(cleared.ruleSet.rules[0]?.anyOfClientIPAddressesOrRanges).toEqual(['10.9.9.9']);
  });

  it('does not change the starting rule set, and a Test line sees the edits made before it', () => {
    const start = addRule(createRuleSet(), createRule({ name: 'r', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }));
    const before = JSON.stringify(start);
    const result = run(
      "Set-ClientAccessRule r -AnyOfProtocols @{Add='IMAP4'}\nTest-ClientAccessRule -Protocol IMAP4 -AuthenticationType BasicAuthentication -RemoteAddress 1.2.3.4 -RemotePort 143 -User a@b.c\nSet-ClientAccessRule r -AnyOfProtocols @{Remove='IMAP4'}",
      start,
    );
    expect(JSON.stringify(start)).toBe(before);
    expect(result.ruleSet.tests[0]?.expected).toBe('DenyAccess');
    expect(result.ruleSet.rules[0]?.anyOfProtocols).toEqual(['OutlookWebApp']);
  });
});
