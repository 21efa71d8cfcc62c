import type { AuthenticationType, ConditionField, Connection, Protocol } from '../../../core/model/types.ts';
import { authenticationLabel, protocolLabel } from '../../../core/describe.ts';
import type { ConditionTrace, Decision, EvaluationMode, RuleTrace } from '../../../core/evaluator/types.ts';
import { checkConnectionAddress, checkConnectionPort } from '../../../core/model/connection.ts';

/** Column labels of the trace table, by field. */
export const FIELD_LABELS: Record<ConditionField, string> = {
  anyOfProtocols: 'Protocol',
  exceptAnyOfProtocols: 'Protocol',
  anyOfAuthenticationTypes: 'Authentication type',
  exceptAnyOfAuthenticationTypes: 'Authentication type',
  anyOfClientIPAddressesOrRanges: 'Client IP address',
  exceptAnyOfClientIPAddressesOrRanges: 'Client IP address',
  usernameMatchesAnyOfPatterns: 'Username pattern',
  exceptUsernameMatchesAnyOfPatterns: 'Username pattern',
  userRecipientFilter: 'User filter (OPath)',
};

export const STATUS_LABELS: Record<ConditionTrace['status'], string> = {
  matched: 'Matched',
  'not-matched': 'Not matched',
  'not-used': 'Not used',
};

/** What the trace says about one rule, in words: the row note under the rule's name. */
export function outcomeNote(trace: RuleTrace, mode: EvaluationMode): string {
  switch (trace.outcome) {
    case 'decided':
      return trace.action === 'DenyAccess' ? 'Matched: this rule denies the connection.' : 'Matched: this rule allows the connection; later rules are not looked at.';
    case 'excepted':
      return 'Exception matched: evaluation continued to the next rule.';
    case 'matched-disabled':
      return mode === 'test-compatible'
        ? 'Disabled, but Test-ClientAccessRule evaluates it as if enabled: it matches.'
        : 'Disabled: it would have matched if it were enabled.';
    case 'no-match':
      return 'Not matched: a condition does not match.';
    case 'out-of-scope':
      return 'Skipped: scope Users ignores connections through a middle-tier application.';
    case 'not-reached':
      return trace.matches ? 'Not reached: an earlier rule decided (this rule would also match).' : 'Not reached: an earlier rule decided.';
  }
}

export const OUTCOME_LABELS: Record<RuleTrace['outcome'], string> = {
  decided: 'Decides',
  excepted: 'Exception: continued',
  'matched-disabled': 'Disabled match',
  'no-match': 'No match',
  'out-of-scope': 'Out of scope',
  'not-reached': 'Not reached',
};

/** The headline of the result: allowed or denied, and by what. */
export function decisionSummary(decision: Decision): { title: string; body: string } {
  if (decision.reason === 'microsoft-middle-tier-bypass') {
    return {
      title: 'Allowed: Microsoft middle-tier bypass',
      body: 'Microsoft-owned middle-tier applications (for example Outlook for iOS and Android) bypass Client Access Rules entirely.',
    };
  }
  if (decision.reason === 'no-matching-rule' || decision.matchedRule === null) {
    return { title: 'Allowed by default', body: 'No enabled rule matches, so the connection is allowed.' };
  }
  const verb = decision.action === 'DenyAccess' ? 'Denied' : 'Allowed';
  const priority = decision.trace.find((t) => t.ruleId === decision.matchedRuleId)?.priority;
  return {
    title: `${verb} by rule ${priority ?? '?'} "${decision.matchedRule}"`,
    body: `The first matching enabled rule decides: ${decision.action}. Later rules are not looked at.`,
  };
}

/**
 * The value the trace shows for one condition: the matched rule value and any detail. A matched
 * protocol or authentication type reads as its display name, the PowerShell value secondary.
 *
 * @example conditionValue({ field: 'anyOfProtocols', kind: 'condition', status: 'matched', matchedValue: 'OutlookWebApp' }) // 'Outlook on the web (OutlookWebApp)'
 */
