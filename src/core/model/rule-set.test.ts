import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addNewRule,
  addRule,
  addRuleWithId,
  addTestCase,
  applyImport,
  createRule,
  createRuleSet,
  duplicateRule,
  duplicateRuleWithId,
  moveRule,
  newId,
  priorityOf,
  removeRule,
  removeTestCase,
  replaceRules,
  setProfile,
  setRuleEnabled,
  uniqueRuleName,
  updateRule,
  updateTestCase,
  setAdminPath,
} from './rule-set.ts';
import type { RuleSet } from './types.ts';
import { sampleConnection } from '../../test-support/sample-connection.ts';

function setOf(...names: string[]): RuleSet {
  return names.reduce((s, name) => addRule(s, createRule({ name })), createRuleSet());
}
const names = (s: RuleSet) => s.rules.map((r) => r.name);

const connection = sampleConnection;

describe('createRule / createRuleSet', () => {
  it('uses Exchange defaults', () => {
    const r = createRule();
    expect(r).toMatchObject({ action: 'AllowAccess', enabled: true, scope: 'All', userRecipientFilter: '' });
    expect(r.anyOfProtocols).toEqual([]);
    expect(r.datacenterAdminsOnly).toBeUndefined();
    expect(createRuleSet()).toEqual({ profile: 'ExchangeOnline', rules: [], tests: [] });
    expect(createRuleSet('ExchangeServer').profile).toBe('ExchangeServer');
  });
  it('copies lists so the partial is not shared', () => {
    const list: ('OutlookWebApp' | 'POP3')[] = ['OutlookWebApp'];
    const r = createRule({ anyOfProtocols: list });
    list.push('POP3');
    expect(r.anyOfProtocols).toEqual(['OutlookWebApp']);
  });
  it('gives distinct ids', () => {
    expect(newId()).not.toBe(newId());
    expect(createRule().id).not.toBe(createRule().id);
  });
});

describe('addRule (New-ClientAccessRule semantics)', () => {
  it('appends without priority', () => {
    expect(names(setOf('a', 'b', 'c'))).toEqual(['a', 'b', 'c']);
  });
  it('inserts at p and shifts the rest down', () => {
    const s = addRule(setOf('a', 'b', 'c'), createRule({ name: 'x' }), 2);
    expect(names(s)).toEqual(['a', 'x', 'b', 'c']);
    expect(names(addRule(setOf('a', 'b'), createRule({ name: 'x' }), 3))).toEqual(['a', 'b', 'x']);
  });
  it.each([0, -1, 5, 1.5])('appends when priority %s is outside 1..N+1', (p) => {
    expect(names(addRule(setOf('a', 'b', 'c'), createRule({ name: 'x' }), p))).toEqual(['a', 'b', 'c', 'x']);
  });
  it('renews a colliding id', () => {
    const s = setOf('a');
    const clash = createRule({ id: s.rules[0]!.id, name: 'b' });
    const next = addRule(s, clash);
    expect(new Set(next.rules.map((r) => r.id)).size).toBe(2);
  });
  it('keeps datacenter-admin rules first', () => {
    const s = addRule(setOf('a'), createRule({ name: 'dca', datacenterAdminsOnly: true }));
    expect(names(s)).toEqual(['dca', 'a']);
    expect(names(addRule(s, createRule({ name: 'x' }), 1))).toEqual(['dca', 'x', 'a']);
  });
});

describe('moveRule (Set-ClientAccessRule -Priority)', () => {
  it('moves and shifts the rules in between', () => {
    const s = setOf('a', 'b', 'c', 'd');
    expect(names(moveRule(s, s.rules[3]!.id, 1))).toEqual(['d', 'a', 'b', 'c']);
    expect(names(moveRule(s, s.rules[0]!.id, 3))).toEqual(['b', 'c', 'a', 'd']);
  });
  it('clamps to 1..N', () => {
    const s = setOf('a', 'b', 'c');
    expect(names(moveRule(s, s.rules[0]!.id, 99))).toEqual(['b', 'c', 'a']);
    expect(names(moveRule(s, s.rules[2]!.id, 0))).toEqual(['c', 'a', 'b']);
  });
  it('returns the same object for a no-op', () => {
    const s = setOf('a', 'b');
    expect(moveRule(s, s.rules[1]!.id, 2)).toBe(s);
    expect(moveRule(s, s.rules[0]!.id, -5)).toBe(s);
    expect(moveRule(s, 'nope', 1)).toBe(s);
  });
  it('cannot move a rule above a datacenter-admin rule', () => {
    const s = addRule(setOf('a', 'b'), createRule({ name: 'dca', datacenterAdminsOnly: true }));
    expect(moveRule(s, s.rules[2]!.id, 1)).not.toBe(s);
    expect(names(moveRule(s, s.rules[2]!.id, 1))).toEqual(['dca', 'b', 'a']);
    expect(moveRule(s, s.rules[1]!.id, 1)).toBe(s);
  });
});

