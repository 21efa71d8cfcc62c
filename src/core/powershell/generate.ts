/**
 * The PowerShell generator (spec 4 and 8): a full script that creates a rule set, a change script that
 * brings deployed rules to a draft with the fewest commands, and Test-ClientAccessRule commands.
 *
 * This module composes three parts, one job each:
 * - `generate-plan.ts`: which commands, in which order (guard first), with which priorities, as data;
 * - `generate-render.ts`: each command as text, every value through `quote.ts`, parameters from the
 *   table of rule fields (`model/rule-fields.ts`);
 * - `generate-header.ts`: the comment headers (what the script does, target, formatting and quoting
 *   rules, skipped and duplicate rules, the saved-tests section; `test-comments.ts` holds the
 *   `# Test N:` / `# expected:` convention).
 *
 * Output is deterministic (no timestamp unless `options.now` is given). Priorities count only the
 * rules the script manages: DatacenterAdminsOnly rules (hidden, sorted before all others, spec 2 and
 * 3.1) are never generated, changed or removed, and are left out of the numbering.
 */
import type { Connection, RuleSet, TestCase } from '../model/types.ts';
import { duplicateLines, joinScript, scriptHeaderLines, skippedLines, TEST_SECTION_HEADER, testBlock } from './generate-header.ts';
import { managedRules, planChanges } from './generate-plan.ts';
import { renderPlan, renderTestCommand, type GenerateOptions } from './generate-render.ts';

export { managedRules, planChanges } from './generate-plan.ts';
export type { ListEdit, PlannedCommand, RuleChanges, ScalarChangeField } from './generate-plan.ts';
export type { GenerateOptions } from './generate-render.ts';

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
    ...scriptHeaderLines(`Client Access Rules: full script (${count})`, what, set.profile, options),
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
    ...scriptHeaderLines('Client Access Rules: change script', what, draft.profile, options),
    ...skippedLines(draft, options),
    ...duplicateLines(managedRules(draft), options),
  ];
  return joinScript(header, renderPlan(plan, options));
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
  const { notes, command } = renderTestCommand(connection, options);
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
  if (tests.length === 0) return `${TEST_SECTION_HEADER.join('\n')}\n\n# No saved tests.\n`;
  const blocks = tests.map((test, index) => {
    const { notes, command } = renderTestCommand(test.connection, options);
    return testBlock(index + 1, test, notes, command, options);
  });
  return joinScript(TEST_SECTION_HEADER, blocks);
}
