/**
 * Every row of the table of rule fields survives the generator and each reader: a rule that differs
 * from a fresh one in that field alone comes back equal through New (full script), Set (change
 * script), and Get-ClientAccessRule output (JSON, Format-List, CSV). A row added to the table without
 * teaching a writer or reader its kind fails here (and `sampleValue`'s switch stops compiling for a new
 * kind).
 */
import { describe, expect, it } from 'vitest';
import { createRule, createRuleSet, replaceRules } from '../model/rule-set.ts';
import { RULE_FIELD_LIST, isListKind, type RuleFieldKind, type RuleFieldSpec } from '../model/rule-fields.ts';
import type { Rule, RuleSet } from '../model/types.ts';
import { generateChangeScript, generateScript } from './generate.ts';
import { parseFormatList, parseGetCsv, parseGetJson } from './get-output.ts';
import { parseScript } from './parser.ts';
import { replayCommands } from './replay.ts';

/** A value of the kind that is not Exchange's default (so the writer must write it). */
function sampleValue(spec: RuleFieldSpec): unknown {
  const kind: RuleFieldKind = spec.kind;
  switch (kind) {
    case 'name':
      return "O'Neil ‘quoted’ rule";
    case 'action':
      return 'DenyAccess';
    case 'scope':
      return 'Users';
    case 'bool':
      return spec.exchangeDefault !== true;
    case 'protocols':
      return ['OutlookWebApp', 'POP3'];
    case 'auth-types':
      return ['BasicAuthentication', 'OAuthAuthentication'];
    case 'ips':
      return ['10.0.0.0/8', '192.0.2.1-192.0.2.9', '2001:db8::1'];
    case 'patterns':
      return ['*\\admin*', "contoso.com\\o'neil"];
    case 'filter':
      return "Department -eq 'IT'";
    default: {
      const unknownKind: never = kind;
      throw new Error(`No sample for ${String(unknownKind)}`);
    }
  }
}

function ruleWith(spec: RuleFieldSpec): Rule {
  return createRule({ name: 'Field rule', [spec.field]: sampleValue(spec) });
}

function shape(set: RuleSet | Rule[]): Omit<Rule, 'id'>[] {
  return (Array.isArray(set) ? set : set.rules).map(({ id: _id, ...rest }) => rest);
}

function replay(start: RuleSet, script: string): RuleSet {
  const parsed = parseScript(script);
  const replayed = replayCommands(start, parsed.commands);
  const problems = [...parsed.findings, ...replayed.findings].filter((f) => f.severity === 'error');
  expect(problems).toEqual([]);
  return replayed.ruleSet;
}

/** Get-ClientAccessRule output of a rule as the table names its properties (Exchange's spelling). */
function getObject(rule: Rule): Record<string, unknown> {
  const object: Record<string, unknown> = { Priority: 1 };
  for (const spec of RULE_FIELD_LIST) object[spec.getNames[0] as string] = rule[spec.field] ?? false;
  return object;
}

function formatListText(rule: Rule): string {
  return Object.entries(getObject(rule))
    .map(([key, value]) => `${key.padEnd(40)} : ${Array.isArray(value) ? `{${value.join(', ')}}` : String(value)}`)
    .join('\n');
}

function csvText(rule: Rule): string {
  const entries = Object.entries(getObject(rule));
  const cell = (value: unknown): string => `"${(Array.isArray(value) ? value.join(',') : String(value)).replace(/"/g, '""')}"`;
  return `${entries.map(([key]) => cell(key)).join(',')}\n${entries.map(([, value]) => cell(value)).join(',')}\n`;
}

describe('every field of the table round-trips', () => {
  const writable = RULE_FIELD_LIST.filter((spec) => spec.writable);

  it.each(writable.map((spec) => [spec.field, spec] as const))('%s through New-ClientAccessRule', (_field, spec) => {
    const set = replaceRules(createRuleSet(), [ruleWith(spec)]);
    const script = generateScript(set);
    expect(script).toContain(`-${spec.parameter} `);
    expect(shape(replay(createRuleSet(), script))).toEqual(shape(set));
  });

  it.each(writable.filter((spec) => spec.field !== 'name').map((spec) => [spec.field, spec] as const))(
    '%s through Set-ClientAccessRule, set and cleared',
    (_field, spec) => {
      const plain = createRule({ name: 'Field rule' });
      const changed = { ...ruleWith(spec), id: plain.id };
      const baseline = replaceRules(createRuleSet(), [plain]);
      const draft = replaceRules(createRuleSet(), [changed]);
      const forward = generateChangeScript(baseline, draft, { width: 1000 });
      expect(forward).toContain(`Set-ClientAccessRule -Identity 'Field rule' -${spec.parameter} `);
      expect(shape(replay(baseline, forward))).toEqual(shape(draft));
      const back = generateChangeScript(draft, baseline);
      expect(shape(replay(draft, back))).toEqual(shape(baseline));
    },
  );

  it('never writes a field that is not writable, and leaves such rules out of scripts', () => {
    for (const spec of RULE_FIELD_LIST.filter((s) => !s.writable)) {
      const set = replaceRules(createRuleSet(), [ruleWith(spec)]);
      const script = generateScript(set);
      expect(script).not.toMatch(new RegExp(`-${spec.parameter}\\b`));
    }
  });

  it.each(RULE_FIELD_LIST.map((spec) => [spec.field, spec] as const))('%s through Get-ClientAccessRule output (JSON, Format-List, CSV)', (_field, spec) => {
    const rule = ruleWith(spec);
    const json = parseGetJson(JSON.stringify([getObject(rule)]));
    expect(json.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(shape(json.rules)).toEqual(shape([rule]));
    const list = parseFormatList(formatListText(rule));
    expect(list.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(shape(list.rules)).toEqual(shape([rule]));
    const csv = parseGetCsv(csvText(rule));
    expect(csv.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(shape(csv.rules)).toEqual(shape([rule]));
  });

  it('reads every Get name of a field, in any case', () => {
    for (const spec of RULE_FIELD_LIST) {
      for (const name of spec.getNames) {
        const rule = ruleWith(spec);
        const object = getObject(rule);
        delete object[spec.getNames[0] as string];
        object[name.toUpperCase()] = rule[spec.field] ?? false;
        if (spec.field !== 'name') object.Name = rule.name;
        const read = parseGetJson(JSON.stringify(object));
        expect(shape(read.rules), `${spec.field} as ${name}`).toEqual(shape([rule]));
      }
    }
    expect(RULE_FIELD_LIST.some((spec) => isListKind(spec.kind))).toBe(true);
  });
});
