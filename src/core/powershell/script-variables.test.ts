import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScript, type ParsedCommand } from './parser.ts';
import { importText } from '../import/import-text.ts';
import { suppliedValue, variableKey, isVariableRef } from './script-variables.ts';

/** Tests read any parameter of any command; production code narrows by `cmdlet` instead. */
type AnyCommand = ParsedCommand & { params: Readonly<Record<string, unknown>> };

function commandsOf(text: string, variables = {}): AnyCommand[] {
  return parseScript(text, { variables }).commands as AnyCommand[];
}

function errorsOf(text: string, variables = {}): string[] {
  return parseScript(text, { variables }).findings.filter((f) => f.severity === 'error').map((f) => f.message);
}

describe('supplied values', () => {
  it('a comma makes a list, $null is null, otherwise one trimmed text', () => {
    expect(suppliedValue(' 10.0.0.0/8, 192.168.0.0/16 ,')).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(suppliedValue(' Block OWA ')).toBe('Block OWA');
    expect(suppliedValue('$NULL')).toBeNull();
    expect(variableKey('$Script:RuleName')).toBe('rulename');
    expect(isVariableRef({ variable: '$x' })).toBe(true);
    expect(isVariableRef(['$x'])).toBe(false);
  });
});

describe('parseScript: values resolved statically', () => {
  it('a hashtable assigned and then splatted', () => {
    const [cmd] = commandsOf("$p = @{Name = 'x'; Action = 'DenyAccess'}; New-ClientAccessRule @p");
    expect(cmd).toEqual({ cmdlet: 'New-ClientAccessRule', params: { Name: 'x', Action: 'DenyAccess' }, line: 1, column: 44 });
  });

  it('$p.Add, $p += @{…}, $p[…] = …, $p.Key = …, Remove, with | Out-Null, [void] and $null =', () => {
    const text = [
      '$p = @{}',
      "$p.Add('Name', 'Block POP')",
      "$p += @{ Action = 'Allow' }",
      "$p['Action'] = 'DenyAccess'",
      '$p.AnyOfProtocols = @(\'POP3\')',
      "$p.Add('Scope', 'Users') | Out-Null",
      "[void]$p.Remove('Scope')",
      "$null = $p.Add('Enabled', $false)",
      'New-ClientAccessRule @p',
    ].join('\n');
    expect(commandsOf(text)).toEqual([
      { cmdlet: 'New-ClientAccessRule', params: { Name: 'Block POP', Action: 'DenyAccess', AnyOfProtocols: ['POP3'], Enabled: false }, line: 9, column: 1 },
    ]);
    expect(errorsOf(text)).toEqual([]);
  });

  it('$p.Add of a key the hashtable holds is an error, as PowerShell throws', () => {
    const result = parseScript("$p = @{Name = 'a'}\n$p.Add('name', 'b')\nNew-ClientAccessRule @p -Action Deny");
    expect(result.findings.find((f) => f.severity === 'error')).toMatchObject({ line: 2 });
    expect((result.commands[0] as AnyCommand).params.Name).toBe('a');
  });

  it('arrays built with @(), += and the comma', () => {
    const text = [
      "$protocols = @('ExchangeActiveSync', 'IMAP4')",
      "$protocols += 'POP3'",
      "$protocols += 'OutlookAnywhere', 'ExchangeWebServices'",
      "$ips = '10.0.0.0/8',",
      "  '192.168.0.0/16'",
      'New-ClientAccessRule Legacy -Action Deny -AnyOfProtocols $protocols -ExceptAnyOfClientIPAddressesOrRanges $ips',
    ].join('\n');
    expect(commandsOf(text)[0]?.params).toEqual({
      Name: 'Legacy',
      Action: 'DenyAccess',
      AnyOfProtocols: ['ExchangeActiveSync', 'IMAP4', 'POP3', 'OutlookAnywhere', 'ExchangeWebServices'],
      ExceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '192.168.0.0/16'],
    });
  });

  it('-Confirm:$false arriving by splat', () => {
    const [cmd] = commandsOf("$common = @{ Confirm = $false; ErrorAction = 'Stop' }\nRemove-ClientAccessRule 'Old rule' @common");
    expect(cmd?.params).toEqual({ Identity: 'Old rule', Confirm: false });
  });

  it('script-level param() defaults; a supplied value wins over the default', () => {
    const text = [
      '[CmdletBinding()]',
      'param (',
      "  [string] $RuleName = 'Block external EAC',",
      '  [int] $Priority = 2',
      ')',
      'New-ClientAccessRule -Name $RuleName -Action Deny -AnyOfProtocols ExchangeAdminCenter -Priority $Priority',
    ].join('\n');
    expect(commandsOf(text)[0]?.params).toMatchObject({ Name: 'Block external EAC', Priority: 2 });
    expect(commandsOf(text, { rulename: 'Other' })[0]?.params).toMatchObject({ Name: 'Other', Priority: 2 });
  });

  it('a function called in the script: its arguments, positional and named, and its defaults', () => {
    const text = [
      'function New-BlockRule {',
      '  param([string]$Name, [string[]]$Protocols = @(\'OutlookWebApp\'), [bool]$Enabled = $true)',
      '  New-ClientAccessRule -Name $Name -Action DenyAccess -AnyOfProtocols $Protocols -Enabled $Enabled',
      '}',
      "function Add-Guard($RuleName = 'Guard') { New-ClientAccessRule $RuleName -Action Allow -AnyOfProtocols RemotePowerShell -Priority 1 }",
      "New-BlockRule 'Block OWA'",
      "New-BlockRule -Name 'Block POP' -Protocols POP3,IMAP4",
      'Add-Guard',
    ].join('\n');
    const result = parseScript(text);
    expect((result.commands as AnyCommand[]).map((c) => [c.line, c.params.Name, c.params.AnyOfProtocols])).toEqual([
      [3, 'Block OWA', ['OutlookWebApp']],
      [3, 'Block POP', ['POP3', 'IMAP4']],
      [5, 'Guard', ['RemotePowerShell']],
    ]);
  });

  it('a rule object from Get-ClientAccessRule or New-ClientAccessRule, piped or named', () => {
    const text = [
      "$rule = Get-ClientAccessRule 'Block OWA'",
      '$rule | Set-ClientAccessRule -Enabled $false',
      "$new = New-ClientAccessRule 'Temp' -Action Deny",
      'Remove-ClientAccessRule -Identity $new.Name -Confirm:$false',
      'Set-ClientAccessRule $rule -Priority 1',
    ].join('\n');
    expect(commandsOf(text).map((c) => [c.cmdlet, c.params])).toEqual([
      ['Get-ClientAccessRule', { Identity: 'Block OWA' }],
      ['Set-ClientAccessRule', { Identity: 'Block OWA', Enabled: false }],
      ['New-ClientAccessRule', { Name: 'Temp', Action: 'DenyAccess' }],
      ['Remove-ClientAccessRule', { Identity: 'Temp', Confirm: false }],
      ['Set-ClientAccessRule', { Identity: 'Block OWA', Priority: 1 }],
    ]);
  });
});

