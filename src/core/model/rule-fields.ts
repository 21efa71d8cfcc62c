/**
 * The table of rule fields (spec 2): for every Exchange field of a Client Access Rule, its
 * `New-/Set-ClientAccessRule` parameter, the property names `Get-ClientAccessRule` output uses for
 * it, the label every screen and message shows, and its kind (what values it takes and how they are
 * read and written). The parser's parameter binding, the generator, the Get-output readers,
 * `describe.ts` and the rule editor all read this one table, so adding a field means adding a row
 * here and teaching the few kind-specific places (if the kind is new) about it.
 *
 * Decisions:
 * - The table is keyed by `RuleField` (every key of `Rule` except the app's own `id`, `notes` and
 *   `extra`), so a field added to `Rule` and missing here is a compile error (see `RULE_FIELDS`).
 * - Row order is the order scripts write parameters in and the editor shows fields in:
 *   Name, Action, the eight lists (condition before its exception), UserRecipientFilter, Scope,
 *   Enabled, then the read-only DatacenterAdminsOnly flag.
 * - `getNames` lists the spellings of Get output, the first one being what Exchange prints:
 *   `RuleScope` (Get) also reads as `Scope` (the parameter name); `Name` also reads from `Identity`.
 *   Readers compare them without regard to case (ConvertTo-Json and CSV headers vary).
 * - `DatacenterAdminsOnly` is a hidden Microsoft flag: it is read from Get output and scripts but
 *   never written (`writable: false`); the generator skips such rules altogether.
 * - This module imports only types, so `types.ts` can re-export `LIST_FIELD_PARAMETERS` from it
 *   without an import cycle at run time.
 */
import type { ListField, Rule } from './types.ts';

/** Fields of `Rule` that are the app's own, not Exchange's: they have no parameter and no Get name. */
export type AppOnlyRuleField = 'id' | 'notes' | 'extra';

/** Every Exchange field of a rule: the keys of `Rule` but the app's own. */
export type RuleField = Exclude<keyof Rule, AppOnlyRuleField>;

/**
 * What values a field takes, which decides how every reader and writer handles it:
 * - `name`: free text, single-quoted in scripts;
 * - `action`: `AllowAccess` | `DenyAccess` (bare word);
 * - `scope`: `All` | `Users` (bare word);
 * - `bool`: `$true` / `$false`;
 * - `protocols`, `auth-types`: lists of enum names (bare words; Get JSON may number them);
 * - `ips`: list of addresses, ranges and CIDR blocks (bare words when safe);
 * - `patterns`: list of username patterns (quoted);
 * - `filter`: OPath text (single-quoted literal; `$null` clears it).
 */
export type RuleFieldKind = 'name' | 'action' | 'scope' | 'bool' | 'protocols' | 'auth-types' | 'ips' | 'patterns' | 'filter';

/** The kinds whose values are lists (the list fields of `types.ts`). */
export type ListFieldKind = Extract<RuleFieldKind, 'protocols' | 'auth-types' | 'ips' | 'patterns'>;

/** Where a field sits in a rule's logic: a setting, a condition, or an exception to a condition. */
export type RuleFieldRole = 'setting' | 'condition' | 'exception';

/** One row of the table. */
export interface RuleFieldSpec<F extends RuleField = RuleField> {
  field: F;
  /** The `New-ClientAccessRule` / `Set-ClientAccessRule` parameter, without the dash. */
  parameter: string;
  /** Property names in Get-ClientAccessRule output (Format-List, ConvertTo-Json, Export-Csv); the first is Exchange's. */
  getNames: readonly string[];
  /** The admin-facing label every screen and message uses ("Except client IP addresses or ranges"). */
  label: string;
  kind: RuleFieldKind;
  role: RuleFieldRole;
  /** For a condition, its exception field; for an exception, its condition field. */
  pair?: RuleField;
  /** False for fields the cmdlets cannot set (DatacenterAdminsOnly): read, never written. */
  writable: boolean;
  /** `New-ClientAccessRule` requires it (Name, Action); such a field has no default. */
  required: boolean;
  /**
   * For a scalar field that is not required: the value Exchange gives it when the parameter is not
   * given (Enabled `$true`, Scope `All`, no filter, not datacenter-admins-only). Lists default to empty.
   */
  exchangeDefault?: string | boolean;
}

/**
 * The rows as literal types. `satisfies { [F in RuleField]: … }` makes a field of `Rule` that has no
 * row (or a row for a field `Rule` does not have) a compile error.
 */
