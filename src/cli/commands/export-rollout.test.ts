import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importText } from '../../core/import/import-text.ts';
import { rolloutStageBody } from '../../core/powershell/rollout.ts';
import { bufferIo } from '../io.ts';
import { runCli } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'card-rollout-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const BASELINE = file('deployed.ps1', "New-ClientAccessRule -Name 'Block IMAP' -Action DenyAccess -AnyOfProtocols IMAP4\n");
const DRAFT = file(
  'draft.ps1',
  [
    "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell",
    "New-ClientAccessRule -Name 'Block OWA outside' -Action DenyAccess -AnyOfProtocols OutlookWebApp -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8",
    'Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 203.0.113.7 -RemotePort 443 -User jeff@contoso.com',
    '',
  ].join('\n'),
);

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('cli export --rollout / --rollback', () => {
  it('prints the staged rollout script with the saved tests as its verification', async () => {
    const { code, out } = await cli('export', DRAFT, '--baseline', BASELINE, '--rollout');
    expect(code).toBe(0);
    expect(out).toContain('# Client Access Rules: staged rollout');
    expect(out).toContain("Assert-Deployed -Expected $baselineRules -State 'baseline'");
    expect(out).toMatch(/New-ClientAccessRule -Name 'Block OWA outside'[\s\S]*-Enabled \$false/);
    expect(out).toMatch(/Assert-Decision -Test 'Line 3: [^\n]* -Expected DenyAccess -ExpectedRule 'Block OWA outside' -Rows @\(Test-ClientAccessRule /);
    // Each stage is guarded by -FromStage; stage 1 then stage 3, read back on the baseline, give the draft.
    expect(out).toContain('param([ValidateSet(1, 2, 3)][int]$FromStage = 1)');
    const deployed = importText("New-ClientAccessRule -Name 'Block IMAP' -Action DenyAccess -AnyOfProtocols IMAP4").ruleSet;
    const one = importText(rolloutStageBody(out, 1) ?? '', { baseline: deployed });
    expect(one.ruleSet.rules.map((r) => [r.name, r.enabled])).toEqual([
      ['Always Allow Remote PowerShell', true],
      ['Block OWA outside', false],
    ]);
    const back = importText(rolloutStageBody(out, 3) ?? '', { baseline: one.ruleSet });
    expect(back.ruleSet.rules.map((r) => [r.name, r.enabled])).toEqual([
      ['Always Allow Remote PowerShell', true],
      ['Block OWA outside', true],
    ]);
  });

  it('prints the rollback script, which reads back on top of the draft as the baseline', async () => {
    const { code, out } = await cli('export', DRAFT, '--baseline', BASELINE, '--rollback');
    expect(code).toBe(0);
    const draft = importText(
      [
        "New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell",
        "New-ClientAccessRule -Name 'Block OWA outside' -Action DenyAccess -AnyOfProtocols OutlookWebApp -ExceptAnyOfClientIPAddressesOrRanges 10.0.0.0/8",
      ].join('\n'),
    ).ruleSet;
    expect(importText(out, { baseline: draft }).ruleSet.rules.map((r) => [r.name, r.action, r.anyOfProtocols])).toEqual([
      ['Block IMAP', 'DenyAccess', ['IMAP4']],
    ]);
  });

  it('refuses --rollout with --rollback', async () => {
    expect(await cli('export', DRAFT, '--rollout', '--rollback')).toMatchObject({ code: 2, err: expect.stringContaining('--rollout and --rollback exclude each other') });
  });
});
