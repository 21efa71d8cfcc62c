import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRule, createRuleSet, replaceRules } from '../model/rule-set.ts';
import { AUTHENTICATION_TYPES, LIST_FIELDS, PROTOCOLS, type Rule, type RuleSet, type TestCase } from '../model/types.ts';
import { generateChangeScript, generateScript, generateTestCommands } from './generate.ts';
import { parseScript } from './parser.ts';
import { replayCommands } from './replay.ts';

/** Text an attacker or a careless paste could put in a name, pattern or filter. */
const hostileChar = fc.constantFrom(
  "'", '‘', '’', '‚', '‛', '"', '“', '”', '„', '`', '$', '$(', '@', '#', '<#', '#>', ';', '|', '&', '{', '}', '(', ')', ',', '[', ']',
  '\u202E', '\u200B', '\uFEFF', '\n', '\r', '\t', '\0', '\u00A0', 'ü', '東', '\u{1F600}', '\uD800', '-', '–', ' ', '\\', '*', '=',
);
const hostileText = fc
  .array(fc.oneof(hostileChar, fc.string({ minLength: 1, maxLength: 4 }), fc.constantFrom('a', 'Rule', ' x ')), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

const ruleArb = (name: fc.Arbitrary<string>): fc.Arbitrary<Rule> =>
  fc
    .record({
      name,
      action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
      enabled: fc.boolean(),
      scope: fc.constantFrom('All' as const, 'Users' as const),
      anyOfProtocols: fc.uniqueArray(fc.constantFrom(...PROTOCOLS), { maxLength: 3 }),
      exceptAnyOfProtocols: fc.uniqueArray(fc.constantFrom(...PROTOCOLS), { maxLength: 2 }),
      anyOfAuthenticationTypes: fc.uniqueArray(fc.constantFrom(...AUTHENTICATION_TYPES), { maxLength: 2 }),
      exceptAnyOfAuthenticationTypes: fc.uniqueArray(fc.constantFrom(...AUTHENTICATION_TYPES), { maxLength: 2 }),
      anyOfClientIPAddressesOrRanges: fc.uniqueArray(fc.oneof(fc.ipV4(), fc.constantFrom('10.0.0.0/8', '192.168.0.1-192.168.0.254', '2001:db8::/32'), hostileText), { maxLength: 3 }),
      exceptAnyOfClientIPAddressesOrRanges: fc.uniqueArray(fc.ipV4(), { maxLength: 2 }),
      usernameMatchesAnyOfPatterns: fc.uniqueArray(hostileText, { maxLength: 2 }),
      exceptUsernameMatchesAnyOfPatterns: fc.uniqueArray(hostileText, { maxLength: 2 }),
      userRecipientFilter: fc.oneof(fc.constant(''), fc.constant("City -eq 'Redmond'"), hostileText),
    })
    .map((partial) => createRule(partial));

/** Names that are unique case-insensitively (Exchange compares them so) and not blank. */
const namesArb = (max: number): fc.Arbitrary<string[]> =>
  fc
    .uniqueArray(
      hostileText.filter((t) => t.trim() !== ''),
      { maxLength: max, selector: (t) => t.toLowerCase() },
    );

const ruleSetArb = (max: number): fc.Arbitrary<RuleSet> =>
  namesArb(max).chain((names) =>
    fc.tuple(...names.map((n) => ruleArb(fc.constant(n)))).map((rules) => replaceRules(createRuleSet(), rules as Rule[])),
  );

/** A rule without its id, for comparing sets whose ids differ. */
function shape(set: RuleSet): Omit<Rule, 'id'>[] {
  return set.rules.map(({ id: _id, ...rest }) => rest);
}

/**
 * The same with list values sorted: `@{Add=…}` appends, so a change script cannot (and need not) keep
 * the draft's order inside a list; Exchange treats these lists as sets (values are ORed).
 */
function shapeAsSets(set: RuleSet): Omit<Rule, 'id'>[] {
  return shape(set).map((rule) => {
    const copy: Record<string, unknown> = { ...rule };
    for (const field of LIST_FIELDS) copy[field] = [...rule[field]].sort();
    return copy as Omit<Rule, 'id'>;
  });
}

function replay(start: RuleSet, script: string): { set: RuleSet; problems: string[] } {
  const parsed = parseScript(script);
  const replayed = replayCommands(start, parsed.commands);
  // Warnings about the content itself (a value that looks like a placeholder or holds a comma) are by
  // design for hostile text; anything else means the script was not read as written.
  const contentWarning = (message: string): boolean => message.includes('ONE value') || message.includes('placeholder');
  const problems = [...parsed.findings, ...replayed.findings]
    .filter((f) => f.severity === 'error' || (f.severity === 'warning' && !contentWarning(f.message)))
    .map((f) => `${f.line}:${f.column} ${f.message}`);
  return { set: replayed.ruleSet, problems };
}

describe('generateScript → parseScript → replayCommands', () => {
  it('gives back the same rule set (ids aside) for random rule sets with hostile text', () => {
    fc.assert(
      fc.property(ruleSetArb(5), (set) => {
        const script = generateScript(set);
        const { set: back, problems } = replay(createRuleSet(), script);
        expect(problems).toEqual([]);
        expect(shape(back)).toEqual(shape(set));
      }),
      { numRuns: 200 },
    );
  });

  it('reads the non-ASCII literal mode too', () => {
    fc.assert(
      fc.property(ruleSetArb(3), (set) => {
        const { set: back, problems } = replay(createRuleSet(), generateScript(set, { nonAscii: 'literal' } as Parameters<typeof generateScript>[1]));
        expect(problems).toEqual([]);
        expect(shape(back)).toEqual(shape(set));
      }),
      { numRuns: 100 },
    );
  });

  it('Test-ClientAccessRule lines of saved tests come back as tests', () => {
    const tests: TestCase[] = [
      {
        id: 't1',
        name: 'x',
        expected: 'DenyAccess',
        connection: { protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', ipAddress: '10.0.0.1', port: 443, user: "o'brien@contoso.com", attributes: {}, connectionType: 'EndUser' },
      },
    ];
    const parsed = parseScript(generateTestCommands(tests));
    const { ruleSet } = replayCommands(createRuleSet(), parsed.commands);
    expect(ruleSet.tests.map(({ id: _id, ...t }) => t)).toEqual(tests.map(({ id: _id, ...t }) => t));
  });

  it('saved tests with hostile names and both outcomes survive generateTestCommands → parse → replay', () => {
    const testArb = fc.record({
      id: fc.constant('t'),
      name: hostileText,
      expected: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
      connection: fc.record({
        protocol: fc.constantFrom(...PROTOCOLS.filter((p) => p !== 'UniversalOutlook')),
        authenticationType: fc.constantFrom(...AUTHENTICATION_TYPES),
        ipAddress: fc.oneof(fc.ipV4(), fc.ipV6()),
        port: fc.integer({ min: 1, max: 65535 }),
        user: fc.oneof(fc.emailAddress(), hostileText.filter((t) => t.trim() !== '')),
        attributes: fc.constant({}),
        connectionType: fc.constant('EndUser' as const),
      }),
    });
    fc.assert(
      fc.property(fc.array(testArb, { maxLength: 4 }), (tests) => {
        const { set, problems } = replay(createRuleSet(), generateTestCommands(tests));
        expect(problems).toEqual([]);
        expect(set.tests.map(({ id: _id, ...t }) => t)).toEqual(tests.map(({ id: _id, ...t }) => t));
      }),
      { numRuns: 150 },
    );
  });
});

describe('replay(baseline, generateChangeScript(baseline, draft)) = draft', () => {
  /** A draft made from the baseline: some rules kept (maybe edited), some removed, some new, reordered. */
  const pairArb = namesArb(8).chain((names) => {
    const split = fc.array(fc.constantFrom('base', 'draft', 'both'), { minLength: names.length, maxLength: names.length });
    return fc.tuple(fc.constant(names), split).chain(([all, where]) => {
      const baseNames = all.filter((_, i) => where[i] !== 'draft');
      const draftNames = all.filter((_, i) => where[i] !== 'base');
      return fc
        .tuple(
          fc.tuple(...baseNames.map((n) => ruleArb(fc.constant(n)))),
          fc.tuple(...draftNames.map((n) => ruleArb(fc.constant(n)))),
          fc.array(fc.boolean(), { minLength: draftNames.length, maxLength: draftNames.length }),
          fc.shuffledSubarray(draftNames.map((_, i) => i), { minLength: draftNames.length, maxLength: draftNames.length }),
        )
        .map(([baseRules, draftRules, keepSame, order]) => {
          const baseline = replaceRules(createRuleSet(), baseRules as Rule[]);
          const byName = new Map(baseline.rules.map((r) => [r.name, r]));
          const draftList = (draftRules as Rule[]).map((r, i) => {
            const old = byName.get(r.name);
            if (!old) return r;
            // Same identity as the baseline rule; either unchanged or with new fields.
            return keepSame[i] ? old : { ...r, id: old.id };
          });
          const draft = replaceRules(baseline, order.map((i) => draftList[i] as Rule));
          return { baseline, draft };
        });
    });
  });

  it('holds for random baselines and drafts', () => {
    fc.assert(
      fc.property(pairArb, ({ baseline, draft }) => {
        const script = generateChangeScript(baseline, draft);
        const { set, problems } = replay(baseline, script);
        expect(problems).toEqual([]);
        expect(shapeAsSets(set)).toEqual(shapeAsSets(draft));
      }),
      { numRuns: 200 },
    );
  });
});
