import type { Page } from '@playwright/test';
import { saveProject } from './fixtures.ts';

/** A project file document as the app reads it (`*.carules.json`). */
export interface ProjectDoc {
  format: 'client-access-rule-designer';
  version: 1;
  profile: 'ExchangeOnline' | 'ExchangeServer';
  rules: Record<string, unknown>[];
  tests: Record<string, unknown>[];
}

const connection = (protocol: string, ipAddress: string, user: string, authenticationType = 'BasicAuthentication') => ({
  protocol,
  authenticationType,
  ipAddress,
  port: 443,
  user,
  attributes: { Department: 'Sales' },
  connectionType: 'EndUser',
});

/** A realistic tenant: the guard rule, the admin center locked to the office, legacy auth blocked. */
export function realisticProject(): ProjectDoc {
  return {
    format: 'client-access-rule-designer',
    version: 1,
    profile: 'ExchangeOnline',
    rules: [
      { name: 'Always Allow Remote PowerShell', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] },
      {
        name: 'Restrict the Exchange admin center to the management network',
        action: 'DenyAccess',
        anyOfProtocols: ['ExchangeAdminCenter'],
        exceptAnyOfClientIPAddressesOrRanges: ['192.168.10.0/24', '2001:db8:10::/48'],
      },
      {
        name: 'Block basic authentication for legacy protocols',
        action: 'DenyAccess',
        anyOfProtocols: ['IMAP4', 'POP3', 'ExchangeActiveSync', 'OutlookAnywhere'],
        anyOfAuthenticationTypes: ['BasicAuthentication'],
        exceptUsernameMatchesAnyOfPatterns: ['*\\svc-scanner', 'contoso.com\\printer*'],
      },
      {
        name: 'Outlook on the web only from the office for Sales',
        action: 'DenyAccess',
        anyOfProtocols: ['OutlookWebApp'],
        exceptAnyOfClientIPAddressesOrRanges: ['203.0.113.0/24'],
        userRecipientFilter: "Department -eq 'Sales'",
      },
      { name: 'Pilot: block POP3 everywhere', action: 'DenyAccess', enabled: false, anyOfProtocols: ['POP3'] },
      {
        name: 'Deny everything from the quarantine range',
        action: 'DenyAccess',
        anyOfClientIPAddressesOrRanges: ['198.51.100.0/24'],
      },
    ],
    tests: [
      { name: 'Admin from the office reaches the admin center', connection: connection('ExchangeAdminCenter', '192.168.10.5', 'admin@contoso.com'), expected: 'AllowAccess' },
      { name: 'Sales user on OWA from home is denied', connection: connection('OutlookWebApp', '198.18.0.7', 'jeff@contoso.com'), expected: 'DenyAccess' },
      { name: 'Remote PowerShell always works', connection: connection('RemotePowerShell', '198.51.100.9', 'admin@contoso.com'), expected: 'AllowAccess' },
    ],
  };
}

const PROTOCOL_CYCLE = ['OutlookWebApp', 'ExchangeActiveSync', 'IMAP4', 'POP3', 'ExchangeWebServices', 'OutlookAnywhere'];

/** 200 rules with varied conditions and long names, as a large tenant's audit import looks. */
export function manyRulesProject(count = 200): ProjectDoc {
  return {
    format: 'client-access-rule-designer',
    version: 1,
    profile: 'ExchangeOnline',
    rules: Array.from({ length: count }, (_, i) => ({
      name: i % 7 === 0 ? `Branch office ${i + 1}: restrict ${PROTOCOL_CYCLE[i % 6]} to the regional proxy range` : `Rule ${i + 1}`,
      action: i % 2 ? 'DenyAccess' : 'AllowAccess',
      enabled: i % 13 !== 5,
      anyOfProtocols: [PROTOCOL_CYCLE[i % 6], PROTOCOL_CYCLE[(i + 1) % 6]],
      anyOfClientIPAddressesOrRanges: [`10.${Math.floor(i / 256)}.${i % 256}.0/24`],
      ...(i % 5 === 0 ? { exceptUsernameMatchesAnyOfPatterns: [`contoso.com\\svc-${i}`] } : {}),
    })),
    tests: [{ name: 'OWA from branch 1', connection: connection('OutlookWebApp', '10.0.0.4', 'jeff@contoso.com'), expected: 'AllowAccess' }],
  };
}

/**
 * Stores `project` (and `baseline`, what is deployed) as the saved project in IndexedDB and opens the
 * app with it. Call after `openFreshApp`. The seed is written while the app is not running (see
 * `saveProject`).
 */
export async function seedProject(page: Page, project: ProjectDoc & { adminPath?: unknown }, baseline: ProjectDoc | null = null): Promise<void> {
  await page.goto('./favicon.svg');
  await saveProject(page, project, baseline);
  await page.goto('./');
}
