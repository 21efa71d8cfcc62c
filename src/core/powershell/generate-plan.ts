/**
 * Planning of the change script (spec 4): which `New-`, `Set-` and `Remove-ClientAccessRule` commands
 * turn the deployed rules into the draft, in which order and with which `-Priority` at the time each
 * runs, as data (`PlannedCommand[]`). Rendering the commands as text is `generate-render.ts`'s job,
 * the script header `generate-header.ts`'s; `generate.ts` composes them.
 *
 * Decisions: see `planChanges` (rename = remove + new; the guard-first order; fewest commands).
 * Priorities count only the rules the script manages (`managedRules`).
 */
import { ruleNameKey } from '../model/names.ts';
import { RULE_FIELD_LIST, isListKind, type RuleField } from '../model/rule-fields.ts';
import type { ListField, Rule, RuleSet } from '../model/types.ts';
import { canDenyAdminPath, protectsAdminPath } from '../model/guard.ts';

/** An in-place edit of a multi-valued property, or clearing it (`$null`). */
export type ListEdit = { kind: 'edit'; add: string[]; remove: string[] } | { kind: 'clear' };

/**
 * The scalar fields a `Set-ClientAccessRule` changes: every writable field of the table that is not a
 * list, but the name (a rename is a remove and a new, see `planChanges`).
 */
export type ScalarChangeField = Exclude<RuleField, ListField | 'name' | 'datacenterAdminsOnly'>;

/** What a `Set-ClientAccessRule` changes besides the priority. A `userRecipientFilter` of `''` clears the condition (`$null`). */
export interface RuleChanges extends Partial<Pick<Rule, ScalarChangeField>> {
  lists: Partial<Record<ListField, ListEdit>>;
}

/** One command of a plan, before rendering. `priority` is the value at the time the command runs. */
export type PlannedCommand =
  | { cmdlet: 'New-ClientAccessRule'; rule: Rule; priority: number; finalPriority: number; guard: boolean }
  | {
      cmdlet: 'Set-ClientAccessRule';
      identity: string;
      changes: RuleChanges;
      priority?: number;
      finalPriority?: number;
      guard: boolean;
    }
  | { cmdlet: 'Remove-ClientAccessRule'; identity: string; reason: 'removed' | 'renamed' };

const nameKey = ruleNameKey;

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function diffList(before: readonly string[], after: readonly string[]): ListEdit | null {
  const was = new Set(before);
  const now = new Set(after);
  if (now.size === 0) return was.size === 0 ? null : { kind: 'clear' };
  const add = unique(after).filter((v) => !was.has(v));
  const remove = unique(before).filter((v) => !now.has(v));
  return add.length === 0 && remove.length === 0 ? null : { kind: 'edit', add, remove };
}

/**
 * Field-by-field difference over the table of rule fields (every writable field but the name); list
 * values compare exactly (text), as sets (order carries no meaning).
 */
function diffRule(before: Rule, after: Rule): RuleChanges | null {
  const changes: RuleChanges = { lists: {} };
  let changed = false;
  for (const spec of RULE_FIELD_LIST) {
    if (!spec.writable || spec.field === 'name') continue;
    if (isListKind(spec.kind)) {
      const field = spec.field as ListField;
      const edit = diffList(before[field], after[field]);
      if (edit) {
        changes.lists[field] = edit;
        changed = true;
      }
    } else {
      const field = spec.field as ScalarChangeField;
      if (before[field] !== after[field]) {
        (changes as Record<ScalarChangeField, unknown>)[field] = after[field];
        changed = true;
      }
    }
  }
  return changed ? changes : null;
}

/**
 * Indices (into `values`) of a strictly increasing subsequence that holds the most `free` elements
 * (matched rules with no content change), and among those the most elements. O(n²), fine for the
 * hundreds of rules a tenant holds.
 */
function bestIncreasing(values: readonly number[], free: readonly boolean[]): Set<number> {
  const heavy = values.length + 1;
  const score: number[] = [];
  const previous: number[] = [];
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const weight = free[i] ? heavy : 1;
    score[i] = weight;
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      if ((values[j] as number) < (values[i] as number) && (score[j] as number) + weight > (score[i] as number)) {
        score[i] = (score[j] as number) + weight;
        previous[i] = j;
      }
    }
    if (best < 0 || (score[i] as number) > (score[best] as number)) best = i;
  }
  const result = new Set<number>();
  for (let k = best; k >= 0; k = previous[k] as number) result.add(k);
  return result;
}

