/**
 * Applies parsed Client Access Rule commands to a rule set, as Exchange would run them one by one.
 */
import { compileRuleSet, decide } from '../evaluator/evaluate.ts';
import { addRule, addTestCase, createRule, moveRule, removeRule, updateRule } from '../model/rule-set.ts';
import {
  ACTIONS,
  AUTHENTICATION_TYPES,
  LIST_FIELDS,
  PROTOCOLS,
  SCOPES,
  type Action,
  type AuthenticationType,
  type Connection,
  type ListField,
  type Protocol,
  type Rule,
  type RuleSet,
  type Scope,
  type SourceFinding,
} from '../model/types.ts';
import type { ParsedCommand } from './parser.ts';

export interface ReplayResult {
  ruleSet: RuleSet;
  findings: SourceFinding[];
}

/** PowerShell parameter name of each list field. */
const LIST_PARAMS: Record<ListField, string> = {
  anyOfProtocols: 'AnyOfProtocols',
  exceptAnyOfProtocols: 'ExceptAnyOfProtocols',
  anyOfAuthenticationTypes: 'AnyOfAuthenticationTypes',
  exceptAnyOfAuthenticationTypes: 'ExceptAnyOfAuthenticationTypes',
  anyOfClientIPAddressesOrRanges: 'AnyOfClientIPAddressesOrRanges',
  exceptAnyOfClientIPAddressesOrRanges: 'ExceptAnyOfClientIPAddressesOrRanges',
  usernameMatchesAnyOfPatterns: 'UsernameMatchesAnyOfPatterns',
  exceptUsernameMatchesAnyOfPatterns: 'ExceptUsernameMatchesAnyOfPatterns',
};

const ENUM_FIELDS: Partial<Record<ListField, readonly string[]>> = {
  anyOfProtocols: PROTOCOLS,
  exceptAnyOfProtocols: PROTOCOLS,
  anyOfAuthenticationTypes: AUTHENTICATION_TYPES,
  exceptAnyOfAuthenticationTypes: AUTHENTICATION_TYPES,
};

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isEdit(value: unknown): value is { Add?: unknown; Remove?: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('Add' in value || 'Remove' in value);
}

