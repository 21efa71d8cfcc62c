import { describe, expect, it } from 'vitest';
import { PROTOCOLS } from './types.ts';
import { governedProtocols, isGovernedProtocol } from './profile.ts';

describe('governed protocols', () => {
  it('are every protocol online and only the admin center and remote PowerShell on Exchange Server', () => {
    expect(governedProtocols('ExchangeOnline')).toEqual(PROTOCOLS);
    expect(governedProtocols('ExchangeServer')).toEqual(['ExchangeAdminCenter', 'RemotePowerShell']);
    expect(isGovernedProtocol('ExchangeServer', 'OutlookWebApp')).toBe(false);
    expect(isGovernedProtocol('ExchangeOnline', 'OutlookWebApp')).toBe(true);
  });
});
