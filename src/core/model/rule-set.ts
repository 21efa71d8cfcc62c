/**
 * Pure, immutable operations on a rule set with Exchange's priority semantics (spec 4).
 *
 * Priority is never stored: it is the 1-based position of a rule in `RuleSet.rules`. Every function
 * returns a new rule set (or the same object when nothing changes) and keeps two invariants:
 * rule ids are unique, and rules flagged `datacenterAdminsOnly` come before all others (spec 2, 3.1).
 */
import { inEvaluationOrder } from './evaluation-order.ts';
import { ruleNameKey, sameRuleName } from './names.ts';
import { normalizeNotes } from './notes.ts';
import type { AdminPath, Profile, Rule, RuleNoteField, RuleSet, TestCase } from './types.ts';

/**
 * A fresh identifier for a rule or a test case (or, with another prefix, any item the app keys).
 * Not an Exchange field: it only gives the app a stable key for React, drag-and-drop and undo.
 * Callers that need determinism (tests, readers) pass their own ids instead (`createRule({ id })`,
 * `duplicateRule(set, id, copyId)`, the builder's `newId` option).
 *
 * Uses `crypto.randomUUID` when the runtime has it (browsers, workers, Node 20) and falls back to
 * time plus random digits otherwise; core keeps no counter between calls.
 *
 * @example newId() // 'r-3f2a…'
 * @example newId('opath') // 'opath-9c1e…'
 */