describe('update, remove, duplicate, enable, profile', () => {
  it('updates fields but never the id', () => {
    const s = setOf('a');
    const id = s.rules[0]!.id;
    const next = updateRule(s, id, { action: 'DenyAccess', id: 'hack' } as never);
    expect(next.rules[0]).toMatchObject({ id, action: 'DenyAccess' });
    expect(s.rules[0]!.action).toBe('AllowAccess');
    expect(updateRule(s, 'nope', { name: 'x' })).toBe(s);
  });
  it('removes and closes the gap', () => {
    const s = setOf('a', 'b', 'c');
    const next = removeRule(s, s.rules[1]!.id);
    expect(names(next)).toEqual(['a', 'c']);
    expect(priorityOf(next, s.rules[2]!.id)).toBe(2);
    expect(priorityOf(next, s.rules[1]!.id)).toBe(0);
    expect(removeRule(s, 'nope')).toBe(s);
  });
  it('duplicates right below with a unique name', () => {
    let s = setOf('a', 'b');
    s = duplicateRule(s, s.rules[0]!.id);
    expect(names(s)).toEqual(['a', 'a (copy)', 'b']);
    s = duplicateRule(s, s.rules[0]!.id);
    expect(names(s)).toEqual(['a', 'a (copy) (2)', 'a (copy)', 'b']);
    expect(new Set(s.rules.map((r) => r.id)).size).toBe(4);
  });
  it('uniqueRuleName compares case-insensitively', () => {
    expect(uniqueRuleName(setOf('Block'), 'block')).toBe('block (2)');
    expect(uniqueRuleName(setOf('Block'), 'Other')).toBe('Other');
  });
  it('setRuleEnabled and setProfile return the same object when unchanged', () => {
    const s = setOf('a');
    expect(setRuleEnabled(s, s.rules[0]!.id, true)).toBe(s);
    expect(setRuleEnabled(s, s.rules[0]!.id, false).rules[0]!.enabled).toBe(false);
    expect(setProfile(s, 'ExchangeOnline')).toBe(s);
    expect(setProfile(s, 'ExchangeServer').profile).toBe('ExchangeServer');
  });
  it('replaceRules renews duplicate ids', () => {
    const r = createRule({ name: 'a' });
    const next = replaceRules(createRuleSet(), [r, { ...r, name: 'b' }]);
    expect(new Set(next.rules.map((x) => x.id)).size).toBe(2);
    expect(next.rules[0]!.id).toBe(r.id);
  });
});

describe('applyImport', () => {
  it('replace takes the imported rules and keeps the profile', () => {
    const s = setProfile(setOf('a', 'b'), 'ExchangeServer');
    const next = applyImport(s, setOf('x'), 'replace');
    expect(names(next)).toEqual(['x']);
    expect(next.profile).toBe('ExchangeServer');
  });
  it('merge replaces same names in place (case-insensitive) and appends new ones', () => {
    const s = setOf('a', 'B', 'c');
    const imported = replaceRules(createRuleSet(), [
      createRule({ name: 'new1' }),
      createRule({ name: 'b', action: 'DenyAccess' }),
      createRule({ name: 'new2' }),
    ]);
    const next = applyImport(s, imported, 'merge');
    expect(names(next)).toEqual(['a', 'b', 'c', 'new1', 'new2']);
    expect(next.rules[1]!.action).toBe('DenyAccess');
    expect(next.rules[1]!.id).toBe(s.rules[1]!.id);
  });
  it('merges imported tests by name', () => {
    const s = addTestCase(setOf('a'), { name: 'T1', connection, expected: 'AllowAccess' });
    const imported = addTestCase(
      addTestCase(createRuleSet(), { name: 't1', connection, expected: 'DenyAccess' }),
      { name: 'T2', connection, expected: 'AllowAccess' },
    );
    const next = applyImport(s, imported, 'replace');
    expect(next.tests.map((t) => [t.name, t.expected])).toEqual([
      ['t1', 'DenyAccess'],
      ['T2', 'AllowAccess'],
    ]);
    expect(next.tests[0]!.id).toBe(s.tests[0]!.id);
  });
});

describe('test cases', () => {
  it('adds, updates and removes', () => {
    let s = addTestCase(createRuleSet(), { name: 'T', connection, expected: 'AllowAccess' });
    const id = s.tests[0]!.id;
    expect(id).toBeTruthy();
    s = updateTestCase(s, id, { expected: 'DenyAccess' });
    expect(s.tests[0]).toMatchObject({ id, expected: 'DenyAccess' });
    expect(updateTestCase(s, 'nope', { name: 'x' })).toBe(s);
    expect(removeTestCase(s, id).tests).toEqual([]);
    expect(removeTestCase(s, 'nope')).toBe(s);
  });
});

