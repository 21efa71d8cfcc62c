/**
 * Words for rules and fields: the one-line summary in the rule list and the labels every message and
 * editor uses for a condition field, so the UI, the linter and the CLI speak the same language.
 */
import { RULE_FIELDS } from './model/rule-fields.ts';
import { LIST_FIELDS, type AuthenticationType, type Connection, type ConnectionType, type LintFinding, type Protocol, type Rule } from './model/types.ts';

/** Every field a finding or the editor can point at. */
export type DescribedField = NonNullable<LintFinding['field']>;

/**
 * The admin-facing label of a rule field ("Except client IP addresses or ranges"), as the editor and
 * every message show it, from the table of rule fields (`model/rule-fields.ts`). The PowerShell
 * parameter is available from `fieldParameter`.
 *
 * @example describeField('exceptAnyOfProtocols') // 'Except protocols'
 */
export function describeField(field: DescribedField): string {
  return RULE_FIELDS[field].label;
}

/**
 * The `New-ClientAccessRule` parameter behind a rule field (spec 2).
 *
 * @example fieldParameter('userRecipientFilter') // '-UserRecipientFilter'
 */
export function fieldParameter(field: DescribedField): string {
  return `-${RULE_FIELDS[field].parameter}`;
}

/**
 * Decisions: one vocabulary. Every screen names a protocol or an authentication type by the display
 * name below (what Microsoft's documentation calls it), with the PowerShell value secondary; the rule
 * list, the simulator, the pickers and the messages all read this one table.
 */
const PROTOCOL_DISPLAY_NAMES: Record<Protocol, string> = {
  ExchangeActiveSync: 'Exchange ActiveSync',
  ExchangeAdminCenter: 'Exchange admin center',
  ExchangeWebServices: 'Exchange Web Services',
  IMAP4: 'IMAP4',
  OfflineAddressBook: 'Offline address book',
  OutlookAnywhere: 'Outlook Anywhere',
  OutlookWebApp: 'Outlook on the web',
  POP3: 'POP3',
  PowerShellWebServices: 'PowerShell Web Services',
  RemotePowerShell: 'Remote PowerShell',
  REST: 'REST',
  UniversalOutlook: 'Universal Outlook',
};

const AUTH_DISPLAY_NAMES: Record<AuthenticationType, string> = {
  AdfsAuthentication: 'AD FS',
  BasicAuthentication: 'Basic',
  CertificateBasedAuthentication: 'Certificate-based',
  NonBasicAuthentication: 'Non-basic',
  OAuthAuthentication: 'OAuth (modern)',
};

/**
 * The display name of a protocol, as every screen shows it (the PowerShell value is secondary).
 *
 * @example protocolDisplayName('OutlookWebApp') // 'Outlook on the web'
 */
export function protocolDisplayName(protocol: Protocol): string {
  return PROTOCOL_DISPLAY_NAMES[protocol];
}

/**
 * The display name of an authentication type, as every screen shows it.
 *
 * @example authenticationDisplayName('OAuthAuthentication') // 'OAuth (modern)'
 */
export function authenticationDisplayName(type: AuthenticationType): string {
  return AUTH_DISPLAY_NAMES[type];
}

/**
 * A protocol as messages name it: the display name first, the PowerShell value secondary in
 * parentheses; the value alone when both are the same word (IMAP4, POP3, REST).
 *
 * @example protocolLabel('RemotePowerShell') // 'Remote PowerShell (RemotePowerShell)'
 */
export function protocolLabel(protocol: Protocol): string {
  const display = PROTOCOL_DISPLAY_NAMES[protocol] ?? protocol;
  return display === protocol ? protocol : `${display} (${protocol})`;
}

/**
 * An authentication type as messages name it: the display name first, the PowerShell value secondary.
 *
 * @example authenticationLabel('BasicAuthentication') // 'Basic (BasicAuthentication)'
 */
export function authenticationLabel(type: AuthenticationType): string {
  const display = AUTH_DISPLAY_NAMES[type] ?? type;
  return display === type ? type : `${display} (${type})`;
}

/**
 * The name the rule list uses for a protocol: its display name (one vocabulary everywhere).
 *
 * @example shortProtocolName('OutlookWebApp') // 'Outlook on the web'
 */
export function shortProtocolName(protocol: Protocol): string {
  return PROTOCOL_DISPLAY_NAMES[protocol];
}

/**
 * The name the rule list uses for an authentication type: its display name.
 *
 * @example shortAuthenticationName('OAuthAuthentication') // 'OAuth (modern)'
 */
export function shortAuthenticationName(type: AuthenticationType): string {
  return AUTH_DISPLAY_NAMES[type];
}

const CONNECTION_TYPE_WORDS: Record<ConnectionType, string> = {
  EndUser: '',
  MiddleTierApp: 'via a middle-tier app',
  MicrosoftMiddleTierApp: 'via a Microsoft middle-tier app',
};

