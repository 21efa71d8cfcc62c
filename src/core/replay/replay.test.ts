import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../evaluator/evaluate.ts';
import { createRule } from '../model/rule-set.ts';
import { AUTHENTICATION_TYPES, CONNECTION_TYPES } from '../model/types.ts';
import type { Connection, Rule, RuleSet } from '../model/types.ts';
import { csvCell } from './csv.ts';
import { DEFAULT_MAPPING, mergeMapping } from './mapping.ts';
import { LogReplay, LogReplayError } from './replay.ts';
import type { LogReplayOptions } from './replay.ts';
import { httpProxyLine, httpProxyPreamble, iisPreamble } from '../../test-support/sample-log.ts';

function set(...rules: Partial<Rule>[]): RuleSet {
  return { profile: 'ExchangeOnline', rules: rules.map((r, i) => createRule({ id: `r${i + 1}`, name: `Rule ${i + 1}`, ...r })), tests: [] };
}

function replay(files: Record<string, string>, options: Partial<LogReplayOptions> = {}) {
  const r = new LogReplay({ draft: set(), ...options });
  for (const [name, text] of Object.entries(files)) {
    const f = r.openFile(name);
    f.push(text);
    f.end();
  }
  return r.result();
}

const T = '2024-05-01T10:15:00.000Z';
const HTTPPROXY =
  httpProxyPreamble() +
  [
    httpProxyLine({ dateTime: T, protocol: 'Ecp', authenticationType: 'FBA', user: 'admin@contoso.com', ip: '203.0.113.7' }),
    httpProxyLine({ dateTime: T, protocol: 'Ecp', authenticationType: 'FBA', user: 'ADMIN@contoso.com', ip: '203.0.113.7' }),
    httpProxyLine({ dateTime: '2024-05-01T11:00:00.000Z', protocol: 'PowerShell', authenticationType: 'Kerberos', user: 'CONTOSO\\admin', ip: '10.0.0.4' }),
    httpProxyLine({ dateTime: T, protocol: 'Owa', authenticationType: '', user: '', ip: '203.0.113.9', status: 401 }),
    httpProxyLine({ dateTime: T, protocol: 'Owa', authenticationType: 'Negotiate', user: 'HealthMailbox0c1d2e@contoso.com', ip: '10.0.0.5' }),
    httpProxyLine({ dateTime: T, protocol: 'Ews', authenticationType: 'Negotiate', user: 'jeff@contoso.com', ip: '10.0.0.5', userAgent: 'AMProbe/Local/ClientAccess' }),
    httpProxyLine({ dateTime: T, protocol: 'Owa', authenticationType: 'FBA', user: 'jeff@contoso.com', ip: '127.0.0.1' }),
    httpProxyLine({ dateTime: T, protocol: 'Autodiscover', authenticationType: 'Negotiate', user: 'jeff@contoso.com', ip: '10.0.0.6' }),
    httpProxyLine({ dateTime: T, protocol: 'PushNotifications', urlStem: '/PushNotifications/', authenticationType: 'Negotiate', user: 'jeff@contoso.com', ip: '10.0.0.6' }),
    httpProxyLine({ dateTime: T, protocol: 'Owa', authenticationType: 'LiveIdStrange', user: 'jeff@contoso.com', ip: '10.0.0.6' }),
    httpProxyLine({ dateTime: T, protocol: 'Owa', authenticationType: 'FBA', user: 'jeff@contoso.com', ip: 'not-an-ip' }),
    '2024-05-01T10:00:00.000Z,short,line',
    // A user agent with a comma is quoted, as Exchange writes it.
    httpProxyLine({ dateTime: T, protocol: 'Eas', authenticationType: 'Basic', user: 'jeff@contoso.com', ip: '198.51.100.4', userAgent: 'Apple-iPhone/1, like Gecko' }),
  ].join('\r\n') +
  '\r\n';

