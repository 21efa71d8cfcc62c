/**
 * Applies parsed Client Access Rule commands to a rule set, as Exchange would run them one by one.
 */
import { ruleNameKey } from '../model/names.ts';
import { compileRuleSet, decide } from '../evaluator/evaluate.ts';
import { addRule, addTestCase, createRule, moveRule, newId, removeRule, updateRule } from '../model/rule-set.ts';
import {
  LIST_FIELD_PARAMETERS,
  LIST_FIELDS,
  type Connection,
  type ListField,
  type Rule,
  type RuleSet,
  type SourceFinding,
  type TestCase,
} from '../model/types.ts';
import { isPending, type ListParameter, type ParsedCommand, type ResolvedCommand } from './reader/parsed-command.ts';

export interface ReplayResult {
  ruleSet: RuleSet;
  findings: SourceFinding[];
}

function describeTest(c: Connection): string {
  return `${c.protocol} ${c.authenticationType} from ${c.ipAddress}:${c.port} as ${c.user}`;
}

/**
 * Replays commands on a starting rule set, mirroring Exchange (spec 4):
 * - `New-ClientAccessRule` without `-Priority`, or with a value outside 1..N+1, appends; with `-Priority p`
 *   it inserts at p. A name already used (case-insensitive) is rejected by Exchange: finding, no change.
 * - `Set-ClientAccessRule` finds the rule by `-Identity` (case-insensitive name), replaces lists given as
 *   plain lists, edits them in place for `@{Add=…;Remove=…}`, clears them (and the filter) for `$null`,
 *   renames with `-Name`, and moves the rule for `-Priority` (clamped to 1..N, with a finding when out of range).
 * - `Remove-ClientAccessRule` removes the rule; the rules below move up.
 * - An unknown `-Identity` is a finding (Exchange reports "couldn't be found") and changes nothing.
 * - `Get-ClientAccessRule` changes nothing.
 * - `Test-ClientAccessRule` becomes a saved test case. Decision on `expected`: the outcome of a
 *   `# expect: DenyAccess` comment when the parser found one; otherwise the live decision of the rules
 *   as they stand at that line of the script (what running the script would report then), with an info
 *   finding saying so. That makes the test a regression guard; state the outcome you mean with the
 *   comment when the script is not yet right. The test's name comes from a `# Test 1: 'name'` comment
 *   above the command (the generator writes one), else from the line and the connection.
 * - A command with `unresolved` values (variables the script leaves open) is not applied: the parser
 *   already reported it, and it is applied once the admin supplies the values.
 * Never throws: a command that cannot be applied becomes a finding at its line.
 *
 * @example replayCommands(createRuleSet(), parseScript("New-ClientAccessRule X -Action Deny").commands).ruleSet.rules[0].action // 'DenyAccess'
 */
