export { ADFS_NOTES, ADFS_SCENARIOS, generateClaimRules } from './generate.ts';
export type { AdfsPolicyInput, AdfsPolicyResult, AdfsScenario } from './generate.ts';
export { CLAIM_LABELS, CLAIM_TYPES, CLIENT_APPLICATIONS, PASSIVE_ENDPOINT_PATH, claimKeyOf, httpsTypo } from './claims.ts';
export { claimString, dotnetRegex, parseClaimRules } from './claim-rules.ts';
export type { ClaimCondition, ClaimRule, ClaimRulesResult, ClaimTest } from './claim-rules.ts';
export { evaluateClaimRules, requestClaims } from './evaluate.ts';
export type { AdfsDecision, AdfsEvaluation, AdfsRequest, ClaimRuleTrace, RequestClaim } from './evaluate.ts';
export { explainPitfalls } from './pitfalls.ts';
export { ipv4Alternatives, ipv4ClaimRegex, networksToRegex, parseNetworks, splitNetworkText, trustedNetworksOf } from './ip-regex.ts';
