import { describe, it, expect } from 'vitest';
import { AUTH_TYPE_SUPPORT, RULE_SET_KEY, findingsByRule, lintRule, lintRuleSet } from './lint.ts';
import { addRule, createRule, createRuleSet } from '../model/rule-set.ts';
import { AUTHENTICATION_TYPES, PROTOCOLS, type Profile, type Rule, type RuleSet } from '../model/types.ts';
import { guardRule } from '../analysis/lockout.ts';

function setOf(rules: Partial<Rule>[], profile: Profile = 'ExchangeOnline', guard = true): RuleSet {
  const base = guard ? addRule(createRuleSet(profile), guardRule()) : createRuleSet(profile);
  return rules.reduce((s, r) => addRule(s, createRule(r)), base);
}
const codes = (set: RuleSet, profile?: Profile) => lintRuleSet(set, profile).map((f) => f.code);
const only = (set: RuleSet, code: string) => lintRuleSet(set).filter((f) => f.code === code);

describe('clean sets', () => {
  it('a sensible Exchange Online set has no errors or warnings', () => {
    const set = setOf([{ name: 'Block POP3 basic', action: 'DenyAccess', anyOfProtocols: ['POP3'], anyOfAuthenticationTypes: ['BasicAuthentication'] }]);
    expect(lintRuleSet(set).filter((f) => f.severity !== 'info')).toEqual([]);
  });
  it('an empty set has no findings', () => {
    expect(lintRuleSet(createRuleSet())).toEqual([]);
  });
});