/**
 * A connection in an admin's words, for every screen that names one (saved tests, the batch what-if,
 * counterexamples of the admin-path proof, analysis witnesses): display names, not PowerShell values.
 * The port is named only when it is not 443; the user's attributes (for the recipient filter) follow in
 * parentheses; an end user's direct connection is the unmarked case. An empty user reads "(empty user)".
 *
 * @example describeConnection({ protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', ipAddress: '203.0.113.7', port: 443, user: 'jeff@contoso.com', attributes: {}, connectionType: 'EndUser' })
 * // 'Outlook on the web with Basic authentication from 203.0.113.7 as jeff@contoso.com'
 */
export function describeConnection(c: Connection): string {
  const attrs = Object.entries(c.attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const port = c.port === 443 ? '' : ` port ${c.port}`;
  const via = CONNECTION_TYPE_WORDS[c.connectionType] ?? c.connectionType;
  return (
    `${protocolDisplayName(c.protocol) ?? c.protocol} with ${authenticationDisplayName(c.authenticationType) ?? c.authenticationType} authentication` +
    ` from ${c.ipAddress}${port} as ${c.user.trim() === '' ? '(empty user)' : c.user}${attrs ? ` (${attrs})` : ''}${via ? `, ${via}` : ''}`
  );
}

const MAX_FILTER = 60;

function values(list: readonly string[], unit: string): string {
  const used = list.map((v) => v.trim()).filter((v) => v !== '');
  if (used.length <= 2) return used.join(', ');
  return `${used.length} ${unit}`;
}

function shortFilter(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length > MAX_FILTER ? `${t.slice(0, MAX_FILTER - 1)}…` : t;
}

/**
 * A one-line summary of a rule's conditions and exceptions for the rule list, parts joined by " · ":
^ * `Protocols: Outlook on the web, Exchange admin center · IP: 3 ranges · except IP: 10.0.0.0/8 · Filter: Department -ne 'IT'`.
 * Up to two IP values or username patterns are shown as they are, more are counted; a long filter is
 * cut with "…". A rule with no conditions reads "Every connection" (spec 3.3: it matches everything,
 * unless an exception says otherwise). `Scope Users` adds "end users only"; a datacenter-admin rule
 * is marked as such. Disabled state and action are not part of the summary (the list shows them).
 *
 * @example summarizeRule(createRule()) // 'Every connection'
 */
export function summarizeRule(rule: Rule): string {
  const parts: string[] = [];
  const add = (text: string | false) => {
    if (text) parts.push(text);
  };
  add(rule.anyOfProtocols.length > 0 && `Protocols: ${rule.anyOfProtocols.map(shortProtocolName).join(', ')}`);
  add(rule.exceptAnyOfProtocols.length > 0 && `except protocols: ${rule.exceptAnyOfProtocols.map(shortProtocolName).join(', ')}`);
  add(rule.anyOfAuthenticationTypes.length > 0 && `Auth: ${rule.anyOfAuthenticationTypes.map(shortAuthenticationName).join(', ')}`);
  add(
    rule.exceptAnyOfAuthenticationTypes.length > 0 &&
      `except auth: ${rule.exceptAnyOfAuthenticationTypes.map(shortAuthenticationName).join(', ')}`,
  );
  add(rule.anyOfClientIPAddressesOrRanges.length > 0 && `IP: ${values(rule.anyOfClientIPAddressesOrRanges, 'ranges')}`);
  add(rule.exceptAnyOfClientIPAddressesOrRanges.length > 0 && `except IP: ${values(rule.exceptAnyOfClientIPAddressesOrRanges, 'ranges')}`);
  add(rule.usernameMatchesAnyOfPatterns.length > 0 && `Users: ${values(rule.usernameMatchesAnyOfPatterns, 'patterns')}`);
  add(rule.exceptUsernameMatchesAnyOfPatterns.length > 0 && `except users: ${values(rule.exceptUsernameMatchesAnyOfPatterns, 'patterns')}`);
  add(rule.userRecipientFilter.trim() !== '' && `Filter: ${shortFilter(rule.userRecipientFilter)}`);
  const positive =
    rule.anyOfProtocols.length + rule.anyOfAuthenticationTypes.length + rule.anyOfClientIPAddressesOrRanges.length +
    rule.usernameMatchesAnyOfPatterns.length > 0 || rule.userRecipientFilter.trim() !== '';
  if (!positive) parts.unshift('Every connection');
  if (rule.datacenterAdminsOnly) parts.unshift('Datacenter admins only');
  if (rule.scope === 'Users') parts.push('end users only');
  return parts.join(' · ');
}

/**
 * Whether a rule uses any condition or exception at all (spec 3.3: such a rule matches every connection).
 *
 * @example ruleHasConditions(createRule()) // false
 */
export function ruleHasConditions(rule: Rule): boolean {
  return LIST_FIELDS.some((f) => rule[f].length > 0) || rule.userRecipientFilter.trim() !== '';
}
