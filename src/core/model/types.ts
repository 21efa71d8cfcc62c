/**
 * The Client Access Rule model (spec section 2) and the shapes every core module shares.
 *
 * Inside the core these types are trusted: values were validated at the edge (project file, import,
 * storage). Rule sets are immutable values; every change goes through a pure function in
 * `rule-set.ts` that returns a new rule set.
 */
import type { LintCode } from '../lint/codes.ts';
import type { EasConfig } from '../eas/model.ts';

/** Protocols a rule can name, in the order Exchange documents them (spec 2). */
export const PROTOCOLS = [
  'ExchangeActiveSync',
  'ExchangeAdminCenter',
  'ExchangeWebServices',
  'IMAP4',
  'OfflineAddressBook',
  'OutlookAnywhere',
  'OutlookWebApp',
  'POP3',
  'PowerShellWebServices',
  'RemotePowerShell',
  'REST',
  'UniversalOutlook',
] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The only protocols Client Access Rules govern in Exchange Server 2019 / SE (spec 1). */
export const SERVER_PROTOCOLS: readonly Protocol[] = ['ExchangeAdminCenter', 'RemotePowerShell'];

/** Authentication types a rule can name (spec 2). */
export const AUTHENTICATION_TYPES = [
  'AdfsAuthentication',
  'BasicAuthentication',
  'CertificateBasedAuthentication',
  'NonBasicAuthentication',
  'OAuthAuthentication',
] as const;
export type AuthenticationType = (typeof AUTHENTICATION_TYPES)[number];

export const ACTIONS = ['AllowAccess', 'DenyAccess'] as const;
export type Action = (typeof ACTIONS)[number];

/** `Users`: end-user connections only; `All`: end users and middle-tier applications (spec 2, 3.7). */
export const SCOPES = ['All', 'Users'] as const;
export type Scope = (typeof SCOPES)[number];

/** Target profile of a project (spec 1): decides what the linter calls an error and the script header. */
export const PROFILES = ['ExchangeOnline', 'ExchangeServer'] as const;
export type Profile = (typeof PROFILES)[number];

