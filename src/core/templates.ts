/**
 * Rule templates: the scenarios of the source articles (seeds), ready to add to a project.
 *
 * Addresses use the documentation ranges of RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)
 * and names use contoso.com, so a template never points at a real network; each template's `notes`
 * say what to replace.
 */
import { GUARD_RULE_NAME, guardRule, insertGuardRuleWithId, isGuardShaped } from './analysis/lockout.ts';
import { addRuleWithId, createRule, uniqueRuleName } from './model/rule-set.ts';
import type { AdminPath, Profile, Protocol, Rule, RuleSet } from './model/types.ts';

export interface RuleTemplate {
  id: string;
  title: string;
  /** What the rules do and why, in an admin's words. */
  description: string;
  /** Targets the template is meant for (Exchange Server governs only EAC and remote PowerShell). */
  profiles: Profile[];
  /** What to adapt before deploying (placeholder addresses, names, departments). */
  notes: string[];
  /** Fresh rules (new ids) in the order they are added. */
  rules: () => Rule[];
  /**
   * How many of the rules (from the start) go to the top of the list instead of the end, e.g. a
   * bypass that must be evaluated before existing deny rules. The guard rule is always placed at
   * priority 1 (and not added twice).
   */
  top?: number;
  /**
   * The admin path the template protects, from its own values (management network, admin accounts),
   * offered to be recorded with the rules (`applyTemplate(…, { recordAdminPath: true })`) so the
   * lockout proof checks the lockdown exactly. Absent when the template protects no admin access.
   */
  adminPath?: AdminPath;
}

/** Options of `applyTemplate`. */
export interface ApplyTemplateOptions {
  /** Also record the template's admin path in the project (replacing a declared one), in the same step. */
  recordAdminPath?: boolean;
}

const MANAGEMENT_NETWORK = '192.0.2.0/24';
const COMPANY_PUBLIC_IPS = '198.51.100.0/24';
const VENDOR_IP = '203.0.113.25';
/** The placeholder admin account of the admin paths the templates offer to record. */
const ADMIN_ACCOUNT = 'admin@contoso.com';
const ADMIN_ACCOUNT_NOTE = `The admin path it records names ${ADMIN_ACCOUNT}: replace it with your admin accounts (Analysis view, Admin path).`;

function adminPathOf(addresses: string[], attributes: Record<string, string> = {}): AdminPath {
  return { protocols: ['RemotePowerShell', 'ExchangeAdminCenter'], addresses, users: [{ user: ADMIN_ACCOUNT, attributes }] };
}
const ADMIN_SERVICES: Protocol[] = ['ExchangeAdminCenter', 'ExchangeWebServices', 'PowerShellWebServices', 'RemotePowerShell'];
const BOTH: Profile[] = ['ExchangeOnline', 'ExchangeServer'];
const ONLINE: Profile[] = ['ExchangeOnline'];

