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
 * - The admin path (project field `adminPath`, issue 7) widens both to its protocols: a rule "protects
 *   the admin path" when it is an enabled AllowAccess rule that can match a connection with Remote
 *   PowerShell or one of the path's protocols (Exchange admin center when declared). Remote PowerShell
 *   always counts (it is how every script, this one included, is run), so with no path declared the
 *   predicate is exactly "lets Remote PowerShell through". Like that predicate, it does not trust the
 *   path's addresses or accounts to narrow it: a rule scoped to other addresses may still be what
 *   keeps an admin in who connects from elsewhere, and placing one rule more first costs nothing.
 */
import type { AdminPath, Protocol, Rule } from './types.ts';
import { LIST_FIELDS } from './types.ts';

/** The name Microsoft's documentation gives the guard rule. */
export const GUARD_RULE_NAME = 'Always Allow Remote PowerShell';

/** Whether the rule's protocol condition and exception let a connection with one of `protocols` reach its other checks. */
function namesAnyOf(rule: Rule, protocols: readonly Protocol[]): boolean {
  return protocols.some(
    (p) => !rule.exceptAnyOfProtocols.includes(p) && (rule.anyOfProtocols.length === 0 || rule.anyOfProtocols.includes(p)),
  );
}

/**
 * The protocols an admin needs to keep: Remote PowerShell always, plus the declared admin path's.
 *
 * @example adminPathProtocols({ protocols: ['ExchangeAdminCenter'], addresses: [], users: [] }) // ['RemotePowerShell', 'ExchangeAdminCenter']
 */
export function adminPathProtocols(path?: AdminPath): Protocol[] {
  return [...new Set<Protocol>(['RemotePowerShell', ...(path?.protocols ?? [])])];
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
  return protectsAdminPath(rule, undefined);
}

/**
 * Whether the rule protects the admin path (see Decisions): an enabled AllowAccess rule (not
 * DatacenterAdminsOnly) that can match a connection with Remote PowerShell or one of the declared
 * path's protocols. The change-script planner and the rollout's stage 1 create or change every such
 * rule of the draft before any other command. Without a path it is `letsRemotePowerShellThrough`.
 *
 * @example protectsAdminPath(createRule({ action: 'AllowAccess', anyOfProtocols: ['ExchangeAdminCenter'] }), { protocols: ['ExchangeAdminCenter'], addresses: [], users: [] }) // true
 */
export function protectsAdminPath(rule: Rule, path: AdminPath | undefined): boolean {
  if (!rule.enabled || rule.datacenterAdminsOnly || rule.action !== 'AllowAccess') return false;
  return namesAnyOf(rule, adminPathProtocols(path));
}

/**
 * Whether an enabled DenyAccess rule can match some connection with Remote PowerShell or one of the
 * declared path's protocols (other conditions not trusted, as in `canDenyRemotePowerShell`).
 *
 * @example canDenyAdminPath(createRule({ action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'] }), { protocols: ['ExchangeAdminCenter'], addresses: [], users: [] }) // true
 */
export function canDenyAdminPath(rule: Rule, path: AdminPath | undefined): boolean {
  if (!rule.enabled || rule.action !== 'DenyAccess') return false;
  return namesAnyOf(rule, adminPathProtocols(path));
}

/**
 * Whether an enabled DenyAccess rule can match some Remote PowerShell connection: it names no
 * protocol or names RemotePowerShell, and does not exempt RemotePowerShell. Other conditions (IP
 * ranges, users, filters) are deliberately not trusted.
 *
 * @example canDenyRemotePowerShell(createRule({ action: 'DenyAccess' })) // true
 */
export function canDenyRemotePowerShell(rule: Rule): boolean {
  return canDenyAdminPath(rule, undefined);
}
