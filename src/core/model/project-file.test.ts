import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  PROJECT_FORMAT,
  PROJECT_VERSION,
  findJsonSyntaxError,
  migrateProject,
  parseProjectFile,
  projectFromUnknown,
  serializeProjectFile,
} from './project-file.ts';
import { addRule, addTestCase, createRule, createRuleSet, replaceRules } from './rule-set.ts';
import { AUTHENTICATION_TYPES, CONNECTION_TYPES, LIST_FIELDS, PROFILES, PROTOCOLS, SCOPES, type Rule, type RuleSet } from './types.ts';

const head = { format: PROJECT_FORMAT, version: PROJECT_VERSION };

function ok(value: unknown): RuleSet {
  const result = projectFromUnknown(value);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ruleSet;
}
function errors(value: unknown): string[] {
  const result = typeof value === 'string' ? parseProjectFile(value) : projectFromUnknown(value);
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => `${e.path}: ${e.message}`);
}
const stripIds = (s: RuleSet) => ({
  ...s,
  rules: s.rules.map(({ id: _id, ...r }) => r),
  tests: s.tests.map(({ id: _id, ...t }) => t),
});

describe('reading', () => {
  it('fills defaults for omitted fields', () => {
    const set = ok({ ...head, rules: [{ name: 'Block OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }] });
    expect(set.profile).toBe('ExchangeOnline');
    expect(set.tests).toEqual([]);
    const rule = set.rules[0]!;
    expect(rule).toMatchObject({ name: 'Block OWA', action: 'DenyAccess', enabled: true, scope: 'All', userRecipientFilter: '' });
    expect(rule.anyOfProtocols).toEqual(['OutlookWebApp']);
    for (const f of LIST_FIELDS.filter((f) => f !== 'anyOfProtocols')) expect(rule[f]).toEqual([]);
    expect(rule.id).toBeTruthy();
  });
  it('accepts enums in any case and Allow/Deny', () => {
    const set = ok({
      ...head,
      profile: 'exchangeserver',
      rules: [
        { name: 'a', action: 'deny', scope: 'users', anyOfProtocols: ['remotepowershell'] },
        { name: 'b', action: 'Allow' },
      ],
    });
    expect(set.profile).toBe('ExchangeServer');
    expect(set.rules.map((r) => r.action)).toEqual(['DenyAccess', 'AllowAccess']);
    expect(set.rules[0]!.scope).toBe('Users');
    expect(set.rules[0]!.anyOfProtocols).toEqual(['RemotePowerShell']);
  });
  it('keeps unknown fields at rule and top level', () => {
    const set = ok({ ...head, owner: 'it-sec', rules: [{ name: 'a', action: 'AllowAccess', note: { why: 'x' } }] });
    expect(set.extra).toEqual({ owner: 'it-sec' });
    expect(set.rules[0]!.extra).toEqual({ note: { why: 'x' } });
    const text = serializeProjectFile(set);
    expect(JSON.parse(text)).toMatchObject({ owner: 'it-sec', rules: [{ note: { why: 'x' } }] });
  });
  it('warns about and drops priority and id fields', () => {
    const result = projectFromUnknown({ ...head, rules: [{ name: 'a', action: 'AllowAccess', priority: 3, id: 'x' }] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings.join('\n')).toMatch(/rules\[0\]\.priority: ignored/);
    expect(result.ruleSet.rules[0]!.extra).toBeUndefined();
    expect(result.ruleSet.rules[0]!.id).not.toBe('x');
  });
  it('moves datacenter-admin rules to the top with a warning', () => {
    const result = projectFromUnknown({
      ...head,
      rules: [
        { name: 'a', action: 'AllowAccess' },
        { name: 'dca', action: 'AllowAccess', datacenterAdminsOnly: true },
      ],
    });
    expect(result.ok && result.ruleSet.rules.map((r) => r.name)).toEqual(['dca', 'a']);
    expect(result.ok && result.warnings.length).toBe(1);
  });
  it('reads tests with defaults', () => {
    const set = ok({
      ...head,
      rules: [],
      tests: [
        {
          name: 'admin',
          connection: { protocol: 'RemotePowerShell', authenticationType: 'BasicAuthentication', ipAddress: '2001:db8::1', port: 443, user: 'a@b.c' },
          expected: 'AllowAccess',
        },
      ],
    });
    expect(set.tests[0]!.connection).toMatchObject({ attributes: {}, connectionType: 'EndUser', ipAddress: '2001:db8::1' });
  });
});

describe('errors with paths', () => {
  it('explains a bad action with its path', () => {
    const errs = errors({ ...head, rules: [{ name: 'a', action: 'AllowAccess' }, { name: 'b', action: 'AllowAccess' }, { name: 'c', action: 'Block' }] });
    expect(errs).toEqual(["rules[2].action: expected AllowAccess or DenyAccess, got 'Block'"]);
  });
  it('reports every error at once', () => {
    const errs = errors({
      ...head,
      rules: [{ action: 'AllowAccess', enabled: 'yes', anyOfProtocols: ['OWA'] }],
      tests: [{ name: 't', connection: { protocol: 'POP3', authenticationType: 'BasicAuthentication', ipAddress: '999.1.1.1', port: 70000, user: 'u' }, expected: 'AllowAccess' }],
    });
    expect(errs).toContain('rules[0].name: is required');
    expect(errs).toContain('rules[0].enabled: expected a boolean, got \'yes\'');
    expect(errs.some((e) => e.startsWith("rules[0].anyOfProtocols[0]: expected one of ExchangeActiveSync") && e.endsWith("got 'OWA'"))).toBe(true);
    expect(errs).toContain("tests[0].connection.ipAddress: expected a single IPv4 or IPv6 address, got '999.1.1.1'");
    expect(errs).toContain('tests[0].connection.port: expected a port from 1 to 65535');
  });
  it('rejects other formats and non-objects', () => {
    expect(errors([])[0]).toMatch(/^\(file\): expected a project object, got a list/);
    expect(errors({ format: 'x', version: 1, rules: [] })[0]).toMatch(/^format: expected 'client-access-rule-designer', got 'x'/);
    expect(errors({ ...head })).toEqual(['rules: is required']);
  });
  it('gives the line and column of invalid JSON', () => {
    expect(errors('{\n  "format": "client-access-rule-designer",\n  "rules": [,]\n}')).toEqual([
      "(json) line 3, column 13: not valid JSON: expected a value, found ','",
    ]);
    expect(errors('')[0]).toMatch(/line 1, column 1/);
  });
  it('ignores a byte-order mark', () => {
    expect(parseProjectFile(`\uFEFF${JSON.stringify({ ...head, rules: [] })}`).ok).toBe(true);
  });
});

describe('versions and migrations', () => {
  it('rejects a newer version with a clear message', () => {
    const errs = errors({ ...head, version: PROJECT_VERSION + 1, rules: [] });
    expect(errs[0]).toMatch(/^version: this file has format version 2, written by a newer/);
  });
  it('rejects a missing or bad version', () => {
    expect(errors({ format: PROJECT_FORMAT, rules: [] })[0]).toMatch(/^version: expected a whole number/);
    expect(errors({ format: PROJECT_FORMAT, version: 0.5, rules: [] })[0]).toMatch(/^version: expected a whole number/);
  });
  it('runs migrations in order up to the current version', () => {
    const migrations = {
      1: (doc: Record<string, unknown>) => ({ ...doc, version: 2, rules: doc.items }),
      2: (doc: Record<string, unknown>) => ({ ...doc, version: 3, touched: true }),
    };
    const result = migrateProject({ format: PROJECT_FORMAT, version: 1, items: [] }, migrations, 3);
    expect(result).toEqual({ ok: true, doc: { format: PROJECT_FORMAT, version: 3, items: [], rules: [], touched: true } });
    const gap = migrateProject({ version: 1 }, { 2: (d) => d }, 3);
    expect(gap.ok).toBe(false);
  });
});

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 1, 9],
    ['{"a" 1}', 1, 6],
    ['[1, 2', 1, 6],
    ['{"a": "x\n"}', 1, 9],
    ['{} x', 1, 4],
    ["{'a': 1}", 1, 2],
  ])('%j → %i:%i', (text, line, column) => {
    expect(findJsonSyntaxError(text)).toMatchObject({ line, column });
  });
  it('accepts valid JSON', () => {
    expect(findJsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}')).toBeNull();
  });
  // Every way the scanner stops, with its message and place (the messages are part of what the admin reads).
  it.each([
    ['', 0, 'expected a value, found the end of the text'],
    ['[1 2]', 3, "expected ',' or ']', found '2'"],
    ['{"a":1 "b"}', 7, "expected ',' or '}', found '\"'"],
    ['{\n1}', 2, "expected a property name in double quotes, found '1'"],
    ['{"a"\n1}', 5, "expected ':' after the property name, found '1'"],
    ['[tru]', 4, "expected 'true', found ']'"],
    ['[tr\ne]', 3, "expected 'true', found a line break"],
    ['fals', 4, "expected 'false', found the end of the text"],
    ['[nul', 4, "expected 'null', found the end of the text"],
    ['["ab', 4, 'unterminated string: the closing " is missing'],
    ['"a\tb"', 2, 'line break or control character inside a string'],
    ['"\\u12G4"', 2, 'invalid \\u escape in a string'],
    ['"\\x"', 2, 'invalid escape \\x in a string'],
    ['"\\', 2, 'invalid escape \\ in a string'],
    ['-', 0, "expected a value, found '-'"],
    ['[1.]', 2, "expected ',' or ']', found '.'"],
    ['1e+', 1, "unexpected 'e' after the end of the JSON value"],
    ['[] ]', 3, "unexpected ']' after the end of the JSON value"],
  ])('%j stops at offset %i: %s', (text, offset, message) => {
    expect(findJsonSyntaxError(text)).toMatchObject({ offset, message });
  });
  it('gives the line and column of the offset, counting line breaks before it', () => {
    expect(findJsonSyntaxError('{\n  "a": [\n    1,\n  }')).toMatchObject({ line: 4, column: 3, offset: 20, message: "expected a value, found '}'" });
  });
});