describe('errors Exchange rejects', () => {
  it('duplicate names, case-insensitive, on the later rule', () => {
    const set = setOf([{ name: 'Block' }, { name: 'BLOCK' }, { name: 'block ' }], 'ExchangeOnline', false);
    const f = only(set, 'duplicate-name');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', priority: 2, ruleName: 'BLOCK', field: 'name' });
    expect(f[0]!.message).toMatch(/priority 1/);
  });
  it('empty name', () => {
    expect(only(setOf([{ name: '  ' }]), 'empty-name')[0]).toMatchObject({ severity: 'error', priority: 2 });
  });
  it('invalid IPs with the reason', () => {
    const set = setOf([{ name: 'r', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '10.0.0.0/33'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.9-10.0.0.1'] }]);
    const f = only(set, 'invalid-ip');
    expect(f.map((x) => [x.field, x.value])).toEqual([
      ['anyOfClientIPAddressesOrRanges', '10.0.0.0/33'],
      ['exceptAnyOfClientIPAddressesOrRanges', '10.0.0.9-10.0.0.1'],
    ]);
    expect(f[0]!.message).toMatch(/prefix 33/);
    expect(f[0]!.fix).toBeTruthy();
  });
  it('except auth without auth', () => {
    const set = setOf([{ name: 'r', anyOfProtocols: ['POP3'], exceptAnyOfAuthenticationTypes: ['OAuthAuthentication'] }]);
    expect(codes(set)).toContain('except-auth-without-auth');
  });
  it('auth filter without protocols', () => {
    const set = setOf([{ name: 'r', anyOfAuthenticationTypes: ['BasicAuthentication'] }]);
    expect(codes(set)).toContain('auth-without-protocols');
  });
  it('auth filter with a protocol that supports none', () => {
    const set = setOf([{ name: 'r', anyOfProtocols: ['ExchangeWebServices', 'POP3'], anyOfAuthenticationTypes: ['BasicAuthentication'] }]);
    expect(only(set, 'auth-unsupported-protocol')[0]).toMatchObject({ value: 'ExchangeWebServices', field: 'anyOfProtocols' });
    const except = setOf([{ name: 'r', anyOfProtocols: ['POP3'], exceptAnyOfProtocols: ['REST'], anyOfAuthenticationTypes: ['BasicAuthentication'] }]);
    expect(only(except, 'auth-unsupported-protocol')[0]).toMatchObject({ value: 'REST', field: 'exceptAnyOfProtocols' });
  });
  it('names protocols and authentication types by display name, PowerShell value secondary', () => {
    const types = only(setOf([{ name: 'r', anyOfProtocols: ['ExchangeActiveSync'], anyOfAuthenticationTypes: ['AdfsAuthentication'] }]), 'auth-type-unsupported')[0];
    expect(types?.message).toMatch(/^AD FS \(AdfsAuthentication\) cannot be used with Exchange ActiveSync \(ExchangeActiveSync\): Exchange ActiveSync \(ExchangeActiveSync\) supports Basic \(BasicAuthentication\)/);
    const server = lintRuleSet(setOf([{ name: 'r', anyOfProtocols: ['OutlookWebApp'] }], 'ExchangeServer'), 'ExchangeServer').find((f) => f.code === 'server-unsupported-protocol');
    expect(server?.message).toBe(
      'Outlook on the web (OutlookWebApp) is not governed by Client Access Rules in Exchange Server 2019 / SE: only Exchange admin center (ExchangeAdminCenter) and Remote PowerShell (RemotePowerShell) are.',
    );
    const noProtocols = only(setOf([{ name: 'r', anyOfAuthenticationTypes: ['BasicAuthentication'] }]), 'auth-without-protocols')[0];
    expect(noProtocols?.fix).toBe('Add the protocols this rule is about to Protocols (for example Outlook on the web (OutlookWebApp)).');
    const exceptOnly = only(setOf([{ name: 'r', anyOfProtocols: ['POP3'], exceptAnyOfAuthenticationTypes: ['OAuthAuthentication'] }]), 'except-auth-without-auth')[0];
    expect(exceptOnly?.message).toContain('"Except authentication types" but no "Authentication types"');
  });
  it('follows the support table exactly', () => {
    for (const p of PROTOCOLS) {
      for (const a of AUTHENTICATION_TYPES) {
        const set = setOf([{ name: 'r', action: 'DenyAccess', anyOfProtocols: [p], anyOfAuthenticationTypes: [a] }]);
        const errs = lintRuleSet(set).filter((f) => f.severity === 'error').map((f) => f.code);
        const supported = AUTH_TYPE_SUPPORT[p]?.includes(a) ?? false;
        expect(errs.length === 0, `${p} ${a}`).toBe(supported);
      }
    }
    expect(AUTH_TYPE_SUPPORT.RemotePowerShell).toEqual(['BasicAuthentication', 'NonBasicAuthentication']);
    expect(AUTH_TYPE_SUPPORT.ExchangeActiveSync).toEqual(['BasicAuthentication', 'CertificateBasedAuthentication', 'OAuthAuthentication']);
  });
  it('auth type unsupported by one of the protocols names them', () => {
    const set = setOf([{ name: 'r', anyOfProtocols: ['POP3', 'OutlookWebApp'], exceptAnyOfAuthenticationTypes: ['OAuthAuthentication'], anyOfAuthenticationTypes: ['BasicAuthentication'] }]);
    const f = only(set, 'auth-type-unsupported');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ field: 'exceptAnyOfAuthenticationTypes', value: 'OAuthAuthentication' });
    expect(f[0]!.message).toMatch(/OutlookWebApp/);
  });
  it('bad OPath and unknown property use the parser message', () => {
    const f = only(setOf([{ name: 'r', userRecipientFilter: "Dept -eq 'IT'" }]), 'invalid-filter');
    expect(f[0]!.message).toMatch(/unknown property 'Dept'.*Department/);
    expect(f[0]!.message).not.toMatch(/[?.]\. /);
    expect(f[0]!.severity).toBe('error');
    expect(codes(setOf([{ name: 'r', userRecipientFilter: "City -eq" }]))).toContain('invalid-filter');
    expect(codes(setOf([{ name: 'r', userRecipientFilter: '  ' }]))).not.toContain('invalid-filter');
  });
  it('OPath warnings become lint warnings', () => {
    const f = only(setOf([{ name: 'r', userRecipientFilter: "City -like 'Redmond'" }]), 'filter-warning');
    expect(f[0]).toMatchObject({ severity: 'warning', field: 'userRecipientFilter' });
  });
});

describe('Server profile', () => {
  it('protocols other than EAC and RPS are errors', () => {
    const set = setOf([{ name: 'r', anyOfProtocols: ['OutlookWebApp', 'ExchangeAdminCenter'] }], 'ExchangeServer');
    const f = only(set, 'server-unsupported-protocol');
    expect(f.map((x) => x.value)).toEqual(['OutlookWebApp']);
    expect(f[0]!.severity).toBe('error');
    expect(codes(set, 'ExchangeOnline')).not.toContain('server-unsupported-protocol');
  });
  it('doubtful conditions are warnings', () => {
    const set = setOf(
      [
        {
          name: 'r',
          anyOfProtocols: ['ExchangeAdminCenter'],
          exceptAnyOfProtocols: ['RemotePowerShell'],
          anyOfAuthenticationTypes: ['BasicAuthentication'],
          usernameMatchesAnyOfPatterns: ['*\\admin*'],
          userRecipientFilter: "Department -eq 'IT'",
        },
      ],
      'ExchangeServer',
    );
    const f = only(set, 'server-doubtful-condition');
    expect(f.map((x) => x.field)).toEqual(['exceptAnyOfProtocols', 'anyOfAuthenticationTypes', 'usernameMatchesAnyOfPatterns', 'userRecipientFilter']);
    expect(f.every((x) => x.severity === 'warning')).toBe(true);
    expect(lintRuleSet(set).filter((x) => x.severity === 'error')).toEqual([]);
  });
  it('the profile argument overrides the set profile', () => {
    const set = setOf([{ name: 'r', anyOfProtocols: ['POP3'] }]);
    expect(codes(set, 'ExchangeServer')).toContain('server-unsupported-protocol');
  });
});

describe('warnings and info', () => {
  it('more than 20 rules', () => {
    const many = setOf(Array.from({ length: 20 }, (_, i) => ({ name: `r${i}` })));
    expect(lintRuleSet(many)[0]).toMatchObject({ code: 'too-many-rules', severity: 'warning', value: '21' });
    expect(codes(setOf(Array.from({ length: 19 }, (_, i) => ({ name: `r${i}` }))))).not.toContain('too-many-rules');
  });
  it('name over 64 characters', () => {
    expect(codes(setOf([{ name: 'x'.repeat(65) }]))).toContain('name-too-long');
    expect(codes(setOf([{ name: 'x'.repeat(64) }]))).not.toContain('name-too-long');
  });
  it('jeff* patterns with a fix', () => {
    const f = only(setOf([{ name: 'r', usernameMatchesAnyOfPatterns: ['jeff*', '*\\ok*'], exceptUsernameMatchesAnyOfPatterns: ['admin'] }]), 'jeff-star-pattern');
    expect(f.map((x) => x.value)).toEqual(['jeff*', 'admin']);
    expect(f[0]!.fix).toContain("'*\\jeff*'");
  });
  it('UniversalOutlook with username patterns', () => {
    expect(codes(setOf([{ name: 'r', anyOfProtocols: ['UniversalOutlook'], usernameMatchesAnyOfPatterns: ['*\\a*'] }]))).toContain('universal-outlook-username');
    expect(codes(setOf([{ name: 'r', anyOfProtocols: ['UniversalOutlook'] }]))).not.toContain('universal-outlook-username');
  });
  it('ExchangeAdminCenter is the classic EAC only (info)', () => {
    expect(only(setOf([{ name: 'r', anyOfProtocols: ['ExchangeAdminCenter'] }]), 'classic-eac-only')[0]!.severity).toBe('info');
  });
  it('Microsoft middle-tier bypass once, when something is denied', () => {
    const set = setOf([
      { name: 'a', action: 'DenyAccess', anyOfProtocols: ['POP3'] },
      { name: 'b', action: 'DenyAccess', anyOfProtocols: ['IMAP4'] },
    ]);
    expect(only(set, 'microsoft-middle-tier-bypass')).toHaveLength(1);
    expect(only(set, 'microsoft-middle-tier-bypass')[0]!.ruleId).toBeUndefined();
    expect(codes(setOf([{ name: 'a' }]))).not.toContain('microsoft-middle-tier-bypass');
  });
  it('a deny rule without conditions', () => {
    expect(only(setOf([{ name: 'r', action: 'DenyAccess' }]), 'deny-everything')[0]!.severity).toBe('warning');
    expect(codes(setOf([{ name: 'r', action: 'DenyAccess', exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }]))).not.toContain('deny-everything');
    expect(codes(setOf([{ name: 'r', action: 'AllowAccess' }]))).not.toContain('deny-everything');
  });
  it('includes the shadowed-rule warning', () => {
    const set = setOf([{ name: 'Block OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'] }, { name: 'Allow OWA office', anyOfProtocols: ['OutlookWebApp'], anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }], 'ExchangeOnline', false);
    expect(only(set, 'shadowed-rule')).toHaveLength(1);
    expect(only(set, 'shadowed-rule')[0]).toMatchObject({ severity: 'warning', ruleName: 'Allow OWA office' });
  });
  it('includes the lockout warning', () => {
    const set = setOf([{ name: 'r', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] }], 'ExchangeOnline', false);
    expect(only(set, 'remote-powershell-lockout')[0]).toMatchObject({ priority: 1, ruleName: 'r' });
  });
});