/** How a connection reaches Exchange (spec 3.7). */
export const CONNECTION_TYPES = ['EndUser', 'MiddleTierApp', 'MicrosoftMiddleTierApp'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

/** Directory attributes a `UserRecipientFilter` may name (spec 6), in canonical spelling. */
export const OPATH_PROPERTIES = [
  'City',
  'Company',
  'CountryOrRegion',
  'CustomAttribute1',
  'CustomAttribute2',
  'CustomAttribute3',
  'CustomAttribute4',
  'CustomAttribute5',
  'CustomAttribute6',
  'CustomAttribute7',
  'CustomAttribute8',
  'CustomAttribute9',
  'CustomAttribute10',
  'CustomAttribute11',
  'CustomAttribute12',
  'CustomAttribute13',
  'CustomAttribute14',
  'CustomAttribute15',
  'Department',
  'Office',
  'PostalCode',
  'StateOrProvince',
  'StreetAddress',
] as const;
export type OPathProperty = (typeof OPATH_PROPERTIES)[number];

/** The list-valued fields of a rule, each a condition or its exception (spec 2). */
export const LIST_FIELDS = [
  'anyOfProtocols',
  'exceptAnyOfProtocols',
  'anyOfAuthenticationTypes',
  'exceptAnyOfAuthenticationTypes',
  'anyOfClientIPAddressesOrRanges',
  'exceptAnyOfClientIPAddressesOrRanges',
  'usernameMatchesAnyOfPatterns',
  'exceptUsernameMatchesAnyOfPatterns',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];

/** The PowerShell parameter of each list field, without the dash (spec 2): derived from the table of rule fields. */
export { LIST_FIELD_PARAMETERS } from './rule-fields.ts';

/** Every field that takes part in matching: the list fields plus the OPath filter. */
export type ConditionField = ListField | 'userRecipientFilter';

/**
 * One Client Access Rule. Priority is not stored: it is the rule's 1-based position in
 * `RuleSet.rules` (spec 4).
 */
export interface Rule {
  /** Stable identity inside the app (React keys, drag-and-drop, undo). Not an Exchange field. */
  id: string;
  name: string;
  action: Action;
  enabled: boolean;
  scope: Scope;
  anyOfProtocols: Protocol[];
  exceptAnyOfProtocols: Protocol[];
  anyOfAuthenticationTypes: AuthenticationType[];
  exceptAnyOfAuthenticationTypes: AuthenticationType[];
  /** Raw text as the admin typed it; validated and compiled by `match/ip.ts`. */
  anyOfClientIPAddressesOrRanges: string[];
  exceptAnyOfClientIPAddressesOrRanges: string[];
  usernameMatchesAnyOfPatterns: string[];
  exceptUsernameMatchesAnyOfPatterns: string[];
  /** OPath text; empty string = condition not used. */
  userRecipientFilter: string;
  /** Hidden Exchange flag, imported read-only; such rules sort before all others (spec 2, 3.1). */
  datacenterAdminsOnly?: boolean;
  /** The admin's notes: kept in the project file and written into scripts as comments; Exchange has no such field. */
  notes?: RuleNotes;
  /** Unknown fields read from a project file, written back unchanged. */
  extra?: Record<string, unknown>;
}

/**
 * Per-rule notes (Client Access Rules have no comment field of their own): why the rule exists, who
 * owns it, the change ticket and when to review it. Every field is optional; an empty text is unset.
 */
export interface RuleNotes {
  description?: string;
  owner?: string;
  ticket?: string;
  /** Calendar date `YYYY-MM-DD`. */
  reviewDate?: string;
}

/** The note fields in the order forms, lists and scripts show them. */
export const RULE_NOTE_FIELDS = ['description', 'owner', 'ticket', 'reviewDate'] as const;
export type RuleNoteField = (typeof RULE_NOTE_FIELDS)[number];

/** A client connection as the simulator and `Test-ClientAccessRule` describe it (spec 3). */
export interface Connection {
  protocol: Protocol;
  authenticationType: AuthenticationType;
  /** IPv4 or IPv6 address text. */
  ipAddress: string;
  port: number;
  /** A UPN (`jeff@contoso.com`) or `DOMAIN\user`. */
  user: string;
  /** Directory attributes by property name (any case) for the OPath filter; missing = `$null`. */
  attributes: Record<string, string>;
  connectionType: ConnectionType;
}

/** A saved test case: a connection and the action the admin expects (like a unit test for the policy). */
export interface TestCase {
  id: string;
  name: string;
  connection: Connection;
  expected: Action;
}

/** One admin account of the admin path: a UPN or `DOMAIN\user`, with the directory attributes the filters may read. */
export interface AdminUser {
  user: string;
  attributes: Record<string, string>;
}

/**
 * The admin path (issue 7): the protocols the admins manage Exchange with, the addresses they
 * connect from (IP values as in a rule; empty = from anywhere) and the admin accounts.
 */
export interface AdminPath {
  protocols: Protocol[];
  addresses: string[];
  users: AdminUser[];
}

/** A project: the rules in priority order (index 0 = priority 1), the target profile and saved tests. */
export interface RuleSet {
  profile: Profile;
  rules: Rule[];
  tests: TestCase[];
  /** The admin path the lockout proof checks (project file field `adminPath`); absent = not declared. */
  adminPath?: AdminPath;
  /** ActiveSync device access design (a second rule kind, `eas/`), when the project has one. */
  activeSync?: EasConfig;
  /** Unknown top-level fields of the project file, written back unchanged. */
  extra?: Record<string, unknown>;
}

/** Severity of a finding: `error` is what Exchange rejects, `warning` what works but surprises. */
export type Severity = 'error' | 'warning' | 'info';

/** One linter finding (spec 7). */
export interface LintFinding {
  /** Stable machine code, e.g. `duplicate-name`, `invalid-ip`, `jeff-star-pattern` (the list: `lint/codes.ts`). */
  code: LintCode;
  severity: Severity;
  /** The rule it belongs to, or undefined for rule-set-wide findings (e.g. more than 20 rules). */
  ruleId?: string;
  ruleName?: string;
  /** 1-based priority of that rule. */
  priority?: number;
  field?: ConditionField | 'name' | 'action' | 'enabled' | 'scope';
  /** The offending value, when there is one. */
  value?: string;
  /** What is wrong and why, in words an admin understands. */
  message: string;
  /** How to fix it, when there is a clear fix. */
  fix?: string;
}

/** A position in a text (1-based line and column), for parser and importer messages. */
export interface TextPosition {
  line: number;
  column: number;
}

/** A problem found while reading text (OPath, PowerShell, Get output, project file). */
export interface SourceFinding extends TextPosition {
  severity: Severity;
  message: string;
  /** Optional end position for editor markers. */
  endLine?: number;
  endColumn?: number;
}