/** In the style of Microsoft365DSC's EXOClientAccessRule resource (Set-TargetResource). */
const DSC_RESOURCE = [
  'function Set-TargetResource',
  '{',
  '    [CmdletBinding()]',
  '    param',
  '    (',
  '        [Parameter(Mandatory = $true)]',
  '        [System.String]',
  '        $Identity,',
  '',
  '        [Parameter()]',
  "        [ValidateSet('AllowAccess', 'DenyAccess')]",
  '        [System.String]',
  '        $Action,',
  '',
  '        [Parameter()]',
  '        [System.String[]]',
  '        $AnyOfProtocols,',
  '',
  '        [Parameter()]',
  '        [System.Boolean]',
  '        $Enabled = $true,',
  '',
  '        [Parameter()]',
  "        [ValidateSet('Present', 'Absent')]",
  '        [System.String]',
  "        $Ensure = 'Present',",
  '',
  '        [Parameter()]',
  '        [System.Management.Automation.PSCredential]',
  '        $Credential',
  '    )',
  '',
  '    Write-Verbose -Message "Setting configuration of ClientAccessRule for $Identity"',
  '    $CreationParams = [System.Collections.Hashtable]($PSBoundParameters)',
  "    $CreationParams.Remove('Ensure') | Out-Null",
  "    $CreationParams.Remove('Credential') | Out-Null",
  "    $CreationParams.Add('Name', $Identity)",
  "    $CreationParams.Remove('Identity') | Out-Null",
  '    Write-Verbose -Message "Creating ClientAccessRule $($Identity)."',
  '    New-ClientAccessRule @CreationParams',
  '}',
].join('\n');

