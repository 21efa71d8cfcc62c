import { describe, expect, it } from 'vitest';
import { createRule } from '../model/rule-set.ts';
import type { RuleSet } from '../model/types.ts';
import { splitCsvFields } from './csv.ts';
import { LogReplay } from './replay.ts';
import { changedConnections, groupConnections, REPLAY_CSV_COLUMNS, replaySummary, replayToCsv } from './report.ts';

const rules = (...r: Parameters<typeof createRule>[0][]): RuleSet => ({ profile: 'ExchangeOnline', rules: r.map((x) => createRule(x)), tests: [] });

function run() {
  const baseline = rules({ name: 'Block POP', action: 'DenyAccess', anyOfProtocols: ['POP3'] });
  const draft = rules({ name: 'Block IMAP', action: 'DenyAccess', anyOfProtocols: ['IMAP4'] });
  const r = new LogReplay({ draft, baseline });
  const f = r.openFile('c.csv');
  f.push(
    'protocol,authenticationType,ip,port,user\n' +
      'IMAP4,BasicAuthentication,10.0.0.1,993,=cmd|calc@contoso.com\n' +
      'IMAP4,BasicAuthentication,10.0.0.1,993,=cmd|calc@contoso.com\n' +
      'IMAP4,BasicAuthentication,10.0.0.2,993,ann@contoso.com\n' +
      'POP3,BasicAuthentication,10.0.0.2,995,ann@contoso.com\n' +
      'OutlookWebApp,BasicAuthentication,10.0.0.2,443,ann@contoso.com\n',
  );
  f.end();
  return r.result();
}

describe('replay report', () => {
  const result = run();

  it('lists newly denied and newly allowed connections, busiest first', () => {
    expect(changedConnections(result, 'newly-denied').map((c) => [c.user, c.lines])).toEqual([
      ['=cmd|calc@contoso.com', 2],
      ['ann@contoso.com', 1],
    ]);
    expect(changedConnections(result, 'newly-allowed').map((c) => [c.protocol, c.beforeRule, c.afterRule])).toEqual([['POP3', 'Block POP', null]]);
  });

  it('groups by user, address and rule', () => {
    const denied = changedConnections(result, 'newly-denied');
    expect(groupConnections(denied, 'ip')).toEqual([
      { key: '10.0.0.1', connections: 1, lines: 2 },
      { key: '10.0.0.2', connections: 1, lines: 1 },
    ]);
    expect(groupConnections(denied, 'rule')).toEqual([{ key: 'Block IMAP', connections: 2, lines: 3 }]);
    expect(groupConnections(changedConnections(result, 'all'), 'user').map((g) => g.key)).toEqual(['=cmd|calc@contoso.com', 'ann@contoso.com']);
  });

  it('summarises in the JSON shape of the CLI; a newly allowed change names the rule that decided before', () => {
    const s = replaySummary(result);
    expect(s).toMatchObject({ lines: 5, skipped: {}, connections: 4, before: { AllowAccess: 4, DenyAccess: 1 }, after: { AllowAccess: 2, DenyAccess: 3 } });
    expect(s.changed).toContainEqual({ user: 'ann@contoso.com', ip: '10.0.0.2', protocol: 'POP3', authenticationType: 'BasicAuthentication', from: 'DenyAccess', to: 'AllowAccess', rule: 'Block POP', lines: 1 });
  });

  it('exports CSV that a spreadsheet cannot run as a formula', () => {
    const csv = replayToCsv(result);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(REPLAY_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(5);
    const out: string[] = [];
    splitCsvFields(lines[1]!, 20, out);
    expect(out.slice(0, 3)).toEqual(["'=cmd|calc@contoso.com", '10.0.0.1', 'IMAP4']);
    expect(out[9]).toBe('yes');
  });
});