/** The built-in templates, most essential first. */
export const RULE_TEMPLATES: readonly RuleTemplate[] = [
  {
    id: 'guard-remote-powershell',
    title: 'Always allow remote PowerShell (guard)',
    description:
      'An allow rule for remote PowerShell at priority 1. Evaluation stops at the first matching rule, so no later rule can lock you out of the shell you need to change the rules. In Exchange Online only Microsoft support can undo a lockout.',
    profiles: BOTH,
    notes: ['Keep it at priority 1.'],
    rules: () => [guardRule()],
  },
  {
    id: 'block-eac-except-management',
    title: 'Block the admin center except from the management network',
    description:
      'Denies the Exchange admin center to every connection that does not come from the management network, with the remote PowerShell guard on top.',
    profiles: BOTH,
    notes: [`Replace ${MANAGEMENT_NETWORK} with your management network.`, ADMIN_ACCOUNT_NOTE],
    adminPath: adminPathOf([MANAGEMENT_NETWORK]),
    rules: () => [
      guardRule(),
      createRule({
        name: 'Allow EAC access only from the management network',
        action: 'DenyAccess',
        anyOfProtocols: ['ExchangeAdminCenter'],
        exceptAnyOfClientIPAddressesOrRanges: [MANAGEMENT_NETWORK],
      }),
    ],
  },
  {
    id: 'eac-only-it',
    title: 'Admin center only for the IT department',
    description:
      "Denies the Exchange admin center to every user whose Department is not IT (UserRecipientFilter {Department -ne 'IT'}), with the remote PowerShell guard on top.",
    profiles: ONLINE,
    notes: ["Check the exact Department value in your directory ('IT' here).", ADMIN_ACCOUNT_NOTE],
    adminPath: adminPathOf([], { Department: 'IT' }),
    rules: () => [
      guardRule(),
      createRule({
        name: 'Allow access to EAC only for IT',
        action: 'DenyAccess',
        anyOfProtocols: ['ExchangeAdminCenter'],
        userRecipientFilter: "Department -ne 'IT'",
      }),
    ],
  },
  {
    id: 'deny-outside-company-except-activesync',
    title: 'Deny everything outside the company network except ActiveSync',
    description:
      'Denies every protocol from outside the company\'s public IP addresses, except Exchange ActiveSync so phones keep working. Exceptions are ORed: either one lets the connection through. Microsoft-owned middle-tier apps (Outlook for iOS and Android) are not affected.',
    profiles: ONLINE,
    notes: [`Replace ${COMPANY_PUBLIC_IPS} with your public IP addresses.`],
    rules: () => [
      guardRule(),
      createRule({
        name: 'Deny non-company IPs except for ActiveSync',
        action: 'DenyAccess',
        exceptAnyOfProtocols: ['ExchangeActiveSync'],
        exceptAnyOfClientIPAddressesOrRanges: [COMPANY_PUBLIC_IPS],
      }),
    ],
  },
  {
    id: 'temporary-vendor-bypass',
    title: 'Temporary vendor bypass above a deny',
    description:
      "Restricts the admin center, EWS, PowerShell Web Services and remote PowerShell to the company network, and puts an allow rule above it for one vendor account from the vendor's IP address. Both conditions must match (AND). Remove the bypass when the work is done.",
    profiles: ONLINE,
    notes: [
      `Replace ${VENDOR_IP} with the vendor's public IP address and contoso.com\\ExternalVendor with the vendor account.`,
      `Replace ${COMPANY_PUBLIC_IPS} with your public IP addresses.`,
      ADMIN_ACCOUNT_NOTE,
    ],
    adminPath: adminPathOf([COMPANY_PUBLIC_IPS]),
    top: 1,
    rules: () => [
      createRule({
        name: 'Temporary vendor bypass',
        action: 'AllowAccess',
        anyOfProtocols: [...ADMIN_SERVICES],
        anyOfClientIPAddressesOrRanges: [VENDOR_IP],
        usernameMatchesAnyOfPatterns: ['contoso.com\\ExternalVendor'],
      }),
      createRule({
        name: 'Restrict admin center and services',
        action: 'DenyAccess',
        anyOfProtocols: [...ADMIN_SERVICES],
        exceptAnyOfClientIPAddressesOrRanges: [COMPANY_PUBLIC_IPS],
      }),
    ],
  },
  {
    id: 'block-basic-auth-pop-imap',
    title: 'Block basic authentication for POP3 and IMAP4',
    description:
      'Denies POP3 and IMAP4 connections that use basic (legacy) authentication; OAuth connections still work.',
    profiles: ONLINE,
    notes: [],
    rules: () => [
      createRule({
        name: 'Block basic authentication for POP and IMAP',
        action: 'DenyAccess',
        anyOfProtocols: ['POP3', 'IMAP4'],
        anyOfAuthenticationTypes: ['BasicAuthentication'],
      }),
    ],
  },
  {
    id: 'block-ews-department-country',
    title: 'Block EWS for a department or country',
    description:
      'Denies Exchange Web Services to users of one department or one country/region, chosen by a recipient filter on their directory attributes.',
    profiles: ONLINE,
    notes: ["Adjust the department ('Sales') and the two-letter country code ('FR') in the filter."],
    rules: () => [
      createRule({
        name: 'Block EWS for Sales and France',
        action: 'DenyAccess',
        anyOfProtocols: ['ExchangeWebServices'],
        userRecipientFilter: "Department -eq 'Sales' -or CountryOrRegion -eq 'FR'",
      }),
    ],
  },
  {
    id: 'block-oab-usernames',
    title: 'Block the offline address book for some users',
    description:
      'Denies offline address book downloads to accounts whose user name matches a pattern. Patterns match Domain\\UserName, so they start with *\\ or the domain.',
    profiles: ONLINE,
    notes: ['Replace *\\contractor-* with the pattern for those accounts.'],
    rules: () => [
      createRule({
        name: 'Block OAB for contractors',
        action: 'DenyAccess',
        anyOfProtocols: ['OfflineAddressBook'],
        usernameMatchesAnyOfPatterns: ['*\\contractor-*'],
      }),
    ],
  },
  {
    id: 'block-federated-auth',
    title: 'Block federated (AD FS) sign-in to Outlook on the web',
    description: 'Denies Outlook on the web and the admin center to connections authenticated through AD FS.',
    profiles: ONLINE,
    notes: [],
    rules: () => [
      createRule({
        name: 'Block AD FS sign-in to OWA and EAC',
        action: 'DenyAccess',
        anyOfProtocols: ['OutlookWebApp', 'ExchangeAdminCenter'],
        anyOfAuthenticationTypes: ['AdfsAuthentication'],
      }),
    ],
  },
  {
    id: 'server-lock-down-admin',
    title: 'Exchange Server: admin center and PowerShell only from the management network',
    description:
      'For Exchange Server 2019 / SE. Keeps remote PowerShell open for one break-glass admin workstation, then denies the admin center and remote PowerShell to every connection outside the management network.',
    profiles: BOTH,
    notes: [
      `Replace 192.0.2.10 with your admin workstation and ${MANAGEMENT_NETWORK} with your management network.`,
      ADMIN_ACCOUNT_NOTE,
    ],
    adminPath: adminPathOf([MANAGEMENT_NETWORK]),
    rules: () => [
      createRule({
        name: 'Always allow PowerShell from the admin workstation',
        action: 'AllowAccess',
        anyOfProtocols: ['RemotePowerShell'],
        anyOfClientIPAddressesOrRanges: ['192.0.2.10'],
      }),
      createRule({
        name: 'Admin access only from the management network',
        action: 'DenyAccess',
        anyOfProtocols: ['ExchangeAdminCenter', 'RemotePowerShell'],
        exceptAnyOfClientIPAddressesOrRanges: [MANAGEMENT_NETWORK],
      }),
    ],
    top: 1,
  },
];

