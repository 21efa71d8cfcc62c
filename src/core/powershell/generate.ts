/**
 * The PowerShell generator (spec 4 and 8): a full script that creates a rule set, a change script that
 * brings deployed rules to a draft with the fewest commands, and Test-ClientAccessRule commands.
 *
 * Output is deterministic (no timestamp unless `options.now` is given) and uses only shapes that read
 * back unambiguously:
 * - one command per statement, parameters by their full canonical names (`-Name`, `-Identity`,
 *   `-Action`, `-AnyOfProtocols`, …, `-Priority`), never positional, never abbreviated;
 * - values from `quote.ts`: bare words (enum names, IP values), single-quoted literals, or
 *   `('…' + [char]0xHHHH + '…')`; lists as `a,'b'` (no spaces); list edits as
 *   `@{Add='a','b'; Remove='c'}` (every value quoted: expression mode); `$null` to clear;
 *   `-Enabled $true|$false`; `-Confirm:$false` on every Remove;
 * - a command that fits in `options.width ?? 100` characters is one line; a longer one keeps its first
 *   parameter on the cmdlet's line and puts every further parameter on its own line, indented by four
 *   spaces, each line but the last ending in ` \`` (space, backtick);
 * - comments are whole `#` lines (plus a trailing `# expected: …` on test commands); user text in a
 *   comment is always written through `quoteLiteral`, which never emits a line break.
 *
 * Priorities count only the rules the script manages: DatacenterAdminsOnly rules (hidden, sorted
 * before all others, spec 2 and 3.1) are never generated, changed or removed, and are left out of
 * the numbering.
 */
import { ruleNameKey } from '../model/names.ts';
import type { Action, Connection, ListField, Profile, Rule, RuleSet, Scope, TestCase } from '../model/types.ts';
import { LIST_FIELD_PARAMETERS, LIST_FIELDS, PROTOCOLS } from '../model/types.ts';
import { canDenyAdminPath, protectsAdminPath } from '../model/guard.ts';
import { noteCommentLines } from './note-comments.ts';
import { formatList, formatValue, quoteLiteral } from './quote.ts';
import type { NonAsciiMode } from './quote.ts';

export interface GenerateOptions {
  /** Longest single-line command; longer commands get one parameter per line. Default 100. */
  width?: number;
  /** When given, the header states the generation time (ISO 8601, UTC). */
  now?: Date;
  /** How non-ASCII characters are written (see `quote.ts`). Default `'escape'`: pure ASCII output. */
  nonAscii?: NonAsciiMode;
}

/** An in-place edit of a multi-valued property, or clearing it (`$null`). */
export type ListEdit = { kind: 'edit'; add: string[]; remove: string[] } | { kind: 'clear' };

