import { describe, it, expect } from 'vitest';
import { AUTHENTICATION_TYPES, PROTOCOLS } from './types.ts';
import { AUTH_FILTER_PROTOCOLS, authTypesDistinguished, protocolsSupporting, supportsAuthType } from './auth-support.ts';

describe('the authentication support table (spec 7)', () => {
  it('has the six protocols of the spec, and the helpers read it consistently', () => {
    expect([...AUTH_FILTER_PROTOCOLS].sort()).toEqual(['ExchangeActiveSync', 'ExchangeAdminCenter', 'IMAP4', 'OutlookWebApp', 'POP3', 'RemotePowerShell']);
    expect(protocolsSupporting('NonBasicAuthentication')).toEqual(['RemotePowerShell']);
    expect(supportsAuthType('POP3', 'AdfsAuthentication')).toBe(false);
    expect(authTypesDistinguished('REST')).toEqual(AUTHENTICATION_TYPES);
    for (const p of PROTOCOLS) for (const t of AUTHENTICATION_TYPES) expect(protocolsSupporting(t).includes(p)).toBe(supportsAuthType(p, t));
  });
});