/** Values of an enum list field kept only when valid (commands from the parser are already canonical). */
function cleanList(field: ListField, values: string[]): string[] {
  const allowed = ENUM_FIELDS[field];
  return allowed ? values.filter((v) => allowed.includes(v)) : values;
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * `Set-ClientAccessRule -Param @{Add=…; Remove=…}`: removes the Remove values (case-insensitive) and
 * appends the Add values not already present, keeping the values the edit does not mention.
 */
function editList(current: readonly string[], add: string[], remove: string[]): string[] {
  const kept = current.filter((v) => !remove.some((r) => sameText(r, v)));
  for (const value of add) if (!kept.some((k) => sameText(k, value))) kept.push(value);
  return kept;
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
 *   comment when the script is not yet right.
 * Never throws: a command that cannot be applied becomes a finding at its line.
 *
 * @example replayCommands(createRuleSet(), parseScript("New-ClientAccessRule X -Action Deny").commands).ruleSet.rules[0].action // 'DenyAccess'
 */
export function replayCommands(start: RuleSet, commands: readonly ParsedCommand[]): ReplayResult {
  let set = start;
  const findings: SourceFinding[] = [];
  for (const command of commands) {
    const at = { line: command.line, column: command.column };
    const report = (severity: SourceFinding['severity'], message: string): void => {
      findings.push({ ...at, severity, message });
    };
    try {
      set = applyCommand(set, command, report);
    } catch (error) {
      report('error', `${command.cmdlet} could not be applied: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ruleSet: set, findings };
}

type Report = (severity: SourceFinding['severity'], message: string) => void;

function findRule(set: RuleSet, identity: unknown): Rule | undefined {
  if (typeof identity !== 'string') return undefined;
  return set.rules.find((r) => sameText(r.name, identity));
}

function applyCommand(set: RuleSet, command: ParsedCommand, report: Report): RuleSet {
  const p = command.params;
  switch (command.cmdlet) {
    case 'New-ClientAccessRule': {
      const name = p.Name;
      if (typeof name !== 'string' || name === '') {
        report('error', 'New-ClientAccessRule has no -Name; nothing was created.');
        return set;
      }
      if (!ACTIONS.includes(p.Action as Action)) {
        report('error', `New-ClientAccessRule "${name}" has no valid -Action; nothing was created.`);
        return set;
      }
      if (findRule(set, name)) {
        report('error', `A rule named "${name}" already exists (names are compared without regard to case); Exchange rejects this New-ClientAccessRule, so it is skipped. Use Set-ClientAccessRule to change the existing rule.`);
        return set;
      }
      const partial: Partial<Rule> = { name, action: p.Action as Action };
      if (typeof p.Enabled === 'boolean') partial.enabled = p.Enabled;
      if (SCOPES.includes(p.Scope as Scope)) partial.scope = p.Scope as Scope;
      if (typeof p.UserRecipientFilter === 'string') partial.userRecipientFilter = p.UserRecipientFilter;
      if (p.DatacenterAdminsOnly === true) partial.datacenterAdminsOnly = true;
      for (const field of LIST_FIELDS) {
        const value = p[LIST_PARAMS[field]];
        if (isStringArray(value)) (partial as Record<string, unknown>)[field] = cleanList(field, value);
      }
      const n = set.rules.length;
      let priority: number | undefined;
      if (typeof p.Priority === 'number') {
        if (Number.isInteger(p.Priority) && p.Priority >= 1 && p.Priority <= n + 1) priority = p.Priority;
        else report('info', `-Priority ${p.Priority} is outside 1..${n + 1} (there ${n === 1 ? 'is 1 rule' : `are ${n} rules`} at this point), so "${name}" goes to the end, as Exchange does.`);
      }
      return addRule(set, createRule(partial), priority);
    }
    case 'Set-ClientAccessRule': {
      const rule = findRule(set, p.Identity);
      if (!rule) {
        report('error', `Set-ClientAccessRule: no rule named "${String(p.Identity)}" exists at this point of the script; Exchange reports it cannot be found, so nothing is changed.`);
        return set;
      }
      const patch: Partial<Omit<Rule, 'id'>> = {};
      if (typeof p.Name === 'string' && p.Name !== rule.name) {
        const clash = set.rules.find((r) => r.id !== rule.id && sameText(r.name, p.Name as string));
        if (clash) {
          report('error', `Set-ClientAccessRule cannot rename "${rule.name}" to "${p.Name}": a rule with that name already exists. Nothing is changed.`);
          return set;
        }
        patch.name = p.Name;
      }
      if (ACTIONS.includes(p.Action as Action)) patch.action = p.Action as Action;
      if (typeof p.Enabled === 'boolean') patch.enabled = p.Enabled;
      if (SCOPES.includes(p.Scope as Scope)) patch.scope = p.Scope as Scope;
      if (typeof p.DatacenterAdminsOnly === 'boolean') patch.datacenterAdminsOnly = p.DatacenterAdminsOnly;
      if ('UserRecipientFilter' in p) {
        if (typeof p.UserRecipientFilter === 'string') patch.userRecipientFilter = p.UserRecipientFilter;
        else if (p.UserRecipientFilter === null) patch.userRecipientFilter = '';
      }
      for (const field of LIST_FIELDS) {
        const param = LIST_PARAMS[field];
        if (!(param in p)) continue;
        const value = p[param];
        if (value === null) (patch as Record<string, unknown>)[field] = [];
        else if (isStringArray(value)) (patch as Record<string, unknown>)[field] = cleanList(field, value);
        else if (isEdit(value)) {
          const add = isStringArray(value.Add) ? cleanList(field, value.Add) : [];
          const remove = isStringArray(value.Remove) ? value.Remove : [];
          (patch as Record<string, unknown>)[field] = editList(rule[field], add, remove);
        }
      }
      let next = Object.keys(patch).length > 0 ? updateRule(set, rule.id, patch) : set;
      if (typeof p.Priority === 'number') {
        const n = next.rules.length;
        if (!Number.isInteger(p.Priority) || p.Priority < 1 || p.Priority > n) {
          report('warning', `Set-ClientAccessRule -Priority ${p.Priority} is outside 1..${n}; the rule is moved to ${p.Priority < 1 ? 'the top' : 'the end'} instead.`);
        }
        next = moveRule(next, rule.id, p.Priority);
      }
      return next;
    }
    case 'Remove-ClientAccessRule': {
      const rule = findRule(set, p.Identity);
      if (!rule) {
        report('error', `Remove-ClientAccessRule: no rule named "${String(p.Identity)}" exists at this point of the script; Exchange reports it cannot be found, so nothing is removed.`);
        return set;
      }
      return removeRule(set, rule.id);
    }
    case 'Get-ClientAccessRule':
      return set;
    case 'Test-ClientAccessRule': {
      const connection: Connection = {
        protocol: p.Protocol as Protocol,
        authenticationType: p.AuthenticationType as AuthenticationType,
        ipAddress: String(p.RemoteAddress ?? ''),
        port: typeof p.RemotePort === 'number' ? p.RemotePort : 443,
        user: String(p.User ?? ''),
        attributes: {},
        connectionType: 'EndUser',
      };
      if (!PROTOCOLS.includes(connection.protocol) || !AUTHENTICATION_TYPES.includes(connection.authenticationType)) {
        report('error', 'Test-ClientAccessRule needs a valid -Protocol and -AuthenticationType; no test was saved.');
        return set;
      }
      if (connection.protocol === 'UniversalOutlook') {
        report('warning', 'Test-ClientAccessRule does not accept -Protocol UniversalOutlook in Exchange; the test is saved for the simulator anyway.');
      }
      let expected = command.expected;
      if (!expected) {
        expected = decide(compileRuleSet(set), connection);
        report('info', `Test-ClientAccessRule saved as a test expecting ${expected}: that is what the rules decide at this line, as the script does not say what it expects. Add a comment such as "# expect: DenyAccess" on the line to state the outcome you want.`);
      }
      return addTestCase(set, { name: `Line ${command.line}: ${describeTest(connection)}`, connection, expected });
    }
    default:
      report('info', `${command.cmdlet} changes no rule; skipped.`);
      return set;
  }
}
