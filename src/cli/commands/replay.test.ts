import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferIo } from '../io.ts';
import { runCli } from '../main.ts';
import { progressLine } from './replay.ts';

const fx = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'replay', name);
const LOGS = [fx('HttpProxy_2024050110-1.LOG'), fx('u_ex240501.log')];

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('cli replay', () => {
  it('prints the JSON of issue 8: line counts, skip reasons, before/after and changed connections', async () => {
    const r = await cli('replay', '--rules', fx('draft.json'), '--baseline', fx('baseline.json'), '--users', fx('users.csv'), ...LOGS, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as Record<string, unknown>;
    expect(json).toMatchObject({
      lines: 13,
      skipped: { 'anonymous-401-challenge': 2, 'health-mailbox': 1, 'protocol-not-governed': 1, 'probe-user-agent': 1 },
      connections: 7,
      before: { AllowAccess: 6, DenyAccess: 2 },
      after: { AllowAccess: 4, DenyAccess: 4 },
    });
    expect(json.changed).toEqual([
      { user: 'admin@contoso.com', ip: '203.0.113.7', protocol: 'ExchangeAdminCenter', authenticationType: 'BasicAuthentication', from: 'AllowAccess', to: 'DenyAccess', rule: 'Block EAC from outside', lines: 2 },
      { user: 'ann@contoso.com', ip: '198.51.100.30', protocol: 'ExchangeActiveSync', authenticationType: 'BasicAuthentication', from: 'DenyAccess', to: 'AllowAccess', rule: 'Block ActiveSync Basic', lines: 1 },
      { user: 'bob@contoso.com', ip: '198.51.100.31', protocol: 'ExchangeActiveSync', authenticationType: 'BasicAuthentication', from: 'DenyAccess', to: 'AllowAccess', rule: 'Block ActiveSync Basic', lines: 1 },
      { user: 'CONTOSO\\admin', ip: '203.0.113.8', protocol: 'ExchangeAdminCenter', authenticationType: 'BasicAuthentication', from: 'AllowAccess', to: 'DenyAccess', rule: 'Block EAC from outside', lines: 1 },
      { user: 'jeff@contoso.com', ip: '198.51.100.23', protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', from: 'AllowAccess', to: 'DenyAccess', rule: 'Block Sales OWA', lines: 1 },
    ]);
  });

  it('without the directory the recipient filter sees no Department, so jeff stays allowed', async () => {
    const r = await cli('replay', '--rules', fx('draft.json'), ...LOGS, '--json');
    const json = JSON.parse(r.out) as { changed: { user: string }[]; before: Record<string, number> };
    expect(json.before).toEqual({ AllowAccess: 8, DenyAccess: 0 });
    expect(json.changed.map((c) => c.user)).not.toContain('jeff@contoso.com');
  });

  it('prints a human report and writes the CSV export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const csv = join(dir, 'out.csv');
    const r = await cli('replay', '--rules', fx('draft.json'), '--users', fx('users.csv'), ...LOGS, '--csv', csv);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Read 13 lines from 3 files: 8 lines replayed as 7 distinct connections\./);
    expect(r.out).toContain('Newly denied: 3 connections, 4 lines');
    expect(r.out).toContain('#4 "Block POP3"');
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('user,ip,protocol,authenticationType,connectionType,before,beforeRule,after,afterRule,changed,lines,firstHour,lastHour');
  });

  it('applies --map overrides and shows the table', async () => {
    const r = await cli('replay', '--rules', fx('draft.json'), '--map', 'Protocol:Autodiscover=ExchangeWebServices', LOGS[0]!, '--json');
    expect((JSON.parse(r.out) as { skipped: Record<string, number> }).skipped['protocol-not-governed']).toBeUndefined();
    const table = await cli('replay', '--show-mapping', '--map', 'AuthenticationType:FBA=AdfsAuthentication');
    expect(table.out).toMatch(/^Protocol: /);
    expect(table.out).toMatch(/\n {2}FBA +AdfsAuthentication\n/);
  });

  it('exits 2 with file and line on bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const bad = join(dir, 'notes.log');
    writeFileSync(bad, '#Software: something\nhello,world\n');
    const r = await cli('replay', '--rules', fx('draft.json'), bad);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`replay: ${bad}:2: not a log this replay reads: expected an HttpProxy log (DateTime, ClientIpAddress, …), an IIS log (#Fields: … cs-uri-stem … c-ip), an Entra sign-in CSV (Date (UTC), Username, IP address, Client app), a connections CSV (protocol, authenticationType, ip, port, user) or a Get-User export (UserPrincipalName, …)\n`);
    expect((await cli('replay', '--rules', fx('draft.json'), join(dir, 'missing.log'))).err).toBe(`${join(dir, 'missing.log')}: file not found\n`);
    const usage = await cli('replay', '--map', 'nonsense', LOGS[0]!);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("replay: --map: 'nonsense' is not Key:Value=Target");
    expect(usage.err).toContain('replay: --rules is required');
  });
});

describe('progress line', () => {
  it('redraws one line on a terminal at most every 200 ms, then erases it; silent otherwise', () => {
    let t = 0;
    const io = bufferIo();
    const p = progressLine(io, true, () => t);
    t = 1000;
    p.update('a.log', 0, 2, 50e6, 100e6);
    t = 1100;
    p.update('a.log', 0, 2, 60e6, 100e6);
    p.clear();
    expect(io.err).toBe('\r\x1b[Kreplay: file 1/2 a.log 50% (50 MB, 50 MB/s)\r\x1b[K');
    const quiet = bufferIo();
    const q = progressLine(quiet, false, () => t);
    q.update('a.log', 0, 1, 1, 2);
    q.clear();
    expect(quiet.err).toBe('');
  });
});
