import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProjectFile } from '../../core/model/project-file.ts';
import { bufferIo } from '../io.ts';
import { runCli } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'card-cli-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

const SCRIPT = file(
  'rules.ps1',
  [
    'New-ClientAccessRule -Name "Always Allow Remote PowerShell" -Action Allow -AnyOfProtocols RemotePowerShell -Priority 1',
    "$office = '192.168.0.0/24','10.0.0.1-10.0.0.20'",
    "New-ClientAccessRule ‘Block OWA outside’ –Action deny -AnyOfProtocols OutlookWebApp `",
    '   -ExceptAnyOfClientIP $office',
    '# expect: DenyAccess',
    'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 203.0.113.7 -RemotePort 443 -User jeff@contoso.com',
  ].join('\n'),
);

describe('import', () => {
  it('--var gives the values a parameterised script leaves open; without them --json lists them', async () => {
    const script = file('create-rule.ps1', ['param([string]$RuleName, [string[]]$OfficeNetworks)', 'New-ClientAccessRule $RuleName -Action Deny -ExceptAnyOfClientIPAddressesOrRanges $OfficeNetworks'].join('\n'));
    const open = await cli('import', script, '--json');
    expect(open.code).toBe(1);
    const doc = JSON.parse(open.out) as { commands: { params: Record<string, unknown> }[]; variables: { name: string }[]; rules: unknown[] };
    expect(doc.commands[0]?.params).toEqual({ Name: { variable: '$RuleName' }, Action: 'DenyAccess', ExceptAnyOfClientIPAddressesOrRanges: { variable: '$OfficeNetworks' } });
    expect(doc.variables.map((v) => v.name)).toEqual(['RuleName', 'OfficeNetworks']);
    expect(doc.rules).toEqual([]);
    const given = await cli('import', script, '--var', 'RuleName=Block outside', '--var', '$officenetworks=10.0.0.0/8, 192.168.0.0/16');
    expect(given.code).toBe(0);
    const parsed = parseProjectFile(given.out);
    expect(parsed.ok && parsed.ruleSet.rules.map((r) => [r.name, r.exceptAnyOfClientIPAddressesOrRanges])).toEqual([['Block outside', ['10.0.0.0/8', '192.168.0.0/16']]]);
    const bad = await cli('import', script, '--var', 'no-equals');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('name=value');
    const twice = await cli('import', script, '--var', 'a=1', '--var', 'A=2');
    expect(twice.err).toContain('more than once');
  });

  it("a DSC-style resource: the New-/Set- commands inside its if/elseif wait for --var values, then build the rule", async () => {
    const resource = join(import.meta.dirname, '../../core/powershell/fixtures/dsc-client-access-rule-set.ps1');
    const open = await cli('import', resource, '--json');
    expect(open.code).toBe(1);
    const doc = JSON.parse(open.out) as { commands: { cmdlet: string; params: Record<string, unknown> }[]; variables: { name: string }[]; rules: unknown[]; findings: { severity: string; column: number; message: string }[] };
    expect(doc.commands.map((c) => c.cmdlet)).toEqual(['New-ClientAccessRule', 'Set-ClientAccessRule']);
    expect(doc.commands[0]?.params.Name).toEqual({ variable: '$Identity' });
    expect(doc.variables.map((v) => v.name).sort()).toEqual(['Action', 'Identity', 'Priority', 'RuleScope', 'UserRecipientFilter']);
    expect(doc.rules).toEqual([]);
    expect(doc.findings.find((f) => f.severity === 'warning' && f.message.startsWith('New-ClientAccessRule on line'))).toMatchObject({ column: 5 });
    const vars = ['Identity=Block legacy protocols', 'Action=DenyAccess', 'Priority=1', 'RuleScope=Users', 'UserRecipientFilter=$null', 'AnyOfProtocols=IMAP4,POP3'];
    const given = await cli('import', resource, ...vars.flatMap((v) => ['--var', v]));
    expect(given.code).toBe(0);
    const parsed = parseProjectFile(given.out);
    expect(parsed.ok && parsed.ruleSet.rules.map((r) => [r.name, r.action, r.scope, r.anyOfProtocols])).toEqual([['Block legacy protocols', 'DenyAccess', 'Users', ['IMAP4', 'POP3']]]);
  });

  it('prints a project file for a script', async () => {
    const r = await cli('import', SCRIPT);
    expect(r.code).toBe(0);
    const parsed = parseProjectFile(r.out);
    expect(parsed.ok && parsed.ruleSet.rules.map((x) => x.name)).toEqual(['Always Allow Remote PowerShell', 'Block OWA outside']);
    expect(parsed.ok && parsed.ruleSet.tests.map((t) => t.expected)).toEqual(['DenyAccess']);
  });

  it('--json gives commands with canonical params and lines, rules and findings', async () => {
    const r = await cli('import', SCRIPT, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { commands: { cmdlet: string; params: Record<string, unknown>; line: number }[]; rules: { name: string }[]; findings: unknown[] };
    expect(doc.commands.map((c) => [c.cmdlet, c.line])).toEqual([
      ['New-ClientAccessRule', 1],
      ['New-ClientAccessRule', 3],
      ['Test-ClientAccessRule', 6],
    ]);
    expect(doc.commands[1]?.params).toEqual({ Name: 'Block OWA outside', Action: 'DenyAccess', AnyOfProtocols: ['OutlookWebApp'], ExceptAnyOfClientIPAddressesOrRanges: ['192.168.0.0/24', '10.0.0.1-10.0.0.20'] });
    expect(doc.rules).toHaveLength(2);
    expect(Array.isArray(doc.findings)).toBe(true);
  });

  it('replays a change script on --baseline', async () => {
    const r = await cli('import', file('change.ps1', "Set-ClientAccessRule 'Block OWA outside' -Priority 1 -Enabled $false"), '--baseline', SCRIPT);
    expect(r.code).toBe(0);
    const parsed = parseProjectFile(r.out);
    expect(parsed.ok && parsed.ruleSet.rules.map((x) => [x.name, x.enabled])).toEqual([
      ['Block OWA outside', false],
      ['Always Allow Remote PowerShell', true],
    ]);
  });

  it('reads Format-List output', async () => {
    const r = await cli('import', file('get.txt', 'Name     : A\nPriority : 1\nAction   : DenyAccess\nRuleScope : Users\n'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('"scope": "Users"');
  });

  it('exit 1 with positions when some commands could not be read, 2 when nothing could', async () => {
    const partial = await cli('import', file('partial.ps1', 'New-ClientAccessRule A -Action Deny\nNew-ClientAccessRule B -Action Deny -Priority <PriorityValue>\n'));
    expect(partial.code).toBe(1);
    expect(partial.err).toMatch(/partial\.ps1:2:\d+: error: -Priority holds <PriorityValue>/);
    expect(parseProjectFile(partial.out).ok).toBe(true);
    const nothing = await cli('import', file('nothing.ps1', 'New-ClientAccessRule -Name x -Action Deny -AnyOfProtocols "IMAP4,POP3"\n'));
    expect(nothing.code).toBe(2);
    expect(nothing.out).toBe('');
    expect(nothing.err).toContain('nothing could be imported');
  });

  it('exit 2 for a missing file, a bad option, a bad baseline', async () => {
    expect((await cli('import', join(dir, 'nope.ps1'))).err).toContain('file not found');
    expect((await cli('import')).code).toBe(2);
    expect((await cli('import', SCRIPT, '--profile', 'Cloud')).code).toBe(2);
    const bad = await cli('import', SCRIPT, '--baseline', join(dir, 'nope.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--baseline');
  });
});

describe('export', () => {
  it('prints the full script and the Test-ClientAccessRule lines of the saved tests', async () => {
    const r = await cli('export', SCRIPT);
    expect(r.code).toBe(0);
    expect(r.out).toContain("New-ClientAccessRule -Name 'Block OWA outside'");
    expect(r.out).toMatch(/Test-ClientAccessRule .*-RemoteAddress 203\.0\.113\.7 .*# expected: DenyAccess/);
    expect((await cli('export', SCRIPT, '--no-tests')).out).not.toContain('Test-ClientAccessRule -');
  });

  it('prints a change script from --baseline that import replays back to the draft', async () => {
    const draft = file('draft.ps1', "New-ClientAccessRule 'Block OWA outside' -Action Deny -AnyOfProtocols OutlookWebApp,IMAP4\nNew-ClientAccessRule 'New one' -Action Allow -Priority 1");
    const r = await cli('export', draft, '--baseline', SCRIPT, '--no-tests');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Remove-ClientAccessRule');
    const back = await cli('import', file('out.ps1', r.out), '--baseline', SCRIPT);
    const parsed = parseProjectFile(back.out);
    expect(parsed.ok && parsed.ruleSet.rules.map((x) => [x.name, x.anyOfProtocols])).toEqual([
      ['New one', []],
      ['Block OWA outside', ['OutlookWebApp', 'IMAP4']],
    ]);
  });

  it('--tests takes the tests from another file', async () => {
    const tests = file('tests.ps1', 'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol POP3 -RemoteAddress 1.2.3.4 -RemotePort 995 -User a@b.c # expect: Allow');
    const r = await cli('export', SCRIPT, '--tests', tests);
    expect(r.out).toContain('-Protocol POP3');
    expect(r.out).not.toContain('203.0.113.7');
  });

  it('exit 2 with a clear message on bad input', async () => {
    const bad = await cli('export', file('bad.ps1', 'New-ClientAccessRule -Name x -Action Deny -Priority <PriorityValue>'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.ps1:1:\d+: -Priority holds <PriorityValue>/);
    expect((await cli('export', SCRIPT, '--width', 'wide')).code).toBe(2);
    expect((await cli('export', SCRIPT, '--tests', SCRIPT, '--no-tests')).code).toBe(2);
    expect((await cli('export', SCRIPT, '--tests', file('no-tests.ps1', "New-ClientAccessRule -Name 'x' -Action AllowAccess\n"))).err).toContain('no saved tests');
    const empty = await cli('export', SCRIPT, '--tests', file('empty.ps1', ''));
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('empty.ps1: nothing to read: it is empty');
  });
});
