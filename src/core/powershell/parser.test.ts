import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseScript, type ParsedCommand } from './parser.ts';

/** Tests read any parameter of any command; production code narrows by `cmdlet` instead. */
type AnyCommand = ParsedCommand & { params: Readonly<Record<string, unknown>> };

function one(text: string): AnyCommand {
  const result = parseScript(text);
  const errors = result.findings.filter((f) => f.severity === 'error');
  expect(errors).toEqual([]);
  expect(result.commands).toHaveLength(1);
  return result.commands[0] as AnyCommand;
}

function errorsOf(text: string): string[] {
  return parseScript(text).findings.filter((f) => f.severity === 'error').map((f) => f.message);
}

describe('parseScript: the seed articles', () => {
  it('reads the guard rule of seeds 000, 002 and 003 (Action Allow → AllowAccess)', () => {
    const cmd = one('New-ClientAccessRule -Name "Always Allow Remote PowerShell" -Action Allow -AnyOfProtocols RemotePowerShell -Priority 1');
    expect(cmd).toEqual({
      cmdlet: 'New-ClientAccessRule',
      params: { Name: 'Always Allow Remote PowerShell', Action: 'AllowAccess', AnyOfProtocols: ['RemotePowerShell'], Priority: 1 },
      line: 1,
      column: 1,
    });
  });

  it('seed 000: an -ExceptAnyOfClientIPAddressesOrRanges whose value was lost is an error, not a guess', () => {
    const result = parseScript(
      'New-ClientAccessRule -Name "Allow EAC access only for MGMT" -Action DenyAccess -AnyOfProtocols ExchangeAdminCenter -ExceptAnyOfClientIPAddressesOrRanges -Priority 2',
    );
    expect(result.commands).toEqual([]);
    const f = result.findings.find((x) => x.message.includes('needs a value'));
    expect(f).toMatchObject({ line: 1, column: 116, severity: 'error' });
    expect(f?.message).toContain('-Priority');
  });

  it('seed 000: Test-ClientAccessRule with a lost -RemoteAddress and a mangled [email protected] user gives findings', () => {
    const result = parseScript(
      'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol ExchangeAdminCenter -RemoteAddress -RemotePort 443 -User [email protected]',
    );
    expect(result.commands).toEqual([]);
    const messages = result.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('-RemoteAddress needs a value');
    expect(messages).toContain('[email protected]');
    expect(messages).toContain('placeholder');
  });

  it('seed 000: Remove with an en-dash –Identity, and a {Department -ne \'IT\'} filter', () => {
    expect(one('Remove-ClientAccessRule –Identity "Allow EAC access only for MGMT"').params).toEqual({ Identity: 'Allow EAC access only for MGMT' });
    const cmd = one(
      "New-ClientAccessRule -Name \"Allow access to EAC only for IT\" -Action DenyAccess -AnyOfProtocols ExchangeAdminCenter -UserRecipientFilter {Department -ne 'IT'} -Priority 2",
    );
    expect(cmd.params).toMatchObject({ UserRecipientFilter: "Department -ne 'IT'", Priority: 2, Action: 'DenyAccess' });
  });

  it('seed 001: commands broken across lines without a backtick are read as one command, with a warning per joined line', () => {
    const text = [
      'New-ClientAccessRule -Name AllowRemotePS -Action Allow -AnyOfProtocols  ',
      'RemotePowerShell -Priority 1 -UserNameMatchesAnyOfPatterns “Domain\\JoeAdmin”',
      '',
      'New-ClientAccessRule -Name “Deny_Non_Company_IPs_Except_for_ActiveSync” -Action ',
      'Deny -ExceptAnyOfProtocols ExchangeActiveSync -Priority 2  ',
      '-ExceptAnyOfClientIPAddressesOrRanges 255.255.255.255',
      '',
      'New-ClientAccessRule -Name Restrict_AdminCenter_And_Services -Action Deny  ',
      '-AnyOfProtocols  ',
      'ExchangeAdminCenter,ExchangeWebServices,PowerShellWebServices,RemotePowerShell  ',
      '–ExceptAnyOfClientIPAddressesOrRanges 255.255.255.0/24',
      '',
      'New-ClientAccessRule -Name Temporary_Vendor_Bypass -Action Allow  ',
      '-AnyOfProtocols  ',
      'ExchangeAdminCenter,ExchangeWebServices,PowerShellWebServices,RemotePowerShell  ',
      '–AnyOfClientIPAddressesOrRanges 255.255.255.255 -UserNameMatchesAnyOfPatterns ',
      '“Domain\\ExternalVendor” -Priority 1',
    ].join('\n');
    const result = parseScript(text);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.commands.map((c) => c.params)).toEqual([
      { Name: 'AllowRemotePS', Action: 'AllowAccess', AnyOfProtocols: ['RemotePowerShell'], Priority: 1, UsernameMatchesAnyOfPatterns: ['Domain\\JoeAdmin'] },
      { Name: 'Deny_Non_Company_IPs_Except_for_ActiveSync', Action: 'DenyAccess', ExceptAnyOfProtocols: ['ExchangeActiveSync'], Priority: 2, ExceptAnyOfClientIPAddressesOrRanges: ['255.255.255.255'] },
      {
        Name: 'Restrict_AdminCenter_And_Services',
        Action: 'DenyAccess',
        AnyOfProtocols: ['ExchangeAdminCenter', 'ExchangeWebServices', 'PowerShellWebServices', 'RemotePowerShell'],
        ExceptAnyOfClientIPAddressesOrRanges: ['255.255.255.0/24'],
      },
      {
        Name: 'Temporary_Vendor_Bypass',
        Action: 'AllowAccess',
        AnyOfProtocols: ['ExchangeAdminCenter', 'ExchangeWebServices', 'PowerShellWebServices', 'RemotePowerShell'],
        AnyOfClientIPAddressesOrRanges: ['255.255.255.255'],
        UsernameMatchesAnyOfPatterns: ['Domain\\ExternalVendor'],
        Priority: 1,
      },
    ]);
    const warnings = result.findings.filter((f) => f.severity === 'warning');
    expect(warnings.map((w) => w.line)).toEqual([2, 5, 6, 9, 10, 11, 14, 15, 16, 17]);
    expect(warnings[0]?.message).toContain('without a backtick');
  });

  it('a blank line ends a command even when a parameter is left without a value', () => {
    const result = parseScript('New-ClientAccessRule -Name A -Action Deny -AnyOfProtocols\n\nIMAP4');
    expect(result.commands).toEqual([]);
    expect(errorsOf('New-ClientAccessRule -Name A -Action Deny -AnyOfProtocols\n\nIMAP4').join()).toContain('needs a value');
  });
});

