/**
 * The one-line headline of every finding (issue 12: "warnings as a one-line headline with details on
 * demand"). The finding's `message` stays the details; the headline says what is wrong in a few words
 * and names at most the offending value, so that a list of findings reads at a glance.
 *
 * Decisions:
 * - A table keyed by every `LintCode` (the type checker demands an entry for each new code), not a
 *   field each producer must fill: the linter, the analyses and the app's fallback finding all get a
 *   headline without touching their message texts.
 * - Headlines never name the rule: every place that lists findings of several rules already shows the
 *   rule's priority and name beside it.
 * - A value is shown only when it is short; longer ones are cut with an ellipsis (the message has it whole).
 */
import { authenticationDisplayName, protocolDisplayName } from '../describe.ts';
import { AUTHENTICATION_TYPES, PROTOCOLS } from '../model/types.ts';
import type { AuthenticationType, LintFinding, Protocol } from '../model/types.ts';
import type { LintCode } from './codes.ts';

/** Values longer than this are cut in a headline. */
export const HEADLINE_VALUE_LENGTH = 32;

/** Protocols and authentication types by their display names (one vocabulary), other values as they are. */
function displayed(value: string): string {
  return value
    .split(', ')
    .map((v) =>
      (PROTOCOLS as readonly string[]).includes(v)
        ? protocolDisplayName(v as Protocol)
        : (AUTHENTICATION_TYPES as readonly string[]).includes(v)
          ? authenticationDisplayName(v as AuthenticationType)
          : v,
    )
    .join(', ');
}

function short(value: string | undefined): string {
  const text = displayed((value ?? '').trim());
  return text.length > HEADLINE_VALUE_LENGTH ? `${text.slice(0, HEADLINE_VALUE_LENGTH - 1)}…` : text;
}

function withValue(words: string, value: string | undefined): string {
  const v = short(value);
  return v === '' ? words : `${words}: ${v}`;
}

/** The headline of each code, from the finding (only its `value` is read). */
export const FINDING_HEADLINES: Readonly<Record<LintCode, (finding: Pick<LintFinding, 'value'>) => string>> = {
  'auth-type-unsupported': (f) => withValue('Authentication type not supported by these protocols', f.value),
  'auth-unsupported-protocol': (f) => withValue('Protocols without authentication-type filters', f.value),
  'auth-without-protocols': () => 'Authentication-type filter without protocols',
  'classic-eac-only': () => 'Blocks only the classic admin center',
  'deny-everything': () => 'Denies every connection',
  'duplicate-name': () => 'Another rule has the same name',
  'empty-name': () => 'The rule has no name',
  'except-auth-without-auth': () => 'Authentication-type exception without a condition',
  'filter-warning': () => 'The user filter may not work as meant',
  'invalid-filter': () => 'The user filter does not parse',
  'invalid-ip': (f) => withValue('Not a valid address', f.value),
  'jeff-star-pattern': (f) => withValue('Pattern never matches anyone', f.value),
  'microsoft-middle-tier-bypass': () => 'Microsoft middle-tier apps are always allowed',
  'name-too-long': () => 'The name is too long',
  'remote-powershell-lockout': () => 'Could lock admins out of Remote PowerShell',
  'server-doubtful-condition': () => 'May not work in Exchange Server',
  'server-unsupported-protocol': (f) => withValue('Not governed in Exchange Server', f.value),
  'shadowed-rule': () => 'Never decides: earlier rules decide first',
  'too-many-rules': (f) => (f.value ? `${short(f.value)} rules: over Exchange's default limit` : "Over Exchange's default limit of rules"),
  'universal-outlook-username': () => 'Username patterns do not apply to this protocol',
  'hidden-characters': () => 'The name hides characters',
  'rule-never-matches': () => 'Never matches any connection',
  'dead-exception': () => 'An exception that changes nothing',
  'redundant-rule': () => 'Redundant: removing it changes nothing',
  'covered-value': (f) => withValue('Value already covered in the same list', f.value),
  'admin-path-lockout': () => 'The admin path is not safe',
  'analysis-incomplete': () => 'The exact analysis is incomplete',
  'analysis-deferred': () => 'Exact checks run in the Analysis view',
  'lint-failed': () => 'The checks could not run',
};

/**
 * A finding's one-line headline; its `message` is the details.
 *
 * @example findingHeadline({ code: 'invalid-ip', severity: 'error', value: '10.0.0.300', message: '…' }) // 'Not a valid address: 10.0.0.300'
 */
export function findingHeadline(finding: Pick<LintFinding, 'code' | 'value'>): string {
  return FINDING_HEADLINES[finding.code](finding);
}
