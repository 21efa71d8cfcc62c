import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { serializeProjectFile } from '../model/project-file.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import { detectFormat, importText } from './import-text.ts';

const project = serializeProjectFile(addRule(createRuleSet('ExchangeServer'), createRule({ name: 'Guard', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] })));

describe('detectFormat', () => {
  it('tells the five formats apart', () => {
    expect(detectFormat(project)).toBe('project');
    expect(detectFormat('\uFEFF' + project)).toBe('project');
    expect(detectFormat('{"format":"client-access-rule-designer", broken')).toBe('project');
    expect(detectFormat('[{"Name":"A","Action":1}]')).toBe('json');
    expect(detectFormat('{\n  "Name": "A",\n  "Priority": 1\n}')).toBe('json');
    expect(detectFormat('#TYPE Selected.Microsoft.Exchange\n"Name","Priority"')).toBe('csv');
    expect(detectFormat('"Name","Priority","Action"\n"A","1","DenyAccess"')).toBe('csv');
    expect(detectFormat('\nRunspaceId : x\nPriority   : 1\nName       : A\nAction     : DenyAccess\n')).toBe('format-list');
    expect(detectFormat("New-ClientAccessRule -Name 'A' -Action Deny")).toBe('script');
    expect(detectFormat("[string[]]$ips = '10.0.0.0/8'\nNew-ClientAccessRule A -Action Deny")).toBe('script');
    expect(detectFormat("$ips = 'a','b'\nNew-ClientAccessRule A -Action Deny")).toBe('script');
    expect(detectFormat('')).toBe('script');
  });
});

describe('importText', () => {
  it('reads a project file', () => {
    const result = importText(project);
    expect(result.format).toBe('project');
    expect(result.ruleSet.profile).toBe('ExchangeServer');
    expect(result.ruleSet.rules.map((r) => r.name)).toEqual(['Guard']);
  });

  it('reports a broken project file with its position', () => {
    const result = importText('{\n  "format": "client-access-rule-designer",\n  "version": 1,\n  "rules": [,]\n}');
    expect(result.format).toBe('project');
    expect(result.findings[0]).toMatchObject({ severity: 'error', line: 4 });
  });

  it('replays a change script on the baseline', () => {
    const baseline = addRule(createRuleSet(), createRule({ name: 'Old', action: 'DenyAccess' }));
    const result = importText("New-ClientAccessRule 'New' -Action Allow -Priority 1\nSet-ClientAccessRule Old -Enabled $false", { baseline });
    expect(result.format).toBe('script');
    expect(result.commands).toHaveLength(2);
    expect(result.ruleSet.rules.map((r) => [r.name, r.enabled])).toEqual([
      ['New', true],
      ['Old', false],
    ]);
  });

  it('uses the given profile for scripts and Get output', () => {
    expect(importText('New-ClientAccessRule A -Action Deny', { profile: 'ExchangeServer' }).ruleSet.profile).toBe('ExchangeServer');
    expect(importText('[{"Name":"A","Action":"DenyAccess"}]', { profile: 'ExchangeServer' }).ruleSet.profile).toBe('ExchangeServer');
  });

  it('reads Get output in its three forms', () => {
    expect(importText('Name : A\nAction : DenyAccess\nPriority : 1\nRuleScope : All\n').ruleSet.rules.map((r) => r.name)).toEqual(['A']);
    expect(importText('[{"Name":"A","Action":"DenyAccess"}]').ruleSet.rules.map((r) => r.name)).toEqual(['A']);
    expect(importText('"Name","Action"\n"A","DenyAccess"').ruleSet.rules.map((r) => r.name)).toEqual(['A']);
  });

  it('finishes a 5 MB script and a 5 MB hostile input without hanging', () => {
    const line = "New-ClientAccessRule -Name 'Rule NNN' -Action DenyAccess -AnyOfProtocols IMAP4,POP3 -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8 `\n  -UserRecipientFilter {City -eq 'Redmond'}\n";
    const count = Math.ceil((5 * 1024 * 1024) / line.length);
    const big = Array.from({ length: count }, (_, i) => line.replace('NNN', String(i))).join('');
    const result = importText(big);
    expect(result.ruleSet.rules).toHaveLength(count);
    const hostile = '"'.repeat(10) + "('" + '`'.repeat(1000) + '{'.repeat(100_000) + '@('.repeat(100_000) + 'x,'.repeat(1_000_000) + ' : '.repeat(500_000);
    const odd = importText(hostile);
    expect(odd.findings.length).toBeGreaterThan(0);
    const list = importText('Name : A\n' + 'AnyOfProtocols : {' + 'IMAP4, '.repeat(700_000) + '}\nAction : DenyAccess\n');
    expect(list.format).toBe('format-list');
  });

  it('never throws on random text, whatever format it looks like', () => {
    const prefix = fc.constantFrom('', '{', '[', '#TYPE x\n', 'Name : A\nAction : Deny\nPriority : 1\n', '"Name","Action"\n', 'New-ClientAccessRule ');
    fc.assert(
      fc.property(prefix, fc.string({ maxLength: 200 }), (p, text) => {
        const result = importText(p + text);
        expect(['project', 'script', 'format-list', 'json', 'csv']).toContain(result.format);
      }),
      { numRuns: 500 },
    );
  });
});

describe('detectFormat with a file name (one detector for the app and the command line)', () => {
  it.each([
    ['a.json', '{"format":"client-access-rule-designer","version":1}', 'project'],
    ['a.txt', '\uFEFF  {"format": "client-access-rule-designer"}', 'project'],
    ['a.json', '{ "format": ', 'project'],
    ['a.txt', '{ "format": ', 'json'],
    ['a.ps1', 'New-ClientAccessRule -Name x', 'script'],
    ['a.ps1', 'Name : x\nAction : DenyAccess\nPriority : 1', 'script'],
    ['a.csv', 'Name,Action\nx,DenyAccess', 'csv'],
    ['a.json', '[{"Name":"x","Action":1}]', 'json'],
    ['a.txt', 'Name   : x\nAction : DenyAccess\n', 'format-list'],
    ['a.txt', 'New-ClientAccessRule x -Action DenyAccess', 'script'],
  ])('%s %j → %s', (name, text, format) => {
    expect(detectFormat(text, name)).toBe(format);
  });
});

describe('nothing to read (issue 13)', () => {
  it.each([
    ['', 'it is empty'],
    ['\uFEFF', 'it holds only a byte-order mark and no text'],
    ['  \n', 'it holds only white space'],
  ])('%j is one error that says so and what was expected', (text, why) => {
    const r = importText(text);
    expect(r.ruleSet.rules).toEqual([]);
    expect(r.findings).toEqual([{ line: 1, column: 1, severity: 'error', message: `Nothing was imported: ${why}; expected a project file, a PowerShell script with New-/Set-/Remove-/Test-ClientAccessRule lines, or Get-ClientAccessRule output (Format-List, ConvertTo-Json, Export-Csv).` }]);
  });
});