describe('serializing', () => {
  it('is deterministic, ordered and without ids', () => {
    const set = replaceRules(createRuleSet(), [createRule({ name: 'a', action: 'DenyAccess', anyOfProtocols: ['POP3'], extra: { z: 1, b: { y: 1, x: 2 } } })]);
    const text = serializeProjectFile({ ...set, extra: { zeta: 1, alpha: 2 } });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toMatch(/"id"/);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['format', 'version', 'profile', 'rules', 'tests', 'alpha', 'zeta']);
    expect(Object.keys(doc.rules[0])).toEqual(['name', 'action', 'enabled', 'scope', ...LIST_FIELDS, 'userRecipientFilter', 'b', 'z']);
    expect(Object.keys(doc.rules[0].b)).toEqual(['x', 'y']);
  });
});

const textArb = fc.string({ maxLength: 12 });
const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    name: textArb,
    action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
    enabled: fc.boolean(),
    scope: fc.constantFrom(...SCOPES),
    anyOfProtocols: fc.subarray([...PROTOCOLS]),
    exceptAnyOfProtocols: fc.subarray([...PROTOCOLS]),
    anyOfAuthenticationTypes: fc.subarray([...AUTHENTICATION_TYPES]),
    exceptAnyOfAuthenticationTypes: fc.subarray([...AUTHENTICATION_TYPES]),
    anyOfClientIPAddressesOrRanges: fc.array(textArb, { maxLength: 3 }),
    exceptAnyOfClientIPAddressesOrRanges: fc.array(textArb, { maxLength: 3 }),
    usernameMatchesAnyOfPatterns: fc.array(textArb, { maxLength: 3 }),
    exceptUsernameMatchesAnyOfPatterns: fc.array(textArb, { maxLength: 3 }),
    userRecipientFilter: textArb,
    extra: fc.option(fc.dictionary(fc.constantFrom('note', 'owner', 'ticket'), fc.jsonValue({ maxDepth: 2 })), { nil: undefined }),
  })
  .map((r) => createRule(r));