describe('finding shape and grouping', () => {
  it('every rule finding carries id, name, priority and a message', () => {
    const set = setOf([{ name: 'x'.repeat(70), action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['jeff*'] }], 'ExchangeOnline', false);
    for (const f of lintRuleSet(set).filter((x) => x.ruleId)) {
      expect(f.ruleName).toBe('x'.repeat(70));
      expect(f.priority).toBe(1);
      expect(f.message.length).toBeGreaterThan(20);
    }
  });
  it('findingsByRule groups by id with rule-set findings under the empty key', () => {
    const set = setOf([{ name: 'a', action: 'DenyAccess' }, { name: 'a', anyOfClientIPAddressesOrRanges: ['x'] }]);
    const map = findingsByRule(lintRuleSet(set));
    expect(map.get(RULE_SET_KEY)?.map((f) => f.code)).toEqual(['microsoft-middle-tier-bypass']);
    // The second 'a' has only an invalid IP value, so it never matches at all (exact analysis).
    expect(map.get(set.rules[2]!.id)?.map((f) => f.code)).toEqual(['duplicate-name', 'invalid-ip', 'rule-never-matches']);
    expect(lintRule(set, set.rules[2]!.id).map((f) => f.code)).toEqual(['duplicate-name', 'invalid-ip', 'rule-never-matches']);
    expect(lintRule(set, 'nope')).toEqual([]);
  });
});

