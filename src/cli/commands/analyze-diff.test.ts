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

describe('cli analyze', () => {
  it('proves the admin path of the lockdown and reports the rule that decides nothing (exit 0)', async () => {
    const r = await cli('analyze', fixture('lockdown.json'), '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { regions: number; rules: { name: string; decides: boolean; shadowedBy: string[]; deadExceptions: string[]; redundant: boolean }[]; adminPath: { proven: boolean; counterexample: unknown } };
    expect(doc.regions).toBeGreaterThan(0);
    expect(doc.adminPath).toMatchObject({ proven: true, counterexample: null });
    expect(doc.rules[2]).toMatchObject({ name: 'Block RPS from outside', decides: false, shadowedBy: ['Block RPS except admins'], redundant: true, deadExceptions: ['ExceptAnyOfClientIPAddressesOrRanges'] });
    expect(doc.rules[0]).toMatchObject({ decides: true, shadowedBy: [], redundant: false });
  });
  it('gives the counterexample and exit 1 when the admin path is not proven', async () => {
    const r = await cli('analyze', fixture('lockdown-broken.json'), '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { adminPath: { proven: boolean; counterexample: Record<string, unknown> } };
    expect(doc.adminPath.proven).toBe(false);
    expect(doc.adminPath.counterexample).toEqual({ protocol: 'RemotePowerShell', authenticationType: 'BasicAuthentication', ip: '192.168.10.128', port: 443, user: 'admin@contoso.com', attributes: {}, connectionType: 'EndUser' });
    const text = await cli('analyze', fixture('lockdown-broken.json'));
    expect(text.out).toContain('Admin path: NOT proven.');
    expect(text.out).toContain("denied by 'Block RPS except admins'");
  });
  it('says how to declare an admin path when there is none (adminPath null)', async () => {
    const r = await cli('analyze', fixture('basic.json'), '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { adminPath: unknown }).adminPath).toBeNull();
    expect((await cli('analyze', fixture('basic.json'))).out).toContain('Add "adminPath" to the project file');
  });
  it('reads scripts too, and rejects bad input with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'analyze-'));
    const script = join(dir, 'rules.ps1');
    writeFileSync(script, "New-ClientAccessRule -Name 'Deny all' -Action DenyAccess\nNew-ClientAccessRule -Name 'Allow OWA' -Action AllowAccess -AnyOfProtocols OutlookWebApp\n");
    const r = await cli('analyze', script, '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { rules: { decides: boolean }[] }).rules.map((x) => x.decides)).toEqual([true, false]);
    expect((await cli('analyze')).code).toBe(2);
    expect((await cli('analyze', fixture('bad-json.json'))).code).toBe(2);
  });
});

describe('cli diff', () => {
  it('exit 0 when nothing flips', async () => {
    const r = await cli('diff', fixture('lockdown.json'), fixture('lockdown.json'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ flips: [] });
  });
  it('lists the flips with the rules on both sides and an example (exit 1)', async () => {
    const r = await cli('diff', fixture('lockdown.json'), fixture('lockdown-broken.json'), '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { flips: Record<string, unknown>[] };
    expect(doc.flips).toHaveLength(1);
    expect(doc.flips[0]).toMatchObject({ from: 'AllowAccess', to: 'DenyAccess', fromRule: 'Allow admin workstation', toRule: 'Block RPS except admins' });
    expect(doc.flips[0]!.description).toBe("Remote PowerShell, from 192.168.10.128/25, any user: allowed by 'Allow admin workstation' → denied by 'Block RPS except admins'");
    expect(doc.flips[0]!.example).toMatchObject({ protocol: 'RemotePowerShell', ip: '192.168.10.128' });
  });
  it('needs two files', async () => {
    expect((await cli('diff', fixture('lockdown.json'))).code).toBe(2);
    expect((await cli('diff', '--help')).code).toBe(0);
  });
});