export function replayCommands(start: RuleSet, commands: readonly ParsedCommand[]): ReplayResult {
  const work = new Work(start);
  const findings: SourceFinding[] = [];
  for (const command of commands) {
    // A command waiting for values the script leaves open builds nothing yet (the parser said so).
    if (isPending(command)) continue;
    const at = { line: command.line, column: command.column };
    const report = (severity: SourceFinding['severity'], message: string): void => {
      findings.push({ ...at, severity, message });
    };
    try {
      applyCommand(work, command, report);
    } catch (error) {
      report('error', `${command.cmdlet} could not be applied: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ruleSet: work.result(), findings };
}

type Report = (severity: SourceFinding['severity'], message: string) => void;

/**
 * The rule set being replayed. A script of thousands of commands must replay in about linear time, so
 * appends (the common case) do not copy the set, name look-ups use maps kept up to date change by
 * change, and changes of a rule's fields (`Set-ClientAccessRule` without `-Name` or `-Priority`, list
 * edits with `@{Add=…}` included) go to a private copy of that rule with a case-insensitive index of
 * each edited list, so 10,000 `@{Add=…}` lines on one rule cost 10,000 steps, not 10,000². Those
 * copies are written back in one pass when the whole set is needed. Adding, moving and removing rules
 * still go through the model operations of `rule-set.ts`, which own the spec 4 semantics.
 */
class Work {
  private set: RuleSet;
  /** Rules appended since `set` was last brought up to date. */
  private pending: Rule[] = [];
  /** Lower-case name → id, and id → the rule as it stands. */
  private readonly byName = new Map<string, string>();
  private readonly byId = new Map<string, Rule>();
  /** Rules changed in place since `set` was last brought up to date: id → private, mutable copy. */
  private readonly touched = new Map<string, Rule>();
  /** For list fields edited in place: `id + NUL + field` → the lower-case values of that list. */
  private readonly listKeys = new Map<string, Set<string>>();

  constructor(start: RuleSet) {
    this.set = start;
    for (const rule of start.rules) this.index(rule);
  }

  private index(rule: Rule): void {
    this.byName.set(ruleNameKey(rule.name), rule.id);
    this.byId.set(rule.id, rule);
  }

  get count(): number {
    return this.set.rules.length + this.pending.length;
  }

  find(identity: unknown): Rule | undefined {
    if (typeof identity !== 'string') return undefined;
    const id = this.byName.get(ruleNameKey(identity));
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** The rule set as it stands (flushes pending appends and in-place changes). */
  current(): RuleSet {
    if (this.pending.length > 0) {
      this.set = { ...this.set, rules: [...this.set.rules, ...this.pending] };
      this.pending = [];
    }
    if (this.touched.size > 0) {
      const touched = this.touched;
      this.set = { ...this.set, rules: this.set.rules.map((r) => touched.get(r.id) ?? r) };
      this.touched.clear();
      this.listKeys.clear();
    }
    return this.set;
  }

  add(candidate: Rule, priority: number | undefined): void {
    const rule = this.byId.has(candidate.id) ? { ...candidate, id: newId() } : candidate;
    // Inserting at N + 1 is appending (the generator's full script numbers every rule that way).
    const appends = priority === undefined || priority === this.count + 1;
    if (appends && !rule.datacenterAdminsOnly) this.pending.push(rule);
    else this.set = addRule(this.current(), rule, priority);
    this.index(rule);
  }

  /** The private copy of a rule that may be changed in place (made on first use after a flush). */
  private own(rule: Rule): Rule {
    const owned = this.touched.get(rule.id);
    if (owned) return owned;
    const copy = createRule(rule);
    this.touched.set(rule.id, copy);
    this.byId.set(rule.id, copy);
    return copy;
  }

  update(rule: Rule, patch: Partial<Omit<Rule, 'id'>>): void {
    if (patch.name !== undefined || patch.datacenterAdminsOnly !== undefined) {
      // Renames and the datacenter flag (which reorders) take the model's path.
      this.set = updateRule(this.current(), rule.id, patch);
      const updated = this.set.rules.find((r) => r.id === rule.id);
      if (!updated) return;
      if (updated.name !== rule.name) this.byName.delete(ruleNameKey(rule.name));
      this.index(updated);
      return;
    }
    const owned = this.own(rule);
    Object.assign(owned, patch);
    for (const field of LIST_FIELDS) if (field in patch) this.listKeys.delete(`${rule.id}\u0000${field}`);
  }

  /**
   * `@{Add=…; Remove=…}` on one list: removes the Remove values (case-insensitive) and appends the Add
   * values not already present, keeping the values the edit does not mention. Adding costs one step
   * per value whatever the list's length.
   */
  editList(rule: Rule, field: ListField, add: readonly string[], remove: readonly string[]): void {
    const owned = this.own(rule);
    const key = `${rule.id}\u0000${field}`;
    let keys = this.listKeys.get(key);
    if (remove.length > 0) {
      const gone = new Set(remove.map((r) => r.toLowerCase()));
      owned[field] = owned[field].filter((v) => !gone.has(v.toLowerCase())) as never;
      keys = undefined;
    }
    if (!keys) {
      keys = new Set(owned[field].map((v) => v.toLowerCase()));
      this.listKeys.set(key, keys);
    }
    const list = owned[field] as string[];
    for (const value of add) {
      const lower = value.toLowerCase();
      if (keys.has(lower)) continue;
      keys.add(lower);
      list.push(value);
    }
  }

  remove(rule: Rule): void {
    this.set = removeRule(this.current(), rule.id);
    this.byName.delete(ruleNameKey(rule.name));
    this.byId.delete(rule.id);
  }

  move(rule: Rule, priority: number): void {
    this.set = moveRule(this.current(), rule.id, priority);
  }

  addTest(test: Omit<TestCase, 'id'>): void {
    this.set = addTestCase(this.current(), test);
  }

  result(): RuleSet {
    return this.current();
  }
}

/** Applies one command; its values are typed and valid (the reader checked them), so they are trusted. */
function applyCommand(work: Work, command: ResolvedCommand, report: Report): void {
  switch (command.cmdlet) {
    case 'New-ClientAccessRule': {
      const p = command.params;
      const name = p.Name;
      if (work.find(name)) {
        report('error', `A rule named "${name}" already exists (names are compared without regard to case); Exchange rejects this New-ClientAccessRule, so it is skipped. Use Set-ClientAccessRule to change the existing rule.`);
        return;
      }
      const partial: Partial<Rule> = { name, action: p.Action };
      if (p.Enabled !== undefined) partial.enabled = p.Enabled;
      if (p.Scope !== undefined) partial.scope = p.Scope;
      if (typeof p.UserRecipientFilter === 'string') partial.userRecipientFilter = p.UserRecipientFilter;
      if (p.DatacenterAdminsOnly === true) partial.datacenterAdminsOnly = true;
      for (const field of LIST_FIELDS) {
        const value = p[LIST_FIELD_PARAMETERS[field] as ListParameter];
        if (value) (partial as Record<string, unknown>)[field] = value;
      }
      const n = work.count;
      let priority: number | undefined;
      if (p.Priority !== undefined) {
        if (Number.isInteger(p.Priority) && p.Priority >= 1 && p.Priority <= n + 1) priority = p.Priority;
        else report('info', `-Priority ${p.Priority} is outside 1..${n + 1} (there ${n === 1 ? 'is 1 rule' : `are ${n} rules`} at this point), so "${name}" goes to the end, as Exchange does.`);
      }
      work.add(createRule(partial), priority);
      return;
    }
    case 'Set-ClientAccessRule': {
      const p = command.params;
      const rule = work.find(p.Identity);
      if (!rule) {
        report('error', `Set-ClientAccessRule: no rule named "${p.Identity}" exists at this point of the script; Exchange reports it cannot be found, so nothing is changed.`);
        return;
      }
      const patch: Partial<Omit<Rule, 'id'>> = {};
      if (p.Name !== undefined && p.Name !== rule.name) {
        const clash = work.find(p.Name);
        if (clash && clash.id !== rule.id) {
          report('error', `Set-ClientAccessRule cannot rename "${rule.name}" to "${p.Name}": a rule with that name already exists. Nothing is changed.`);
          return;
        }
        patch.name = p.Name;
      }
      if (p.Action !== undefined) patch.action = p.Action;
      if (p.Enabled !== undefined) patch.enabled = p.Enabled;
      if (p.Scope !== undefined) patch.scope = p.Scope;
      if (p.DatacenterAdminsOnly !== undefined) patch.datacenterAdminsOnly = p.DatacenterAdminsOnly;
      if (p.UserRecipientFilter !== undefined) patch.userRecipientFilter = p.UserRecipientFilter ?? '';
      const edits: { field: ListField; add: string[]; remove: string[] }[] = [];
      for (const field of LIST_FIELDS) {
        const value = p[LIST_FIELD_PARAMETERS[field] as ListParameter];
        if (value === undefined) continue;
        if (value === null) (patch as Record<string, unknown>)[field] = [];
        else if (Array.isArray(value)) (patch as Record<string, unknown>)[field] = value;
        else edits.push({ field, add: value.Add, remove: value.Remove });
      }
      if (Object.keys(patch).length > 0) work.update(rule, patch);
      const target = work.find(patch.name ?? rule.name) ?? rule;
      for (const edit of edits) work.editList(target, edit.field, edit.add, edit.remove);
      if (p.Priority !== undefined) {
        const n = work.count;
        if (!Number.isInteger(p.Priority) || p.Priority < 1 || p.Priority > n) {
          report('warning', `Set-ClientAccessRule -Priority ${p.Priority} is outside 1..${n}; the rule is moved to ${p.Priority < 1 ? 'the top' : 'the end'} instead.`);
        }
        work.move(rule, p.Priority);
      }
      return;
    }
    case 'Remove-ClientAccessRule': {
      const p = command.params;
      const rule = work.find(p.Identity);
      if (!rule) {
        report('error', `Remove-ClientAccessRule: no rule named "${p.Identity}" exists at this point of the script; Exchange reports it cannot be found, so nothing is removed.`);
        return;
      }
      work.remove(rule);
      return;
    }
    case 'Get-ClientAccessRule':
      return;
    case 'Test-ClientAccessRule': {
      const p = command.params;
      const connection: Connection = {
        protocol: p.Protocol,
        authenticationType: p.AuthenticationType,
        ipAddress: p.RemoteAddress,
        port: p.RemotePort,
        user: p.User,
        attributes: {},
        connectionType: 'EndUser',
      };
      if (connection.protocol === 'UniversalOutlook') {
        report('warning', 'Test-ClientAccessRule does not accept -Protocol UniversalOutlook in Exchange; the test is saved for the simulator anyway.');
      }
      let expected = command.expected;
      if (!expected) {
        expected = decide(compileRuleSet(work.current()), connection);
        report('info', `Test-ClientAccessRule saved as a test expecting ${expected}: that is what the rules decide at this line, as the script does not say what it expects. Add a comment such as "# expect: DenyAccess" on the line to state the outcome you want.`);
      }
      work.addTest({ name: command.testName ?? `Line ${command.line}: ${describeTest(connection)}`, connection, expected });
      return;
    }
  }
}
