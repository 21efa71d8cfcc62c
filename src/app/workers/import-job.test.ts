import { describe, it, expect } from 'vitest';
import { runImportJob } from './import-job.ts';
import type { ImportProgress } from './import-job.ts';

describe('runImportJob', () => {
  it('parses a script with core importText and reports each stage', () => {
    const stages: ImportProgress['stage'][] = [];
    const text = "New-ClientAccessRule -Name 'Block IMAP' -Action DenyAccess -AnyOfProtocols IMAP4\n";
    const result = runImportJob(text, {}, (p) => {
      stages.push(p.stage);
      expect(p.size).toBe(text.length);
    });
    expect(stages).toEqual(['received', 'parsing', 'done']);
    expect(result.format).toBe('script');
    expect(result.ruleSet.rules.map((r) => r.name)).toEqual(['Block IMAP']);
    expect(result.commandCount).toBe(1);
    expect(result.findings).toEqual([]);
  });

  it('returns findings with positions instead of throwing on bad input', () => {
    const result = runImportJob("New-ClientAccessRule -Name 'x' -Action DenyAccess -Priority <PriorityValue>\n");
    expect(result.ruleSet.rules).toEqual([]);
    expect(result.findings.some((f) => f.severity === 'error' && f.line === 1 && f.column > 1)).toBe(true);
  });

  it('keeps the parsed commands in the worker: only their count crosses to the page', () => {
    const result = runImportJob("New-ClientAccessRule -Name 'a' -Action AllowAccess\nNew-ClientAccessRule -Name 'b' -Action DenyAccess\n");
    expect(Object.keys(result).sort()).toEqual(['commandCount', 'findings', 'format', 'lint', 'ruleSet', 'variables']);
    expect(result.variables).toEqual([]);
    expect(result.commandCount).toBe(2);
  });
});

describe('runImportJob: the preview is checked as the design view will be (issue 11)', () => {
  it('reports an invalid address and OutlookWebApp under Exchange Server, which reading alone accepts', () => {
    const ip = runImportJob("New-ClientAccessRule -Name 'x' -Action DenyAccess -AnyOfClientIPAddressesOrRanges 300.1.1.1\n");
    expect(ip.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(ip.lint.some((f) => f.severity === 'error' && f.value === '300.1.1.1')).toBe(true);
    const owa = "New-ClientAccessRule -Name 'x' -Action DenyAccess -AnyOfProtocols OutlookWebApp\n";
    expect(runImportJob(owa, { profile: 'ExchangeServer' }).lint.some((f) => f.severity === 'error' && f.ruleName === 'x')).toBe(true);
    expect(runImportJob(owa, { profile: 'ExchangeOnline' }).lint.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