const TABLE = {
  name: { field: 'name', parameter: 'Name', getNames: ['Name', 'Identity'], label: 'Name', kind: 'name', role: 'setting', writable: true, required: true },
  action: { field: 'action', parameter: 'Action', getNames: ['Action'], label: 'Action', kind: 'action', role: 'setting', writable: true, required: true },
  anyOfProtocols: {
    field: 'anyOfProtocols',
    parameter: 'AnyOfProtocols',
    getNames: ['AnyOfProtocols'],
    label: 'Protocols',
    kind: 'protocols',
    role: 'condition',
    pair: 'exceptAnyOfProtocols',
    writable: true,
    required: false,
  },
  exceptAnyOfProtocols: {
    field: 'exceptAnyOfProtocols',
    parameter: 'ExceptAnyOfProtocols',
    getNames: ['ExceptAnyOfProtocols'],
    label: 'Except protocols',
    kind: 'protocols',
    role: 'exception',
    pair: 'anyOfProtocols',
    writable: true,
    required: false,
  },
  anyOfAuthenticationTypes: {
    field: 'anyOfAuthenticationTypes',
    parameter: 'AnyOfAuthenticationTypes',
    getNames: ['AnyOfAuthenticationTypes'],
    label: 'Authentication types',
    kind: 'auth-types',
    role: 'condition',
    pair: 'exceptAnyOfAuthenticationTypes',
    writable: true,
    required: false,
  },
  exceptAnyOfAuthenticationTypes: {
    field: 'exceptAnyOfAuthenticationTypes',
    parameter: 'ExceptAnyOfAuthenticationTypes',
    getNames: ['ExceptAnyOfAuthenticationTypes'],
    label: 'Except authentication types',
    kind: 'auth-types',
    role: 'exception',
    pair: 'anyOfAuthenticationTypes',
    writable: true,
    required: false,
  },
  anyOfClientIPAddressesOrRanges: {
    field: 'anyOfClientIPAddressesOrRanges',
    parameter: 'AnyOfClientIPAddressesOrRanges',
    getNames: ['AnyOfClientIPAddressesOrRanges'],
    label: 'Client IP addresses or ranges',
    kind: 'ips',
    role: 'condition',
    pair: 'exceptAnyOfClientIPAddressesOrRanges',
    writable: true,
    required: false,
  },
  exceptAnyOfClientIPAddressesOrRanges: {
    field: 'exceptAnyOfClientIPAddressesOrRanges',
    parameter: 'ExceptAnyOfClientIPAddressesOrRanges',
    getNames: ['ExceptAnyOfClientIPAddressesOrRanges'],
    label: 'Except client IP addresses or ranges',
    kind: 'ips',
    role: 'exception',
    pair: 'anyOfClientIPAddressesOrRanges',
    writable: true,
    required: false,
  },
  usernameMatchesAnyOfPatterns: {
    field: 'usernameMatchesAnyOfPatterns',
    parameter: 'UsernameMatchesAnyOfPatterns',
    getNames: ['UsernameMatchesAnyOfPatterns'],
    label: 'Username patterns',
    kind: 'patterns',
    role: 'condition',
    pair: 'exceptUsernameMatchesAnyOfPatterns',
    writable: true,
    required: false,
  },
  exceptUsernameMatchesAnyOfPatterns: {
    field: 'exceptUsernameMatchesAnyOfPatterns',
    parameter: 'ExceptUsernameMatchesAnyOfPatterns',
    getNames: ['ExceptUsernameMatchesAnyOfPatterns'],
    label: 'Except username patterns',
    kind: 'patterns',
    role: 'exception',
    pair: 'usernameMatchesAnyOfPatterns',
    writable: true,
    required: false,
  },
  userRecipientFilter: {
    field: 'userRecipientFilter',
    parameter: 'UserRecipientFilter',
    getNames: ['UserRecipientFilter'],
    label: 'User filter (OPath)',
    kind: 'filter',
    role: 'condition',
    writable: true,
    required: false,
    exchangeDefault: '',
  },
  scope: { field: 'scope', parameter: 'Scope', getNames: ['RuleScope', 'Scope'], label: 'Scope', kind: 'scope', role: 'setting', writable: true, required: false, exchangeDefault: 'All' },
  enabled: { field: 'enabled', parameter: 'Enabled', getNames: ['Enabled'], label: 'Enabled', kind: 'bool', role: 'setting', writable: true, required: false, exchangeDefault: true },
  datacenterAdminsOnly: {
    field: 'datacenterAdminsOnly',
    parameter: 'DatacenterAdminsOnly',
    getNames: ['DatacenterAdminsOnly'],
    label: 'Datacenter admins only',
    kind: 'bool',
    role: 'setting',
    writable: false,
    required: false,
    exchangeDefault: false,
  },
} as const satisfies { readonly [F in RuleField]: RuleFieldSpec<F> };