type Op =
  | { kind: 'add'; priority: number | undefined }
  | { kind: 'move'; index: number; to: number }
  | { kind: 'remove'; index: number }
  | { kind: 'duplicate'; index: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), priority: fc.option(fc.integer({ min: -2, max: 12 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('move' as const), index: fc.nat(20), to: fc.integer({ min: -2, max: 14 }) }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat(20) }),
  fc.record({ kind: fc.constant('duplicate' as const), index: fc.nat(20) }),
);

describe('property: operations match a simple array model', () => {
  it('keeps priorities 1..N, ids unique and the order of the model', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        let set = createRuleSet();
        let model: string[] = [];
        let counter = 0;
        for (const op of ops) {
          const n = model.length;
          if (op.kind === 'add') {
            counter += 1;
            const name = `r${counter}`;
            set = addRule(set, createRule({ name }), op.priority);
            const p = op.priority;
            if (p === undefined || p < 1 || p > n + 1) model = [...model, name];
            else model = [...model.slice(0, p - 1), name, ...model.slice(p - 1)];
          } else if (n > 0) {
            const i = op.index % n;
            const rule = set.rules[i]!;
            const name = model[i]!;
            if (op.kind === 'move') {
              const to = Math.min(Math.max(op.to, 1), n) - 1;
              model = model.filter((_, j) => j !== i);
              model.splice(to, 0, name);
              set = moveRule(set, rule.id, op.to);
            } else if (op.kind === 'remove') {
              model = model.filter((_, j) => j !== i);
              set = removeRule(set, rule.id);
            } else {
              const copyName = uniqueRuleName(set, `${name} (copy)`);
              model.splice(i + 1, 0, copyName);
              set = duplicateRule(set, rule.id);
            }
          }
          expect(names(set)).toEqual(model);
          const ids = set.rules.map((r) => r.id);
          expect(new Set(ids).size).toBe(ids.length);
          set.rules.forEach((r, idx) => expect(priorityOf(set, r.id)).toBe(idx + 1));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('operations that create a rule return its id (issue 11)', () => {
  it('addRuleWithId gives the id the rule has in the result, also when the given id was taken', () => {
    const first = createRule({ name: 'A' });
    const set = addRule(createRuleSet(), first);
    const { ruleSet, id } = addRuleWithId(set, { ...createRule({ name: 'B' }), id: first.id }, 1);
    expect(id).not.toBe(first.id);
    expect(ruleSet.rules[0]?.id).toBe(id);
    expect(ruleSet.rules[0]?.name).toBe('B');
  });

  it('duplicateRuleWithId finds the copy of a DatacenterAdminsOnly rule below the datacenter rules', () => {
    let set = createRuleSet();
    set = addRule(set, createRule({ name: 'DC1', datacenterAdminsOnly: true }));
    set = addRule(set, createRule({ name: 'DC2', datacenterAdminsOnly: true }));
    set = addRule(set, createRule({ name: 'Mine' }));
    const dc1 = set.rules[0]!.id;
    const { ruleSet, id } = duplicateRuleWithId(set, dc1);
    const copy = ruleSet.rules.find((r) => r.id === id);
    expect(copy?.name).toBe('DC1 (copy)');
    expect(copy?.datacenterAdminsOnly).toBeUndefined();
    // The old guess, "the rule right after the original", names another rule here.
    expect(ruleSet.rules[priorityOf(set, dc1)]?.id).not.toBe(id);
    expect(duplicateRuleWithId(set, 'nope')).toEqual({ ruleSet: set, id: null });
  });

  it('addNewRule appends a rule with a free name and returns its id', () => {
    const set = addRule(createRuleSet(), createRule({ name: 'New rule' }));
    const { ruleSet, id } = addNewRule(set);
    expect(ruleSet.rules.at(-1)).toMatchObject({ id, name: 'New rule (2)' });
  });
});

describe('setAdminPath', () => {
  it('declares, replaces and removes the admin path; removing an absent one keeps the same set', () => {
    const empty = createRuleSet();
    expect(setAdminPath(empty, null)).toBe(empty);
    const path = { protocols: ['RemotePowerShell' as const], addresses: ['203.0.113.0/24'], users: [] };
    const withPath = setAdminPath(empty, path);
    expect(withPath.adminPath).toEqual(path);
    const removed = setAdminPath(withPath, null);
    expect('adminPath' in removed).toBe(false);
  });
});