describe('parseScript: real parameterised scripts', () => {
  it('Microsoft365DSC style: $PSBoundParameters copied, keys removed, Name added, splatted; the open values listed', () => {
    const result = parseScript(DSC_RESOURCE);
    expect(result.commands).toHaveLength(1);
    const cmd = result.commands[0] as ParsedCommand;
    expect(cmd).toMatchObject({
      cmdlet: 'New-ClientAccessRule',
      line: 40,
      params: { Name: { variable: '$Identity' }, Action: { variable: '$Action' }, AnyOfProtocols: { variable: '$AnyOfProtocols' } },
    });
    expect(cmd.params).not.toHaveProperty('Identity');
    expect(cmd.params).not.toHaveProperty('Ensure');
    expect(result.variables.map((v) => v.name).sort()).toEqual(['Action', 'AnyOfProtocols', 'Identity']);
    const identity = result.variables.find((v) => v.name === 'Identity');
    expect(identity?.uses).toEqual([{ variable: '$Identity', cmdlet: 'New-ClientAccessRule', parameter: 'Name', line: 37, column: 33 }]);
    // Nothing is built until the values are given.
    expect(importText(DSC_RESOURCE).ruleSet.rules).toEqual([]);
  });

  it('Microsoft365DSC style: with the values supplied, the rule is built', () => {
    const variables = { Identity: 'Block POP and IMAP', Action: 'DenyAccess', AnyOfProtocols: ['POP3', 'IMAP4'] };
    const result = parseScript(DSC_RESOURCE, { variables });
    expect(result.variables).toEqual([]);
    expect((result.commands[0] as AnyCommand).params).toEqual({ Name: 'Block POP and IMAP', Action: 'DenyAccess', AnyOfProtocols: ['POP3', 'IMAP4'] });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const rules = importText(DSC_RESOURCE, { variables }).ruleSet.rules;
    expect(rules.map((r) => [r.name, r.action, r.anyOfProtocols, r.enabled])).toEqual([['Block POP and IMAP', 'DenyAccess', ['POP3', 'IMAP4'], true]]);
  });

  const COMMUNITY = [
    '<#',
    '.SYNOPSIS',
    '  Blocks legacy authentication except from the office networks.',
    '#>',
    'param(',
    "    [string]$RuleName = 'Block legacy auth',",
    '    [string[]]$OfficeNetworks,',
    '    [int]$Priority = 1',
    ')',
    'Connect-ExchangeOnline -UserPrincipalName $AdminUpn',
    "$protocols = @('ExchangeActiveSync', 'IMAP4')",
    "$protocols += 'POP3'",
    '$params = @{',
    '    Name                     = $RuleName',
    "    Action                   = 'DenyAccess'",
    '    AnyOfProtocols           = $protocols',
    "    AnyOfAuthenticationTypes = 'BasicAuthentication'",
    '    Priority                 = $Priority',
    '}',
    '$params.ExceptAnyOfClientIPAddressesOrRanges = $OfficeNetworks',
    '$params += @{ Confirm = $false }',
    'New-ClientAccessRule @params',
    'Write-Host "Created $RuleName"',
  ].join('\n');

  it('a community "create rule" script: the network list is asked for, with where it is used', () => {
    const result = parseScript(COMMUNITY);
    expect(result.variables).toEqual([
      { name: 'OfficeNetworks', uses: [{ variable: '$OfficeNetworks', cmdlet: 'New-ClientAccessRule', parameter: 'ExceptAnyOfClientIPAddressesOrRanges', line: 20, column: 48 }] },
    ]);
    expect((result.commands[0] as AnyCommand).params).toMatchObject({ Name: 'Block legacy auth', ExceptAnyOfClientIPAddressesOrRanges: { variable: '$OfficeNetworks' }, Confirm: false });
    const error = result.findings.find((f) => f.severity === 'error');
    expect(error).toMatchObject({ line: 22, column: 1 });
    expect(error?.message).toContain('$OfficeNetworks');
  });

  it('a community "create rule" script: with the networks given as a comma list, the rule is built', () => {
    const imported = importText(COMMUNITY, { variables: { officenetworks: suppliedValue('198.51.100.0/24, 203.0.113.7') } });
    expect(imported.ruleSet.rules.map((r) => [r.name, r.exceptAnyOfClientIPAddressesOrRanges, r.anyOfProtocols])).toEqual([
      ['Block legacy auth', ['198.51.100.0/24', '203.0.113.7'], ['ExchangeActiveSync', 'IMAP4', 'POP3']],
    ]);
  });

  it('a value inside a list: the known items kept, the open one marked', () => {
    const cmd = commandsOf("New-ClientAccessRule A -Action Deny -ExceptAnyOfClientIPAddressesOrRanges '10.0.0.1', $vpn")[0];
    expect(cmd?.params.ExceptAnyOfClientIPAddressesOrRanges).toEqual(['10.0.0.1', { variable: '$vpn' }]);
  });

  it('a Get-ClientAccessRule piped with an open identity keeps the command, waiting', () => {
    const [cmd] = commandsOf('Get-ClientAccessRule $Name | Set-ClientAccessRule -Enabled $false');
    expect(cmd).toMatchObject({ cmdlet: 'Set-ClientAccessRule', params: { Identity: { variable: '$Name' }, Enabled: false } });
    expect(cmd?.unresolved).toHaveLength(1);
  });

  it('automatic variables ($_, $PSScriptRoot) are not offered to fill in', () => {
    const result = parseScript('New-ClientAccessRule $_ -Action Deny');
    expect(result.variables).toEqual([]);
    expect(result.commands).toEqual([]);
  });
});

