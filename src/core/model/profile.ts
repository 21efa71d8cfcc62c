import { PROTOCOLS, SERVER_PROTOCOLS, type Profile, type Protocol } from './types.ts';

/**
 * The protocols Client Access Rules govern on a target (spec 1): every protocol in Exchange Online;
 * only the Exchange admin center and remote PowerShell in Exchange Server 2019 / SE. A connection
 * over any other protocol is not governed there: no rule allows or denies it.
 *
 * @example governedProtocols('ExchangeServer') // ['ExchangeAdminCenter', 'RemotePowerShell']
 */
export function governedProtocols(profile: Profile): readonly Protocol[] {
  return profile === 'ExchangeServer' ? SERVER_PROTOCOLS : PROTOCOLS;
}

/**
 * Whether the rules of a target govern connections over `protocol` (see `governedProtocols`).
 *
 * @example isGovernedProtocol('ExchangeServer', 'OutlookWebApp') // false
 */
export function isGovernedProtocol(profile: Profile, protocol: Protocol): boolean {
  return governedProtocols(profile).includes(protocol);
}
