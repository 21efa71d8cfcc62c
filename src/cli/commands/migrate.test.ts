import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferIo } from '../io.ts';
import { runCli } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'card-migrate-'));
const RULES = join(dir, 'mixed.ps1');
writeFileSync(
  RULES,
  [
    "New-ClientAccessRule -Name 'Block POP' -Action DenyAccess -AnyOfProtocols POP3",
    "New-ClientAccessRule -Name 'Block outside' -Action DenyAccess -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8,192.168.1.1-192.168.1.3",
    "New-ClientAccessRule -Name 'Block OWA outside' -Action DenyAccess -AnyOfProtocols OutlookWebApp -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8",
  ].join('\n'),
);

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('cli migrate', () => {
  it('--json prints named locations, policies, the Exchange script and per-rule verdicts', async () => {
    const { code, out, err } = await cli('migrate', RULES, '--to', 'entra', '--json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as {
      namedLocations: { displayName: string; ipRanges: { cidrAddress: string }[] }[];
      policies: { state: string }[];
      exchangeScript: string;
      rules: { name: string; kind: string; verdict: string; reasons: string[] }[];
    };
    expect(doc.namedLocations[0]?.ipRanges.map((r) => r.cidrAddress)).toEqual(['10.0.0.0/8', '192.168.1.1/32', '192.168.1.2/31']);
    expect(doc.policies.map((p) => p.state)).toEqual(['enabledForReportingButNotEnforced']);
    expect(doc.exchangeScript).toContain('Set-CASMailbox -PopEnabled $false');
    expect(doc.rules.map((r) => [r.name, r.kind, r.verdict])).toEqual([
      ['Block POP', 'protocol', 'exact'],
      ['Block outside', 'ip', 'exact'],
      ['Block OWA outside', 'protocol+ip', 'not-translatable'],
    ]);
  });

  it('prints a report and writes the files with --out', async () => {
    const out = join(dir, 'out');
    const result = await cli('migrate', RULES, '--to', 'Entra', '--out', out);
    expect(result.code).toBe(0);
    expect(result.out).toContain('3. Block OWA outside [protocol+ip]: not translatable');
    expect(result.out).toContain("Blocked today by rule 'Block OWA outside' (priority 3), allowed after the migration");
    expect(readdirSync(out).sort()).toEqual(['README.md', 'deploy-graph.ps1', 'exchange-controls.ps1', 'groups.json', 'named-locations.json', 'policies.json', 'report.txt']);
    expect(readFileSync(join(out, 'exchange-controls.ps1'), 'utf8')).toContain('Get-CASMailboxPlan | Set-CASMailboxPlan -PopEnabled $false');
  });

  it('requires --to entra (exit 2, saying why)', async () => {
    expect(await cli('migrate', RULES)).toMatchObject({ code: 2, err: expect.stringContaining('migrate: --to is required') });
    expect(await cli('migrate', RULES, '--to', 'gcp')).toMatchObject({ code: 2, err: expect.stringContaining("unknown target 'gcp'") });
  });
});
