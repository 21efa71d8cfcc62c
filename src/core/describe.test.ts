import { describe, it, expect } from 'vitest';
import {
  authenticationLabel,
  describeConnection,
  describeField,
  fieldParameter,
  protocolLabel,
  ruleHasConditions,
  shortAuthenticationName,
  shortProtocolName,
  summarizeRule,
} from './describe.ts';
import { RULE_FIELD_LIST } from './model/rule-fields.ts';
import { createRule } from './model/rule-set.ts';
import { AUTHENTICATION_TYPES, LIST_FIELDS, PROTOCOLS } from './model/types.ts';

describe('summarizeRule', () => {
  it('says "Every connection" for a rule without conditions', () => {
    expect(summarizeRule(createRule({ action: 'DenyAccess' }))).toBe('Every connection');
  });
  it('summarises conditions and exceptions in order', () => {
    const rule = createRule({
      anyOfProtocols: ['OutlookWebApp', 'ExchangeAdminCenter'],
      anyOfClientIPAddressesOrRanges: ['1.1.1.1', '2.2.2.0/24', '3.3.3.3-3.3.3.9'],
      exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'],
      userRecipientFilter: "Department -ne 'IT'",
    });
    expect(summarizeRule(rule)).toBe("Protocols: Outlook on the web, Exchange admin center · IP: 3 ranges · except IP: 10.0.0.0/8 · Filter: Department -ne 'IT'");
  });
  it('covers auth, users, scope, datacenter flag and exception-only rules', () => {
    const rule = createRule({
      anyOfAuthenticationTypes: ['BasicAuthentication'],
      usernameMatchesAnyOfPatterns: ['*\\jeff*'],
      exceptAnyOfProtocols: ['RemotePowerShell'],
      exceptAnyOfAuthenticationTypes: ['OAuthAuthentication'],
      exceptUsernameMatchesAnyOfPatterns: ['a', 'b', 'c'],
      scope: 'Users',
      datacenterAdminsOnly: true,
    });
    expect(summarizeRule(rule)).toBe(
      'Datacenter admins only · except protocols: Remote PowerShell · Auth: Basic · except auth: OAuth (modern) · Users: *\\jeff* · except users: 3 patterns · end users only',
    );
    expect(summarizeRule(createRule({ exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }))).toBe('Every connection · except IP: 10.0.0.0/8');
  });
  it('cuts a long filter', () => {
    const s = summarizeRule(createRule({ userRecipientFilter: `City -eq '${'x'.repeat(100)}'` }));
    expect(s.endsWith('…')).toBe(true);
    expect(s.length).toBeLessThan(80);
  });
});

describe('labels', () => {
  it('has a label and a parameter for every field', () => {
    for (const f of [...LIST_FIELDS, 'userRecipientFilter', 'name', 'action', 'enabled', 'scope'] as const) {
      expect(describeField(f)).toMatch(/^[A-Z]/);
      expect(fieldParameter(f)).toMatch(/^-[A-Z]/);
    }
    expect(describeField('exceptAnyOfClientIPAddressesOrRanges')).toBe('Except client IP addresses or ranges');
    expect(fieldParameter('anyOfProtocols')).toBe('-AnyOfProtocols');
  });
  it('has short names for every protocol and auth type', () => {
    expect(new Set(PROTOCOLS.map(shortProtocolName)).size).toBe(PROTOCOLS.length);
    expect(new Set(AUTHENTICATION_TYPES.map(shortAuthenticationName)).size).toBe(AUTHENTICATION_TYPES.length);
  });
  it('ruleHasConditions', () => {
    expect(ruleHasConditions(createRule())).toBe(false);
    expect(ruleHasConditions(createRule({ userRecipientFilter: ' ' }))).toBe(false);
    expect(ruleHasConditions(createRule({ exceptAnyOfProtocols: ['POP3'] }))).toBe(true);
  });
});

describe('one vocabulary: display name first, PowerShell value secondary', () => {
  it('labels protocols and authentication types', () => {
    expect(protocolLabel('RemotePowerShell')).toBe('Remote PowerShell (RemotePowerShell)');
    expect(protocolLabel('OutlookWebApp')).toBe('Outlook on the web (OutlookWebApp)');
    expect(protocolLabel('POP3')).toBe('POP3');
    expect(authenticationLabel('BasicAuthentication')).toBe('Basic (BasicAuthentication)');
    for (const p of PROTOCOLS) expect(protocolLabel(p)).toContain(p);
    for (const a of AUTHENTICATION_TYPES) expect(authenticationLabel(a)).toContain(a);
  });
  it('reads field labels and parameters from the table of rule fields', () => {
    for (const spec of RULE_FIELD_LIST) {
      if (spec.field === 'datacenterAdminsOnly') continue;
      expect(describeField(spec.field)).toBe(spec.label);
      expect(fieldParameter(spec.field)).toBe(`-${spec.parameter}`);
    }
  });
});

describe('describeConnection', () => {
  const base = {
    protocol: 'OutlookWebApp' as const,
    authenticationType: 'BasicAuthentication' as const,
    ipAddress: '203.0.113.7',
    port: 443,
    user: 'jeff@contoso.com',
    attributes: {},
    connectionType: 'EndUser' as const,
  };
  it('names protocol and authentication by their display names', () => {
    expect(describeConnection(base)).toBe('Outlook on the web with Basic authentication from 203.0.113.7 as jeff@contoso.com');
  });
  it('adds a port other than 443, attributes, the connection type and marks an empty user', () => {
    expect(
      describeConnection({
        ...base,
        protocol: 'RemotePowerShell',
        authenticationType: 'OAuthAuthentication',
        port: 8443,
        user: ' ',
        attributes: { Department: 'Sales' },
        connectionType: 'MiddleTierApp',
      }),
    ).toBe('Remote PowerShell with OAuth (modern) authentication from 203.0.113.7 port 8443 as (empty user) (Department=Sales), via a middle-tier app');
  });
  it('never shows a PowerShell value that differs from its display name', () => {
    for (const protocol of PROTOCOLS) {
      for (const authenticationType of AUTHENTICATION_TYPES) {
        const text = describeConnection({ ...base, protocol, authenticationType });
        if (shortProtocolName(protocol) !== protocol) expect(text).not.toContain(protocol);
        expect(text).not.toContain(authenticationType);
      }
    }
  });
});