/** What a `Set-ClientAccessRule` changes besides the priority. */
export interface RuleChanges {
  action?: Action;
  enabled?: boolean;
  scope?: Scope;
  /** New filter text; `''` clears the condition (`$null`). */
  userRecipientFilter?: string;
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

const DEFAULT_WIDTH = 100;

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

/** Field-by-field difference; list values compare exactly (text), as sets (order carries no meaning). */
function diffRule(before: Rule, after: Rule): RuleChanges | null {
  const changes: RuleChanges = { lists: {} };
  let changed = false;
  if (before.action !== after.action) {
    changes.action = after.action;
    changed = true;
  }
  if (before.enabled !== after.enabled) {
    changes.enabled = after.enabled;
    changed = true;
  }
  if (before.scope !== after.scope) {
    changes.scope = after.scope;
    changed = true;
  }
  if (before.userRecipientFilter !== after.userRecipientFilter) {
    changes.userRecipientFilter = after.userRecipientFilter;
    changed = true;
  }
  for (const field of LIST_FIELDS) {
    const edit = diffList(before[field], after[field]);
    if (edit) {
      changes.lists[field] = edit;
      changed = true;
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

function managedRules(set: RuleSet): Rule[] {
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

/** Renders `cmdlet` and its parameters on one line, or one parameter per line when too long. */
function renderCommand(cmdlet: string, params: readonly string[], width: number): string {
  const oneLine = [cmdlet, ...params].join(' ');
  if (oneLine.length <= width || params.length <= 1) return oneLine;
  const [first, ...others] = params;
  return [`${cmdlet} ${first as string}`, ...others.map((p) => `    ${p}`)].join(' `\n');
}

function resolveWidth(options: GenerateOptions): number {
  const width = options.width;
  return typeof width === 'number' && Number.isFinite(width) ? width : DEFAULT_WIDTH;
}

function newParams(rule: Rule, priority: number, options: GenerateOptions): string[] {
  const params = [`-Name ${quoteLiteral(rule.name, options)}`, `-Action ${formatValue(rule.action, options)}`];
  for (const field of LIST_FIELDS) {
    if (rule[field].length > 0) params.push(`-${LIST_FIELD_PARAMETERS[field]} ${formatList(rule[field], options)}`);
  }
  if (rule.userRecipientFilter !== '') {
    params.push(`-UserRecipientFilter ${quoteLiteral(rule.userRecipientFilter, options)}`);
  }
  if (rule.scope !== 'All') params.push(`-Scope ${formatValue(rule.scope, options)}`);
  if (!rule.enabled) params.push('-Enabled $false');
  params.push(`-Priority ${priority}`);
  return params;
}

function renderListEdit(edit: ListEdit, options: GenerateOptions): string {
  if (edit.kind === 'clear') return '$null';
  const parts: string[] = [];
  if (edit.add.length > 0) parts.push(`Add=${edit.add.map((v) => quoteLiteral(v, options)).join(',')}`);
  if (edit.remove.length > 0) parts.push(`Remove=${edit.remove.map((v) => quoteLiteral(v, options)).join(',')}`);
  return `@{${parts.join('; ')}}`;
}

function setParams(identity: string, changes: RuleChanges, priority: number | undefined, options: GenerateOptions): string[] {
  const params = [`-Identity ${quoteLiteral(identity, options)}`];
  if (changes.action !== undefined) params.push(`-Action ${formatValue(changes.action, options)}`);
  for (const field of LIST_FIELDS) {
    const edit = changes.lists[field];
    if (edit) params.push(`-${LIST_FIELD_PARAMETERS[field]} ${renderListEdit(edit, options)}`);
  }
  if (changes.userRecipientFilter !== undefined) {
    const filter = changes.userRecipientFilter;
    params.push(`-UserRecipientFilter ${filter === '' ? '$null' : quoteLiteral(filter, options)}`);
  }
  if (changes.scope !== undefined) params.push(`-Scope ${formatValue(changes.scope, options)}`);
  if (changes.enabled !== undefined) params.push(`-Enabled ${changes.enabled ? '$true' : '$false'}`);
  if (priority !== undefined) params.push(`-Priority ${priority}`);
  return params;
}

const GUARD_NOTE =
  '# Lets Remote PowerShell through: in place before any command that could deny it, so admins keep access while the script runs.';

function renderPlan(commands: readonly PlannedCommand[], options: GenerateOptions): string[] {
  const width = resolveWidth(options);
  const blocks: string[] = [];
  for (const command of commands) {
    const lines: string[] = [];
    if (command.cmdlet === 'Remove-ClientAccessRule') {
      if (command.reason === 'renamed') {
        lines.push('# Renamed (Set-ClientAccessRule does not rename): removed here and created again below.');
      }
      lines.push(renderCommand(command.cmdlet, [`-Identity ${quoteLiteral(command.identity, options)}`, '-Confirm:$false'], width));
      blocks.push(lines.join('\n'));
      continue;
    }
    if (command.guard) lines.push(GUARD_NOTE);
    if (command.cmdlet === 'New-ClientAccessRule') lines.push(...noteCommentLines(command.rule.notes, options));
    if (command.priority !== undefined && command.priority !== command.finalPriority) {
      lines.push(
        `# Priority ${command.priority} now; it becomes ${command.finalPriority} once the commands below have run.`,
      );
    }
    const params =
      command.cmdlet === 'New-ClientAccessRule'
        ? newParams(command.rule, command.priority, options)
        : setParams(command.identity, command.changes, command.priority, options);
    lines.push(renderCommand(command.cmdlet, params, width));
    blocks.push(lines.join('\n'));
  }
  return blocks;
}

function profileLines(profile: Profile): string[] {
  if (profile === 'ExchangeServer') {
    return [
      '# Target: Exchange Server 2019 / Subscription Edition. Run it in the Exchange Management Shell.',
      '# On-premises, Client Access Rules govern only ExchangeAdminCenter and RemotePowerShell.',
    ];
  }
  return [
    '# Target: Exchange Online. Connect first: Connect-ExchangeOnline (ExchangeOnlineManagement module).',
    '# Exchange Online no longer supports Client Access Rules since September 2025 (move to Conditional Access).',
  ];
}

function headerLines(title: string, what: readonly string[], profile: Profile, options: GenerateOptions): string[] {
  const width = resolveWidth(options);
  const lines = [`# ${title}`, '# Generated by Client Access Rule Designer.'];
  const now = options.now;
  if (now instanceof Date && !Number.isNaN(now.getTime())) lines.push(`# Generated at ${now.toISOString()}.`);
  lines.push('#', ...what, ...profileLines(profile));
  lines.push(
    '# Rules are cached: the first rule of an organisation can take up to 24 hours to apply, later changes up to 1 hour.',
    '#',
    `# Formatting: a command that fits in ${width} characters is one line; a longer one has one parameter per line,`,
    '# every line but the last ending in a backtick (`) continuation.',
    '# Quoting: names, patterns, filters and other text are single-quoted literals, with every single-quote',
    '# character (the apostrophe and the typographic quotes U+2018 to U+201B) doubled; nothing is double-quoted.',
    '# Protocol and authentication names and IP addresses, ranges and CIDRs are bare words.',
  );
  if ((options.nonAscii ?? 'escape') === 'escape') {
    lines.push(
      '# Control, invisible, bidirectional and non-ASCII characters are written as [char]0xHHHH joined with + in',
      "# parentheses, e.g. ('Z' + [char]0x00FC + 'rich'): the script is pure ASCII and reads the same in any encoding.",
    );
  } else {
    lines.push(
      '# Control, invisible and bidirectional characters are written as [char]0xHHHH joined with + in parentheses.',
      '# The script contains non-ASCII text: save it as UTF-8 with a byte-order mark for Windows PowerShell 5.1.',
    );
  }
  return lines;
}

function skippedLines(set: RuleSet, options: GenerateOptions): string[] {
  const skipped = set.rules.filter((r) => r.datacenterAdminsOnly);
  if (skipped.length === 0) return [];
  return [
    `# Skipped ${skipped.length} DatacenterAdminsOnly rule(s): a hidden Microsoft flag that cannot be set with these cmdlets;`,
    '# such rules are left as they are and not counted in the priorities below.',
    ...skipped.map((r) => `#   ${quoteLiteral(r.name, options)}`),
  ];
}

function duplicateLines(rules: readonly Rule[], options: GenerateOptions): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const rule of rules) {
    const key = nameKey(rule.name);
    if (seen.has(key)) {
      lines.push(
        `# WARNING: two rules are named ${quoteLiteral(rule.name, options)} (names are case-insensitive); Exchange rejects the second one. Rename it first.`,
      );
    }
    seen.add(key);
  }
  return lines;
}

function joinScript(header: readonly string[], blocks: readonly string[]): string {
  return `${[header.join('\n'), ...blocks].join('\n\n')}\n`;
}

/**
 * The full script for a rule set: a commented header (what it does, target profile and how to
 * connect, the rule cache delay of spec 3.9, the formatting and quoting rules), then one
 * `New-ClientAccessRule` per rule in priority order, each with an explicit `-Priority` and only the
 * parameters in use (`-Scope Users` only when not All, `-Enabled $false` only when disabled,
 * `-UserRecipientFilter` as a quoted literal). Meant for an organisation with no rules yet.
 *
 * The allow rules that let Remote PowerShell through (spec 7: the guard rule, or rules scoped to the
 * admins' addresses or accounts) are created first so Remote PowerShell stays reachable while the rest
 * is created; when a final priority is not yet reachable the rule is created higher and the rules
 * created above it push it down (a comment says so). Every `-Priority` is within
 * 1..N+1 at the time it runs, so spec 4 never has to fall back to appending. DatacenterAdminsOnly
 * rules are skipped with a comment. An empty rule set gives a script that says so.
 *
 * @example generateScript(set)
 * // # Client Access Rules for Exchange Online: full script (1 rule)
 * // …
 * // New-ClientAccessRule -Name 'Always Allow Remote PowerShell' -Action AllowAccess -AnyOfProtocols RemotePowerShell -Priority 1
 */
export function generateScript(set: RuleSet, options: GenerateOptions = {}): string {
  const rules = managedRules(set);
  const count = `${rules.length} rule${rules.length === 1 ? '' : 's'}`;
  const what =
    rules.length === 0
      ? ['# What it does: nothing. The rule set is empty: there are no rules to create.']
      : [
          `# What it does: creates ${count} with New-ClientAccessRule, each with an explicit -Priority.`,
          '# Run it where no Client Access Rules exist yet; to update deployed rules, generate a change script.',
        ];
  const header = [
    ...headerLines(`Client Access Rules: full script (${count})`, what, set.profile, options),
    ...skippedLines(set, options),
    ...duplicateLines(rules, options),
  ];
  const plan = planChanges({ ...set, rules: [] }, set);
  return joinScript(header, renderPlan(plan, options));
}

/**
 * The change script from what is deployed (`baseline`, e.g. imported from Get-ClientAccessRule) to
 * `draft`: the fewest `New`/`Set`/`Remove-ClientAccessRule` commands (see `planChanges` for the
 * order and the proof of the priorities). List conditions are edited in place with
 * `@{Add='x','y'; Remove='z'}` so values the script does not touch survive; a list that becomes
 * empty, or a cleared filter, is set to `$null`; changed scalars (`-Action`, `-Enabled`, `-Scope`,
 * `-UserRecipientFilter`) are set directly; every Remove carries `-Confirm:$false`. Names match
 * case-insensitively; a renamed rule is removed and created again (Set has no rename in spec 2).
 * No difference gives a script that says "No changes".
 *
 * @example generateChangeScript(deployed, draft)
 * // … Remove-ClientAccessRule -Identity 'Allow EAC access only for MGMT' -Confirm:$false
 * // … New-ClientAccessRule -Name 'Allow access to EAC only for IT' -Action DenyAccess … -Priority 2
 */
export function generateChangeScript(baseline: RuleSet, draft: RuleSet, options: GenerateOptions = {}): string {
  const plan = planChanges(baseline, draft);
  const removes = plan.filter((c) => c.cmdlet === 'Remove-ClientAccessRule').length;
  const creates = plan.filter((c) => c.cmdlet === 'New-ClientAccessRule').length;
  const sets = plan.length - removes - creates;
  const what =
    plan.length === 0
      ? ['# What it does: nothing. No changes: the deployed rules already match the draft.']
      : [
          `# What it does: changes the deployed rules (${managedRules(baseline).length}) into the draft (${managedRules(draft).length}):`,
          `# ${removes} Remove, ${creates} New, ${sets} Set command(s).`,
          '# It assumes the deployed rules are exactly the baseline it was computed from (check with Get-ClientAccessRule):',
          '# every -Priority is computed from that order.',
        ];
  const header = [
    ...headerLines('Client Access Rules: change script', what, draft.profile, options),
    ...skippedLines(draft, options),
    ...duplicateLines(managedRules(draft), options),
  ];
  return joinScript(header, renderPlan(plan, options));
}

/** Test-ClientAccessRule's -Protocol list: every protocol but UniversalOutlook (spec 3). */
const TEST_PROTOCOLS = new Set<string>(PROTOCOLS.filter((p) => p !== 'UniversalOutlook'));

function testCommandLines(connection: Connection, options: GenerateOptions): { notes: string[]; command: string; runnable: boolean } {
  const notes: string[] = [];
  let runnable = true;
  if (!TEST_PROTOCOLS.has(connection.protocol)) {
    runnable = false;
    notes.push(
      `# Not runnable: Test-ClientAccessRule's -Protocol does not accept ${formatValue(String(connection.protocol), options)}.`,
    );
  }
  const port = connection.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    runnable = false;
    notes.push(`# Not runnable: -RemotePort must be a whole number from 1 to 65535 (got ${String(port)}).`);
  }
  if (connection.connectionType === 'MiddleTierApp') {
    notes.push(
      '# Through a middle-tier application: the cmdlet cannot say so and tests an end-user connection,',
      '# so rules with -Scope Users (which skip middle-tier connections) may be listed although they do not apply.',
    );
  } else if (connection.connectionType === 'MicrosoftMiddleTierApp') {
    notes.push(
      '# Through a Microsoft-owned middle-tier application (e.g. Outlook for iOS and Android): such connections',
      '# bypass Client Access Rules and are always allowed; the cmdlet cannot say so and tests an end-user connection.',
    );
  }
  const attributes = Object.entries(connection.attributes);
  if (attributes.length > 0) {
    notes.push(
      '# The cmdlet reads the user\'s attributes from the directory, not from parameters; this test assumes:',
      ...attributes.map(([name, value]) => `#   ${formatValue(name, options)} = ${quoteLiteral(value, options)}`),
    );
  }
  const portText = Number.isInteger(port) ? String(port) : quoteLiteral(String(port), options);
  const command = [
    'Test-ClientAccessRule',
    `-AuthenticationType ${formatValue(String(connection.authenticationType), options)}`,
    `-Protocol ${formatValue(String(connection.protocol), options)}`,
    `-RemoteAddress ${formatValue(connection.ipAddress, options)}`,
    `-RemotePort ${portText}`,
    `-User ${formatValue(connection.user, options)}`,
  ].join(' ');
  return { notes, command: runnable ? command : `# ${command}`, runnable };
}

/**
 * A `Test-ClientAccessRule` command for a connection (spec 3): `-AuthenticationType`, `-Protocol`,
 * `-RemoteAddress`, `-RemotePort`, `-User`, values quoted where needed. Where the cmdlet cannot express
 * the connection, comment lines say why: `UniversalOutlook` is not in its `-Protocol` list and a port
 * outside 1–65535 is rejected (the command is then written commented out); middle-tier connections
 * (the cmdlet has no parameter for them; Microsoft-owned ones bypass the rules); directory attributes
 * (the cmdlet reads them from the directory, so the user must really have them).
 *
 * @example generateTestCommand({ protocol: 'ExchangeAdminCenter', authenticationType: 'BasicAuthentication',
 *   ipAddress: '172.17.17.26', port: 443, user: 'chris@contoso.com', attributes: {}, connectionType: 'EndUser' })
 * // "Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol ExchangeAdminCenter -RemoteAddress 172.17.17.26 -RemotePort 443 -User 'chris@contoso.com'"
 */
export function generateTestCommand(connection: Connection, options: GenerateOptions = {}): string {
  const { notes, command } = testCommandLines(connection, options);
  return [...notes, command].join('\n');
}

/**
 * Test-ClientAccessRule commands for saved tests, each after a comment naming the test and with the
 * expected outcome as a trailing comment. The cmdlet lists every matching rule in priority order (also
 * disabled ones, as if enabled); the first row decides, and no row means allowed (spec 3). No tests
 * gives a script that says so.
 *
 * @example generateTestCommands([test])
 * // # Test 1: 'EAC from outside is blocked'
 * // Test-ClientAccessRule … -User 'chris@contoso.com'  # expected: DenyAccess (the first row is DenyAccess)
 */
export function generateTestCommands(tests: readonly TestCase[], options: GenerateOptions = {}): string {
  const header = [
    '# Client Access Rules: saved tests as Test-ClientAccessRule commands',
    '# Each command lists the rules that match, in priority order; the first row decides and no row means allowed.',
    '# The cmdlet evaluates disabled rules as if they were enabled.',
  ];
  if (tests.length === 0) return `${header.join('\n')}\n\n# No saved tests.\n`;
  const blocks = tests.map((test, index) => {
    const { notes, command } = testCommandLines(test.connection, options);
    const expected =
      test.expected === 'DenyAccess'
        ? 'expected: DenyAccess (the first row is DenyAccess)'
        : 'expected: AllowAccess (no row, or the first row is AllowAccess)';
    return [`# Test ${index + 1}: ${quoteLiteral(test.name, options)}`, ...notes, `${command}  # ${expected}`].join('\n');
  });
  return joinScript(header, blocks);
}