/**
 * The rules a script manages: all but the DatacenterAdminsOnly ones (a hidden Microsoft flag the
 * cmdlets cannot set; such rules are never generated, changed or removed and not counted in priorities).
 *
 * @example managedRules(set).length // set.rules.length minus the datacenter-admin rules
 */
export function managedRules(set: RuleSet): Rule[] {
  return set.rules.filter((r) => !r.datacenterAdminsOnly);
}

/** The first position in ascending `list` whose value is not below `value`. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Plans the commands that turn the deployed `baseline` into `draft` under spec 4 semantics, as data.
 *
 * Rules are matched by name, case-insensitively. Decision: a rule whose name changed (even only in
 * case) is removed and created again. Spec 2 gives Set only `-Identity` and the seeds never rename, so
 * the script never relies on renaming (Microsoft's cmdlet reference does list `-Name` on
 * Set-ClientAccessRule; matching by name could not tell a rename from a remove + new anyway). Order:
 * 1. every allow rule of the draft that lets Remote PowerShell (or a protocol of the draft's declared
 *    admin path, such as the Exchange admin center) through (`protectsAdminPath` of `model/guard.ts`:
 *    the standard guard, or one scoped to addresses, users or a filter), in
 *    draft order, when it must be created, moved or changed, so the admin cannot lock themselves out
 *    halfway through (each preceded only by the removal of a deployed rule whose name differs from
 *    its own in case alone). Skipped when neither set holds a rule that can deny Remote PowerShell
 *    (`canDenyAdminPath`): then no command can;
 * 2. `Remove-ClientAccessRule` for rules not in the draft (before any New, so a re-created name is free);
 * 3. `Set-ClientAccessRule` for content changes of rules that keep their relative order;
 * 4. `New-ClientAccessRule` and `Set-ClientAccessRule -Priority` for the rest, in ascending draft
 *    order, except that a rule whose final priority cannot be used yet waits for one whose can.
 *
 * Fewest commands: Removes and News are forced; a matched rule needs no command only when it is
 * unchanged and keeps its relative order, so the rules left alone are an increasing subsequence (of
 * deployed positions, in draft order) with the most unchanged rules (ties: the longest, for the fewest
 * moves). Every other matched rule gets exactly one Set (a content change of a moved rule rides on its
 * `-Priority` Set), which reaches that lower bound. Each placement's
 * `-Priority` is simulated on the current list (always within 1..N+1 for New and 1..N for Set, so
 * spec 4's append fallback is never needed): it is the rule's final priority whenever that lands it
 * between its neighbours already in place (the usual case), else the nearest position that does; the
 * invariant "rules already in place are in draft order" then makes the end state exactly the draft.
 *
 * @example planChanges(deployed, draft) // [{ cmdlet: 'Remove-ClientAccessRule', identity: 'Old', … }, …]
 */
