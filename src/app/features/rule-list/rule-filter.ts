import { summarizeRule } from '../../../core/describe.ts';
import { findingHeadline } from '../../../core/lint/headline.ts';
import type { LintFinding, Rule } from '../../../core/model/types.ts';

/** What the rule list shows: every rule, or only those of one kind. */
export type RuleKindFilter = 'all' | 'allow' | 'deny' | 'disabled' | 'findings';

export const RULE_KIND_FILTER_LABELS: Record<RuleKindFilter, string> = {
  all: 'All rules',
  allow: 'Allow rules',
  deny: 'Deny rules',
  disabled: 'Disabled rules',
  findings: 'Rules with findings',
};

/**
 * Whether a rule matches the list's search and filter. The search looks, case-insensitively, in the
 * name, the summary (protocols by display name, addresses, patterns, filter), the raw protocol and
 * authentication values, every address and pattern, the rule's findings (headline and message) and
 * its notes (description, owner, ticket, review date).
 *
 * @example ruleMatchesSearch(rule, 'owa', 'deny', []) // a deny rule naming OutlookWebApp
 */
export function ruleMatchesSearch(rule: Rule, query: string, kind: RuleKindFilter, findings: readonly LintFinding[]): boolean {
  if (kind === 'allow' && rule.action !== 'AllowAccess') return false;
  if (kind === 'deny' && rule.action !== 'DenyAccess') return false;
  if (kind === 'disabled' && rule.enabled) return false;
  if (kind === 'findings' && !findings.some((f) => f.severity !== 'info')) return false;
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const haystack = [
    rule.name,
    summarizeRule(rule),
    ...rule.anyOfProtocols,
    ...rule.exceptAnyOfProtocols,
    ...rule.anyOfAuthenticationTypes,
    ...rule.exceptAnyOfAuthenticationTypes,
    ...rule.anyOfClientIPAddressesOrRanges,
    ...rule.exceptAnyOfClientIPAddressesOrRanges,
    ...rule.usernameMatchesAnyOfPatterns,
    ...rule.exceptUsernameMatchesAnyOfPatterns,
    rule.userRecipientFilter,
    ...findings.map((f) => f.message),
    ...findings.map((f) => findingHeadline(f)),
    ...Object.values(rule.notes ?? {}).filter((v): v is string => typeof v === 'string'),
  ];
  return haystack.some((text) => text.toLowerCase().includes(q));
}
