import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addTestCase, createRule, createRuleSet, replaceRules } from '../model/rule-set.ts';
import { AUTHENTICATION_TYPES, LIST_FIELD_PARAMETERS, LIST_FIELDS, PROTOCOLS, type Rule, type RuleSet } from '../model/types.ts';
import { parseScript } from './parser.ts';
import { replayCommands } from './replay.ts';
import { adminPathConnections } from '../analysis/admin-path.ts';
import { generateRollbackScript, generateRolloutScript, rolloutStageBody, rolloutStageOne } from './rollout.ts';

const hostileText = fc
  .array(fc.oneof(fc.constantFrom("'", '’', '"', '`', '$(', '#', '<#', ';', '{', '}', '\n', 'ü', '\u202E', '*', '\\', ' '), fc.constantFrom('a', 'Rule', 'x')), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

const ruleArb = (name: string): fc.Arbitrary<Rule> =>
  fc
    .record({
      action: fc.constantFrom('AllowAccess' as const, 'DenyAccess' as const),
      enabled: fc.boolean(),
      scope: fc.constantFrom('All' as const, 'Users' as const),
      anyOfProtocols: fc.uniqueArray(fc.constantFrom(...PROTOCOLS), { maxLength: 3 }),
      anyOfAuthenticationTypes: fc.uniqueArray(fc.constantFrom(...AUTHENTICATION_TYPES), { maxLength: 2 }),
      anyOfClientIPAddressesOrRanges: fc.uniqueArray(fc.constantFrom('10.0.0.0/8', '192.168.0.1-192.168.0.254', '2001:db8::/32', '203.0.113.7'), { maxLength: 2 }),
      usernameMatchesAnyOfPatterns: fc.uniqueArray(hostileText, { maxLength: 2 }),
      userRecipientFilter: fc.constantFrom('', "City -eq 'Redmond'"),
      notes: fc.option(fc.record({ owner: hostileText, ticket: hostileText }), { nil: undefined }),
    })
    .map((partial) => createRule({ ...partial, name }));

/** A deployed baseline and a draft made from it: rules kept (maybe edited), removed, added, reordered. */
const pairArb = fc
  .uniqueArray(hostileText.filter((t) => t.trim() !== ''), { maxLength: 7, selector: (t) => t.toLowerCase() })
  .chain((names) =>
    fc.tuple(fc.constant(names), fc.array(fc.constantFrom('base', 'draft', 'both'), { minLength: names.length, maxLength: names.length })),
  )
  .chain(([names, where]) => {
    const baseNames = names.filter((_, i) => where[i] !== 'draft');
    const draftNames = names.filter((_, i) => where[i] !== 'base');
    return fc
      .tuple(
        fc.tuple(...baseNames.map(ruleArb)),
        fc.tuple(...draftNames.map(ruleArb)),
        fc.array(fc.boolean(), { minLength: draftNames.length, maxLength: draftNames.length }),
        fc.shuffledSubarray(draftNames.map((_, i) => i), { minLength: draftNames.length, maxLength: draftNames.length }),
      )
      .map(([baseRules, draftRules, keepSame, order]) => {
        const baseline = replaceRules(createRuleSet(), baseRules as Rule[]);
        const byName = new Map(baseline.rules.map((r) => [r.name, r]));
        const list = (draftRules as Rule[]).map((r, i) => {
          const old = byName.get(r.name);
          return old && keepSame[i] ? old : r;
        });
        return { baseline, draft: replaceRules(baseline, order.map((i) => list[i] as Rule)) };
      });
  });

/** The body of a stage's guarded block; fails the test when the stage is not exactly one block. */
function stageBody(script: string, stage: 1 | 2 | 3): string {
  const body = rolloutStageBody(script, stage);
  if (body === null) throw new Error(`stage ${stage} is not one guarded block`);
  return body;
}

/** Rules as Exchange holds them (no ids, no notes; list values as sets). */
function shape(set: RuleSet): unknown[] {
  return set.rules.map(({ id: _id, notes: _notes, ...rule }) => {
    const copy: Record<string, unknown> = { ...rule };
    for (const field of LIST_FIELDS) copy[field] = [...rule[field]].sort();
    return copy;
  });
}

/** Reads a script back with the project's reader on top of `start`; problems other than skipped control flow. */
function readBack(start: RuleSet, script: string): { set: RuleSet; problems: string[] } {
  const parsed = parseScript(script);
  const replayed = replayCommands(start, parsed.commands);
  const expected = (m: string) => m.startsWith('Skipped') || m.includes('ONE value') || m.includes('placeholder');
  const problems = [...parsed.findings, ...replayed.findings]
    .filter((f) => f.severity === 'error' || (f.severity === 'warning' && !expected(f.message)))
    .map((f) => `${f.line}:${f.column} ${f.message}`);
  return { set: replayed.ruleSet, problems };
}

describe('generateRolloutScript', () => {
  const baseline = replaceRules(createRuleSet(), [
    createRule({ name: 'Old allow', action: 'AllowAccess', anyOfProtocols: ['POP3'] }),
    createRule({ name: 'Block IMAP', action: 'DenyAccess', anyOfProtocols: ['IMAP4'] }),
  ]);
  let draft = replaceRules(createRuleSet(), [
    createRule({ name: 'Always Allow Remote PowerShell', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] }),
    createRule({ name: 'Block IMAP', action: 'DenyAccess', anyOfProtocols: ['IMAP4', 'POP3'], notes: { owner: "O'Neil" } }),
    createRule({ name: 'Block OWA outside', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8'], usernameMatchesAnyOfPatterns: ['jeff*'] }),
  ]);
  draft = addTestCase(draft, {
    id: 't1',
    name: 'OWA from outside',
    expected: 'AllowAccess',
    connection: { protocol: 'OutlookWebApp', authenticationType: 'BasicAuthentication', ipAddress: '203.0.113.5', port: 443, user: 'jeff@contoso.com', attributes: {}, connectionType: 'EndUser' },
  });
  draft = addTestCase(draft, {
    id: 't2',
    name: 'IMAP is blocked',
    expected: 'DenyAccess',
    connection: { protocol: 'IMAP4', authenticationType: 'BasicAuthentication', ipAddress: '10.1.2.3', port: 993, user: 'ann@contoso.com', attributes: {}, connectionType: 'EndUser' },
  });
  const script = generateRolloutScript(baseline, draft);

  it('stops on errors, checks drift, and can be re-run from a stage', () => {
    expect(script).toContain("$ErrorActionPreference = 'Stop'");
    expect(script).toContain("if ($FromStage -eq 1) { Assert-Deployed -Expected $baselineRules -State 'baseline' }");
    expect(script).toContain("else { Assert-Deployed -Expected $stageOneRules -State 'stage-1 rules' }");
    expect(script).toContain(
      "    @{\n        Name = 'Block OWA outside'; Action = 'DenyAccess'; Enabled = $false; Scope = 'All'\n        AnyOfProtocols = @('OutlookWebApp')\n",
    );
    expect(script).toMatch(/Rule changes take up to 1 hour \(Client Access Rules are cached\) to apply/);
  });

  it('has a -FromStage parameter at the top and guards each stage with it; stage 1 ends the run', () => {
    const { commands, findings } = parseScript(script);
    // The reader follows -FromStage (default 1): stage 1's commands, then its return ends the run.
    const changes = (list: typeof commands) => list.filter((c) => /^(New|Set|Remove)-ClientAccessRule$/.test(c.cmdlet)).map((c) => c.line);
    const stageLines = (stage: 1 | 3) => changes(parseScript(stageBody(script, stage)).commands).length;
    expect(changes(commands)).toHaveLength(stageLines(1));
    expect(changes(parseScript(script, { variables: { FromStage: '3' } }).commands)).toHaveLength(stageLines(3));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const code = script.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    expect(code[0]).toBe('param([ValidateSet(1, 2, 3)][int]$FromStage = 1)');
    expect(script).not.toContain('PSDefaultParameterValues');
    const at = (text: string) => script.indexOf(text);
    expect(at('# ---- Stage 1')).toBeLessThan(at('if ($FromStage -le 1) {'));
    expect(at('if ($FromStage -le 1) {')).toBeLessThan(at('# ---- Stage 2'));
    expect(at('# ---- Stage 2')).toBeLessThan(at('if ($FromStage -le 2) {'));
    expect(at('if ($FromStage -le 2) {')).toBeLessThan(at('# ---- Stage 3'));
    expect(at('# ---- Stage 3')).toBeLessThan(at('if ($FromStage -le 3) {'));
    expect(stageBody(script, 1)).toMatch(/\nWrite-Host 'Stage 1 done\. Rule changes take up to 1 hour[^\n]*-FromStage 2\.'\nreturn$/);
    expect(stageBody(script, 2)).toContain('Assert-Decision');
    expect(stageBody(script, 3)).toContain("Set-ClientAccessRule -Identity 'Block OWA outside' -Enabled $true");
    // Every rule command of the script is in one of the stage blocks.
    const ruleCommands = (text: string) => text.split('\n').filter((l) => /^\s*(New|Set|Remove)-ClientAccessRule /.test(l)).length;
    expect(ruleCommands(stageBody(script, 1)) + ruleCommands(stageBody(script, 3))).toBe(ruleCommands(script));
  });

  it('says how long to wait and why: 24 hours for the first rule, up to 1 hour otherwise', () => {
    expect(script).toContain('# Wait between stage 1 and stage 2: Exchange caches Client Access Rules, so a change takes up to 1 hour');
    expect(script).toContain("#          to apply, and an organisation's first rule up to 24 hours. Here: up to 1 hour (Client Access Rules are cached).");
    expect(script).toContain('before any deny rule is enabled');
    const first = generateRolloutScript(createRuleSet(), draft);
    expect(first).toContain("Here: up to 24 hours (no rule is deployed yet, and an organisation's first rule can take a day to apply).");
    expect(stageBody(first, 1)).toContain("Rule changes take up to 24 hours (no rule is deployed yet, and an organisation''s first rule can take a day to apply) to apply. Wait that long");
    expect(stageBody(first, 3)).toContain('The deny rules take up to 1 hour (Client Access Rules are cached) to apply.');
  });

  it('creates the guard first and the new deny rule disabled in stage 1, and enables it in stage 3', () => {
    const stage1 = script.slice(script.indexOf('# ---- Stage 1'), script.indexOf('# ---- Stage 2'));
    const stage3 = script.slice(script.indexOf('# ---- Stage 3'));
    expect(stage1).toMatch(/New-ClientAccessRule -Name 'Block OWA outside'[\s\S]*-Enabled \$false/);
    expect(stage1.indexOf("-Name 'Always Allow Remote PowerShell'")).toBeLessThan(stage1.indexOf("-Name 'Block OWA outside'"));
    expect(stage3).toContain("Set-ClientAccessRule -Identity 'Block OWA outside' -Enabled $true");
    expect(rolloutStageOne(baseline, draft).rules.map((r) => r.enabled)).toEqual([true, true, false]);
  });

  it('verifies the saved tests with the decision Test-ClientAccessRule gives on the stage-1 rules', () => {
    // The disabled deny rule counts for Test-ClientAccessRule: jeff from outside hits nothing (jeff* never matches), IMAP hits Block IMAP.
    expect(script).toContain(
      "Assert-Decision -Test 'OWA from outside' -Expected AllowAccess -ExpectedRule '' -Rows @(Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol OutlookWebApp -RemoteAddress 203.0.113.5 -RemotePort 443 -User 'jeff@contoso.com')",
    );
    expect(script).toContain("Assert-Decision -Test 'IMAP is blocked' -Expected DenyAccess -ExpectedRule 'Block IMAP' -Rows @(");
  });

  it('writes lint warnings and notes as comments at the rule', () => {
    expect(script).toMatch(/ {4}# Warning: 'The pattern ''jeff\*'' never matches anyone[^\n]*\n {4}New-ClientAccessRule -Name 'Block OWA outside'/);
    expect(script).toContain("    # Note Owner: 'O''Neil'\n    Set-ClientAccessRule -Identity 'Block IMAP'");
  });

  it('stage 1 then stage 3 parse back with the project reader into the stage-1 rules and the draft (property, random drafts with hostile names)', () => {
    const check = (b: RuleSet, d: RuleSet): void => {
      const text = generateRolloutScript(b, d);
      expect(readBack(b, text).problems).toEqual([]);
      const one = readBack(b, stageBody(text, 1));
      expect(one.problems).toEqual([]);
      expect(shape(one.set)).toEqual(shape(rolloutStageOne(b, d)));
      const three = readBack(one.set, stageBody(text, 3));
      expect(three.problems).toEqual([]);
      expect(shape(three.set)).toEqual(shape(d));
    };
    check(baseline, draft);
    fc.assert(
      fc.property(pairArb, ({ baseline: b, draft: d }) => check(b, d)),
      { numRuns: 120 },
    );
  });
});

/** The rows of an expected-rules table (`$name = @( @{…}, … )`) read back through splatting with the project's reader. */
function readExpectedTable(script: string, variable: string): { rules: RuleSet; problems: string[] } {
  const start = script.indexOf(`$${variable} = @(`);
  if (script.startsWith(`$${variable} = @()`, start)) return { rules: createRuleSet(), problems: [] };
  const end = script.indexOf('\n)', start);
  const rows = script.slice(script.indexOf('\n', start) + 1, end).split(/\n {4}\},?\n?/).filter((r) => r.trim() !== '');
  const commands = rows.map((row) => `$row = ${row.trim()}\n}\nNew-ClientAccessRule @row`).join('\n');
  const back = readBack(createRuleSet(), commands);
  return { rules: back.set, problems: back.problems };
}

describe('the drift check', () => {
  it('writes every field of every rule into the expected table, quoted (property, hostile names and values)', () => {
    fc.assert(
      fc.property(pairArb, ({ baseline, draft }) => {
        const script = generateRolloutScript(baseline, draft);
        for (const [variable, set] of [['baselineRules', baseline], ['stageOneRules', rolloutStageOne(baseline, draft)]] as const) {
          const table = readExpectedTable(script, variable);
          expect(table.problems).toEqual([]);
          expect(shape(table.rules)).toEqual(shape(set));
        }
      }),
      { numRuns: 80 },
    );
  });

  it('compares every field with Exchange\'s normalisation and names the rule and the field in the stop message', () => {
    const script = generateRolloutScript(createRuleSet(), createRuleSet());
    const assert = script.slice(script.indexOf('function Assert-Deployed'), script.indexOf('\n}\n', script.indexOf('function Assert-Deployed')));
    for (const field of LIST_FIELDS) {
      const address = field.includes('IPAddresses');
      expect(assert).toContain(`@('${LIST_FIELD_PARAMETERS[field]}', $${String(address)})`);
    }
    expect(assert).toContain('foreach ($field in $setFields)');
    expect(assert).toContain('(Get-SetKey $d.$name $field[1]) -ne (Get-SetKey $e[$name] $field[1])');
    expect(assert).toContain('$rule field $name is $(Format-Values $d.$name); expected $(Format-Values $e[$name])');
    expect(assert).toContain("$rule = \"rule '$($d.Name)' (priority $($i + 1))\"");
    for (const field of ['Action', 'Enabled', 'Scope', 'UserRecipientFilter']) expect(assert).toMatch(new RegExp(`\\$rule field ${field} is`));
    // Sets: sorted and de-duplicated, lower-cased; addresses by their bounds; the filter without white-space runs and outer braces.
    expect(script).toContain('return (@($keys | Sort-Object -Unique) -join [char]10)');
    expect(script).toContain("if ($Address) { ConvertTo-AddressKey ([string]$_) } else { ([string]$_).Trim().ToLowerInvariant() }");
    expect(script).toContain('$low[$i] = $bytes[$i] -band $mask');
    expect(script).toContain("return ($text -replace '\\s+', ' ').ToLowerInvariant()");
    // The script parses with the project's reader without errors.
    expect(parseScript(script).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('stage 1 puts the admin-path allow rules first', () => {
  // The deployed EAC rule is replaced by a narrower one: removing the old one first would cut the
  // admin center off until the new one exists.
  const baseline = replaceRules(createRuleSet(), [
    createRule({ name: 'EAC from anywhere', action: 'AllowAccess', anyOfProtocols: ['ExchangeAdminCenter'] }),
    createRule({ name: 'Block everything else', action: 'DenyAccess' }),
  ]);
  const rules = [
    createRule({ name: 'EAC from the office', action: 'AllowAccess', anyOfProtocols: ['ExchangeAdminCenter'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] }),
    createRule({ name: 'Block everything else', action: 'DenyAccess' }),
  ];
  const path = { protocols: ['ExchangeAdminCenter' as const], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] };

  function stageOneCommands(draft: RuleSet): string[] {
    const script = generateRolloutScript(baseline, draft);
    const stage1 = script.slice(script.indexOf('# ---- Stage 1'), script.indexOf('# ---- Stage 2'));
    return stage1.split('\n').filter((l) => /^\s*(New|Set|Remove)-ClientAccessRule/.test(l)).map((l) => l.trim());
  }

  it('creates an Exchange admin center allow rule before anything else when the admin path declares the admin center', () => {
    const commands = stageOneCommands({ ...replaceRules(createRuleSet(), rules), adminPath: path });
    expect(commands[0]).toMatch(/^New-ClientAccessRule -Name 'EAC from the office'/);
    expect(commands[1]).toBe("Remove-ClientAccessRule -Identity 'EAC from anywhere' -Confirm:$false");
  });

  it('without the admin center on the path, only Remote PowerShell rules are moved first (the removal stays first)', () => {
    const commands = stageOneCommands({ ...replaceRules(createRuleSet(), rules), adminPath: { ...path, protocols: ['RemotePowerShell' as const] } });
    expect(commands[0]).toBe("Remove-ClientAccessRule -Identity 'EAC from anywhere' -Confirm:$false");
  });

  it('says in the header which protocols it keeps open', () => {
    expect(generateRolloutScript(baseline, { ...replaceRules(createRuleSet(), rules), adminPath: path })).toContain(
      'that keep the admin path (RemotePowerShell, ExchangeAdminCenter) open first',
    );
  });
});

describe('the admin path in the verification', () => {
  const guard = createRule({ name: 'Admins from the office', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'], anyOfClientIPAddressesOrRanges: ['192.168.10.0/24'] });
  const block = createRule({ name: 'Block RPS', action: 'DenyAccess', anyOfProtocols: ['RemotePowerShell'] });
  const path = { protocols: ['RemotePowerShell' as const], addresses: ['192.168.10.0/24'], users: [{ user: 'admin@contoso.com', attributes: {} }] };

  it('checks every protocol and authentication type of the path, expecting it allowed by the rule that keeps it open', () => {
    const draft = { ...replaceRules(createRuleSet(), [guard, block]), adminPath: path };
    expect(adminPathConnections(draft).map((c) => [c.protocol, c.authenticationType, c.ipAddress, c.user])).toEqual([
      ['RemotePowerShell', 'BasicAuthentication', '192.168.10.0', 'admin@contoso.com'],
      ['RemotePowerShell', 'NonBasicAuthentication', '192.168.10.0', 'admin@contoso.com'],
    ]);
    const script = generateRolloutScript(createRuleSet(), draft);
    expect(script).toContain(
      "    Assert-Decision -Test 'Admin path 2: RemotePowerShell NonBasicAuthentication from 192.168.10.0 as admin@contoso.com' -Expected AllowAccess -ExpectedRule 'Admins from the office' -Rows @(Test-ClientAccessRule -AuthenticationType NonBasicAuthentication -Protocol RemotePowerShell -RemoteAddress 192.168.10.0 -RemotePort 443 -User 'admin@contoso.com')",
    );
    expect(script).not.toContain('lockout');
  });

  it('warns when the draft denies the admin path, and the check then stops the rollout', () => {
    const draft = { ...replaceRules(createRuleSet(), [block]), adminPath: path };
    const script = generateRolloutScript(createRuleSet(), draft);
    expect(script).toContain("# Warning: the draft denies this admin connection (rule 'Block RPS'): a lockout.");
    expect(script).toContain("-Expected AllowAccess -ExpectedRule '' -Rows @(Test-ClientAccessRule -AuthenticationType BasicAuthentication -Protocol RemotePowerShell");
  });
});

describe('generateRollbackScript', () => {
  it('rollback then import on top of the draft gives the baseline (property, random drafts)', () => {
    fc.assert(
      fc.property(pairArb, ({ baseline, draft }) => {
        const back = readBack(draft, generateRollbackScript(baseline, draft));
        expect(back.problems).toEqual([]);
        expect(shape(back.set)).toEqual(shape(baseline));
      }),
      { numRuns: 120 },
    );
  });

  it('from the stage-1 rules too (the block that runs when the rollout stopped before stage 3)', () => {
    fc.assert(
      fc.property(pairArb, ({ baseline, draft }) => {
        const script = generateRollbackScript(baseline, draft);
        const start = script.indexOf('if (Test-StageOne) {');
        if (start < 0) return; // no new deny rule: the stage-1 rules are the draft
        const block = script
          .slice(start, script.indexOf('\n}\n', start))
          .split('\n')
          .slice(1)
          .map((l) => l.replace(/^ {4}/, ''))
          .join('\n');
        const back = readBack(rolloutStageOne(baseline, draft), block);
        expect(back.problems).toEqual([]);
        expect(shape(back.set)).toEqual(shape(baseline));
      }),
      { numRuns: 80 },
    );
  });
});