/**
 * Adds a template's rules to a rule set. Names are made unique (case-insensitive, as Exchange
 * compares them: "Block X (2)"). The guard rule goes to priority 1 unless an effective guard is
 * already there (`insertGuardRule`); the first `template.top` other rules go right below it (as a
 * bypass must), the rest are appended in order. With `recordAdminPath`, the template's admin path is
 * recorded too (replacing a declared one). The result is one new rule set, so the app records it as
 * one undo step.
 *
 * @example applyTemplate(createRuleSet(), RULE_TEMPLATES[0]).rules[0].name // 'Always Allow Remote PowerShell'
 */
export function applyTemplate(set: RuleSet, template: RuleTemplate, options: ApplyTemplateOptions = {}): RuleSet {
  return applyTemplateWithIds(set, template, options).ruleSet;
}

/**
 * `applyTemplate`, also returning the ids of the template's rules in the result, in template order
 * (for the guard: the guard that protects the set, new or already there).
 *
 * @example applyTemplateWithIds(createRuleSet(), RULE_TEMPLATES[0]).ids.length // 1
 */
export function applyTemplateWithIds(set: RuleSet, template: RuleTemplate, options: ApplyTemplateOptions = {}): { ruleSet: RuleSet; ids: string[] } {
  let next = set;
  let placed = 0;
  const ids: string[] = [];
  for (const rule of template.rules()) {
    if (rule.name === GUARD_RULE_NAME && isGuardShaped(rule)) {
      const guarded = insertGuardRuleWithId(next);
      next = guarded.ruleSet;
      ids.push(guarded.id);
      continue;
    }
    const topPriority = firstPriorityBelowGuards(next);
    const named = { ...rule, name: uniqueRuleName(next, rule.name) };
    const added = placed < (template.top ?? 0) ? addRuleWithId(next, named, topPriority + placed) : addRuleWithId(next, named);
    if (placed < (template.top ?? 0)) placed += 1;
    next = added.ruleSet;
    ids.push(added.id);
  }
  if (options.recordAdminPath && template.adminPath) {
    const path = template.adminPath;
    next = { ...next, adminPath: { protocols: [...path.protocols], addresses: [...path.addresses], users: path.users.map((u) => ({ user: u.user, attributes: { ...u.attributes } })) } };
  }
  return { ruleSet: next, ids };
}

/** The first priority after the datacenter-admin rules and the leading guard rules. */
function firstPriorityBelowGuards(set: RuleSet): number {
  const index = set.rules.findIndex((r) => !r.datacenterAdminsOnly && !(r.enabled && isGuardShaped(r)));
  return index === -1 ? set.rules.length + 1 : index + 1;
}

/**
 * The template with this id, or undefined.
 *
 * @example findTemplate('guard-remote-powershell')?.title
 */
export function findTemplate(id: string): RuleTemplate | undefined {
  return RULE_TEMPLATES.find((t) => t.id === id);
}