describe('LogReplay: HttpProxy logs', () => {
  const draft = set({ name: 'Block external EAC', action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] });
  const result = replay({ 'HttpProxy_2024050110-1.LOG': HTTPPROXY }, { draft });

  it('reads the real header, maps protocols and authentication types, and folds users case-insensitively', () => {
    expect(result.files).toEqual([{ name: 'HttpProxy_2024050110-1.LOG', format: 'httpproxy', lines: 13, skipped: 9 }]);
    expect(result.lines).toBe(13);
    expect(result.connections.map((c) => [c.user, c.ip, c.protocol, c.authenticationType, c.lines, c.after, c.afterRule])).toEqual([
      ['admin@contoso.com', '203.0.113.7', 'ExchangeAdminCenter', 'BasicAuthentication', 2, 'DenyAccess', 'Block external EAC'],
      ['CONTOSO\\admin', '10.0.0.4', 'RemotePowerShell', 'NonBasicAuthentication', 1, 'AllowAccess', null],
      ['jeff@contoso.com', '198.51.100.4', 'ExchangeActiveSync', 'BasicAuthentication', 1, 'AllowAccess', null],
    ]);
  });

  it('counts every skipped line by reason, with examples', () => {
    expect(result.skipped).toEqual({
      'anonymous-401-challenge': 1,
      'health-mailbox': 1,
      'probe-user-agent': 1,
      'loopback-address': 1,
      'protocol-not-governed': 1,
      'unmapped-protocol': 1,
      'unmapped-authentication-type': 1,
      'invalid-address': 1,
      'malformed-line': 1,
    });
    expect(result.skipExamples.find((e) => e.reason === 'malformed-line')).toEqual({
      reason: 'malformed-line',
      file: 'HttpProxy_2024050110-1.LOG',
      line: 17,
      text: '2024-05-01T10:00:00.000Z,short,line',
    });
  });

  it('counts lines before (everything allowed) and after, per rule and per hour', () => {
    expect(result.before).toEqual({ AllowAccess: 4, DenyAccess: 0 });
    expect(result.after).toEqual({ AllowAccess: 2, DenyAccess: 2 });
    expect(result.ruleHits).toEqual([{ set: 'draft', name: 'Block external EAC', priority: 1, enabled: true, action: 'DenyAccess', lines: 2, connections: 1 }]);
    expect(result.hourly).toEqual([
      { hour: '2024-05-01T10', before: 0, after: 2 },
      { hour: '2024-05-01T11', before: 0, after: 0 },
    ]);
  });

  it('applies mapping overrides', () => {
    const mapping = mergeMapping(DEFAULT_MAPPING, [{ key: 'AuthenticationType', from: 'LiveIdStrange', to: 'OAuthAuthentication' }]);
    const r = replay({ 'a.log': HTTPPROXY }, { draft, mapping });
    expect(r.skipped['unmapped-authentication-type']).toBeUndefined();
    expect(r.connections.some((c) => c.authenticationType === 'OAuthAuthentication')).toBe(true);
  });

  it('takes a bare header line without #Fields (BackendStatus spelling too)', () => {
    const header = 'DateTime,RequestId,Protocol,UrlStem,AuthenticationType,IsAuthenticated,AuthenticatedUser,UserAgent,ClientIpAddress,HttpStatus,BackendStatus';
    const r = replay({ 'b.log': `${header}\n${T},1,Owa,/owa/,FBA,True,jeff@contoso.com,UA,203.0.113.1,200,200\n` });
    expect(r.connections).toMatchObject([{ protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', ip: '203.0.113.1' }]);
  });
});

describe('LogReplay: IIS, Entra, connections CSV, Get-User', () => {
  it('reads IIS logs by their #Fields line, protocol from the URL, default authentication type', () => {
    const text =
      iisPreamble() +
      '2024-05-01 10:00:01 10.0.0.1 POST /ecp/default.aspx - 443 CONTOSO\\admin 198.51.100.20 Mozilla/5.0+(Windows) - 200 0 0 15\r\n' +
      '2024-05-01 10:00:02 10.0.0.1 POST /Microsoft-Server-ActiveSync/default.eas Cmd=Sync 443 jeff@contoso.com 198.51.100.21 Apple-iPhone - 200 0 0 15\r\n' +
      '2024-05-01 10:00:03 10.0.0.1 GET /owa/ - 443 - 198.51.100.22 Mozilla/5.0 - 401 0 0 1\r\n' +
      '#Fields: date time cs-uri-stem c-ip cs-username\r\n' +
      '2024-05-01 11:00:00 /PowerShell/ 10.0.0.7 CONTOSO\\admin\r\n';
    const r = replay({ 'u_ex240501.log': text }, { draft: set({ action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'] }) });
    expect(r.files[0]).toMatchObject({ format: 'iis', lines: 4, skipped: 1 });
    expect(r.skipped).toEqual({ 'anonymous-401-challenge': 1 });
    expect(r.connections.map((c) => [c.user, c.protocol, c.authenticationType, c.after])).toEqual([
      ['CONTOSO\\admin', 'ExchangeAdminCenter', 'BasicAuthentication', 'DenyAccess'],
      ['jeff@contoso.com', 'ExchangeActiveSync', 'BasicAuthentication', 'AllowAccess'],
      ['CONTOSO\\admin', 'RemotePowerShell', 'NonBasicAuthentication', 'AllowAccess'],
    ]);
    expect(r.hourly).toEqual([
      { hour: '2024-05-01T10', before: 0, after: 1 },
      { hour: '2024-05-01T11', before: 0, after: 0 },
    ]);
  });

  it('reads an Entra sign-in CSV (headers with trailing spaces, failed sign-ins skipped)', () => {
    const text =
      '\uFEFFDate (UTC),Request ID,Username ,User agent,IP address ,Client app,Status\r\n' +
      '2024-05-01T09:00:00Z,1,jeff@contoso.com,"Mozilla/5.0 (X11, Linux)",203.0.113.50,IMAP4,Success\r\n' +
      '2024-05-01T09:05:00Z,2,jeff@contoso.com,UA,203.0.113.50,Exchange Online PowerShell,Failure\r\n' +
      '2024-05-01T09:10:00Z,3,ann@contoso.com,UA,2001:db8::7,Browser,Success\r\n' +
      '2024-05-01T09:20:00Z,4,ann@contoso.com,UA,2001:db8::7,Mobile Apps and Desktop clients,Success\r\n';
    const r = replay({ 'InteractiveSignIns.csv': text }, { draft: set({ action: 'DenyAccess', anyOfProtocols: ['IMAP4'], anyOfAuthenticationTypes: ['BasicAuthentication'] }) });
    expect(r.files[0]!.format).toBe('entra');
    expect(r.skipped).toEqual({ 'failed-sign-in': 1, 'unmapped-protocol': 1 });
    expect(r.connections.map((c) => [c.protocol, c.authenticationType, c.ip, c.after])).toEqual([
      ['IMAP4', 'BasicAuthentication', '203.0.113.50', 'DenyAccess'],
      ['OutlookWebApp', 'OAuthAuthentication', '2001:db8::7', 'AllowAccess'],
    ]);
  });

  it('joins Get-User attributes (UPN, SamAccountName) for recipient filters', () => {
    const users =
      '#TYPE Microsoft.Exchange.Data.Directory.Management.User\r\n' +
      '"UserPrincipalName","SamAccountName","WindowsEmailAddress","Department","City"\r\n' +
      '"jeff@contoso.com","jeff","jeff@contoso.com","Sales","Redmond"\r\n' +
      '"ann@contoso.com","ann","ann@contoso.com","IT",""\r\n';
    const conns = 'protocol,authenticationType,ip,port,user\r\nOutlookWebApp,BasicAuthentication,10.0.0.1,443,CONTOSO\\jeff\r\nOutlookWebApp,BasicAuthentication,10.0.0.1,443,ann@contoso.com\r\nOutlookWebApp,BasicAuthentication,10.0.0.1,443,zed@contoso.com\r\n';
    const r = replay({ 'users.csv': users, 'conns.csv': conns }, { draft: set({ action: 'DenyAccess', userRecipientFilter: "Department -eq 'Sales'" }) });
    expect(r.directoryUsers).toBe(2);
    expect(r.usersWithoutDirectoryEntry).toBe(1);
    expect(r.connections.map((c) => [c.user, c.attributes, c.after])).toEqual([
      ['CONTOSO\\jeff', { Department: 'Sales', City: 'Redmond' }, 'DenyAccess'],
      ['ann@contoso.com', { Department: 'IT' }, 'AllowAccess'],
      ['zed@contoso.com', {}, 'AllowAccess'],
    ]);
  });

  it('reads the connections CSV with connection types and attr: columns', () => {
    const text = 'Protocol,AuthenticationType,IP,Port,User,ConnectionType,attr:department\nimap4,basicauthentication,10.0.0.1,993,a@b.c,MicrosoftMiddleTierApp,IT\nPOP3,Nope,10.0.0.1,995,a@b.c,,\n';
    const r = replay({ 'c.csv': text }, { draft: set({ action: 'DenyAccess' }) });
    expect(r.skipped).toEqual({ 'invalid-value': 1 });
    expect(r.connections).toMatchObject([{ protocol: 'IMAP4', port: 993, connectionType: 'MicrosoftMiddleTierApp', attributes: { Department: 'IT' }, after: 'AllowAccess' }]);
  });
});

describe('LogReplay: bad input says where and why', () => {
  const fails = (files: Record<string, string>) => {
    try {
      replay(files);
    } catch (e) {
      expect(e).toBeInstanceOf(LogReplayError);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('an unknown header', () => {
    expect(fails({ 'notes.txt': '# comment\nhello,world\n' })).toMatch(/^notes\.txt:2: not a log this replay reads/);
  });

  it('a known format without a column it needs', () => {
    expect(fails({ 'x.log': '#Fields: date time cs-uri-stem\n' })).toBe("x.log:1: IIS W3C log: the header has no 'cs-username', 'c-ip' column");
  });

  it('an empty file', () => {
    expect(fails({ 'empty.log': '' })).toBe('empty.log:1: no header line: the file is empty or holds only comments');
  });

  it('a directory file after the logs', () => {
    expect(fails({ 'c.csv': 'protocol,authenticationType,ip,port,user\nPOP3,BasicAuthentication,10.0.0.1,995,a@b.c\n', 'users.csv': 'UserPrincipalName,City\n' })).toMatch(
      /^users\.csv:1: a Get-User directory file must be read before the logs/,
    );
  });
});

const IPS = ['10.1.2.3', '192.168.1.200', '203.0.113.5', '2001:db8::5', '::ffff:10.1.2.3'];
const USERS = ['jeff@contoso.com', 'Jeff@Contoso.com', 'CONTOSO\\jeff', 'svc-backup@fabrikam.com', 'bob@fabrikam.com'];
const PROTOS = ['OutlookWebApp', 'IMAP4', 'RemotePowerShell', 'ExchangeActiveSync'] as const;
const subset = <T>(pool: readonly T[]) => fc.oneof({ weight: 3, arbitrary: fc.constant([] as T[]) }, { weight: 2, arbitrary: fc.subarray([...pool], { minLength: 1, maxLength: 2 }) });
const ruleArb = fc.record({
  action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
  enabled: fc.boolean(),
  scope: fc.constantFrom('All' as const, 'Users' as const),
  anyOfProtocols: subset(PROTOS),
  exceptAnyOfProtocols: subset(PROTOS),
  anyOfAuthenticationTypes: subset(AUTHENTICATION_TYPES),
  anyOfClientIPAddressesOrRanges: subset(['10.0.0.0/8', '192.168.1.0-192.168.1.127', '2001:db8::/32']),
  exceptAnyOfClientIPAddressesOrRanges: subset(['10.1.0.0/16', '203.0.113.5']),
  usernameMatchesAnyOfPatterns: subset(['*jeff*', '*\\svc-*', 'contoso\\*']),
  userRecipientFilter: fc.constantFrom('', "Department -eq 'IT'"),
});
const connArb: fc.Arbitrary<Connection> = fc.record({
  protocol: fc.constantFrom(...PROTOS),
  authenticationType: fc.constantFrom(...AUTHENTICATION_TYPES),
  ipAddress: fc.constantFrom(...IPS),
  port: fc.constantFrom(443, 993),
  user: fc.constantFrom(...USERS),
  attributes: fc.constantFrom<Record<string, string>>({}, { Department: 'IT' }),
  connectionType: fc.constantFrom(...CONNECTION_TYPES),
});

describe('LogReplay agrees with evaluate line by line (property)', () => {
  it('every replayed line gets the decision evaluate gives its connection, before and after', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 5 }), fc.array(ruleArb, { maxLength: 5 }), fc.array(connArb, { minLength: 1, maxLength: 25 }), fc.nat(97), (d, b, conns, cut) => {
        const draft = set(...d);
        const baseline = set(...b);
        const rows = conns.map((c) => [c.protocol, c.authenticationType, c.ipAddress, c.port, c.user, c.connectionType, c.attributes.Department ?? ''].map(csvCell).join(','));
        const text = `protocol,authenticationType,ip,port,user,connectionType,attr:Department\r\n${rows.join('\r\n')}\r\n`;
        const r = new LogReplay({ draft, baseline });
        const f = r.openFile('p.csv');
        const at = Math.min(cut, text.length);
        f.push(text.slice(0, at));
        f.push(text.slice(at));
        f.end();
        const result = r.result();
        expect(result.lines).toBe(conns.length);
        const expectBefore = { AllowAccess: 0, DenyAccess: 0 };
        const expectAfter = { AllowAccess: 0, DenyAccess: 0 };
        for (const c of conns) {
          const after = evaluate(draft, c);
          const before = evaluate(baseline, c);
          expectAfter[after.action]++;
          expectBefore[before.action]++;
          const row = result.connections.find(
            (x) => x.user.toLowerCase() === c.user.toLowerCase() && x.ip === c.ipAddress && x.protocol === c.protocol && x.authenticationType === c.authenticationType && x.connectionType === c.connectionType && (x.attributes.Department ?? '') === (c.attributes.Department ?? ''),
          );
          expect(row).toBeDefined();
          expect([row!.after, row!.afterRule, row!.before, row!.beforeRule]).toEqual([after.action, after.matchedRule, before.action, before.matchedRule]);
        }
        expect(result.after).toEqual(expectAfter);
        expect(result.before).toEqual(expectBefore);
        expect(result.connections.reduce((n, c) => n + c.lines, 0)).toBe(conns.length);
      }),
      { numRuns: 150 },
    );
  });
});