describe('property: round trip', () => {
  it('serialize → parse → serialize gives the same rule set and text', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 5 }), fc.constantFrom(...PROFILES), fc.constantFrom(...CONNECTION_TYPES), (rules, profile, connectionType) => {
        let set = replaceRules(createRuleSet(profile), rules);
        set = addTestCase(set, {
          name: 't',
          connection: { protocol: 'POP3', authenticationType: 'OAuthAuthentication', ipAddress: '10.0.0.1', port: 995, user: 'a@b.c', attributes: { City: 'X' }, connectionType },
          expected: 'DenyAccess',
        });
        const text = serializeProjectFile(set);
        const back = parseProjectFile(text);
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        // JSON normalises -0 to 0, which is the only lossy value fast-check's jsonValue can produce.
        expect(stripIds(back.ruleSet)).toEqual(JSON.parse(JSON.stringify(stripIds(set))));
        expect(serializeProjectFile(back.ruleSet)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });
});

describe('hostile keys', () => {
  it('keeps a __proto__ field as data', () => {
    const set = parseProjectFile('{"format":"client-access-rule-designer","version":1,"rules":[{"name":"a","action":"AllowAccess","__proto__":{"x":1}}]}');
    expect(set.ok).toBe(true);
    if (!set.ok) return;
    const text = serializeProjectFile(set.ruleSet);
    expect(text).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('property: findJsonSyntaxError agrees with JSON.parse', () => {
  const accepts = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  it('on valid JSON and on mutations of it', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\n', 'x', '-', '0', ' ', '\\'), fc.nat(3))
      .map(([text, at, insert, drop]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + drop);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated), (text) => {
        expect(findJsonSyntaxError(text) === null).toBe(accepts(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hostile project files (issue 13)', () => {
  const withRule = (rule: string) => `{"format":"${PROJECT_FORMAT}","version":1,"rules":[${rule}]}`;

  it('finds the syntax error in 100,000 unclosed [ without a stack overflow', () => {
    const text = `{"format":"${PROJECT_FORMAT}","rules":${'['.repeat(100_000)}`;
    expect(findJsonSyntaxError(text)).toMatchObject({ line: 1, column: text.length + 1, message: 'expected a value, found the end of the text' });
    const r = parseProjectFile(text);
    expect(!r.ok && r.errors[0]?.path).toBe(`(json) line 1, column ${text.length + 1}`);
  });

  it('drops an unknown field nested 6,000 levels deep with a warning, keeps the rest, and saves', () => {
    const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
    const r = parseProjectFile(withRule(`{"name":"a","action":"Allow","history":${deep},"owner":{"team":"ops"}}`));
    if (!r.ok) throw new Error('expected ok');
    expect(r.warnings).toEqual([
      'rules[0].history: this unknown field was dropped because it is nested more than 32 levels deep; unknown fields are kept up to 32 levels, 10,000 values and 1,000,000 characters',
    ]);
    expect(r.ruleSet.rules[0]?.extra).toEqual({ owner: { team: 'ops' } });
    expect(serializeProjectFile(r.ruleSet)).toContain('"owner"');
  });

  it('keeps unknown fields up to the limits and drops larger ones (top level too)', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const ok = parseProjectFile(withRule(`{"name":"a","action":"Allow","history":${nested(32)}}`));
    expect(ok.ok && ok.warnings).toEqual([]);
    const many = JSON.stringify(Array.from({ length: 10_001 }, (_, i) => i));
    const big = JSON.stringify('x'.repeat(1_000_001));
    const r = parseProjectFile(`{"format":"${PROJECT_FORMAT}","version":1,"rules":[],"bulk":${many},"blob":${big},"fine":${nested(3)}}`);
    expect(r.ok && r.warnings.map((w) => w.slice(0, 60))).toEqual([
      'bulk: this unknown field was dropped because it holds more t',
      'blob: this unknown field was dropped because it holds more t',
    ]);
    expect(r.ok && Object.keys(r.ruleSet.extra ?? {})).toEqual(['fine']);
  });

  it('projectFromUnknown (IndexedDB values) applies the same limits', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 50_000; i += 1) deep = [deep];
    const r = projectFromUnknown({ format: PROJECT_FORMAT, version: 1, rules: [{ name: 'a', action: 'Deny', history: deep }] });
    expect(r.ok && r.warnings[0]).toMatch(/^rules\[0\]\.history: this unknown field was dropped/);
  });

  it('serializing a rule set whose extra is too deep fails with a clear error, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i += 1) deep = { a: deep };
    const set = replaceRules(createRuleSet(), [{ ...createRule({ name: 'a' }), extra: { deep } }]);
    expect(() => serializeProjectFile(set)).toThrow('an unknown field is nested more than 32 levels deep, so the project cannot be written');
  });
});

describe('adminPath', () => {
  it('reads, keeps and writes the admin path', () => {
    const text = JSON.stringify({
      format: 'client-access-rule-designer',
      version: 1,
      rules: [],
      adminPath: { protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: { Department: 'IT' } }] },
    });
    const r = parseProjectFile(text);
    if (!r.ok) throw new Error('expected ok');
    expect(r.ruleSet.adminPath).toEqual({ protocols: ['RemotePowerShell'], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: { Department: 'IT' } }] });
    expect(r.ruleSet.extra).toBeUndefined();
    const again = parseProjectFile(serializeProjectFile(r.ruleSet));
    expect(again.ok && again.ruleSet.adminPath).toEqual(r.ruleSet.adminPath);
  });
  it('says where a bad admin path is wrong', () => {
    const r = parseProjectFile(JSON.stringify({ format: 'client-access-rule-designer', version: 1, rules: [], adminPath: { protocols: ['Telnet'], users: [] } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toMatch(/^adminPath\.protocols/);
  });
});

describe('the baseline in the project file', () => {
  it('round-trips the deployed rules with the project, after the tests', () => {
    const draft = addRule(createRuleSet('ExchangeServer'), createRule({ name: 'Draft', anyOfProtocols: ['RemotePowerShell'] }));
    const baseline = addRule(createRuleSet('ExchangeServer'), createRule({ name: 'Deployed', action: 'DenyAccess' }));
    const text = serializeProjectFile(draft, { baseline });
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['format', 'version', 'profile', 'rules', 'tests', 'baseline']);
    const parsed = parseProjectFile(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.ruleSet.rules.map((r) => r.name)).toEqual(['Draft']);
    expect(parsed.ruleSet.extra).toBeUndefined();
    expect(parsed.baseline?.profile).toBe('ExchangeServer');
    expect(parsed.baseline?.rules.map((r) => [r.name, r.action])).toEqual([['Deployed', 'DenyAccess']]);
  });

  it('has no baseline when the file has none, and says where a bad one is wrong', () => {
    const none = parseProjectFile(serializeProjectFile(createRuleSet()));
    expect(none.ok && none.baseline).toBeNull();
    const bad = parseProjectFile(JSON.stringify({ format: 'client-access-rule-designer', version: 1, rules: [], baseline: { rules: [{ name: 'x', action: 'Maybe' }] } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]?.path).toBe('baseline.rules[0].action');
  });
});
