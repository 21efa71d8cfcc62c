import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { detectSourceFormat, loadRuleSet } from './load.ts';

describe('detectSourceFormat', () => {
  it.each([
    ['a.json', '{"format":"client-access-rule-designer","version":1}', 'project'],
    ['a.txt', '\uFEFF  {"format": "client-access-rule-designer"}', 'project'],
    ['a.json', '{ "format": ', 'project'],
    ['a.ps1', 'New-ClientAccessRule -Name x', 'script'],
    ['a.csv', 'Name,Action\nx,DenyAccess', 'csv'],
    ['a.json', '[{"Name":"x","Action":1}]', 'json'],
    ['a.txt', 'Name   : x\nAction : DenyAccess\n', 'format-list'],
    ['a.txt', 'New-ClientAccessRule x -Action DenyAccess', 'script'],
  ])('%s %j → %s', (path, text, format) => {
    expect(detectSourceFormat(path, text)).toBe(format);
  });
});

describe('loadRuleSet', () => {
  it('reads a project file', async () => {
    const r = await loadRuleSet(join(import.meta.dirname, 'fixtures', 'basic.json'));
    expect(r.ok && r.format).toBe('project');
    expect(r.ok && r.ruleSet.rules.length).toBe(3);
  });
  it('explains a folder', async () => {
    const r = await loadRuleSet(import.meta.dirname);
    expect(r.ok ? '' : r.errors[0]).toMatch(/this is a folder, not a file/);
  });
});

describe('ids', () => {
  it('numbers rules in priority order so output is reproducible', async () => {
    const r = await loadRuleSet(join(import.meta.dirname, 'fixtures', 'basic.json'));
    expect(r.ok && r.ruleSet.rules.map((x) => x.id)).toEqual(['rule-1', 'rule-2', 'rule-3']);
  });
});
