import { describe, it, expect } from 'vitest';
import { addRule, addTestCase, createRule, createRuleSet } from '../model/rule-set.ts';
import type { RuleSet } from '../model/types.ts';
import { composeExportScript } from './export-script.ts';
import { generateChangeScript, generateScript, generateTestCommands } from './generate.ts';

function draft(): RuleSet {
  const set = addRule(createRuleSet(), createRule({ name: 'Zürich block', action: 'DenyAccess', anyOfProtocols: ['IMAP4'] }));
  return addTestCase(set, {
    name: 'IMAP is blocked',
    connection: { protocol: 'IMAP4', authenticationType: 'BasicAuthentication', ipAddress: '198.51.100.7', port: 993, user: 'jeff@contoso.com', attributes: {}, connectionType: 'EndUser' },
    expected: 'DenyAccess',
  });
}

describe('composeExportScript', () => {
  it('is the full script, a blank line and the test commands, with the options applied to both', () => {
    const set = draft();
    const text = composeExportScript(set, { nonAscii: 'literal', width: 60 });
    expect(text).toBe(`${generateScript(set, { nonAscii: 'literal', width: 60 })}\n${generateTestCommands(set.tests, { nonAscii: 'literal', width: 60 })}`);
    expect(text).toContain('Zürich');
    expect(composeExportScript(set)).toContain('[char]0x00FC');
  });

  it('gives the change script from a baseline, and no test section when there are no tests', () => {
    const set = draft();
    const baseline = addRule(createRuleSet(), createRule({ name: 'Old', action: 'DenyAccess' }));
    expect(composeExportScript(set, { baseline, tests: [] })).toBe(generateChangeScript(baseline, set));
    expect(composeExportScript({ ...set, tests: [] })).toBe(generateScript(set));
  });
});
