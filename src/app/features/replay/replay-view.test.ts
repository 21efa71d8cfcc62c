import { describe, expect, it } from 'vitest';
import { createRule } from '../../../core/model/rule-set.ts';
import { LogReplay } from '../../../core/replay/replay.ts';
import { cellText, connectionRows, continuousHours, describeBytes, groupRows, matchesFilter, nextSort } from './replay-view.ts';

function result() {
  const draft = { profile: 'ExchangeOnline' as const, rules: [createRule({ name: 'Block IMAP', action: 'DenyAccess', anyOfProtocols: ['IMAP4'] })], tests: [] };
  const r = new LogReplay({ draft });
  const f = r.openFile('c.csv');
  f.push(
    'protocol,authenticationType,ip,port,user\n' +
      'IMAP4,BasicAuthentication,10.0.0.1,993,zed@contoso.com\n' +
      'IMAP4,BasicAuthentication,10.0.0.2,993,ann@contoso.com\nIMAP4,BasicAuthentication,10.0.0.2,993,ann@contoso.com\n' +
      'POP3,BasicAuthentication,10.0.0.3,995,bob@contoso.com\n',
  );
  f.end();
  return r.result();
}

describe('replay view rows', () => {
  const r = result();

  it('newly denied, sorted by a column either way', () => {
    expect(connectionRows(r, 'newly-denied', '', { column: 'user', descending: false }).map((c) => c.user)).toEqual(['ann@contoso.com', 'zed@contoso.com']);
    expect(connectionRows(r, 'newly-denied', '', { column: 'lines', descending: true }).map((c) => c.lines)).toEqual([2, 1]);
    expect(connectionRows(r, 'newly-allowed', '', { column: 'lines', descending: true })).toEqual([]);
    expect(connectionRows(r, 'all', '', { column: 'protocol', descending: true }).map((c) => c.protocol)).toEqual(['POP3', 'IMAP4', 'IMAP4']);
  });

  it('shows protocols and authentication types by display name, the PowerShell value in the tooltip', () => {
    const row = connectionRows(r, 'all', '', { column: 'user', descending: false })[0]!;
    expect(cellText({ ...row, protocol: 'OutlookWebApp' }, 'protocol')).toEqual({ text: 'Outlook on the web', title: 'Outlook on the web (OutlookWebApp)' });
    expect(cellText({ ...row, authenticationType: 'BasicAuthentication' }, 'authenticationType').text).toBe('Basic');
    expect(matchesFilter({ ...row, protocol: 'OutlookWebApp' }, 'outlook on the web')).toBe(true);
    expect(matchesFilter({ ...row, protocol: 'OutlookWebApp' }, 'outlookwebapp')).toBe(true);
  });

  it('filters over user, address, protocol and rule', () => {
    expect(connectionRows(r, 'all', 'block imap', { column: 'user', descending: false })).toHaveLength(2);
    expect(connectionRows(r, 'all', '10.0.0.3', { column: 'user', descending: false }).map((c) => c.user)).toEqual(['bob@contoso.com']);
    expect(matchesFilter(r.connections[0]!, '  ')).toBe(true);
  });

  it('groups and sorts groups', () => {
    expect(groupRows(r, 'newly-denied', 'rule', '', { column: 'lines', descending: true })).toEqual([{ key: 'Block IMAP', connections: 2, lines: 3 }]);
    expect(groupRows(r, 'all', 'user', 'o', { column: 'key', descending: false }).map((g) => g.key)).toEqual(['ann@contoso.com', 'bob@contoso.com', 'zed@contoso.com']);
  });

  it('sort toggling and sizes', () => {
    expect(nextSort({ column: 'user', descending: false }, 'user', false)).toEqual({ column: 'user', descending: true });
    expect(nextSort({ column: 'user', descending: false }, 'lines', true)).toEqual({ column: 'lines', descending: true });
    expect(describeBytes(1_500_000_000)).toBe('1.5 GB');
  });
});

describe('continuousHours', () => {
  it('fills quiet hours with zeros between the first and the last', () => {
    expect(
      continuousHours([
        { hour: '2024-05-01T23', before: 1, after: 2 },
        { hour: '2024-05-02T01', before: 0, after: 1 },
      ]),
    ).toEqual([
      { hour: '2024-05-01T23', before: 1, after: 2 },
      { hour: '2024-05-02T00', before: 0, after: 0 },
      { hour: '2024-05-02T01', before: 0, after: 1 },
    ]);
  });

  it('leaves very long spans as they are', () => {
    const spread = [
      { hour: '2020-01-01T00', before: 0, after: 1 },
      { hour: '2024-01-01T00', before: 0, after: 1 },
    ];
    expect(continuousHours(spread)).toEqual(spread);
  });
});
