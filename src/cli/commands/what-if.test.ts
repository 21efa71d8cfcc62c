import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../main.ts';
import { bufferIo } from '../io.ts';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', name);

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

const rps = (ipAddress: string, user = 'admin@contoso.com') => ({
  protocol: 'RemotePowerShell',
  authenticationType: 'BasicAuthentication',
  ipAddress,
  port: 443,
  user,
});

function project(rules: unknown[], extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'what-if-'));
  const path = join(dir, 'project.json');
  writeFileSync(
    path,
    JSON.stringify({
      format: 'client-access-rule-designer',
      version: 1,
      profile: 'ExchangeServer',
      rules,
      tests: [
        { name: 'Admin from the workstation', connection: rps('192.168.10.5'), expected: 'AllowAccess' },
        { name: 'RPS from the internet', connection: rps('203.0.113.7', 'eve@contoso.com'), expected: 'DenyAccess' },
      ],
      ...extra,
    }),
  );
  return path;
}

const LOCKDOWN = [
  { name: 'Allow admin workstation', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] },
  { name: 'Block RPS except admins', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] },
];

describe('cli what-if', () => {
  it('passes every saved test and the admin path of the lockdown (exit 0), as JSON', async () => {
    const r = await cli('what-if', project(LOCKDOWN, { adminPath: { protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] } }), '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { failed: number; rows: { name: string; kind: string; passed: boolean; draft: { action: string; rule: string | null }; baseline: unknown }[] };
    expect(doc.failed).toBe(0);
    expect(doc.rows.slice(0, 2).map((row) => [row.kind, row.passed, row.draft.rule])).toEqual([
      ['test', true, 'Allow admin workstation'],
      ['test', true, 'Block RPS except admins'],
    ]);
    const adminRows = doc.rows.slice(2);
    expect(adminRows.length).toBeGreaterThan(0);
    expect(adminRows.every((row) => row.kind === 'admin-path' && row.passed && row.draft.rule === 'Allow admin workstation')).toBe(true);
    expect(doc.rows.every((row) => row.baseline === null)).toBe(true);
  });

  it('fails (exit 1) and names the deciding rule when a test no longer holds', async () => {
    const r = await cli('what-if', project(LOCKDOWN.slice(1)));
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL  Admin from the workstation: expected AllowAccess, got DenyAccess by 'Block RPS except admins'");
    expect(r.out).toContain('1 of 2 pass.');
  });

  it('compares with a baseline, from --baseline or the project file, and says what changed', async () => {
    const deployed = { profile: 'ExchangeServer', rules: [] };
    const fromFile = await cli('what-if', project(LOCKDOWN, { baseline: deployed }));
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toContain("baseline: AllowAccess (no rule matched) (decision changed)");
    expect(fromFile.out).toContain('2 of 2 pass; 1 change decision against the baseline.');
    const fromOption = await cli('what-if', project(LOCKDOWN), '--baseline', project(LOCKDOWN), '--json');
    const doc = JSON.parse(fromOption.out) as { rows: { changed: string | null }[] };
    expect(doc.rows.map((row) => row.changed)).toEqual([null, null]);
  });

  it('says when there is nothing to decide, and rejects bad input with exit 2', async () => {
    const empty = await cli('what-if', fixture('basic.json'));
    expect(empty.code).toBe(0);
    expect(empty.out).toContain('nothing to decide');
    expect((await cli('what-if')).code).toBe(2);
    expect((await cli('what-if', fixture('bad-json.json'))).code).toBe(2);
    const badBaseline = await cli('what-if', fixture('basic.json'), '--baseline', fixture('bad-json.json'));
    expect(badBaseline.code).toBe(2);
    expect(badBaseline.err).toMatch(/^--baseline: /);
  });
});
