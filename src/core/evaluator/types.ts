import type { Action, ConditionField } from '../model/types.ts';

/** How one condition or exception of a rule fared against a connection. */
export interface ConditionTrace {
  field: ConditionField;
  kind: 'condition' | 'exception';
  /** `not-used`: the rule leaves this field empty, so it takes no part. */
  status: 'matched' | 'not-matched' | 'not-used';
  /** The rule value that matched (an IP entry, a pattern, a protocol), when one did. */
  matchedValue?: string;
  /** Extra words for the trace, e.g. the subject `contoso.com\jeff` or a filter parse error. */
  detail?: string;
}

/**
 * What happened at one rule.
 * - `decided`: the first matching enabled rule; its action applies.
 * - `matched-disabled`: a disabled rule that would have matched (Test-ClientAccessRule lists it).
 * - `excepted`: every condition matched but an exception matched too, so evaluation continued (spec 3.5).
 * - `no-match`: a condition did not match.
 * - `out-of-scope`: `Scope Users` and the connection came through a middle-tier app (spec 3.7).
 * - `not-reached`: an earlier rule already decided (live mode); still traced for explanation.
 */
export type RuleOutcome =
  | 'decided'
  | 'matched-disabled'
  | 'excepted'
  | 'no-match'
  | 'out-of-scope'
  | 'not-reached';

export interface RuleTrace {
  ruleId: string;
  name: string;
  /** 1-based priority. */
  priority: number;
  enabled: boolean;
  action: Action;
  outcome: RuleOutcome;
  /** Whether the rule matches the connection, ignoring enabled state and earlier rules. */
  matches: boolean;
  /** Every condition then every exception, in the order of `LIST_FIELDS` with the filter last. */
  conditions: ConditionTrace[];
}

/** A row of Test-ClientAccessRule's output. */
export interface MatchRow {
  name: string;
  action: Action;
  priority: number;
  enabled: boolean;
}

/** The evaluation modes of spec 3. */
export type EvaluationMode = 'live' | 'test-compatible';

export interface Decision {
  action: Action;
  /** Name of the deciding rule; null when allowed by default or by the Microsoft middle-tier bypass. */
  matchedRule: string | null;
  matchedRuleId: string | null;
  reason: 'rule' | 'no-matching-rule' | 'microsoft-middle-tier-bypass';
  /**
   * Rules that match, in priority order. Live mode: enabled rules only. Test-compatible mode: disabled
   * rules too, as Test-ClientAccessRule evaluates them as if enabled (spec 3).
   */
  matches: MatchRow[];
  /** Disabled rules that would have matched (live mode shows them as a warning). */
  disabledMatches: MatchRow[];
  trace: RuleTrace[];
}
