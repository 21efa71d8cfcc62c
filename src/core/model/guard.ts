/**
 * The guard predicates: which rules protect, and which can cut, the Remote PowerShell connection an
 * administrator needs to change Client Access Rules (spec 7, lockout). One module for the predicates
 * that the linter's lockout warning, the guard template and the change-script planner share, so that
 * they can never disagree about what a guard is.
 *
 * Decisions:
 * - Only enabled rules protect or deny; DatacenterAdminsOnly rules are managed by Microsoft and never
 *   count as the admin's guard (they are neither generated nor changed).
 * - "Guard-shaped" (the linter: this rule alone keeps every Remote PowerShell connection open) is an
 *   AllowAccess rule whose protocols are empty or include RemotePowerShell and that has no other
 *   condition or exception (any scope: the admin's shell is an end-user connection).
 * - "Lets Remote PowerShell through" (the planner: this rule may be the one that keeps the admin in)
 *   is wider: any enabled AllowAccess rule that can match a Remote PowerShell connection, scoped to
 *   addresses, users or a filter or not. Every guard-shaped rule lets Remote PowerShell through.
 * - "Can deny Remote PowerShell" does not trust address, user or filter conditions: an admin connecting
 *   from a new address, as another account or after an attribute change would be caught.
 */
import type { Rule } from './types.ts';
import { LIST_FIELDS } from './types.ts';

/** The name Microsoft's documentation gives the guard rule. */
export const GUARD_RULE_NAME = 'Always Allow Remote PowerShell';

function namesRemotePowerShell(rule: Rule): boolean {
  if (rule.exceptAnyOfProtocols.includes('RemotePowerShell')) return false;
  return rule.anyOfProtocols.length === 0 || rule.anyOfProtocols.includes('RemotePowerShell');
}

/**
 * Whether a rule, when enabled, allows every Remote PowerShell connection: AllowAccess, protocols
 * empty or including RemotePowerShell, and no other condition or exception. (A `Scope Users` guard
 * still protects the admin, whose shell is an end-user connection.) Does not look at `enabled`.
 *
 * @example isGuardShaped(createRule({ action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] })) // true
 */
export function isGuardShaped(rule: Rule): boolean {
  if (rule.action !== 'AllowAccess') return false;
  if (rule.anyOfProtocols.length > 0 && !rule.anyOfProtocols.includes('RemotePowerShell')) return false;
  const others = LIST_FIELDS.filter((f) => f !== 'anyOfProtocols');
  return others.every((f) => rule[f].length === 0) && rule.userRecipientFilter.trim() === '';
}

/**
 * Whether the rule is an enabled guard the admin owns: enabled, not DatacenterAdminsOnly, guard-shaped.
 *
 * @example isActiveGuard({ ...guard, enabled: false }) // false
 */
export function isActiveGuard(rule: Rule): boolean {
  return rule.enabled && !rule.datacenterAdminsOnly && isGuardShaped(rule);
}

/**
 * Whether an enabled AllowAccess rule (not DatacenterAdminsOnly) can match some Remote PowerShell
 * connection: it names no protocol or names RemotePowerShell, and does not exempt it. Address, user
 * and filter conditions do not matter: such a rule may be what keeps a particular admin in. The
 * change-script planner creates or changes every such rule of the draft before any other command.
 *
 * @example letsRemotePowerShellThrough(createRule({ action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell', 'ExchangeAdminCenter'], anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] })) // true
 */
export function letsRemotePowerShellThrough(rule: Rule): boolean {
  if (!rule.enabled || rule.datacenterAdminsOnly || rule.action !== 'AllowAccess') return false;
  return namesRemotePowerShell(rule);
}

/**
 * Whether an enabled DenyAccess rule can match some Remote PowerShell connection: it names no
 * protocol or names RemotePowerShell, and does not exempt RemotePowerShell. Other conditions (IP
 * ranges, users, filters) are deliberately not trusted.
 *
 * @example canDenyRemotePowerShell(createRule({ action: 'DenyAccess' })) // true
 */
export function canDenyRemotePowerShell(rule: Rule): boolean {
  if (!rule.enabled || rule.action !== 'DenyAccess') return false;
  return namesRemotePowerShell(rule);
}
