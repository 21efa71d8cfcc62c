/**
 * Which authentication types each protocol's rules can filter on (spec 7, Exchange Online since July
 * 2020; the Server profile uses the same rows for ExchangeAdminCenter and RemotePowerShell). One table
 * for the linter, the analyses, the simulator and the rule editor's support table.
 */
import { AUTHENTICATION_TYPES } from './types.ts';
import type { AuthenticationType, Protocol } from './types.ts';

/**
 * The support table. A protocol missing from it supports no authentication-type filter at all.
 *
 * @example AUTH_TYPE_SUPPORT.RemotePowerShell // ['BasicAuthentication', 'NonBasicAuthentication']
 */
export const AUTH_TYPE_SUPPORT: Readonly<Partial<Record<Protocol, readonly AuthenticationType[]>>> = {
  ExchangeActiveSync: ['BasicAuthentication', 'CertificateBasedAuthentication', 'OAuthAuthentication'],
  ExchangeAdminCenter: ['AdfsAuthentication', 'BasicAuthentication'],
  IMAP4: ['BasicAuthentication', 'OAuthAuthentication'],
  OutlookWebApp: ['AdfsAuthentication', 'BasicAuthentication'],
  POP3: ['BasicAuthentication', 'OAuthAuthentication'],
  RemotePowerShell: ['BasicAuthentication', 'NonBasicAuthentication'],
};

/** The protocols whose rules can filter on authentication types, in the table's order. */
export const AUTH_FILTER_PROTOCOLS: readonly Protocol[] = Object.keys(AUTH_TYPE_SUPPORT) as Protocol[];

/**
 * Whether a rule naming `protocol` may use `type` in an authentication-type condition or exception.
 *
 * @example supportsAuthType('POP3', 'AdfsAuthentication') // false
 */
export function supportsAuthType(protocol: Protocol, type: AuthenticationType): boolean {
  return AUTH_TYPE_SUPPORT[protocol]?.includes(type) ?? false;
}

/**
 * The protocols whose rules may filter on `type`.
 *
 * @example protocolsSupporting('NonBasicAuthentication') // ['RemotePowerShell']
 */
export function protocolsSupporting(type: AuthenticationType): Protocol[] {
  return AUTH_FILTER_PROTOCOLS.filter((p) => supportsAuthType(p, type));
}

/**
 * The authentication types a connection with `protocol` can be told apart by: the supported ones, or
 * every type when the protocol has no authentication-type filters.
 *
 * @example authTypesDistinguished('IMAP4') // ['BasicAuthentication', 'OAuthAuthentication']
 */
export function authTypesDistinguished(protocol: Protocol): readonly AuthenticationType[] {
  return AUTH_TYPE_SUPPORT[protocol] ?? AUTHENTICATION_TYPES;
}
