import { describe, it, expect } from 'vitest';
import { addRule, addTestCase, createRule, createRuleSet } from '../../../core/model/rule-set.ts';
import type { RuleSet } from '../../../core/model/types.ts';
import { exportScript, scriptFileName, stagedFileName, stagedScript } from './export-text.ts';

const connection = {
  protocol: 'IMAP4' as const,
  authenticationType: 'BasicAuthentication' as const,
  ipAddress: '198.51.100.7',
  port: 993,
  user: 'jeff@contoso.com',
  attributes: {},
  connectionType: 'EndUser' as const,
};

function draft(): RuleSet {
  let set = createRuleSet();
  set = addRule(set, createRule({ name: 'Block IMAP', action: 'DenyAccess', anyOfProtocols: ['IMAP4', 'POP3'] }));
  return addTestCase(set, { name: 'IMAP is blocked', connection, expected: 'DenyAccess' });
}

describe('exportScript', () => {
  it('gives the full script plus the saved tests as Test-ClientAccessRule lines', () => {
    const text = exportScript(draft(), null, { changesOnly: true, includeTests: true });
    expect(text).toContain("New-ClientAccessRule -Name 'Block IMAP'");
    expect(text).toContain('# Client Access Rules: saved tests as Test-ClientAccessRule commands');
    expect(text).toMatch(/Test-ClientAccessRule .*-Protocol IMAP4/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('leaves the tests out when asked to', () => {
    expect(exportScript(draft(), null, { changesOnly: false, includeTests: false })).not.toContain('Test-ClientAccessRule');
  });

  it('gives the change script against a baseline, and the full script when changes are not wanted', () => {
    let baseline = createRuleSet();
    baseline = addRule(baseline, createRule({ name: 'Block IMAP', action: 'DenyAccess', anyOfProtocols: ['IMAP4'] }));
    const changes = exportScript(draft(), baseline, { changesOnly: true, includeTests: false });
    expect(changes).toContain('Set-ClientAccessRule');
    expect(changes).not.toContain('New-ClientAccessRule');
    const full = exportScript(draft(), baseline, { changesOnly: false, includeTests: false });
    expect(full).toContain('New-ClientAccessRule');
  });

  it('names the download after the kind of script', () => {
    expect(scriptFileName(true)).toBe('client-access-rules-changes.ps1');
    expect(scriptFileName(false)).toBe('client-access-rules.ps1');
  });
});

describe('stagedScript', () => {
  it('gives the rollout and the rollback from the baseline, or from nothing deployed', () => {
    const rollout = stagedScript(draft(), null, 'rollout');
    expect(rollout).toContain('# Client Access Rules: staged rollout');
    expect(rollout).toContain('$baselineRules = @()');
    expect(rollout).toContain('up to 24 hours');
    const rollback = stagedScript(draft(), null, 'rollback');
    expect(rollback).toContain('# Client Access Rules: rollback to the baseline');
    expect(rollback).toContain('Remove-ClientAccessRule');
    expect(stagedFileName('rollout')).toBe('client-access-rules-rollout.ps1');
    expect(stagedFileName('rollback')).toBe('client-access-rules-rollback.ps1');
  });
});
