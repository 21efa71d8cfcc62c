import { describe, it, expect } from 'vitest';
import type { SourceFinding } from '../../../core/model/types.ts';
import { countFindings, debounceDelay, describeSize, languageOf, sortFindings } from './import-text.ts';

const finding = (line: number, column: number, severity: SourceFinding['severity']): SourceFinding => ({ line, column, severity, message: `${line}:${column}` });

describe('import helpers', () => {
  it('sorts findings by position, errors first', () => {
    const sorted = sortFindings([finding(3, 1, 'warning'), finding(1, 5, 'info'), finding(3, 1, 'error'), finding(1, 2, 'warning')]);
    expect(sorted.map((f) => `${f.line}:${f.column}:${f.severity}`)).toEqual(['1:2:warning', '1:5:info', '3:1:error', '3:1:warning']);
  });
  it('counts findings by severity', () => {
    expect(countFindings([finding(1, 1, 'error'), finding(2, 1, 'error'), finding(2, 2, 'info')])).toEqual({ error: 2, warning: 0, info: 1 });
  });
  it('picks the editor language from the format', () => {
    expect(languageOf('script')).toBe('powershell');
    expect(languageOf('json')).toBe('json');
    expect(languageOf('project')).toBe('json');
    expect(languageOf('csv')).toBe('plaintext');
    expect(languageOf(undefined)).toBe('powershell');
  });
  it('waits longer before re-parsing big inputs', () => {
    expect(debounceDelay(100)).toBeLessThan(debounceDelay(300_000));
    expect(debounceDelay(300_000)).toBeLessThan(debounceDelay(5_000_000));
  });
  it('describes sizes in words', () => {
    expect(describeSize(120)).toBe('120 characters');
    expect(describeSize(850_000)).toBe('830 KB');
    expect(describeSize(5 * 1_048_576)).toBe('5.0 MB');
  });
});