export function planChanges(baseline: RuleSet, draft: RuleSet): PlannedCommand[] {
  const before = managedRules(baseline);
  const after = managedRules(draft);
  const commands: PlannedCommand[] = [];

  const byKey = new Map<string, Rule>();
  for (const rule of before) if (!byKey.has(nameKey(rule.name))) byKey.set(nameKey(rule.name), rule);
  const counterpart = new Map<Rule, Rule>();
  const used = new Set<Rule>();
  for (const rule of after) {
    const old = byKey.get(nameKey(rule.name));
    if (old && !used.has(old) && old.name === rule.name) {
      counterpart.set(rule, old);
      used.add(old);
    }
  }

  const basePosition = new Map<Rule, number>(before.map((r, i) => [r, i]));
  const matchedIndices = after.map((_, i) => i).filter((i) => counterpart.has(after[i] as Rule));
  const kept = bestIncreasing(
    matchedIndices.map((i) => basePosition.get(counterpart.get(after[i] as Rule) as Rule) as number),
    matchedIndices.map((i) => diffRule(counterpart.get(after[i] as Rule) as Rule, after[i] as Rule) === null),
  );
  const stable = new Set<number>([...kept].map((k) => matchedIndices[k] as number));

  // Simulation state: tokens are baseline rule objects for matched rules, draft objects for new ones.
  const current: Rule[] = [...before];
  const inCurrent = new Set<Rule>(before);
  const token = (i: number): Rule => {
    const rule = after[i] as Rule;
    return counterpart.get(rule) ?? rule;
  };
  const settled: boolean[] = after.map((_, i) => stable.has(i));
  const settledSorted: number[] = [...stable].sort((x, y) => x - y);
  const settle = (i: number): void => {
    if (settled[i]) return;
    settled[i] = true;
    const k = lowerBound(settledSorted, i);
    if (k === settledSorted.length) settledSorted.push(i);
    else settledSorted.splice(k, 0, i);
  };
  const done = new Set<number>();

  const placement = (i: number): { priority: number; fits: boolean } => {
    // Positions are taken in the list without the rule itself (it is lifted out before it lands).
    // Tokens are unique in `current`; `inCurrent` answers "not there" without a scan, and the last
    // placed rule (the usual neighbour) is found from the end, so a full script plans in linear time.
    const ownAt = inCurrent.has(token(i)) ? current.indexOf(token(i)) : -1;
    const indexInRest = (rule: Rule): number => {
      const k = current.lastIndexOf(rule);
      return ownAt >= 0 && k > ownAt ? k - 1 : k;
    };
    // The nearest settled rules before and after i, by binary search in the sorted list of settled
    // indices (a scan to the end of the draft for every rule made planning quadratic).
    const at = lowerBound(settledSorted, i);
    const before_ = at > 0 ? settledSorted[at - 1] : undefined;
    const next = settledSorted[settledSorted[at] === i ? at + 1 : at];
    const lo = before_ === undefined ? 1 : indexInRest(token(before_)) + 2;
    const hi = next === undefined ? current.length + (ownAt >= 0 ? 0 : 1) : indexInRest(token(next)) + 1;
    const final = i + 1;
    return { priority: Math.min(Math.max(final, lo), hi), fits: final >= lo && final <= hi };
  };

  const place = (i: number, guard: boolean): void => {
    const rule = after[i] as Rule;
    const old = counterpart.get(rule);
    const { priority } = placement(i);
    const own = token(i);
    const from = inCurrent.has(own) ? current.indexOf(own) : -1;
    if (from >= 0) current.splice(from, 1);
    if (priority - 1 >= current.length) current.push(own);
    else current.splice(priority - 1, 0, own);
    inCurrent.add(own);
    settle(i);
    done.add(i);
    if (old) {
      const changes = diffRule(old, rule) ?? { lists: {} };
      commands.push({ cmdlet: 'Set-ClientAccessRule', identity: old.name, changes, priority, finalPriority: i + 1, guard });
    } else {
      commands.push({ cmdlet: 'New-ClientAccessRule', rule, priority, finalPriority: i + 1, guard });
    }
  };

  const changeInPlace = (i: number, guard: boolean): void => {
    const rule = after[i] as Rule;
    const old = counterpart.get(rule) as Rule;
    const changes = diffRule(old, rule);
    done.add(i);
    if (changes) commands.push({ cmdlet: 'Set-ClientAccessRule', identity: old.name, changes, guard });
  };

  const removed = new Set<Rule>();
  const remove = (rule: Rule): void => {
    const renamed = after.some((r) => !counterpart.has(r) && nameKey(r.name) === nameKey(rule.name));
    commands.push({ cmdlet: 'Remove-ClientAccessRule', identity: rule.name, reason: renamed ? 'renamed' : 'removed' });
    current.splice(current.indexOf(rule), 1);
    inCurrent.delete(rule);
    removed.add(rule);
  };

  // Every allow rule of the draft that protects the admin path (Remote PowerShell and the declared
  // path's protocols), in draft order, before anything that could deny it (model/guard.ts is the one
  // definition of such a rule). With no rule in either set that can deny the path, no command can,
  // and the plain order is kept.
  const path = draft.adminPath;
  const denyPossible = baseline.rules.some((r) => canDenyAdminPath(r, path)) || draft.rules.some((r) => canDenyAdminPath(r, path));
  after.forEach((guardRule, guardIndex) => {
    if (!denyPossible || !protectsAdminPath(guardRule, path)) return;
    // A deployed rule whose name differs from the new guard's only in case must go first: names are unique.
    const clash = before.find((r) => !used.has(r) && !removed.has(r) && !counterpart.has(guardRule) && nameKey(r.name) === nameKey(guardRule.name));
    if (clash) remove(clash);
    if (stable.has(guardIndex)) changeInPlace(guardIndex, true);
    else place(guardIndex, true);
  });

  for (const rule of before) if (!used.has(rule) && !removed.has(rule)) remove(rule);

  for (const i of stable) if (!done.has(i)) changeInPlace(i, false);

  const pending = after.map((_, i) => i).filter((i) => !done.has(i));
  while (pending.length > 0) {
    let pick = pending.findIndex((i) => placement(i).fits);
    if (pick < 0) pick = 0;
    const [i] = pending.splice(pick, 1);
    place(i as number, false);
  }
  return commands;
}