describe('exact analysis size limits', () => {
  /** Ten sites of twenty rules, each with its own networks and account prefix (like the analysis bench). */
  function sites(count: number): RuleSet {
    const rules: Rule[] = [];
    for (let site = 0; site < count; site++) {
      const prefix = `site${site}.contoso.com\\`;
      const office = [`10.${site}.0.0/16`, `192.0.${site}.0/24`, `2001:db8:${site}::/48`];
      for (let i = 0; i < 20; i++) {
        const deny = i % 3 !== 0;
        rules.push(
          createRule({
            name: `S${site} rule ${i}`,
            action: deny ? 'DenyAccess' : 'AllowAccess',
            anyOfProtocols: [PROTOCOLS[(site + i) % PROTOCOLS.length]!],
            ...(i % 2 === 0 ? { usernameMatchesAnyOfPatterns: [`${prefix}${i % 4 === 0 ? 'adm-' : ''}*`] } : {}),
            ...(i % 5 === 0 ? { exceptAnyOfClientIPAddressesOrRanges: office } : { anyOfClientIPAddressesOrRanges: [...office, `198.51.${i}.${site}`] }),
          }),
        );
      }
    }
    return rules.reduce((s, r) => addRule(s, r), createRuleSet('ExchangeOnline'));
  }

  it('a 200-rule project gets the exact findings, not a deferral', () => {
    const findings = lintRuleSet(sites(10));
    expect(findings.some((f) => f.code === 'analysis-deferred')).toBe(false);
    expect(findings.some((f) => f.code === 'shadowed-rule' || f.code === 'redundant-rule' || f.code === 'dead-exception')).toBe(true);
  });

  it('a truly huge set is deferred with an info that says nothing is wrong', () => {
    const findings = lintRuleSet(sites(13));
    const deferred = findings.filter((f) => f.code === 'analysis-deferred');
    expect(deferred).toHaveLength(1);
    expect(deferred[0]!.severity).toBe('info');
    expect(deferred[0]!.message).toContain('260 rules');
    expect(deferred[0]!.message).toContain('Nothing is wrong');
    expect(findings.some((f) => f.code === 'shadowed-rule')).toBe(false);
  });
});