describe('parseScript: top-level @( command | ForEach-Object { … } ) (regression)', () => {
  it('does not take the next command with it', () => {
    const text = "$x = @(Get-ClientAccessRule | ForEach-Object { $_.Name })\nNew-ClientAccessRule 'A' -Action Deny";
    expect(commandsOf(text).map((c) => c.params.Name)).toEqual(['A']);
    const multiline = "$x = @(\n  Get-ClientAccessRule |\n  ForEach-Object { $_.Name }\n)\nNew-ClientAccessRule 'B' -Action Deny\n";
    expect(commandsOf(multiline).map((c) => c.params.Name)).toEqual(['B']);
    expect(commandsOf("$n = (Get-ClientAccessRule).Count\nNew-ClientAccessRule 'C' -Action Deny").map((c) => c.params.Name)).toEqual(['C']);
  });
});

const FRAGMENTS = [
  '$p = @{', '}', "Name = 'x'", '$p.Add(', "'Name'", ',', ')', '$p += @{', '$p[', ']', ' = ', '$p.Name', '@p', 'param(', 'function F {',
  'function G($a = 1) {', 'F', 'G -a', '$rule = Get-ClientAccessRule', '$rule |', 'Set-ClientAccessRule', 'New-ClientAccessRule', '-Name',
  '-Action Deny', '$x', '@(', '$PSBoundParameters', '.Remove(', '| Out-Null', '[void]', '$null =', '-Confirm:$false', '+=', '\n', ' ',
  '"$y"', "'a','b'", '[System.Collections.Hashtable](', 'ForEach-Object {', '$_',
];

describe('parseScript never throws on parameterised scripts', () => {
  it('any mix of the constructs above, with or without supplied values, gives commands and findings', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), fc.boolean(), (parts, supply) => {
        const text = parts.join(' ');
        const result = parseScript(text, supply ? { variables: { x: ['a', 'b'], y: 'c', a: null } } : {});
        expect(Array.isArray(result.commands)).toBe(true);
        for (const f of result.findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.message).not.toMatch(/could not be read: /);
        }
        for (const v of result.variables) expect(v.uses.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('a function calling itself stops at the depth limit', () => {
    const result = parseScript("function F { F; New-ClientAccessRule X -Action Deny }\nF");
    expect(result.findings.some((f) => f.message.includes('deep'))).toBe(true);
  });
});
