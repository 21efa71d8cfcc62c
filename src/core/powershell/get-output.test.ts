import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CSV_EXPORT_RECIPE, GET_OUTPUT_PROPERTIES, isRegExpSpace, parseFormatList, parseGetCsv, parseGetJson, splitListText } from './get-output.ts';
import { RULE_FIELD_LIST } from '../model/rule-fields.ts';

const FORMAT_LIST = `
PS C:\\> Get-ClientAccessRule | Format-List

RunspaceId                           : 8a3c1f0e-2b8d-4e59-9f0e-7d1b2c3a4e5f
Priority                             : 2
Enabled                              : True
DatacenterAdminsOnly                 : False
Action                               : DenyAccess
AnyOfClientIPAddressesOrRanges       : {}
ExceptAnyOfClientIPAddressesOrRanges : {192.168.0.0/24, 10.0.0.1-10.0.0.20,
                                       172.16.0.0/12}
AnyOfSourceTcpPortNumbers            : {}
ExceptAnyOfSourceTcpPortNumbers      : {}
UsernameMatchesAnyOfPatterns         : {}
ExceptUsernameMatchesAnyOfPatterns   : {contoso.com\\admin*}
UserIsMemberOf                       : {}
ExceptUserIsMemberOf                 : {}
AnyOfAuthenticationTypes             : {BasicAuthentication}
ExceptAnyOfAuthenticationTypes       : {}
AnyOfProtocols                       : {OutlookWebApp, ExchangeAdminCenter}
ExceptAnyOfProtocols                 : {}
UserRecipientFilter                  : Department -ne 'IT' -and City -eq 'Redmond' -and Office -ne
                                       'Building 1'
RuleScope                            : Users
Name                                 : Block OWA outside the office
Identity                             : Block OWA outside the office
Guid                                 : 0e7a3b3c-7b7e-4a4b-8f4e-5a9b1c2d3e4f
IsValid                              : True
ObjectState                          : Unchanged

RunspaceId                           : 8a3c1f0e-2b8d-4e59-9f0e-7d1b2c3a4e5f
Priority                             : 1
Enabled                              : True
DatacenterAdminsOnly                 : False
Action                               : AllowAccess
AnyOfClientIPAddressesOrRanges       : {}
ExceptAnyOfClientIPAddressesOrRanges : {}
AnyOfAuthenticationTypes             : {}
ExceptAnyOfAuthenticationTypes       : {}
AnyOfProtocols                       : {RemotePowerShell}
ExceptAnyOfProtocols                 : {}
UserRecipientFilter                  :
RuleScope                            : All
Name                                 : Always Allow Remote PowerShell
Identity                             : Always Allow Remote PowerShell
`;

