/**
 * AD FS claim types and values of the client access policy (seed 004, spec 9): the one place these
 * facts live.
 *
 * Decision: the claim types are written with `http://`. Microsoft's published pages print
 * `https://schemas.microsoft.com/…`, but AD FS issues the request-context claims, group SIDs and the
 * permit/deny authorization claims under `http://` type URIs; a rule that tests the `https://` form
 * never matches anything.
 */

const REQUEST_CONTEXT = 'http://schemas.microsoft.com/2012/01/requestcontext/claims/';

/** The request-context claim types AD FS fills from the headers, plus the group SID claim. */
export const CLAIM_TYPES = {
  forwardedClientIp: `${REQUEST_CONTEXT}x-ms-forwarded-client-ip`,
  clientApplication: `${REQUEST_CONTEXT}x-ms-client-application`,
  clientUserAgent: `${REQUEST_CONTEXT}x-ms-client-user-agent`,
  proxy: `${REQUEST_CONTEXT}x-ms-proxy`,
  endpointAbsolutePath: `${REQUEST_CONTEXT}x-ms-endpoint-absolute-path`,
  groupSid: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid',
  permit: 'http://schemas.microsoft.com/authorization/claims/permit',
  deny: 'http://schemas.microsoft.com/authorization/claims/deny',
} as const;

export type ClaimKey = keyof typeof CLAIM_TYPES;

/** Short names for the trace and the UI. */
export const CLAIM_LABELS: Readonly<Record<ClaimKey, string>> = {
  forwardedClientIp: 'x-ms-forwarded-client-ip',
  clientApplication: 'x-ms-client-application',
  clientUserAgent: 'x-ms-client-user-agent',
  proxy: 'x-ms-proxy',
  endpointAbsolutePath: 'x-ms-endpoint-absolute-path',
  groupSid: 'groupsid',
  permit: 'permit',
  deny: 'deny',
};

/** Values of `x-ms-client-application` that Exchange Online sends (seed 004). */
export const CLIENT_APPLICATIONS = [
  'Microsoft.Exchange.ActiveSync',
  'Microsoft.Exchange.Autodiscover',
  'Microsoft.Exchange.OfflineAddressBook',
  'Microsoft.Exchange.RPC',
  'Microsoft.Exchange.WebServices',
  'Microsoft.Exchange.Mapi',
  'Microsoft.Exchange.Powershell',
  'Microsoft.Exchange.SMTP',
  'Microsoft.Exchange.PopImap',
] as const;

/** `x-ms-endpoint-absolute-path` of passive (browser) requests. */
export const PASSIVE_ENDPOINT_PATH = '/adfs/ls/';

/**
 * The claim key of a type URI, or null. Exact match (claim types are compared as written); the
 * `https://` spelling is recognised separately by `httpsTypo`.
 *
 * @example claimKeyOf('http://schemas.microsoft.com/ws/2008/06/identity/claims/groupsid') // 'groupSid'
 */
export function claimKeyOf(type: string): ClaimKey | null {
  for (const [key, value] of Object.entries(CLAIM_TYPES)) if (value === type) return key as ClaimKey;
  return null;
}

/**
 * When `type` is one of the known claim types written with `https://` (as Microsoft's pages print
 * them), the `http://` type that AD FS really issues; otherwise null.
 *
 * @example httpsTypo('https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy') // 'http://…/x-ms-proxy'
 */
export function httpsTypo(type: string): string | null {
  if (!type.toLowerCase().startsWith('https://')) return null;
  const fixed = `http://${type.slice('https://'.length)}`;
  return claimKeyOf(fixed) ? fixed : null;
}

/** A security identifier as AD writes it: `S-1-5-21-…-1104`. */
export const SID_PATTERN = /^S-1-\d+(-\d+)+$/;
