import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRule, createRuleSet, replaceRules } from '../model/rule-set.ts';
import type { Rule, RuleSet } from '../model/types.ts';
import { EXCHANGE_ONLINE_APP_ID, migrateRuleSet, migrationFiles, migrationReport, ruleKind, translatedSide } from './migrate.ts';
import { evaluate } from '../evaluator/evaluate.ts';
import { AUTHENTICATION_TYPES, PROTOCOLS, type Action, type Connection } from '../model/types.ts';

function setOf(rules: Rule[], profile: RuleSet['profile'] = 'ExchangeOnline'): RuleSet {
  return replaceRules(createRuleSet(profile), rules);
}

const mixed = setOf([
  createRule({ name: 'Always Allow Remote PowerShell', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] }),
  createRule({ name: 'Block POP and IMAP', action: 'DenyAccess', anyOfProtocols: ['POP3', 'IMAP4'] }),
  createRule({ name: 'Block outside office', action: 'DenyAccess', exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '192.168.0.1-192.168.0.6'] }),
  createRule({ name: 'Block contractors', action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['contoso.com\\ext-*'] }),
  createRule({ name: 'Block OWA outside', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }),
  createRule({ name: 'Block bob', action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['CONTOSO\\bob'] }),
]);

describe('ruleKind', () => {
  it("sorts rules into Microsoft's kinds", () => {
    expect(ruleKind(createRule({ usernameMatchesAnyOfPatterns: ['*\\a*'] }))).toBe('users');
    expect(ruleKind(createRule({ userRecipientFilter: "City -eq 'x'" }))).toBe('users');
    expect(ruleKind(createRule({ exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.1'] }))).toBe('ip');
    expect(ruleKind(createRule({ anyOfProtocols: ['POP3'] }))).toBe('protocol');
    expect(ruleKind(createRule({ anyOfProtocols: ['POP3'], anyOfClientIPAddressesOrRanges: ['10.0.0.1'] }))).toBe('protocol+ip');
    expect(ruleKind(createRule({ anyOfProtocols: ['POP3'], anyOfAuthenticationTypes: ['BasicAuthentication'] }))).toBe('other');
    expect(ruleKind(createRule())).toBe('other');
  });
});

describe('migrateRuleSet on a mixed rule set', () => {
  const result = migrateRuleSet(mixed);
  const byName = (name: string) => result.rules.find((r) => r.name === name);

  it('gives each rule a kind and a verdict with reasons', () => {
    expect(result.rules.map((r) => [r.name, r.kind, r.verdict])).toEqual([
      ['Always Allow Remote PowerShell', 'protocol', 'approximate'],
      ['Block POP and IMAP', 'protocol', 'exact'],
      ['Block outside office', 'ip', 'approximate'],
      ['Block contractors', 'users', 'approximate'],
      ['Block OWA outside', 'protocol+ip', 'not-translatable'],
      ['Block bob', 'users', 'not-translatable'],
    ]);
    expect(byName('Block bob')?.reasons[0]).toMatch(/NetBIOS domain/);
    expect(byName('Block OWA outside')?.reasons[0]).toMatch(/^protocol \+ IP/);
    expect(byName('Block outside office')?.reasons[0]).toMatch(/'Always Allow Remote PowerShell' above/);
  });

  it('builds named locations with the exact CIDR set, and report-only policies on Exchange Online', () => {
    expect(result.namedLocations).toEqual([
      {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        displayName: 'CAR Block outside office excepted IPs',
        isTrusted: false,
        ipRanges: [
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '10.0.0.0/8' },
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.168.0.1/32' },
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.168.0.2/31' },
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.168.0.4/31' },
          { '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '192.168.0.6/32' },
        ],
      },
    ]);
    expect(result.policies.map((p) => p.displayName)).toEqual(['CAR 3: Block outside office', 'CAR 4: Block contractors']);
    for (const p of result.policies) {
      expect(p.state).toBe('enabledForReportingButNotEnforced');
      expect(p.conditions.applications.includeApplications).toEqual([EXCHANGE_ONLINE_APP_ID]);
      expect(p.grantControls.builtInControls).toEqual(['block']);
    }
    expect(result.policies[0]?.conditions.locations).toEqual({
      includeLocations: ['All'],
      excludeLocations: ['{{namedLocation:CAR Block outside office excepted IPs}}'],
    });
    expect(result.groups.map((g) => g.membershipRule)).toEqual(['(user.userPrincipalName -match "^ext-.*@contoso\\.com$")']);
    expect(migrateRuleSet(mixed, { state: 'enabled' }).policies[0]?.state).toBe('enabled');
  });

  it('writes the protocol switches in the Exchange script', () => {
    expect(result.exchangeScript).toContain("# From rule 'Block POP and IMAP': switch off POP3, IMAP4.");
    expect(result.exchangeScript).toContain('Get-CASMailbox -ResultSize Unlimited | Set-CASMailbox -PopEnabled $false -ImapEnabled $false');
    expect(result.exchangeScript).toContain('Get-CASMailboxPlan | Set-CASMailboxPlan -PopEnabled $false -ImapEnabled $false');
  });

  it('says which connections the translation decides differently, in words', () => {
    const summaries = result.differences.map((d) => d.summary);
    expect(summaries).toContain("Blocked today by rule 'Block bob' (priority 6), allowed after the migration: nothing translated blocks it");
    expect(summaries).toContain(
      "Allowed today by rule 'Always Allow Remote PowerShell' (priority 1), blocked after the migration by policy 'CAR 3: Block outside office'",
    );
    expect(summaries.some((s) => s.startsWith("Blocked today by rule 'Block OWA outside'"))).toBe(true);
    const owa = result.differences.find((d) => d.summary.startsWith("Blocked today by rule 'Block OWA outside'"));
    expect(owa?.examples[0]).toMatch(/^Outlook on the web with [\w -]+ authentication from 192\.168\.0\.1 as /);
    expect(migrationReport(result)).toContain('Compared ');
  });

  it('lists the files of the download', () => {
    expect(migrationFiles(result).map((f) => f.name)).toEqual([
      'README.md',
      'named-locations.json',
      'groups.json',
      'policies.json',
      'deploy-graph.ps1',
      'exchange-controls.ps1',
      'report.txt',
    ]);
  });
});

describe('migrateRuleSet edge cases', () => {
  it('quotes rule names in the Exchange script', () => {
    const r = migrateRuleSet(setOf([createRule({ name: "Bob's POP'; Remove-Mailbox", action: 'DenyAccess', anyOfProtocols: ['POP3'] })]));
    expect(r.exchangeScript).toContain("# From rule 'Bob''s POP''; Remove-Mailbox': switch off POP3.");
  });
  it('keeps Remote PowerShell for listed admins and refuses to run with none listed', () => {
    const r = migrateRuleSet(setOf([createRule({ name: 'No RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] })]));
    expect(r.rules[0]?.verdict).toBe('approximate');
    expect(r.exchangeScript).toContain('$keepRemotePowerShell = @()');
    expect(r.exchangeScript).toContain('Set-User -RemotePowerShellEnabled $false');
  });
  it('calls a protocol with no switch not translatable', () => {
    const r = migrateRuleSet(setOf([createRule({ name: 'No REST', action: 'DenyAccess', anyOfProtocols: ['REST'] })]));
    expect(r.rules[0]).toMatchObject({ verdict: 'not-translatable', reasons: ['REST has no per-user switch in Exchange Online'] });
  });
  it('lists the on-premises controls for the Exchange Server profile', () => {
    const r = migrateRuleSet(setOf([], 'ExchangeServer'));
    expect(r.onPremises.join('\n')).toMatch(/Set-User <user> -RemotePowerShellEnabled \$false/);
    expect(r.onPremises.join('\n')).toMatch(/Set-EcpVirtualDirectory .* -AdminEnabled \$false on the internet-facing servers/);
    expect(r.onPremises.join('\n')).toMatch(/REST-based admin API/);
    expect(migrateRuleSet(mixed).onPremises).toEqual([]);
  });
  it('a disabled rule becomes nothing, exactly', () => {
    const r = migrateRuleSet(setOf([createRule({ name: 'Off', action: 'DenyAccess', enabled: false, anyOfClientIPAddressesOrRanges: ['10.0.0.1'] })]));
    expect(r.rules[0]?.verdict).toBe('exact');
    expect(r.policies).toEqual([]);
    expect(r.differences).toEqual([]);
  });
});

describe('exact verdicts mean no differences (property)', () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const ipValue = fc.oneof(
    fc.tuple(octet, octet).map(([a, b]) => `10.${a}.${b}.1`),
    fc.tuple(octet, fc.integer({ min: 8, max: 30 })).map(([a, p]) => `10.${a}.0.0/${p}`),
    fc.tuple(octet, octet, octet).map(([a, b, c]) => `192.168.${a}.${Math.min(b, c)}-192.168.${a}.${Math.max(b, c)}`),
  );
  const user = fc.constantFrom('contoso.com\\ext-*', '*\\admin*', 'fabrikam.com\\*', '*sales*', 'contoso.com\\jeff');
  const rule = fc.oneof(
    fc.record({
      action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
      anyOfClientIPAddressesOrRanges: fc.array(ipValue, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
      exceptAnyOfClientIPAddressesOrRanges: fc.array(ipValue, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const), usernameMatchesAnyOfPatterns: fc.array(user, { minLength: 1, maxLength: 2 }) }),
    fc.record({ action: fc.constant('DenyAccess' as const), anyOfProtocols: fc.subarray(['POP3', 'IMAP4', 'OutlookWebApp', 'ExchangeWebServices'] as const, { minLength: 1 }).map((p) => [...p]) }),
  );
  it('when every rule is exact, the translation decides every connection as the rules do', () => {
    let exact = 0;
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 5 }), (partials) => {
        const set = setOf(partials.map((p, i) => createRule({ ...p, name: `R${i}` })));
        const r = migrateRuleSet(set);
        if (!r.rules.every((x) => x.verdict === 'exact')) return true;
        exact += 1;
        return r.differences.length === 0;
      }),
      { numRuns: 60 },
    );
    // The property is not vacuous: most generated sets translate exactly.
    expect(exact).toBeGreaterThan(20);
  });
});

describe('the Exchange script covers every documented mailbox-plan switch, and says what has none', () => {
  it('writes Set-CASMailboxPlan for each protocol whose switch Microsoft documents on it', () => {
    const r = migrateRuleSet(
      setOf([createRule({ name: 'Block legacy', action: 'DenyAccess', anyOfProtocols: ['ExchangeActiveSync', 'ExchangeAdminCenter', 'ExchangeWebServices', 'OutlookAnywhere', 'OutlookWebApp'] })]),
    );
    expect(r.exchangeScript).toContain(
      'Get-CASMailboxPlan | Set-CASMailboxPlan -ActiveSyncEnabled $false -ECPEnabled $false -EwsEnabled $false -MAPIEnabled $false -OWAEnabled $false',
    );
    expect(r.exchangeScript).toContain('EwsEnabled on Set-CASMailboxPlan as a number');
    expect(r.exchangeScript).not.toContain('Set-CASMailboxPlan has no');
    expect(r.rules[0]?.verdict).toBe('exact');
  });

  it('notes the protocols with no per-user switch at their rule, and that Remote PowerShell has no plan setting', () => {
    const r = migrateRuleSet(
      setOf([
        createRule({ name: 'Block OAB and POP', action: 'DenyAccess', anyOfProtocols: ['OfflineAddressBook', 'POP3'] }),
        createRule({ name: 'Block REST', action: 'DenyAccess', anyOfProtocols: ['REST'] }),
        createRule({ name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] }),
      ]),
    );
    expect(r.exchangeScript).toContain("# From rule 'Block OAB and POP': switch off POP3.\n# OfflineAddressBook: no per-user switch in Exchange Online (and no mailbox-plan setting): it stays open.");
    expect(r.exchangeScript).toContain("# From rule 'Block REST':\n# REST: no per-user switch in Exchange Online (and no mailbox-plan setting): it stays open.");
    expect(r.exchangeScript).toContain('RemotePowerShellEnabled is a per-user setting with no mailbox-plan equivalent: users created later keep it on');
    expect(r.rules.map((x) => x.verdict)).toEqual(['approximate', 'not-translatable', 'approximate']);
  });
});

describe('Graph JSON: valid request bodies, with documented id parameters', () => {
  const result = migrateRuleSet(
    setOf([
      createRule({ name: 'Allow office', action: 'AllowAccess', anyOfClientIPAddressesOrRanges: ['10.0.0.0/8'] }),
      createRule({ name: 'Block | contractors', action: 'DenyAccess', usernameMatchesAnyOfPatterns: ['contoso.com\\ext-*'] }),
      createRule({ name: 'Block outside', action: 'DenyAccess', exceptAnyOfClientIPAddressesOrRanges: ['192.168.0.0/16'] }),
    ]),
  );
  const files = new Map(migrationFiles(result).map((f) => [f.name, f.text]));

  it('named locations and groups hold no parameter; every id a policy needs is a parameter of a created object', () => {
    expect(files.get('named-locations.json')).not.toContain('{{');
    expect(files.get('groups.json')).not.toContain('{{');
    const policies = JSON.parse(files.get('policies.json') ?? '') as typeof result.policies;
    const refs = policies.flatMap((p) => [
      ...p.conditions.users.includeGroups,
      ...p.conditions.users.excludeGroups,
      ...(p.conditions.locations?.includeLocations ?? []).filter((l) => l !== 'All'),
      ...(p.conditions.locations?.excludeLocations ?? []),
    ]);
    expect(refs.length).toBeGreaterThan(0);
    const tokens = new Map(result.parameters.map((p) => [p.token, p]));
    for (const ref of refs) {
      const parameter = tokens.get(ref);
      expect(parameter, ref).toBeDefined();
      const source = JSON.parse(files.get(parameter?.file ?? '') ?? '[]') as { displayName: string }[];
      expect(source.map((o) => o.displayName)).toContain(parameter?.displayName);
    }
    expect(result.parameters.map((p) => [p.token, p.file, p.usedBy])).toEqual([
      ['{{namedLocation:CAR Allow office IPs}}', 'named-locations.json', ['CAR 2: Block | contractors', 'CAR 3: Block outside']],
      ['{{namedLocation:CAR Block outside excepted IPs}}', 'named-locations.json', ['CAR 3: Block outside']],
      ['{{group:CAR Block | contractors users}}', 'groups.json', ['CAR 2: Block | contractors']],
    ]);
  });

  it('the README lists every parameter with the object that replaces it, table cells escaped', () => {
    const readme = files.get('README.md') ?? '';
    expect(readme).toContain("| `{{group:CAR Block \\| contractors users}}` | the group 'CAR Block \\| contractors users' | groups.json | 'CAR 2: Block \\| contractors' |");
    expect(readme).toContain(
      "| `{{namedLocation:CAR Allow office IPs}}` | the named location 'CAR Allow office IPs' | named-locations.json | 'CAR 2: Block \\| contractors', 'CAR 3: Block outside' |",
    );
    expect(readme).toContain('https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies');
  });

  it('the deploy script creates locations, then groups, then policies, and reads the JSON files beside it', () => {
    const script = files.get('deploy-graph.ps1') ?? '';
    const at = (t: string) => script.indexOf(t);
    expect(at("(Read-Objects 'named-locations.json')")).toBeGreaterThan(0);
    expect(at("(Read-Objects 'named-locations.json')")).toBeLessThan(at("(Read-Objects 'groups.json')"));
    expect(at("(Read-Objects 'groups.json')")).toBeLessThan(at("(Read-Objects 'policies.json')"));
    // The ids are recorded under exactly the parameters the policies use.
    expect(script).toContain("$ids['{{namedLocation:' + $location.displayName + '}}'] = $created.id");
    expect(script).toContain("$ids['{{group:' + $group.displayName + '}}'] = $created.id");
    for (const field of ['includeGroups', 'excludeGroups', 'includeLocations', 'excludeLocations']) {
      expect(script).toMatch(new RegExp(`\\.${field} = Resolve-Parameters \\$\\w+\\.${field} \\$policy\\.displayName`));
    }
    expect(script).toContain('which no object created here has');
  });
});

describe('the comparison is exact: brute force over connections agrees (property)', () => {
  /** Whether `rule`'s conditions and exceptions match `c` (order and enabled state aside), by the evaluator. */
  function matches(rule: Rule, c: Connection): boolean {
    return evaluate(setOf([{ ...rule, enabled: true, datacenterAdminsOnly: false, action: 'DenyAccess' }]), c).matchedRule !== null;
  }
  const octet = fc.integer({ min: 0, max: 255 });
  const ipValue = fc.oneof(
    octet.map((a) => `10.${a}.0.0/16`),
    fc.tuple(octet, octet).map(([a, b]) => `10.${a}.${b}.7`),
    fc.tuple(octet, octet).map(([a, b]) => `192.168.0.${Math.min(a, b)}-192.168.0.${Math.max(a, b)}`),
  );
  const pattern = fc.constantFrom('contoso.com\\ext-*', '*\\admin*', 'contoso.com\\jeff', 'CONTOSO\\bob');
  const rule = fc.record({
    action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
    anyOfProtocols: fc.subarray(['POP3', 'OutlookWebApp', 'RemotePowerShell', 'REST'] as const).map((p) => [...p]),
    anyOfClientIPAddressesOrRanges: fc.array(ipValue, { maxLength: 2 }),
    exceptAnyOfClientIPAddressesOrRanges: fc.array(ipValue, { maxLength: 2 }),
    usernameMatchesAnyOfPatterns: fc.array(pattern, { maxLength: 2 }),
    userRecipientFilter: fc.constantFrom('', "Department -eq 'Sales'"),
    anyOfAuthenticationTypes: fc.constantFrom<('BasicAuthentication')[]>([], ['BasicAuthentication']),
  });
  const connection = fc.record({
    protocol: fc.constantFrom(...PROTOCOLS),
    authenticationType: fc.constantFrom(...AUTHENTICATION_TYPES),
    ipAddress: fc.oneof(
      fc.tuple(octet, octet).map(([a, b]) => `10.${a}.${b}.7`),
      octet.map((a) => `192.168.0.${a}`),
      fc.constant('203.0.113.10'),
    ),
    port: fc.constant(443),
    user: fc.constantFrom('ext-ann@contoso.com', 'jeff@contoso.com', 'theadmin@fabrikam.com', 'CONTOSO\\bob', 'zoe@contoso.com'),
    attributes: fc.constantFrom<Record<string, string>>({}, { Department: 'Sales' }),
    connectionType: fc.constant('EndUser' as const),
  });

  it('every connection decided differently falls under a reported difference, and nothing else is reported', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 5 }), fc.array(connection, { minLength: 30, maxLength: 30 }), (partials, connections) => {
        const set = setOf(partials.map((p, i) => createRule({ ...p, name: `R${i}` })));
        const result = migrateRuleSet(set);
        const blocks = translatedSide(set);
        const summaries = new Set(result.differences.map((d) => d.summary));
        const expectedSummary = (c: Connection): string | null => {
          const today = evaluate(set, c);
          const block = blocks.find((b) => matches(b.rule, c) && !b.exclusions.some((e) => matches(e, c)));
          const after: Action = block ? 'DenyAccess' : 'AllowAccess';
          if (today.action === after) return null;
          const byRule = today.matchedRuleId !== null ? `rule '${today.matchedRule ?? ''}' (priority ${set.rules.findIndex((r) => r.id === today.matchedRuleId) + 1})` : 'no rule (allowed by default)';
          return block ? `Allowed today by ${byRule}, blocked after the migration by ${block.label}` : `Blocked today by ${byRule}, allowed after the migration: nothing translated blocks it`;
        };
        for (const c of connections) {
          const summary = expectedSummary(c);
          if (summary !== null) expect(summaries, JSON.stringify(c)).toContain(summary);
        }
        // Each reported difference has examples that really are decided that way.
        expect(result.complete).toBe(true);
        for (const d of result.differences) {
          expect(d.exampleConnections.length).toBeGreaterThan(0);
          for (const c of d.exampleConnections) expect(expectedSummary(c), JSON.stringify(c)).toBe(d.summary);
        }
        return true;
      }),
      { numRuns: 60 },
    );
  });
});