describe('parseScript: the oddities of spec 8', () => {
  it('backtick line continuations, tabs and trailing spaces after the backtick', () => {
    const cmd = one("New-ClientAccessRule `\n\t-Name 'A' `  \n\t-Action DenyAccess\t-AnyOfProtocols IMAP4");
    expect(cmd.params).toEqual({ Name: 'A', Action: 'DenyAccess', AnyOfProtocols: ['IMAP4'] });
  });

  it('# comments and <# … #> blocks, also between parameters', () => {
    const text = "# header\n<# a\nblock #>\nNew-ClientAccessRule -Name 'A' <# inline #> -Action Deny # trailing\n";
    expect(one(text).params).toEqual({ Name: 'A', Action: 'DenyAccess' });
  });

  it('typographic single quotes and their doubling; typographic double quotes', () => {
    expect(one('New-ClientAccessRule -Name ‘O’’Brien’ -Action Deny').params.Name).toBe('O’Brien');
    expect(one("New-ClientAccessRule -Name 'it''s' -Action Deny").params.Name).toBe("it's");
    expect(one('New-ClientAccessRule -Name ‚low‛ -Action Deny').params.Name).toBe('low');
    expect(one('New-ClientAccessRule -Name “Block ””x”” OWA„ -Action Deny').params.Name).toBe('Block ”x” OWA');
  });

  it('en dash, em dash and horizontal bar parameter prefixes', () => {
    expect(one('New-ClientAccessRule –Name A —Action Deny ―Enabled $false').params).toEqual({ Name: 'A', Action: 'DenyAccess', Enabled: false });
  });

  it('cmdlet and parameter names in any case; Action Allow/Deny in any case', () => {
    const cmd = one('NEW-clientaccessRULE -nAmE A -ACTION dEnY -anyofprotocols imap4,pop3 -scope USERS');
    expect(cmd.cmdlet).toBe('New-ClientAccessRule');
    expect(cmd.params).toEqual({ Name: 'A', Action: 'DenyAccess', AnyOfProtocols: ['IMAP4', 'POP3'], Scope: 'Users' });
    expect(one('New-ClientAccessRule -Name A -Action allowaccess').params.Action).toBe('AllowAccess');
  });

  it('unambiguous parameter prefixes resolve; ambiguous ones list the candidates', () => {
    const cmd = one('New-ClientAccessRule -N A -Act Deny -ExceptAnyOfClientIP 10.0.0.0/8 -Pri 3 -UserR {City -eq \'X\'}');
    expect(cmd.params).toEqual({ Name: 'A', Action: 'DenyAccess', ExceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'], Priority: 3, UserRecipientFilter: "City -eq 'X'" });
    const result = parseScript('New-ClientAccessRule -Name A -Action Deny -Except IMAP4');
    expect(result.commands).toEqual([]);
    const f = result.findings.find((x) => x.message.includes('ambiguous'));
    expect(f).toMatchObject({ line: 1, column: 43 });
    expect(f?.message).toContain('-ExceptAnyOfProtocols');
    expect(f?.message).toContain('-ExceptAnyOfClientIPAddressesOrRanges');
  });

  it('unknown parameters are errors with a suggestion', () => {
    const messages = errorsOf('New-ClientAccessRule -Name A -Action Deny -AnyOfProtocol IMAP4 -Protocols POP3');
    expect(messages.join('\n')).toContain('no parameter -Protocols');
    const unknown = errorsOf('New-ClientAccessRule -Name A -Action Deny -Protcols POP3');
    expect(unknown.join('\n')).toMatch(/no parameter -Protcols/);
  });

  it('positional Name for New and Identity for Set/Remove/Get', () => {
    expect(one('New-ClientAccessRule "Block OWA" -Action DenyAccess').params).toEqual({ Name: 'Block OWA', Action: 'DenyAccess' });
    expect(one("Set-ClientAccessRule 'Block OWA' -Enabled $false").params).toEqual({ Identity: 'Block OWA', Enabled: false });
    expect(one('Remove-ClientAccessRule "Block OWA" -Confirm:$false').params).toEqual({ Identity: 'Block OWA', Confirm: false });
    expect(one('Get-ClientAccessRule "Block OWA"').params).toEqual({ Identity: 'Block OWA' });
    expect(errorsOf('New-ClientAccessRule "A" "B" -Action Deny').join()).toContain('positional');
  });

  it('$true/$false/$null, -Param:value and -Confirm:$false', () => {
    expect(one('Set-ClientAccessRule A -Enabled:$true -AnyOfProtocols:$null -UserRecipientFilter $null -Confirm:$false').params).toEqual({
      Identity: 'A',
      Enabled: true,
      AnyOfProtocols: null,
      UserRecipientFilter: null,
      Confirm: false,
    });
    expect(one('Remove-ClientAccessRule A -Confirm').params.Confirm).toBe(true);
    expect(errorsOf('Set-ClientAccessRule A -Enabled false').join()).toContain('Write $false');
  });

  it('lists with and without @(), quoted per value, across lines after a comma', () => {
    const expected = ['IMAP4', 'POP3'];
    expect(one('New-ClientAccessRule A -Action Deny -AnyOfProtocols IMAP4,POP3').params.AnyOfProtocols).toEqual(expected);
    expect(one("New-ClientAccessRule A -Action Deny -AnyOfProtocols 'IMAP4', 'POP3'").params.AnyOfProtocols).toEqual(expected);
    expect(one("New-ClientAccessRule A -Action Deny -AnyOfProtocols @('IMAP4',\n  'POP3')").params.AnyOfProtocols).toEqual(expected);
    expect(one('New-ClientAccessRule A -Action Deny -AnyOfProtocols @(\n  "IMAP4"\n  "POP3"\n)').params.AnyOfProtocols).toEqual(expected);
    expect(one('New-ClientAccessRule A -Action Deny -AnyOfProtocols IMAP4,\n  POP3').params.AnyOfProtocols).toEqual(expected);
  });

  it('a quoted comma list where values were meant is an error that shows the fix', () => {
    const result = parseScript('New-ClientAccessRule A -Action Deny -AnyOfProtocols "IMAP4,POP3"');
    expect(result.commands).toEqual([]);
    const f = result.findings.find((x) => x.message.includes('comma list'));
    expect(f).toMatchObject({ line: 1, column: 53, severity: 'error' });
    expect(f?.message).toContain('-AnyOfProtocols IMAP4,POP3');
    const ips = parseScript("New-ClientAccessRule A -Action Deny -AnyOfClientIPAddressesOrRanges '10.0.0.1,10.0.0.2'");
    expect(ips.findings.some((x) => x.severity === 'warning' && x.message.includes('ONE value'))).toBe(true);
  });

  it('an invalid enum value is an error that suggests the closest valid name', () => {
    const messages = errorsOf('New-ClientAccessRule A -Action Deny -AnyOfProtocols OutlookWebAccess -AnyOfAuthenticationTypes Basic');
    expect(messages.join('\n')).toContain('did you mean OutlookWebApp');
    expect(messages.join('\n')).toContain('did you mean BasicAuthentication');
    expect(errorsOf('New-ClientAccessRule A -Action Block').join()).toContain('-Action');
    expect(errorsOf('New-ClientAccessRule A -Action Deny -Scope Everyone').join()).toContain('Users');
  });

  it('placeholders pasted from templates are errors, never values', () => {
    for (const text of [
      'New-ClientAccessRule A -Action Deny -Priority <PriorityValue>',
      'New-ClientAccessRule A -Action Deny -AnyOfClientIPAddressesOrRanges [enter your IPs here]',
      'New-ClientAccessRule A -Action Deny -AnyOfClientIPAddressesOrRanges <IP address>',
      'New-ClientAccessRule -Name <RuleName> -Action Deny',
      'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol POP3 -RemoteAddress <IP address> -RemotePort 995 -User a@b.c',
    ]) {
      const result = parseScript(text);
      expect(result.commands, text).toEqual([]);
      expect(result.findings.some((f) => f.severity === 'error' && f.message.includes('placeholder')), text).toBe(true);
    }
  });

  it('a quoted name that looks like a placeholder is kept with a warning (it may be real)', () => {
    const result = parseScript("New-ClientAccessRule -Name '<Pilot>' -Action Deny -UsernameMatchesAnyOfPatterns '[enter users here]' -AnyOfClientIPAddressesOrRanges '<IP address>'");
    expect(result.commands[0]?.params).toMatchObject({ Name: '<Pilot>', UsernameMatchesAnyOfPatterns: ['[enter users here]'], AnyOfClientIPAddressesOrRanges: ['<IP address>'] });
    expect(result.findings.filter((f) => f.severity === 'warning')).toHaveLength(3);
  });

  it('missing required -Action or -Name is an error', () => {
    expect(errorsOf('New-ClientAccessRule -Name A').join()).toContain('needs -Action');
    expect(errorsOf('New-ClientAccessRule -Action Deny').join()).toContain('needs -Name');
    expect(errorsOf('Set-ClientAccessRule -Enabled $false').join()).toContain('needs -Identity');
  });

  it('UserRecipientFilter in the three forms of spec 6', () => {
    const expected = "City -eq 'Redmond'";
    expect(one("New-ClientAccessRule A -Action Deny -UserRecipientFilter {City -eq 'Redmond'}").params.UserRecipientFilter).toBe(expected);
    expect(one("New-ClientAccessRule A -Action Deny -UserRecipientFilter \"City -eq 'Redmond'\"").params.UserRecipientFilter).toBe(expected);
    expect(one("New-ClientAccessRule A -Action Deny -UserRecipientFilter 'City -eq ''Redmond'''").params.UserRecipientFilter).toBe(expected);
  });

  it('variables assigned earlier, += and splatting a hashtable', () => {
    const text = [
      "$ips = '10.0.0.0/8','192.168.0.0/16'",
      "$ips += '172.16.0.0/12'",
      '$params = @{',
      "  Name = 'Block external OWA'",
      '  Action = "DenyAccess"',
      '  AnyOfProtocols = @("OutlookWebApp")',
      '  ExceptAnyOfClientIPAddressesOrRanges = $ips',
      '  Enabled = $true',
      '}',
      'New-ClientAccessRule @params -Priority 1',
    ].join('\n');
    expect(one(text).params).toEqual({
      Name: 'Block external OWA',
      Action: 'DenyAccess',
      AnyOfProtocols: ['OutlookWebApp'],
      ExceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12'],
      Enabled: true,
      Priority: 1,
    });
  });

  it('a variable the script leaves open is kept as { variable } with its position, and the command waits', () => {
    const result = parseScript('New-ClientAccessRule A -Action Deny -AnyOfClientIPAddressesOrRanges $officeIps');
    expect(result.commands).toEqual([
      {
        cmdlet: 'New-ClientAccessRule',
        params: { Name: 'A', Action: 'DenyAccess', AnyOfClientIPAddressesOrRanges: { variable: '$officeIps' } },
        line: 1,
        column: 1,
        unresolved: [{ variable: '$officeIps', cmdlet: 'New-ClientAccessRule', parameter: 'AnyOfClientIPAddressesOrRanges', line: 1, column: 69 }],
      },
    ]);
    expect(result.findings.find((f) => f.message.includes('takes $officeIps'))).toMatchObject({ line: 1, column: 69, severity: 'warning' });
    expect(result.variables).toEqual([{ name: 'officeIps', uses: [{ variable: '$officeIps', cmdlet: 'New-ClientAccessRule', parameter: 'AnyOfClientIPAddressesOrRanges', line: 1, column: 69 }] }]);
    const fromCommand = parseScript("$ips = Get-Content .\\ips.txt\nNew-ClientAccessRule A -Action Deny -AnyOfClientIPAddressesOrRanges $ips");
    expect((fromCommand.commands[0] as AnyCommand).params.AnyOfClientIPAddressesOrRanges).toEqual({ variable: '$ips' });
    expect(fromCommand.variables[0]?.reason).toContain('Get-Content');
    expect(fromCommand.findings.some((f) => f.line === 2 && f.message.includes('Get-Content'))).toBe(true);
  });

  it('double-quoted strings: escapes resolved, known variables substituted, others reported', () => {
    expect(one('New-ClientAccessRule "Tab`there" -Action Deny').params.Name).toBe('Tab\there');
    expect(one('$site = "Redmond"\nNew-ClientAccessRule "Block $site" -Action Deny').params.Name).toBe('Block Redmond');
    expect(one('New-ClientAccessRule "Costs 5$" -Action Deny').params.Name).toBe('Costs 5$');
    const sub = parseScript('New-ClientAccessRule "Block $(Get-Date)" -Action Deny');
    expect(sub.commands).toEqual([]);
    expect(sub.findings.some((f) => f.message.includes('$(Get-Date)'))).toBe(true);
  });

  it("the generator's ('abc' + [char]0x202E + 'def') shape resolves statically", () => {
    expect(one("New-ClientAccessRule -Name ('abc' + [char]0x202E + 'def') -Action Deny").params.Name).toBe('abc\u202Edef');
    expect(one("New-ClientAccessRule -Name ('' + [char]0xD83D + [char]0xDE00) -Action Deny").params.Name).toBe('\u{1F600}');
    expect(one("New-ClientAccessRule -Name ('a'+[char]0x000A+'b') -Action Deny").params.Name).toBe('a\nb');
  });

  it('@{Add=…; Remove=…} edits lists in Set-ClientAccessRule only', () => {
    const cmd = one("Set-ClientAccessRule 'A' -AnyOfProtocols @{Add='IMAP4','POP3'; Remove='OutlookWebApp'} -ExceptAnyOfClientIPAddressesOrRanges @{Remove='10.0.0.1'}");
    expect(cmd.params).toEqual({
      Identity: 'A',
      AnyOfProtocols: { Add: ['IMAP4', 'POP3'], Remove: ['OutlookWebApp'] },
      ExceptAnyOfClientIPAddressesOrRanges: { Add: [], Remove: ['10.0.0.1'] },
    });
    expect(errorsOf("New-ClientAccessRule A -Action Deny -AnyOfProtocols @{Add='IMAP4'}").join()).toContain('Set-ClientAccessRule');
  });

  it('pipelines from Get-ClientAccessRule "x" into Set/Remove carry the identity', () => {
    const result = parseScript('Get-ClientAccessRule "Block OWA" | Remove-ClientAccessRule -Confirm:$false\nget-clientaccessrule X | set-clientaccessrule -Priority 1');
    expect(result.commands.map((c) => [c.cmdlet, c.params])).toEqual([
      ['Remove-ClientAccessRule', { Identity: 'Block OWA', Confirm: false }],
      ['Set-ClientAccessRule', { Identity: 'X', Priority: 1 }],
    ]);
    const filtered = parseScript("Get-ClientAccessRule | Where-Object { $_.Name -like 'Temp*' } | Remove-ClientAccessRule");
    expect(filtered.commands).toEqual([]);
    expect(filtered.findings.some((f) => f.severity === 'warning' && f.message.includes('Where-Object'))).toBe(true);
    const all = parseScript('Get-ClientAccessRule | Remove-ClientAccessRule');
    expect(all.commands.filter((c) => c.cmdlet === 'Remove-ClientAccessRule')).toEqual([]);
    expect(all.findings.some((f) => f.severity === 'warning' && f.message.includes('every rule'))).toBe(true);
  });

  it('; separators and other cmdlets are skipped with a note; a command inside an if is read, with the assumption said', () => {
    const result = parseScript("Connect-ExchangeOnline -UserPrincipalName a@b.c; New-ClientAccessRule A -Action Deny; Write-Host 'done'\nif ($x) { New-ClientAccessRule B -Action Deny }\nwhile ($y) { New-ClientAccessRule C -Action Deny }");
    expect((result.commands as AnyCommand[]).map((c) => c.params.Name)).toEqual(['A', 'B']);
    expect(result.findings.filter((f) => f.severity === 'info').map((f) => f.message).join('\n')).toContain('Connect-ExchangeOnline');
    expect(result.findings.find((f) => f.severity === 'warning' && f.line === 2)?.message).toContain('only if ($x)');
    expect(result.findings.some((f) => f.severity === 'warning' && f.line === 3 && f.message.includes('control flow'))).toBe(true);
  });

  it('Test-ClientAccessRule reads all five parameters and a # expect comment', () => {
    const cmd = one('Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 172.17.17.26 -RemotePort 443 -User julia@contoso.com # expect: Deny');
    expect(cmd).toMatchObject({
      params: { AuthenticationType: 'BasicAuthentication', Protocol: 'OutlookWebApp', RemoteAddress: '172.17.17.26', RemotePort: 443, User: 'julia@contoso.com' },
      expected: 'DenyAccess',
    });
    expect(errorsOf('Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 1.2.3.4 -RemotePort 70000 -User a@b.c').join()).toContain('65535');
    // The trailing comment of the command above belongs to that command only.
    const two = parseScript(
      'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol POP3 -RemoteAddress 1.2.3.4 -RemotePort 995 -User a@b.c # expect: Deny\n' +
        'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol IMAP4 -RemoteAddress 1.2.3.4 -RemotePort 993 -User a@b.c',
    );
    expect(two.commands.map((c) => (c.cmdlet === 'Test-ClientAccessRule' ? c.expected : undefined))).toEqual(['DenyAccess', undefined]);
  });

  it('findings carry line and column of the offending value', () => {
    const result = parseScript('\n\n  New-ClientAccessRule A -Action Deny -Priority two');
    expect(result.findings.find((f) => f.message.includes('whole number'))).toMatchObject({ line: 3, column: 49 });
  });

  it('a parameter given twice is an error', () => {
    expect(errorsOf('New-ClientAccessRule A -Action Deny -Action Allow').join()).toContain('more than once');
  });
});

describe('parseScript: robustness', () => {
  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parseScript(text);
        expect(Array.isArray(result.commands)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  const alphabet = fc.constantFrom(
    'New-ClientAccessRule', 'Set-ClientAccessRule', 'Remove-ClientAccessRule', 'Get-ClientAccessRule', 'Test-ClientAccessRule',
    ' ', '\n', '`', '`\n', '#', '<#', '#>', "'", '"', '‘', '”', '-', '–', '-Name', '-Action', 'Deny', '-AnyOfProtocols', 'IMAP4', ',',
    '@(', '@{', '(', ')', '{', '}', '[', ']', '<', '>', '$', '$x', '$x = ', '@x', '|', ';', '=', '+', '[char]', '0x202E', ':', '$null', '$(',
  );

  it('never throws on mutated script fragments', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const result = parseScript(parts.join(''));
        for (const f of result.findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws when a valid script is cut or has characters deleted', () => {
    const base = "$ips = '10.0.0.0/8',\n '192.168.0.0/16'\nNew-ClientAccessRule -Name ('a' + [char]0x202E + 'b') -Action Deny `\n -ExceptAnyOfClientIP $ips -UserRecipientFilter {City -eq 'X'}\nSet-ClientAccessRule 'x' -AnyOfProtocols @{Add='IMAP4'; Remove='POP3'}\n";
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(base.length), (a, b) => {
        parseScript(base.slice(0, a) + base.slice(a + (b % 5)));
        parseScript(base.slice(0, Math.min(a, b)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseScript: a ( at the end of the text (issue 13)', () => {
  it.each([
    ['New-ClientAccessRule(', 'New-ClientAccessRule'],
    ['Test-ClientAccessRule(', 'Test-ClientAccessRule'],
    ["New-ClientAccessRule -Name 'x' -Action DenyAccess -AnyOfProtocols (", '-AnyOfProtocols'],
    ["New-ClientAccessRule -Name 'x' -Action DenyAccess -AnyOfProtocols (\n", '-AnyOfProtocols'],
    ["New-ClientAccessRule -Name 'x' -Action DenyAccess -AnyOfProtocols (\nIMAP4", '-AnyOfProtocols'],
  ])('%j is reported where it is, never as a program error', (text, mentioned) => {
    const { commands, findings } = parseScript(text);
    expect(commands).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.message).not.toMatch(/Cannot read properties|undefined|Could not read this statement/);
    expect(findings.some((f) => f.message.includes(mentioned))).toBe(true);
    expect(findings.some((f) => /never closed|ends where a value/.test(f.message))).toBe(true);
  });
});