/** The table of rule fields, keyed by field. */
export const RULE_FIELDS: { readonly [F in RuleField]: RuleFieldSpec<F> } = TABLE;

/** The fields whose row has a list kind, computed from the rows' literal types (equal to `ListField`; a test checks it). */
export type ListKindField = { [F in RuleField]: (typeof TABLE)[F]['kind'] extends ListFieldKind ? F : never }[RuleField];

/** The rows in table order (the order scripts write parameters and the editor shows fields). */
export const RULE_FIELD_LIST: readonly RuleFieldSpec[] = Object.values(RULE_FIELDS);

/** Kinds whose values are lists. */
export const LIST_FIELD_KINDS: readonly ListFieldKind[] = ['protocols', 'auth-types', 'ips', 'patterns'];

/**
 * Whether a kind holds a list of values.
 *
 * @example isListKind('ips') // true
 */
export function isListKind(kind: RuleFieldKind): kind is ListFieldKind {
  return (LIST_FIELD_KINDS as readonly string[]).includes(kind);
}

/**
 * Whether a value is what Exchange assumes when the field's parameter is not given (an empty list, no
 * filter, Enabled, Scope All, not datacenter-admins-only), so a writer may leave the parameter out.
 * A required field (Name, Action) never is.
 *
 * @example isExchangeDefault(RULE_FIELDS.scope, 'All') // true
 */
export function isExchangeDefault(spec: RuleFieldSpec, value: unknown): boolean {
  if (spec.required) return false;
  if (isListKind(spec.kind)) return !Array.isArray(value) || value.length === 0;
  return value === undefined || value === spec.exchangeDefault;
}

/**
 * The row of a field.
 *
 * @example ruleField('scope').getNames // ['RuleScope', 'Scope']
 */
export function ruleField<F extends RuleField>(field: F): RuleFieldSpec<F> {
  return RULE_FIELDS[field];
}

/**
 * The `New-/Set-ClientAccessRule` parameter of each list field, without the dash (spec 2), derived
 * from the table; `types.ts` re-exports it for its older callers.
 *
 * @example LIST_FIELD_PARAMETERS.anyOfProtocols // 'AnyOfProtocols'
 */
export const LIST_FIELD_PARAMETERS: Readonly<Record<ListField, string>> = Object.fromEntries(
  RULE_FIELD_LIST.filter((spec) => isListKind(spec.kind)).map((spec) => [spec.field, spec.parameter]),
) as Record<ListField, string>;

/**
 * Parameters of `New-/Set-ClientAccessRule` that are no field of `Rule`: `-Priority` is the rule's
 * position (spec 4); the source-port lists exist in Exchange but are not modelled (the evaluator has
 * no port to match them against), so readers accept and report them without keeping a value.
 */
export const PRIORITY_PARAMETER = 'Priority';
export const UNMODELLED_RULE_PARAMETERS: readonly string[] = ['AnyOfSourceTcpPortNumbers', 'ExceptAnyOfSourceTcpPortNumbers'];

/** Lower-case parameter or Get-output name → field, for readers that compare without regard to case. */
const BY_PARAMETER = new Map<string, RuleFieldSpec>(RULE_FIELD_LIST.map((spec) => [spec.parameter.toLowerCase(), spec]));
const BY_GET_NAME = new Map<string, RuleFieldSpec>(
  RULE_FIELD_LIST.flatMap((spec) => spec.getNames.map((name) => [name.toLowerCase(), spec] as const)),
);

/**
 * The field behind a `New-/Set-ClientAccessRule` parameter (full name, any case, no dash), or
 * undefined (`Priority`, `Identity`, common parameters, abbreviations: those are the parser's job).
 *
 * @example fieldOfParameter('anyofprotocols') // RULE_FIELDS.anyOfProtocols
 */
export function fieldOfParameter(parameter: string): RuleFieldSpec | undefined {
  return BY_PARAMETER.get(parameter.toLowerCase());
}

/**
 * The field behind a Get-ClientAccessRule output property (any case), or undefined for the
 * properties no field keeps (RunspaceId, Guid, Priority, AnyOfSourceTcpPortNumbers, …).
 *
 * @example fieldOfGetName('RuleScope') // RULE_FIELDS.scope
 */
export function fieldOfGetName(name: string): RuleFieldSpec | undefined {
  return BY_GET_NAME.get(name.toLowerCase());
}
