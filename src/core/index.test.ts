import { describe, it, expect } from 'vitest';
import * as core from './index.ts';

describe('public barrel', () => {
  it('exposes the contract of docs/architecture.md', () => {
    const names = [
      'createRule', 'createRuleSet', 'addRule', 'updateRule', 'removeRule', 'moveRule', 'duplicateRule', 'setRuleEnabled',
      'setProfile', 'replaceRules', 'applyImport', 'addTestCase', 'updateTestCase', 'removeTestCase', 'priorityOf', 'newId',
      'parseProjectFile', 'projectFromUnknown', 'serializeProjectFile', 'parseIpEntry', 'parseAddress', 'compileIpList',
      'usernameSubject', 'isJeffStarPattern', 'parseOPath', 'printOPath', 'compileRuleSet', 'evaluate', 'decide',
      'runTestCases', 'quoteLiteral', 'generateScript', 'parseScript', 'replayCommands',
      'parseFormatList', 'detectFormat', 'importText', 'summarizeRule', 'describeField', 'lintRuleSet', 'lintRule',
      'findingsByRule', 'findLockout', 'guardRule', 'insertGuardRule', 'hasGuardRule',
    ];
    const record = core as unknown as Record<string, unknown>;
    for (const name of names) expect(typeof record[name], name).toBe('function');
    expect(core.PROJECT_FORMAT).toBe('client-access-rule-designer');
    expect(core.RULE_TEMPLATES.length).toBeGreaterThan(0);
  });
});