export function newId(prefix = 'r'): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return `${prefix}-${c.randomUUID()}`;
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * A new rule with Exchange's defaults for `New-ClientAccessRule`: enabled, scope `All`, every condition
 * unused. The action defaults to `AllowAccess` (Exchange requires `-Action`; the editor asks for it, and
 * an allow rule is the harmless starting point). A fresh id is assigned unless `partial.id` is given.
 * List fields are copied so the new rule shares no arrays with `partial`.
 *
 * @example createRule({ name: 'Block OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] })
 */
export function createRule(partial: Partial<Rule> = {}): Rule {
  const rule: Rule = {
    id: partial.id ?? newId(),
    name: partial.name ?? 'New rule',
    action: partial.action ?? 'AllowAccess',
    enabled: partial.enabled ?? true,
    scope: partial.scope ?? 'All',
    anyOfProtocols: [...(partial.anyOfProtocols ?? [])],
    exceptAnyOfProtocols: [...(partial.exceptAnyOfProtocols ?? [])],
    anyOfAuthenticationTypes: [...(partial.anyOfAuthenticationTypes ?? [])],
    exceptAnyOfAuthenticationTypes: [...(partial.exceptAnyOfAuthenticationTypes ?? [])],
    anyOfClientIPAddressesOrRanges: [...(partial.anyOfClientIPAddressesOrRanges ?? [])],
    exceptAnyOfClientIPAddressesOrRanges: [...(partial.exceptAnyOfClientIPAddressesOrRanges ?? [])],
    usernameMatchesAnyOfPatterns: [...(partial.usernameMatchesAnyOfPatterns ?? [])],
    exceptUsernameMatchesAnyOfPatterns: [...(partial.exceptUsernameMatchesAnyOfPatterns ?? [])],
    userRecipientFilter: partial.userRecipientFilter ?? '',
  };
  if (partial.datacenterAdminsOnly) rule.datacenterAdminsOnly = true;
  const notes = normalizeNotes(partial.notes);
  if (notes) rule.notes = notes;
  if (partial.extra && Object.keys(partial.extra).length > 0) rule.extra = { ...partial.extra };
  return rule;
}

/**
 * An empty project: no rules, no tests, target profile `ExchangeOnline` unless given.
 *
 * @example createRuleSet('ExchangeServer') // { profile: 'ExchangeServer', rules: [], tests: [] }
 */
export function createRuleSet(profile: Profile = 'ExchangeOnline'): RuleSet {
  return { profile, rules: [], tests: [] };
}

/** Stable partition: datacenter-admin rules first, the rest in their current order (spec 3.1). */
function withDatacenterFirst(rules: Rule[]): Rule[] {
  return inEvaluationOrder(rules);
}

function sameOrder(a: readonly Rule[], b: readonly Rule[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}

function withRules(set: RuleSet, rules: Rule[]): RuleSet {
  const ordered = withDatacenterFirst(rules);
  if (sameOrder(ordered, set.rules)) return set;
  return { ...set, rules: ordered };
}

/** Gives `rule` a fresh id when `taken` already holds its id, so ids stay unique. */
function withFreeId<T extends { id: string }>(item: T, taken: Set<string>): T {
  let result = item;
  while (!result.id || taken.has(result.id)) result = { ...result, id: newId() };
  taken.add(result.id);
  return result;
}

/**
 * The 1-based priority of the rule with this id (its position), or 0 when the set has no such rule.
 *
 * @example priorityOf(set, set.rules[0].id) // 1
 */
export function priorityOf(set: RuleSet, id: string): number {
  return set.rules.findIndex((r) => r.id === id) + 1;
}

/**
 * Adds a rule as `New-ClientAccessRule` does (spec 4): without a priority, or with one outside 1..N+1
 * (0 and negative values included), the rule is appended; with priority p it is inserted at p and every
 * rule from p on moves down by one. If the rule's id is already used in the set it gets a fresh id.
 * Names are not made unique here: Exchange rejects a duplicate and so does the linter.
 * Non-datacenter rules never go above datacenter-admin rules.
 *
 * @example addRule(set, createRule({ name: 'Guard' }), 1) // Guard becomes priority 1
 */
export function addRule(set: RuleSet, rule: Rule, priority?: number): RuleSet {
  return addRuleWithId(set, rule, priority).ruleSet;
}

/** A rule set after an operation that creates a rule, and the id the new rule has in it. */
export interface CreatedRule {
  ruleSet: RuleSet;
  /** The id of the created rule in `ruleSet` (a fresh one when the given id was taken). */
  id: string;
}

/**
 * `addRule`, also returning the new rule's id as it stands in the result (it differs from `rule.id`
 * when that id was already used), so a caller can select the rule without guessing its position.
 *
 * @example const { ruleSet, id } = addRuleWithId(set, createRule({ name: 'Block OWA' }), 1)
 */
export function addRuleWithId(set: RuleSet, rule: Rule, priority?: number): CreatedRule {
  const taken = new Set(set.rules.map((r) => r.id));
  const added = withFreeId(rule, taken);
  const n = set.rules.length;
  const rules = [...set.rules];
  if (priority === undefined || !Number.isInteger(priority) || priority < 1 || priority > n + 1) {
    rules.push(added);
  } else {
    rules.splice(priority - 1, 0, added);
  }
  return { ruleSet: withRules(set, rules), id: added.id };
}

/**
 * A new rule with Exchange's defaults (`createRule`) and a name no rule uses yet (`base`, else
 * `base (2)`, …), appended at the end, with its id: the editor's "New rule" button.
 *
 * @example addNewRule(set).ruleSet.rules.at(-1)?.name // 'New rule'
 */
export function addNewRule(set: RuleSet, partial: Partial<Omit<Rule, 'id'>> = {}, base = 'New rule'): CreatedRule {
  return addRuleWithId(set, createRule({ ...partial, name: uniqueRuleName(set, partial.name ?? base) }));
}

/**
 * Changes fields of one rule (`Set-ClientAccessRule` without `-Priority`). Unknown id: the same set is
 * returned. The id itself cannot be changed.
 *
 * @example updateRule(set, id, { enabled: false })
 */
export function updateRule(set: RuleSet, id: string, patch: Partial<Omit<Rule, 'id'>>): RuleSet {
  const index = set.rules.findIndex((r) => r.id === id);
  const current = set.rules[index];
  if (!current) return set;
  const { id: _ignored, ...safePatch } = patch as Partial<Rule>;
  const rules = [...set.rules];
  rules[index] = { ...current, ...safePatch, id: current.id };
  return withRules(set, rules);
}

/**
 * Sets one note field of a rule (description, owner, ticket, review date). Notes are not an Exchange
 * field: they change no decision and no generated command, only comments. A blank text clears the
 * field; a rule left with no notes has no `notes` at all. Unknown id or no change: the same set.
 *
 * @example setRuleNote(set, id, 'owner', 'Messaging team')
 */
export function setRuleNote(set: RuleSet, id: string, field: RuleNoteField, value: string): RuleSet {
  const current = set.rules.find((r) => r.id === id);
  if (!current || (current.notes?.[field] ?? '') === value) return set;
  const notes = normalizeNotes({ ...current.notes, [field]: value });
  const rules = set.rules.map((r) => {
    if (r.id !== id) return r;
    const { notes: _old, ...rest } = r;
    return notes ? { ...rest, notes } : rest;
  });
  return { ...set, rules };
}

/**
 * Removes a rule as `Remove-ClientAccessRule` does: the rules below move up by one, so priorities stay
 * 1..N without gaps. Unknown id: the same set is returned.
 *
 * @example removeRule(set, id)
 */
export function removeRule(set: RuleSet, id: string): RuleSet {
  if (!set.rules.some((r) => r.id === id)) return set;
  return { ...set, rules: set.rules.filter((r) => r.id !== id) };
}

/**
 * Moves a rule as `Set-ClientAccessRule -Priority p` does: the rule lands at p and the rules in between
 * shift by one. p is clamped to 1..N (and non-integers rounded), so the move always succeeds; a rule
 * cannot be moved above the datacenter-admin rules. A move that changes nothing returns the same object
 * (cheap for undo history and React).
 *
 * @example moveRule(set, lastRule.id, 1) // last rule becomes priority 1
 */
export function moveRule(set: RuleSet, id: string, toPriority: number): RuleSet {
  const from = set.rules.findIndex((r) => r.id === id);
  const rule = set.rules[from];
  if (!rule) return set;
  const n = set.rules.length;
  const target = Number.isFinite(toPriority) ? Math.round(toPriority) : n;
  const to = Math.min(Math.max(target, 1), n) - 1;
  if (to === from) return set;
  const rules = [...set.rules];
  rules.splice(from, 1);
  rules.splice(to, 0, rule);
  return withRules(set, rules);
}

/**
 * A name based on `base` that no rule in the set uses yet (case-insensitive, as Exchange compares
 * names): `base` itself when free, else `base (2)`, `base (3)`, …
 *
 * @example uniqueRuleName(set, 'Block OWA (copy)') // 'Block OWA (copy) (2)' when taken
 */
export function uniqueRuleName(set: RuleSet, base: string): string {
  const taken = new Set(set.rules.map((r) => ruleNameKey(r.name)));
  if (!taken.has(ruleNameKey(base))) return base;
  for (let i = 2; ; i += 1) {
    const candidate = `${base} (${i})`;
    if (!taken.has(ruleNameKey(candidate))) return candidate;
  }
}

/**
 * Copies a rule right below the original with a unique name "X (copy)". The copy never inherits
 * the hidden `datacenterAdminsOnly` flag (the app cannot create such rules). Unknown id: same set.
 *
 * `copyId` lets the caller know the copy's id beforehand (to select it).
 *
 * @example duplicateRule(set, id) // 'Block OWA' at 2 → 'Block OWA (copy)' at 3
 */
export function duplicateRule(set: RuleSet, id: string, copyId: string = newId()): RuleSet {
  return duplicateRuleWithId(set, id, copyId).ruleSet;
}

/**
 * `duplicateRule`, also returning the copy's id (null, with the same set, for an unknown id). The
 * copy of a DatacenterAdminsOnly rule lands below the datacenter rules, so its position cannot be
 * derived from the original's: use this id.
 *
 * @example duplicateRuleWithId(set, id).id // the copy's id
 */
export function duplicateRuleWithId(set: RuleSet, id: string, copyId: string = newId()): { ruleSet: RuleSet; id: string | null } {
  const index = set.rules.findIndex((r) => r.id === id);
  const original = set.rules[index];
  if (!original) return { ruleSet: set, id: null };
  const { datacenterAdminsOnly: _dca, ...rest } = original;
  const copy = createRule({ ...rest, id: copyId, name: uniqueRuleName(set, `${original.name} (copy)`) });
  const rules = [...set.rules];
  const insertAt = original.datacenterAdminsOnly ? rules.filter((r) => r.datacenterAdminsOnly).length : index + 1;
  rules.splice(insertAt, 0, copy);
  return { ruleSet: withRules(set, rules), id: copy.id };
}

/**
 * Enables or disables a rule (`Set-ClientAccessRule -Enabled`). A disabled rule keeps its priority and
 * is skipped by live evaluation. No change: same set.
 *
 * @example setRuleEnabled(set, id, false)
 */
export function setRuleEnabled(set: RuleSet, id: string, enabled: boolean): RuleSet {
  const rule = set.rules.find((r) => r.id === id);
  if (!rule || rule.enabled === enabled) return set;
  return updateRule(set, id, { enabled });
}

/**
 * Changes the target profile (spec 1). The rules are kept as they are; the linter decides what the new
 * profile makes an error.
 *
 * @example setProfile(set, 'ExchangeServer')
 */
export function setProfile(set: RuleSet, profile: Profile): RuleSet {
  return set.profile === profile ? set : { ...set, profile };
}

/**
 * Replaces the whole rule list (e.g. after an import or a bulk edit). The array order is the priority
 * order; duplicate or empty ids are replaced by fresh ones and datacenter-admin rules move to the top.
 *
 * @example replaceRules(set, importedRules)
 */
export function replaceRules(set: RuleSet, rules: Rule[]): RuleSet {
  const taken = new Set<string>();
  const unique = rules.map((r) => withFreeId(r, taken));
  return { ...set, rules: withDatacenterFirst(unique) };
}

/**
 * Applies an imported rule set to the current one.
 * - `replace`: the imported rules become the rule list (as after `Get-ClientAccessRule` of a tenant).
 * - `merge`: an imported rule whose name matches an existing rule (case-insensitive, as Exchange
 *   compares names) replaces it in place and keeps the existing id, so selection and undo history stay
 *   meaningful; imported rules with new names are appended in their imported order.
 *
 * In both modes the current profile is kept, and imported tests (from `Test-ClientAccessRule` lines)
 * are merged into the saved tests the same way: same name replaces, new ones are appended. Saved tests
 * are the admin's own work and are never dropped by an import.
 *
 * @example applyImport(set, importText(script).ruleSet, 'merge')
 */
export function applyImport(set: RuleSet, imported: RuleSet, mode: 'replace' | 'merge'): RuleSet {
  let rules: Rule[];
  if (mode === 'replace') {
    rules = imported.rules;
  } else {
    rules = [...set.rules];
    for (const incoming of imported.rules) {
      const at = rules.findIndex((r) => sameRuleName(r.name, incoming.name));
      const existing = rules[at];
      if (existing) rules[at] = { ...incoming, id: existing.id };
      else rules.push(incoming);
    }
  }
  const tests = [...set.tests];
  for (const incoming of imported.tests) {
    const at = tests.findIndex((t) => t.name.toLowerCase() === incoming.name.toLowerCase());
    const existing = tests[at];
    if (existing) tests[at] = { ...incoming, id: existing.id };
    else tests.push(incoming);
  }
  const takenTests = new Set<string>();
  // A project file may carry ActiveSync settings: replace takes them, merge keeps the current ones when there are any.
  const activeSync = imported.activeSync && (mode === 'replace' || !set.activeSync) ? { activeSync: imported.activeSync } : {};
  return replaceRules({ ...set, ...activeSync, tests: tests.map((t) => withFreeId(t, takenTests)) }, rules);
}

/**
 * Saves a test case (a connection and the expected action). A missing or already used id is replaced
 * by a fresh one.
 *
 * @example addTestCase(set, { name: 'Admin from office', connection, expected: 'AllowAccess' })
 */
export function addTestCase(set: RuleSet, test: Omit<TestCase, 'id'> & { id?: string }): RuleSet {
  const taken = new Set(set.tests.map((t) => t.id));
  const added = withFreeId({ ...test, id: test.id ?? '' }, taken);
  return { ...set, tests: [...set.tests, added] };
}

/**
 * Changes a saved test case. Unknown id: the same set is returned.
 *
 * @example updateTestCase(set, id, { expected: 'DenyAccess' })
 */
export function updateTestCase(set: RuleSet, id: string, patch: Partial<Omit<TestCase, 'id'>>): RuleSet {
  const index = set.tests.findIndex((t) => t.id === id);
  const current = set.tests[index];
  if (!current) return set;
  const tests = [...set.tests];
  tests[index] = { ...current, ...patch, id: current.id };
  return { ...set, tests };
}

/**
 * Deletes a saved test case. Unknown id: the same set is returned.
 *
 * @example removeTestCase(set, id)
 */
export function removeTestCase(set: RuleSet, id: string): RuleSet {
  if (!set.tests.some((t) => t.id === id)) return set;
  return { ...set, tests: set.tests.filter((t) => t.id !== id) };
}

/**
 * Declares the admin path the lockout proof checks (the protocols, addresses and accounts admins manage
 * Exchange with), or removes it with `null`. Not an Exchange setting: it lives in the project file.
 *
 * @example setAdminPath(set, { protocols: ['RemotePowerShell'], addresses: ['203.0.113.0/24'], users: [] })
 */
export function setAdminPath(set: RuleSet, path: AdminPath | null): RuleSet {
  if (path === null) {
    if (set.adminPath === undefined) return set;
    const { adminPath: _removed, ...rest } = set;
    void _removed;
    return rest;
  }
  return { ...set, adminPath: path };
}
