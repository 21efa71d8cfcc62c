import { describe, expect, it } from 'vitest';
import { createRule, createRuleSet, replaceRules } from '../model/rule-set.ts';
import { duplicateLines, joinScript, scriptHeaderLines, skippedLines, testBlock } from './generate-header.ts';
import { readExpectedComment, readTestNameComment } from './test-comments.ts';

describe('script headers', () => {
  it('states the width and the non-ASCII mode in force, and the time only when given', () => {
    const lines = scriptHeaderLines('T', ['# What it does: x'], 'ExchangeServer', { width: 80, nonAscii: 'literal' });
    expect(lines[0]).toBe('# T');
    expect(lines.join('\n')).toContain('fits in 80 characters');
    expect(lines.join('\n')).toContain('save it as UTF-8 with a byte-order mark');
    expect(lines.join('\n')).toContain('Exchange Management Shell');
    expect(lines.join('\n')).not.toContain('Generated at');
    expect(scriptHeaderLines('T', [], 'ExchangeOnline', { now: new Date(Date.UTC(2026, 0, 2)) })).toContain('# Generated at 2026-01-02T00:00:00.000Z.');
  });
  it('names skipped datacenter rules and duplicate names as quoted literals', () => {
    const set = replaceRules(createRuleSet(), [createRule({ name: "MS's", datacenterAdminsOnly: true }), createRule({ name: 'A' }), createRule({ name: 'a' })]);
    expect(skippedLines(set, {})).toContain("#   'MS''s'");
    expect(duplicateLines(set.rules, {})).toHaveLength(1);
    expect(joinScript(['# H'], ['x', 'y'])).toBe('# H\n\nx\n\ny\n');
  });
  it('writes a saved test in the convention test-comments.ts reads', () => {
    const block = testBlock(2, { id: 't', name: "Chris's EAC", expected: 'DenyAccess', connection: {} as never }, ['# note'], 'Test-ClientAccessRule -User x', {});
    const [first, note, command] = block.split('\n');
    expect(readTestNameComment((first as string).slice(1))).toEqual({ number: 2, literal: "'Chris''s EAC'" });
    expect(note).toBe('# note');
    expect(readExpectedComment((command as string).split('#')[1] as string)).toBe('DenyAccess');
  });
});
