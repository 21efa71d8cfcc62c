/**
 * Remote PowerShell lockout analysis (spec 7).
 *
 * Client Access Rules are managed through Remote PowerShell. A rule that denies the administrator's
 * own Remote PowerShell connection cannot be removed afterwards: in Exchange Online only Microsoft
 * support can undo it. The standard protection is a first rule
 * `New-ClientAccessRule -Name "Always Allow Remote PowerShell" -Action AllowAccess -AnyOfProtocols RemotePowerShell -Priority 1`.
 */
import { sameRuleName } from '../model/names.ts';
import { addRuleWithId, createRule, moveRule, uniqueRuleName, updateRule, type CreatedRule } from '../model/rule-set.ts';
import { GUARD_RULE_NAME, canDenyRemotePowerShell, isGuardShaped } from '../model/guard.ts';
import type { LintFinding, Rule, RuleSet } from '../model/types.ts';

export { GUARD_RULE_NAME, canDenyRemotePowerShell, isGuardShaped } from '../model/guard.ts';

/**
 * The standard guard rule: AllowAccess for RemotePowerShell with no other condition. Placed first, it
 * decides every Remote PowerShell connection before any deny rule is looked at (spec 3.4: an allow
 * rule stops evaluation just as a deny rule does).
 *
 * @example insertGuardRule(set) // adds guardRule() at priority 1
 */
export function guardRule(): Rule {
  return createRule({ name: GUARD_RULE_NAME, action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] });
}

/**
 * Whether the rule set is protected: an enabled guard-shaped rule comes before every enabled
 * DenyAccess rule that can match Remote PowerShell. A set with no such deny rule is not "guarded"
 * unless it also has the guard.
 *
 * @example hasGuardRule(insertGuardRule(set)) // true
 */
export function hasGuardRule(set: RuleSet): boolean {
  for (const rule of set.rules) {
    if (rule.enabled && isGuardShaped(rule)) return true;
    if (canDenyRemotePowerShell(rule)) return false;
  }
  return false;
}

/**
 * Lockout warnings (code `remote-powershell-lockout`): one for every enabled DenyAccess rule that can
 * match Remote PowerShell and is not preceded by an enabled guard rule. A practical heuristic: it does
 * not try to prove that the admin's own address or account is caught, because a lockout is too costly
 * to bet on. Datacenter-admin rules are evaluated first but managed by Microsoft, so they are skipped.
 *
 * @example findLockout(setWithDenyAll)[0].fix // "Insert the 'Always Allow Remote PowerShell' guard rule at priority 1"
 */
export function findLockout(set: RuleSet): LintFinding[] {
  const findings: LintFinding[] = [];
  const undo =
    set.profile === 'ExchangeOnline'
      ? 'In Exchange Online only Microsoft support can undo that.'
      : 'In Exchange Server you would have to repair it without the Exchange Management Shell, which is blocked too.';
  let guarded = false;
  set.rules.forEach((rule, index) => {
    if (rule.enabled && isGuardShaped(rule)) guarded = true;
    if (guarded || rule.datacenterAdminsOnly || !canDenyRemotePowerShell(rule)) return;
    const scope = rule.anyOfProtocols.length === 0 ? 'applies to every protocol, Remote PowerShell included' : 'denies Remote PowerShell';
    findings.push({
      code: 'remote-powershell-lockout',
      severity: 'warning',
      ruleId: rule.id,
      ruleName: rule.name,
      priority: index + 1,
      field: 'anyOfProtocols',
      message:
        `This rule ${scope}, and no earlier "${GUARD_RULE_NAME}" rule protects your own session: ` +
        `if your connection matches it, you lose the Remote PowerShell access needed to change or remove the rules. ${undo} ` +
        'To have this checked exactly instead, declare the admin path (the protocols, addresses and accounts the admins use) in the Analysis view, or with "Use as admin path" on the allow rule that keeps the admins in: an allow rule scoped to the admin path then counts as protection.',
      fix: `Insert the '${GUARD_RULE_NAME}' guard rule at priority 1`,
    });
  });
  return findings;
}

/**
 * Protects the rule set against a Remote PowerShell lockout: when it is not already guarded, puts the
 * guard rule at priority 1 (below datacenter-admin rules). An existing guard-shaped rule named
 * "Always Allow Remote PowerShell" is moved up and enabled rather than duplicated; otherwise a new guard
 * rule is inserted (with a unique name if that name is taken by a different rule). Already guarded:
 * the same set is returned.
 *
 * @example insertGuardRule(createRuleSet()).rules[0].name // 'Always Allow Remote PowerShell'
 */
export function insertGuardRule(set: RuleSet): RuleSet {
  return insertGuardRuleWithId(set).ruleSet;
}

/**
 * `insertGuardRule`, also returning the id of the guard that protects the result: the new or moved
 * guard, or the enabled guard-shaped rule that already protected the set.
 *
 * @example insertGuardRuleWithId(createRuleSet()).id // the new guard's id
 */
export function insertGuardRuleWithId(set: RuleSet): CreatedRule {
  if (hasGuardRule(set)) {
    const guard = set.rules.find((r) => r.enabled && isGuardShaped(r)) as Rule;
    return { ruleSet: set, id: guard.id };
  }
  const existing = set.rules.find((r) => sameRuleName(r.name, GUARD_RULE_NAME) && isGuardShaped(r));
  if (existing) {
    return { ruleSet: moveRule(updateRule(set, existing.id, { enabled: true }), existing.id, 1), id: existing.id };
  }
  const guard = guardRule();
  return addRuleWithId(set, { ...guard, name: uniqueRuleName(set, GUARD_RULE_NAME) }, 1);
}
