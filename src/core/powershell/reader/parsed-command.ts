/**
 * What the script reader gives: one typed command per Client Access Rule cmdlet a script runs. The
 * reader validates every value once (canonical parameter names, enum values, numbers, lists), so
 * `replay.ts` and the other users trust these types and do not check them again.
 *
 * Decisions:
 * - A command with values the script leaves open is a `PendingCommand` (its `unresolved` is never
 *   empty): its `params` hold `{ variable: '$name' }` where a value is missing, so it is shown but
 *   never applied. Every other command has no `unresolved` and is fully typed by its `cmdlet`.
 * - `$null` for a list or the filter is `null` (Set clears it); `@{Add=…; Remove=…}` is a `ListEdit`
 *   and only `Set-ClientAccessRule` has it (the reader rejects it elsewhere, as Exchange does).
 */
import type { Action, AuthenticationType, Protocol, Scope } from '../../model/types.ts';
import type { VariableUse } from '../script-variables.ts';

/** The Client Access Rule cmdlets the reader knows, in canonical casing. */
export type CmdletName = 'New-ClientAccessRule' | 'Set-ClientAccessRule' | 'Remove-ClientAccessRule' | 'Get-ClientAccessRule' | 'Test-ClientAccessRule';

/** The edit form of a multi-value parameter in `Set-ClientAccessRule` (spec 8). */
export interface ListEdit<T extends string = string> {
  Add: T[];
  Remove: T[];
}

/** `-Confirm` and `-WhatIf` as written (other common parameters change nothing and are dropped). */
interface CommonParameters {
  Confirm?: boolean;
  WhatIf?: boolean;
}

/** The rule parameters of New- and Set-ClientAccessRule; `L` is how a list can be given. */
interface RuleParameters<L extends 'new' | 'set'> extends CommonParameters {
  Action?: Action;
  AnyOfProtocols?: ListValue<Protocol, L>;
  ExceptAnyOfProtocols?: ListValue<Protocol, L>;
  AnyOfAuthenticationTypes?: ListValue<AuthenticationType, L>;
  ExceptAnyOfAuthenticationTypes?: ListValue<AuthenticationType, L>;
  AnyOfClientIPAddressesOrRanges?: ListValue<string, L>;
  ExceptAnyOfClientIPAddressesOrRanges?: ListValue<string, L>;
  UsernameMatchesAnyOfPatterns?: ListValue<string, L>;
  ExceptUsernameMatchesAnyOfPatterns?: ListValue<string, L>;
  /** OPath text without its `{ }` or quotes; `null` clears it. */
  UserRecipientFilter?: string | null;
  Scope?: Scope;
  Enabled?: boolean;
  DatacenterAdminsOnly?: boolean;
  /** 1 = evaluated first; any whole number as written (replay applies Exchange's clamping). */
  Priority?: number;
}

/** The list parameters of a rule, as `LIST_FIELD_PARAMETERS` (`model/rule-fields.ts`) names them. */
export type ListParameter =
  | 'AnyOfProtocols'
  | 'ExceptAnyOfProtocols'
  | 'AnyOfAuthenticationTypes'
  | 'ExceptAnyOfAuthenticationTypes'
  | 'AnyOfClientIPAddressesOrRanges'
  | 'ExceptAnyOfClientIPAddressesOrRanges'
  | 'UsernameMatchesAnyOfPatterns'
  | 'ExceptUsernameMatchesAnyOfPatterns';

type ListValue<T extends string, L extends 'new' | 'set'> = L extends 'set' ? T[] | ListEdit<T> | null : T[] | null;

interface CommandBase {
  line: number;
  column: number;
  /** Only a `PendingCommand` has values left open. */
  unresolved?: undefined;
}

export interface NewRuleCommand extends CommandBase {
  cmdlet: 'New-ClientAccessRule';
  params: RuleParameters<'new'> & { Name: string; Action: Action };
}

export interface SetRuleCommand extends CommandBase {
  cmdlet: 'Set-ClientAccessRule';
  params: RuleParameters<'set'> & { Identity: string; Name?: string };
}

export interface RemoveRuleCommand extends CommandBase {
  cmdlet: 'Remove-ClientAccessRule';
  params: CommonParameters & { Identity: string };
}

export interface GetRuleCommand extends CommandBase {
  cmdlet: 'Get-ClientAccessRule';
  params: CommonParameters & { Identity?: string };
}

export interface TestRuleCommand extends CommandBase {
  cmdlet: 'Test-ClientAccessRule';
  params: CommonParameters & { AuthenticationType: AuthenticationType; Protocol: Protocol; RemoteAddress: string; RemotePort: number; User: string };
  /** The outcome a `# expect: DenyAccess` comment states (see `test-comments.ts`). */
  expected?: Action;
  /** The test name of a `# Test 1: 'name'` comment above it (as the generator writes). */
  testName?: string;
}

/** A command every value of which the script gives: replay applies it. */
export type ResolvedCommand = NewRuleCommand | SetRuleCommand | RemoveRuleCommand | GetRuleCommand | TestRuleCommand;

/** A command waiting for values the script leaves open: shown, not applied. */
export interface PendingCommand {
  cmdlet: CmdletName;
  /** As for the resolved command, with `{ variable: '$name' }` where a value is open. */
  params: Readonly<Record<string, unknown>>;
  line: number;
  column: number;
  /** Where each open value is used; never empty. */
  unresolved: VariableUse[];
  expected?: Action;
  testName?: string;
}

/** One Client Access Rule command as a script states it. */
export type ParsedCommand = ResolvedCommand | PendingCommand;

/**
 * Whether a command waits for values the script leaves open.
 *
 * @example isPending(parseScript('New-ClientAccessRule $n -Action Deny').commands[0]) // true
 */
export function isPending(command: ParsedCommand): command is PendingCommand {
  return command.unresolved !== undefined;
}
