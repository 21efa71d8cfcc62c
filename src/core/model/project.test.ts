import { describe, it, expect } from 'vitest';
import { addRule, addTestCase, createRule, createRuleSet } from './rule-set.ts';
import { parseProjectFile, serializeProjectFile } from './project-file.ts';
import { importRules, openProject, setProjectBaseline, setProjectTarget, type Project } from './project.ts';
import { sampleConnection } from '../../test-support/sample-connection.ts';

const connection = sampleConnection;

function current(): Project {
  let set = addRule(createRuleSet('ExchangeOnline'), createRule({ name: 'Mine' }));
  set = addTestCase(set, { name: 'Mine test', connection, expected: 'AllowAccess' });
  return { ruleSet: set, baseline: addRule(createRuleSet(), createRule({ name: 'Deployed' })) };
}

describe('project changes', () => {
  it('opening a project file takes everything from the file: rules, target, tests, baseline (none when it has none)', () => {
    const file = addRule(createRuleSet('ExchangeServer'), createRule({ name: 'From file' }));
    const parsed = parseProjectFile(serializeProjectFile(file));
    if (!parsed.ok) throw new Error('fixture');
    const opened = openProject(current(), parsed);
    expect(opened.ruleSet.profile).toBe('ExchangeServer');
    expect(opened.ruleSet.rules.map((r) => r.name)).toEqual(['From file']);
    expect(opened.ruleSet.tests).toEqual([]);
    expect(opened.baseline).toBeNull();

    const withBaseline = parseProjectFile(serializeProjectFile(file, { baseline: file }));
    if (!withBaseline.ok) throw new Error('fixture');
    expect(openProject(current(), withBaseline).baseline?.rules.map((r) => r.name)).toEqual(['From file']);
  });

  it('importing rules keeps the target, the baseline and the saved tests; replace and merge differ only in the rules', () => {
    const before = current();
    const imported = addRule(createRuleSet('ExchangeServer'), createRule({ name: 'Imported' }));
    const replaced = importRules(before, imported, 'replace');
    expect(replaced.ruleSet.rules.map((r) => r.name)).toEqual(['Imported']);
    expect(replaced.ruleSet.profile).toBe('ExchangeOnline');
    expect(replaced.ruleSet.tests.map((t) => t.name)).toEqual(['Mine test']);
    expect(replaced.baseline).toBe(before.baseline);
    expect(importRules(before, imported, 'merge').ruleSet.rules.map((r) => r.name)).toEqual(['Mine', 'Imported']);
  });

  it('setting the baseline or the target changes nothing else, and nothing at all when it is the same', () => {
    const before = current();
    const deployed = addRule(createRuleSet(), createRule({ name: 'Other' }));
    expect(setProjectBaseline(before, deployed)).toEqual({ ruleSet: before.ruleSet, baseline: deployed });
    expect(setProjectBaseline(before, before.baseline)).toBe(before);
    expect(setProjectTarget(before, 'ExchangeServer').ruleSet).toEqual({ ...before.ruleSet, profile: 'ExchangeServer' });
    expect(setProjectTarget(before, 'ExchangeServer').baseline).toBe(before.baseline);
    expect(setProjectTarget(before, 'ExchangeOnline')).toBe(before);
  });
});