export function conditionValue(condition: ConditionTrace): string {
  const matched =
    condition.matchedValue === undefined
      ? undefined
      : condition.field === 'anyOfProtocols' || condition.field === 'exceptAnyOfProtocols'
        ? protocolLabel(condition.matchedValue as Protocol)
        : condition.field === 'anyOfAuthenticationTypes' || condition.field === 'exceptAnyOfAuthenticationTypes'
          ? authenticationLabel(condition.matchedValue as AuthenticationType)
          : condition.matchedValue;
  const parts = [matched, condition.detail].filter((p): p is string => !!p && p.length > 0);
  return parts.join(' · ');
}

/** Problems with the connection form, by field; an empty object when the connection is valid. */
export function validateConnection(connection: Pick<Connection, 'ipAddress' | 'user'>): { ipAddress?: string; user?: string } {
  const problems: { ipAddress?: string; user?: string } = {};
  const ip = connection.ipAddress.trim();
  if (ip === '') problems.ipAddress = 'Enter the client IP address (IPv4 or IPv6).';
  else if (checkConnectionAddress(ip) !== null) problems.ipAddress = `"${ip}" is not an IPv4 or IPv6 address (no ranges or prefixes here: one address).`;
  const user = connection.user.trim();
  if (user === '') problems.user = 'Enter a user: a UPN such as jeff@contoso.com or DOMAIN\\user.';
  else if (!user.includes('@') && !user.includes('\\')) problems.user = 'Use a UPN (jeff@contoso.com) or DOMAIN\\user: a bare name has no domain, so most patterns cannot match it.';
  return problems;
}

/**
 * Parses the port field: a whole number from 1 to 65535 (Test-ClientAccessRule's `-RemotePort`).
 *
 * @example parsePort('443') // { ok: true, port: 443 }
 */
export function parsePort(text: string): { ok: true; port: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: 'Enter a port number from 1 to 65535.' };
  const port = Number(trimmed);
  if (checkConnectionPort(trimmed) !== null) return { ok: false, message: `Port ${trimmed} is outside 1–65535.` };
  return { ok: true, port };
}

/** The trace grouped as the verdict reads it (see `VerdictTrace`). */
export interface TraceGroups {
  decided: RuleTrace | null;
  excepted: RuleTrace[];
  /** Enabled rules whose conditions did not all match, each with its first unmet condition. */
  notMatched: { rule: RuleTrace; firstUnmet: ConditionTrace | null }[];
  /** Disabled and out-of-scope rules, with why, and whether they would have matched. */
  skipped: { rule: RuleTrace; reason: string; wouldMatch: boolean }[];
  notReached: RuleTrace[];
}

/**
 * Groups a live trace for the verdict: the deciding rule; rules an exception let through; enabled
 * rules that did not match with their *first* unmet condition (in trace order: conditions before
 * exceptions, the filter last); skipped rules (disabled, or scope Users for a middle-tier app); rules
 * not reached.
 *
 * @example groupTrace(decision.trace).decided?.name // 'Block OWA'
 */
export function groupTrace(trace: RuleTrace[]): TraceGroups {
  const groups: TraceGroups = { decided: null, excepted: [], notMatched: [], skipped: [], notReached: [] };
  for (const rule of trace) {
    if (rule.outcome === 'not-reached') groups.notReached.push(rule);
    else if (rule.outcome === 'decided') groups.decided = rule;
    else if (rule.outcome === 'out-of-scope') {
      groups.skipped.push({ rule, reason: 'Scope Users: connections through a middle-tier application are not evaluated.', wouldMatch: false });
    } else if (!rule.enabled) {
      const wouldMatch = rule.outcome === 'matched-disabled';
      groups.skipped.push({ rule, reason: wouldMatch ? 'Disabled: it would have matched if it were enabled.' : 'Disabled.', wouldMatch });
    } else if (rule.outcome === 'excepted') groups.excepted.push(rule);
    else {
      const firstUnmet = rule.conditions.find((c) => c.kind === 'condition' && c.status === 'not-matched') ?? null;
      groups.notMatched.push({ rule, firstUnmet });
    }
  }
  return groups;
}
