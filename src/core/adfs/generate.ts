/**
 * Generates the issuance authorization rules of the four client access policy scenarios (seed 004)
 * for the "Microsoft Office 365 Identity Platform" relying party trust.
 *
 * Decisions:
 * - The output holds the default "Permit Access to All Users" rule first (it already exists on the
 *   trust; it is written so that the text is a complete rule set for the simulator and for
 *   `Set-AdfsRelyingPartyTrust -IssuanceAuthorizationRules`), then the one deny rule of the scenario.
 * - Scenario 2 also lets `Microsoft.Exchange.Autodiscover` through, as the article's rule does:
 *   ActiveSync devices find their settings through Autodiscover.
 * - Scenario 4 is "all external access blocked except for members of the given groups": one
 *   `NOT exists([groupsid == "SID"])` per group, compared exactly. The article's `Value =~ "SID"` is
 *   an unanchored regular expression, so `S-1-5-21-…-110` would also let in `…-1104` and `…-1105`.
 * - Every claim type is written with `http://` (see `claims.ts`).
 */
import { CLAIM_TYPES, PASSIVE_ENDPOINT_PATH, SID_PATTERN } from './claims.ts';
import { claimString } from './claim-rules.ts';
import { networksToRegex } from './ip-regex.ts';

export const ADFS_SCENARIOS = [
  { id: 1, title: 'Block all external access to Office 365' },
  { id: 2, title: 'Block all external access to Office 365, except Exchange ActiveSync' },
  { id: 3, title: 'Block all external access to Office 365, except browser-based applications' },
  { id: 4, title: 'Block all external access to Office 365, except for members of the given AD groups' },
] as const;

export type AdfsScenario = (typeof ADFS_SCENARIOS)[number]['id'];

export interface AdfsPolicyInput {
  scenario: AdfsScenario;
  /** Corporate public networks: IPv4 addresses, `a-b` ranges, CIDR blocks. */
  networks: readonly string[];
  /** Scenario 4: the SIDs of the groups allowed from outside. */
  groupSids?: readonly string[];
}

export type AdfsPolicyResult =
  | { ok: true; rules: string; regex: string; notes: string[] }
  | { ok: false; errors: string[] };

/**
 * The pitfalls every generated policy comes with (seed 004 and what admins hit in practice). Shown
 * by the CLI, the app and `explainPitfalls`.
 */
export const ADFS_NOTES: readonly string[] = [
  'Claim types use http://schemas.microsoft.com/…; the https:// form printed on Microsoft\'s pages never matches, so a rule written with it silently does nothing.',
  'The IP test is a regular expression over the text of x-ms-forwarded-client-ip, which can hold several comma-separated addresses. The generated expression matches whole addresses only; the often-copied unanchored negative lookahead ^(?!192\\.168\\.1\\.77|10\\.83\\.118\\.23) treats 10.83.118.230 as inside and looks only at the first address.',
  'Use =~ / !~ for a regular expression; == and != compare the text literally, so "!=" with a pattern is always true.',
  'IPv4 only: Exchange Online forwards IPv4 addresses; IPv6 clients are never recognised as inside.',
  'These headers (x-ms-forwarded-client-ip, x-ms-client-application, x-ms-client-user-agent) come from the client side and can be forged: the rules enforce a business policy, not a security boundary.',
];

const SCENARIO_NOTES: Readonly<Record<AdfsScenario, string>> = {
  1: 'Scenario 1 also blocks external access to Lync Online and Office Subscription Services.',
  2: 'Scenario 2 lets Autodiscover through as well (ActiveSync devices need it); it also blocks external Lync Online and Office Subscription Services.',
  3: 'Scenario 3 is not supported with a third-party proxy (the passive request headers are missing); it also blocks external Lync Online and Office Subscription Services.',
  4: 'Scenario 4 compares each group SID exactly (==), not with the article\'s unanchored =~, which would also match longer SIDs.',
};

function exists(type: string, test?: string): string {
  return `exists([Type == ${claimString(type)}${test ? `, ${test}` : ''}])`;
}

function notExists(type: string, test?: string): string {
  return `NOT ${exists(type, test)}`;
}

/**
 * Builds the claim rules for one scenario from the corporate networks, with the regex and the notes.
 *
 * Edge cases: every bad network and SID is reported (with its position in the list); scenario 4
 * needs at least one SID; IPv6 networks are refused (the claim carries IPv4 only).
 *
 * @example generateClaimRules({ scenario: 1, networks: ['203.0.113.0/24'] }).ok // true
 */
export function generateClaimRules(input: AdfsPolicyInput): AdfsPolicyResult {
  const errors: string[] = [];
  const r = networksToRegex(input.networks);
  if (!r.ok) errors.push(...r.errors.map((e) => (e.text === '' ? e.message : `network ${e.index + 1} '${e.text}': ${e.message}`)));
  const sids = (input.groupSids ?? []).map((s) => s.trim()).filter((s) => s !== '');
  if (input.scenario === 4) {
    if (sids.length === 0) errors.push('scenario 4 needs at least one group SID (S-1-5-21-…)');
    sids.forEach((sid, i) => {
      if (!SID_PATTERN.test(sid)) errors.push(`group ${i + 1} '${sid}' is not a SID; write it as S-1-5-21-…-1104 (Get-ADGroup NAME | Select SID)`);
    });
  }
  if (errors.length > 0 || !r.ok) return { ok: false, errors };
  const scenario = ADFS_SCENARIOS.find((s) => s.id === input.scenario)!;
  const conditions = [exists(CLAIM_TYPES.proxy)];
  if (input.scenario === 2) {
    conditions.push(notExists(CLAIM_TYPES.clientApplication, `Value == ${claimString('Microsoft.Exchange.Autodiscover')}`));
    conditions.push(notExists(CLAIM_TYPES.clientApplication, `Value == ${claimString('Microsoft.Exchange.ActiveSync')}`));
  }
  if (input.scenario === 4) for (const sid of sids) conditions.push(notExists(CLAIM_TYPES.groupSid, `Value == ${claimString(sid)}`));
  conditions.push(notExists(CLAIM_TYPES.forwardedClientIp, `Value =~ ${claimString(r.regex)}`));
  if (input.scenario === 3) conditions.push(notExists(CLAIM_TYPES.endpointAbsolutePath, `Value == ${claimString(PASSIVE_ENDPOINT_PATH)}`));
  const rules = [
    '@RuleTemplate = "AllowAllAuthzRule"',
    '@RuleName = "Permit Access to All Users"',
    `=> issue(Type = ${claimString(CLAIM_TYPES.permit)}, Value = "true");`,
    '',
    `@RuleName = ${claimString(scenario.title)}`,
    `${conditions.join(' &&\n')}`,
    `=> issue(Type = ${claimString(CLAIM_TYPES.deny)}, Value = "true");`,
    '',
  ].join('\n');
  return { ok: true, rules, regex: r.regex, notes: [SCENARIO_NOTES[input.scenario], ...ADFS_NOTES] };
}