describe('parseFormatList', () => {
  it('reads records, wrapped values, {a, b} and {} lists, RuleScope, sorted by Priority', () => {
    const { rules, findings } = parseFormatList(FORMAT_LIST);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(rules.map((r) => r.name)).toEqual(['Always Allow Remote PowerShell', 'Block OWA outside the office']);
    expect(rules[0]).toMatchObject({ action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'], scope: 'All', userRecipientFilter: '', enabled: true });
    expect(rules[1]).toMatchObject({
      action: 'DenyAccess',
      scope: 'Users',
      anyOfProtocols: ['OutlookWebApp', 'ExchangeAdminCenter'],
      anyOfAuthenticationTypes: ['BasicAuthentication'],
      exceptAnyOfClientIPAddressesOrRanges: ['192.168.0.0/24', '10.0.0.1-10.0.0.20', '172.16.0.0/12'],
      exceptUsernameMatchesAnyOfPatterns: ['contoso.com\\admin*'],
      userRecipientFilter: "Department -ne 'IT' -and City -eq 'Redmond' -and Office -ne 'Building 1'",
      anyOfClientIPAddressesOrRanges: [],
    });
    // The PS prompt line is skipped with a note.
    expect(findings).toMatchObject([{ line: 2, severity: 'info' }]);
  });

  it('accepts Scope instead of RuleScope, records without blank lines between them, CRLF', () => {
    const text = 'Name : A\r\nAction : DenyAccess\r\nScope : users\r\nPriority : 1\r\nName : B\r\nAction : AllowAccess\r\nPriority : 2\r\n';
    const { rules } = parseFormatList(text);
    expect(rules.map((r) => [r.name, r.scope])).toEqual([
      ['A', 'Users'],
      ['B', 'All'],
    ]);
  });

  it('reports a list cut short by $FormatEnumerationLimit', () => {
    const { rules, findings } = parseFormatList('Name : A\nAction : DenyAccess\nAnyOfProtocols : {IMAP4, POP3, REST, OutlookWebApp...}\n');
    expect(rules[0]?.anyOfProtocols).toEqual(['IMAP4', 'POP3', 'REST', 'OutlookWebApp']);
    expect(findings).toMatchObject([{ line: 3, severity: 'error' }]);
    expect(findings[0]?.message).toContain('$FormatEnumerationLimit');
  });

  it('a record without Action or Name is left out with an error; not Format-List at all is an error', () => {
    const { rules, findings } = parseFormatList('Name : A\nPriority : 1\n\nAction : DenyAccess\n');
    expect(rules).toEqual([]);
    expect(findings.filter((f) => f.severity === 'error')).toHaveLength(2);
    expect(parseFormatList('hello world').findings.some((f) => f.severity === 'error')).toBe(true);
  });
});

describe('parseGetJson', () => {
  it('reads an array with enums as numbers (spec 8 numbering), extra members ignored, sorted by Priority', () => {
    const json = JSON.stringify([
      {
        RunspaceId: 'x',
        Priority: 2,
        Enabled: false,
        DatacenterAdminsOnly: false,
        Action: 1,
        AnyOfProtocols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        AnyOfAuthenticationTypes: [0, 1, 2, 3, 4],
        ExceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'],
        UserRecipientFilter: null,
        RuleScope: 'Users',
        Name: 'Numbers',
        Guid: 'g',
        DistinguishedName: 'CN=Numbers,…',
      },
      { Name: 'First', Priority: 1, Action: 'AllowAccess', AnyOfProtocols: ['RemotePowerShell'], Scope: 'All' },
    ]);
    const { rules, findings } = parseGetJson(json);
    expect(rules.map((r) => r.name)).toEqual(['First', 'Numbers']);
    expect(rules[1]).toMatchObject({
      action: 'DenyAccess',
      enabled: false,
      scope: 'Users',
      anyOfProtocols: ['ExchangeWebServices', 'RemotePowerShell', 'OutlookAnywhere', 'POP3', 'IMAP4', 'OutlookWebApp', 'ExchangeAdminCenter', 'ExchangeActiveSync', 'OfflineAddressBook', 'PowerShellWebServices', 'REST', 'UniversalOutlook'],
      anyOfAuthenticationTypes: ['BasicAuthentication', 'NonBasicAuthentication', 'AdfsAuthentication', 'CertificateBasedAuthentication', 'OAuthAuthentication'],
      exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'],
      userRecipientFilter: '',
    });
    // Numeric Action is read with an info note stating the numbering.
    expect(findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('reads a single object, names in any case and the Windows PowerShell {value, Count} wrapper', () => {
    const { rules } = parseGetJson('{"name":"One","action":"DenyAccess","anyOfProtocols":{"value":["IMAP4","POP3"],"Count":2}}');
    expect(rules[0]).toMatchObject({ name: 'One', anyOfProtocols: ['IMAP4', 'POP3'] });
  });

  it('reads lists that ConvertTo-Json wrote as text (depth exceeded)', () => {
    const { rules } = parseGetJson('{"Name":"A","Action":"DenyAccess","AnyOfProtocols":"IMAP4 POP3","ExceptAnyOfClientIPAddressesOrRanges":"10.0.0.0/8 10.1.0.0/16"}');
    expect(rules[0]).toMatchObject({ anyOfProtocols: ['IMAP4', 'POP3'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '10.1.0.0/16'] });
  });

  it('invalid JSON is one finding with a position; unknown enum numbers are reported', () => {
    const bad = parseGetJson('[\n  {"Name": "A",,}\n]');
    expect(bad.rules).toEqual([]);
    expect(bad.findings[0]).toMatchObject({ line: 2, severity: 'error' });
    const unknown = parseGetJson('{"Name":"A","Action":"DenyAccess","AnyOfProtocols":[42]}');
    expect(unknown.findings.some((f) => f.message.includes('42'))).toBe(true);
  });
});

describe('parseGetCsv', () => {
  it('reads a properly joined export with a #TYPE line, sorted by Priority', () => {
    const csv = [
      '#TYPE Selected.Microsoft.Exchange.Management.ClientAccessRules.ADClientAccessRule',
      '"Name","Priority","Enabled","Action","RuleScope","AnyOfProtocols","ExceptAnyOfClientIPAddressesOrRanges","UserRecipientFilter"',
      '"Second","2","False","DenyAccess","Users","OutlookWebApp,ExchangeActiveSync","10.0.0.0/8,192.168.1.1","City -eq ""Redmond"""',
      '"First","1","True","AllowAccess","All","RemotePowerShell","",""',
    ].join('\r\n');
    const { rules, findings } = parseGetCsv(csv);
    expect(findings).toEqual([]);
    expect(rules.map((r) => r.name)).toEqual(['First', 'Second']);
    expect(rules[1]).toMatchObject({
      enabled: false,
      scope: 'Users',
      anyOfProtocols: ['OutlookWebApp', 'ExchangeActiveSync'],
      exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '192.168.1.1'],
      userRecipientFilter: 'City -eq "Redmond"',
    });
  });

  it('a multi-value column showing a .NET type name is an error that says how to re-export', () => {
    const csv = [
      '#TYPE Microsoft.Exchange.Management.ClientAccessRules.ADClientAccessRule',
      '"Name","Priority","Action","AnyOfProtocols","ExceptAnyOfClientIPAddressesOrRanges"',
      '"A","1","DenyAccess","Microsoft.Exchange.Data.MultiValuedProperty`1[Microsoft.Exchange.Data.ClientAccessProtocol]","System.Collections.Generic.List`1[System.String]"',
    ].join('\n');
    const { rules, findings } = parseGetCsv(csv);
    expect(rules).toHaveLength(1);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ line: 3, severity: 'error' });
    expect(findings[0]?.message).toContain('-join');
    expect(findings[0]?.message).toContain(CSV_EXPORT_RECIPE);
  });

  it('lists at most 1000 findings and counts the rest', () => {
    const csv = '"Name","Action"\n' + Array.from({ length: 1500 }, (_, i) => `"r${i}","Maybe"`).join('\n');
    const { rules, findings } = parseGetCsv(csv);
    expect(rules).toEqual([]);
    expect(findings).toHaveLength(1001);
    expect(findings[1000]?.message).toBe('500 more problems are not listed one by one.');
  });

  it('a CSV without a Name column is reported', () => {
    expect(parseGetCsv('"a","b"\n"1","2"').findings.some((f) => f.message.includes('Name'))).toBe(true);
  });
});

describe('hostile and foreign Get output (issue 13)', () => {
  it('says JSON without any rule property is not Get output, instead of "Rule 1 has no Name"', () => {
    const r = parseGetJson('{"hello": 1}');
    expect(r.rules).toEqual([]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.message).toMatch(/^This JSON is neither a project file nor Get-ClientAccessRule \| ConvertTo-Json output: it holds objects with the properties "hello"/);
    expect(parseGetJson('[1, 2]').findings[0]?.message).toContain('it holds no objects');
    expect(parseGetJson('[]').findings).toEqual([]);
  });

  it('reports a list value nested 20,000 levels deep instead of overflowing the stack', () => {
    const deep = `${'['.repeat(20_000)}5${']'.repeat(20_000)}`;
    const r = parseGetJson(`[{"Name":"a","Action":"DenyAccess","AnyOfProtocols":[4,${deep}]}]`);
    expect(r.rules[0]?.anyOfProtocols).toEqual(['IMAP4']);
    expect(r.findings.map((f) => f.message)).toEqual(['AnyOfProtocols holds a nested list instead of a value; it is left out.']);
  });

  it('joins many Format-List continuation lines exactly as before (pieces joined once)', () => {
    const ips = Array.from({ length: 2000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
    const lines = ['Name : a', 'Action : DenyAccess', `AnyOfClientIPAddressesOrRanges : {${ips[0]},`];
    for (const ip of ips.slice(1, -1)) lines.push(`                                  ${ip},`);
    lines.push(`                                  ${ips[ips.length - 1]}}`, 'UserRecipientFilter : Department -eq', '   "IT"');
    const r = parseFormatList(lines.join('\n'));
    expect(r.rules[0]?.anyOfClientIPAddressesOrRanges).toEqual(ips);
    expect(r.rules[0]?.userRecipientFilter).toBe('Department -eq "IT"');
  });
});

describe('reading long Format-List values in linear time (issue 13)', () => {
  it('isRegExpSpace is \\s (and what trim removes) for every UTF-16 code unit', () => {
    for (let c = 0; c <= 0xffff; c += 1) {
      const ch = String.fromCharCode(c);
      expect(isRegExpSpace(c), `U+${c.toString(16)}`).toBe(/\s/.test(ch));
      expect(isRegExpSpace(c), `U+${c.toString(16)}`).toBe(ch.trim() === '');
    }
  });

  it('splitListText is exactly the regular-expression split, empty ends included', () => {
    expect(splitListText(' a, b;;c ', false)).toEqual(['', 'a', 'b', 'c', '']);
    expect(splitListText('a b;, c', true)).toEqual(['a b', '', ' c']);
    const unit = fc.constantFrom(',', ';', ' ', '\t', '\u00a0', '\u2028', '\u180e', '\u200b', 'a', 'b', '10.0.0.1', '*\\x y');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (text) => {
        expect(splitListText(text, true)).toEqual(text.split(/[,;]/));
        expect(splitListText(text, false)).toEqual(text.split(/[,;\s]+/));
      }),
      { numRuns: 2000 },
    );
  });

  it('joins a value wrapped over more lines than one chunk holds with the same spaces and commas', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
    const lines = ['Name : a', 'Action : DenyAccess', `UserRecipientFilter : ${words[0]}`, ...words.slice(1).map((w, i) => (i % 2 === 0 ? `   ${w}` : `\t${w},`))];
    const r = parseFormatList(lines.join('\r\n'));
    const expected = words.map((w, i) => (i === 0 || i % 2 === 1 ? w : `${w},`));
    let joined = expected[0] as string;
    for (let i = 1; i < expected.length; i += 1) joined += (expected[i - 1] as string).endsWith(',') ? expected[i] : ` ${expected[i]}`;
    expect(r.rules[0]?.userRecipientFilter).toBe(joined);
  });

  it('a continuation after an empty value decides whether it is a list; blank lines of any white space end a record', () => {
    const text = ['Name : a', 'Action : DenyAccess', 'AnyOfProtocols :', '   {POP3,', '   IMAP4}', '\u00a0\u3000', 'Name : b', 'Action : AllowAccess'].join('\n');
    const r = parseFormatList(text);
    expect(r.rules.map((x) => x.name)).toEqual(['a', 'b']);
    expect(r.rules[0]?.anyOfProtocols).toEqual(['POP3', 'IMAP4']);
    expect(r.findings).toEqual([]);
  });
});

describe('GET_OUTPUT_PROPERTIES', () => {
  it('holds every Get name of the table of rule fields, Priority and the housekeeping properties', () => {
    for (const spec of RULE_FIELD_LIST) for (const name of spec.getNames) expect(GET_OUTPUT_PROPERTIES.has(name.toLowerCase())).toBe(true);
    for (const name of ['priority', 'runspaceid', 'guid', 'anyofsourcetcpportnumbers', 'whencreated']) expect(GET_OUTPUT_PROPERTIES.has(name)).toBe(true);
    expect(GET_OUTPUT_PROPERTIES.size).toBe(28);
  });
});
