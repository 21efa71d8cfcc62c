/**
 * Staged rollout and rollback scripts (issue 9), composed from the generator's public functions
 * (`generateChangeScript`, `generateTestCommand`) rather than a second generator.
 *
 * The rollout script:
 * - `param([ValidateSet(1, 2, 3)][int]$FromStage = 1)`, `$ErrorActionPreference = 'Stop'`;
 * - a drift precondition: `Get-ClientAccessRule` must show exactly the expected rules (names in
 *   priority order, action, enabled state) for the stage it starts from, else it stops and says what
 *   differs;
 * - stage 1: the change script from the baseline to the draft with every new deny rule disabled; the
 *   generator puts the allow rules that protect the admin path first (`protectsAdminPath` of
 *   `model/guard.ts`: Remote PowerShell, the guard, and the declared path's protocols such as the
 *   Exchange admin center);
 * - then it stops: rules are cached (up to 1 hour; 24 hours for an organisation's first rule), so the
 *   admin runs it again with `-FromStage 2` after that window (the script says how long and why);
 * - stage 2: the saved tests as `Test-ClientAccessRule` commands, each compared with the decision the
 *   project predicts, stopping at the first mismatch;
 * - stage 3: the deny rules are enabled.
 * Lint warnings and each rule's notes are written as comments at the rule's command.
 *
 * Decisions:
 * - A "new deny rule" is an enabled DenyAccess rule of the draft whose counterpart in the baseline
 *   (same name) is missing, disabled, or an allow rule. A deployed deny rule that stays a deny rule is
 *   changed in stage 1 as it is: disabling it for a while would open what it closes today.
 * - Re-running from a stage is explicit: each stage is one `if ($FromStage -le N) { … }` block, and
 *   stage 1 ends the run with `return`. The change commands inside the blocks are the generator's,
 *   indented (no generated literal spans lines, so indenting cannot change a value). The project's
 *   reader does not evaluate control flow, so it reads each stage's block body, not the whole
 *   script: stage 1's body on the baseline gives the stage-1 rules, stage 3's on those gives the
 *   draft (property-tested).
 * - `Test-ClientAccessRule` evaluates disabled rules as if enabled, so in stage 2 the disabled new
 *   deny rules already take part: the expected decision is the project's test-compatible decision of
 *   the stage-1 rules for an end-user connection (the cmdlet cannot express middle-tier ones).
 * - The drift check compares every field of every managed rule, in priority order, with Exchange's
 *   normalisation applied to both sides at run time by the same PowerShell functions (so the script
 *   does not depend on how a module version prints values): names, action, scope and enum values
 *   case-insensitively (PowerShell's `-ne`; names are case-insensitive identities in Exchange); every
 *   list field as a set (Exchange ORs the values: order and duplicates carry no meaning); username
 *   patterns case-insensitively (matching is); IP values by the first and last address they cover,
 *   so `192.168.3.1/24` equals `192.168.3.0/24` and IPv6 spellings compare equal (a value that does
 *   not parse is compared as lower-case text); the filter case-insensitively, ignoring runs of white
 *   space and one outer pair of braces. A difference in bracketing or a rewritten filter is reported
 *   as drift: stopping without need is the safe side. The stop message names the rule, its priority
 *   and the field, with the deployed and the expected values. DatacenterAdminsOnly rules are not
 *   compared (Microsoft manages them).
 * - The admin path (project field `adminPath`), when declared, is verified first in stage 2: each of
 *   its protocols and authentication types, for each admin account, from the first address of each
 *   address value, must be allowed (at most 24 connections). Without one, stage 2 relies on the drift
 *   check (the guard rules are in place and enabled) and on the saved tests.
 *
 * The rollback script takes the deployed draft back to the baseline exactly (the change script from
 * draft to baseline, with its own drift check); when the rollout stopped after stage 1, a block that
 * runs only then applies the change script from the stage-1 rules instead.
 */
import { evaluate } from '../evaluator/evaluate.ts';
import { adminPathConnections } from '../analysis/admin-path.ts';
import { lintRuleSet } from '../lint/lint.ts';
import { adminPathProtocols } from '../model/guard.ts';
import { LIST_FIELD_PARAMETERS, LIST_FIELDS, type LintFinding, type ListField, type Rule, type RuleSet } from '../model/types.ts';
import { generateChangeScript, generateTestCommand, type GenerateOptions } from './generate.ts';
import { managedRules as managed } from './generate-plan.ts';
import { testNameComment } from './test-comments.ts';
import { noteCommentLines } from './note-comments.ts';
import { quoteLiteral } from './quote.ts';

/** Whether a draft rule is a "new deny rule" (see Decisions): created or turned into a deny rule. */
function isNewDeny(rule: Rule, baseline: RuleSet): boolean {
  if (rule.datacenterAdminsOnly || !rule.enabled || rule.action !== 'DenyAccess') return false;
  const old = baseline.rules.find((r) => !r.datacenterAdminsOnly && r.name === rule.name);
  return !old || !old.enabled || old.action !== 'DenyAccess';
}

/**
 * The rule set after stage 1: the draft with every new deny rule disabled.
 *
 * @example rolloutStageOne(deployed, draft).rules.filter((r) => !r.enabled) // the deny rules stage 3 enables
 */
export function rolloutStageOne(baseline: RuleSet, draft: RuleSet): RuleSet {
  return { ...draft, rules: draft.rules.map((r) => (isNewDeny(r, baseline) ? { ...r, enabled: false } : r)) };
}

/** The command blocks of a change script (its header dropped), each one command with its comments. */
function changeBlocks(from: RuleSet, to: RuleSet, options: GenerateOptions): string[] {
  const [, ...blocks] = generateChangeScript(from, to, options).trimEnd().split('\n\n');
  return blocks;
}

/** The rule a block creates, changes or removes, found by its quoted name. */
function blockRule(block: string, rules: readonly Rule[], options: GenerateOptions): Rule | undefined {
  return rules.find((r) => {
    const literal = quoteLiteral(r.name, options);
    return ['-Name ', '-Identity '].some((param) => {
      const at = block.indexOf(`${param}${literal}`);
      const next = block[at + param.length + literal.length];
      return at >= 0 && (next === undefined || next === ' ' || next === '\n');
    });
  });
}

/** Blocks with the rule's open lint findings and (when the block has none yet) its notes as comments. */
function annotate(blocks: readonly string[], draft: RuleSet, findings: readonly LintFinding[], options: GenerateOptions): string[] {
  const rules = managed(draft);
  const said = new Set<string>();
  return blocks.map((block) => {
    const rule = blockRule(block, rules, options);
    if (!rule || said.has(rule.id)) return block;
    said.add(rule.id);
    const lines: string[] = [];
    for (const f of findings.filter((x) => x.ruleId === rule.id && x.severity !== 'info')) {
      lines.push(`# ${f.severity === 'error' ? 'ERROR' : 'Warning'}: ${quoteLiteral(f.message, options)}`);
    }
    if (!block.includes('# Note ')) lines.push(...noteCommentLines(rule.notes, options));
    return lines.length === 0 ? block : `${lines.join('\n')}\n${block}`;
  });
}

/** The list fields Exchange holds as address ranges: compared by the addresses they cover. */
const IP_FIELDS: readonly ListField[] = ['anyOfClientIPAddressesOrRanges', 'exceptAnyOfClientIPAddressesOrRanges'];

/**
 * The expected rules as a PowerShell array of hashtables, one per managed rule in priority order:
 * name, action, enabled state, scope, the filter when used and each list field that has values
 * (every value a quoted literal; an absent key is an empty list).
 */
function expectedTable(variable: string, set: RuleSet, options: GenerateOptions): string[] {
  const rows = managed(set).map((r) => {
    const lines = [`Name = ${quoteLiteral(r.name, options)}; Action = '${r.action}'; Enabled = $${String(r.enabled)}; Scope = '${r.scope}'`];
    for (const field of LIST_FIELDS) {
      if (r[field].length > 0) lines.push(`${LIST_FIELD_PARAMETERS[field]} = @(${r[field].map((v) => quoteLiteral(v, options)).join(', ')})`);
    }
    if (r.userRecipientFilter.trim() !== '') lines.push(`UserRecipientFilter = ${quoteLiteral(r.userRecipientFilter, options)}`);
    return ['    @{', ...lines.map((l) => `        ${l}`), '    }'].join('\n');
  });
  return rows.length === 0 ? [`$${variable} = @()`] : [`$${variable} = @(`, rows.join(',\n'), ')'];
}

/** The PowerShell list of the fields the drift check compares as sets, each with how its values are keyed. */
function setFieldsLine(): string {
  const entries = LIST_FIELDS.map((f) => `@('${LIST_FIELD_PARAMETERS[f]}', $${String(IP_FIELDS.includes(f))})`);
  return `    $setFields = @(${entries.join(', ')})`;
}

/**
 * The drift check. Every field is compared the way Exchange treats it (see the module Decisions):
 * names, action and scope case-insensitively; list fields as sets (order and duplicates do not
 * matter), protocols, authentication types and username patterns case-insensitively, IP values by
 * the addresses they cover (a CIDR with host bits, a single address and an IPv6 address in any
 * spelling compare by their first and last address); the filter case-insensitively with runs of
 * white space and one outer pair of braces ignored. Each difference names the rule and the field.
 */
const DRIFT_FUNCTION = [
  String.raw`function ConvertTo-AddressKey {
    param([string]$Value)
    $text = $Value.Trim()
    try {
        if ($text.Contains('/')) {
            $parts = $text.Split('/')
            $bytes = ([System.Net.IPAddress]::Parse($parts[0].Trim())).GetAddressBytes()
            $bits = [int]$parts[1]
            $low = [byte[]]$bytes.Clone(); $high = [byte[]]$bytes.Clone()
            for ($i = 0; $i -lt $bytes.Length; $i++) {
                $keep = [Math]::Max(0, [Math]::Min(8, $bits - 8 * $i))
                $mask = (255 -shl (8 - $keep)) -band 255
                $low[$i] = $bytes[$i] -band $mask
                $high[$i] = $low[$i] -bor (255 -bxor $mask)
            }
        } elseif ($text.Contains('-')) {
            $parts = $text.Split('-')
            $low = ([System.Net.IPAddress]::Parse($parts[0].Trim())).GetAddressBytes()
            $high = ([System.Net.IPAddress]::Parse($parts[1].Trim())).GetAddressBytes()
        } else {
            $low = ([System.Net.IPAddress]::Parse($text)).GetAddressBytes(); $high = $low
        }
        return (($low | ForEach-Object { $_.ToString('x2') }) -join '') + '-' + (($high | ForEach-Object { $_.ToString('x2') }) -join '')
    } catch {
        return $text.ToLowerInvariant()
    }
}`,
  String.raw`function Get-SetKey {
    param([object[]]$Values, [bool]$Address)
    $keys = @($Values | Where-Object { $null -ne $_ -and ([string]$_).Trim() -ne '' } | ForEach-Object {
        if ($Address) { ConvertTo-AddressKey ([string]$_) } else { ([string]$_).Trim().ToLowerInvariant() }
    })
    return (@($keys | Sort-Object -Unique) -join [char]10)
}`,
  String.raw`function Get-FilterKey {
    param([object]$Value)
    $text = ([string]$Value).Trim()
    if ($text.StartsWith('{') -and $text.EndsWith('}')) { $text = $text.Substring(1, $text.Length - 2).Trim() }
    return ($text -replace '\s+', ' ').ToLowerInvariant()
}`,
  String.raw`function Format-Values {
    param([object[]]$Values)
    return '{' + ((@($Values | Where-Object { $null -ne $_ }) | ForEach-Object { [string]$_ }) -join ', ') + '}'
}`,
  [
    'function Assert-Deployed {',
    '    param([object[]]$Expected, [string]$State)',
    setFieldsLine(),
    String.raw`    $deployed = @(Get-ClientAccessRule | Where-Object { -not $_.DatacenterAdminsOnly } | Sort-Object Priority)
    $problems = @()
    if ($deployed.Count -ne $Expected.Count) { $problems += "$($deployed.Count) rules are deployed; $($Expected.Count) expected" }
    for ($i = 0; $i -lt [Math]::Min($deployed.Count, $Expected.Count); $i++) {
        $d = $deployed[$i]; $e = $Expected[$i]
        if ($d.Name -ne $e.Name) { $problems += "priority $($i + 1) is '$($d.Name)'; expected '$($e.Name)'"; continue }
        $rule = "rule '$($d.Name)' (priority $($i + 1))"
        if ([string]$d.Action -ne $e.Action) { $problems += "$rule field Action is $($d.Action); expected $($e.Action)" }
        if ([bool]$d.Enabled -ne $e.Enabled) { $problems += "$rule field Enabled is $($d.Enabled); expected $($e.Enabled)" }
        $scope = [string]$d.Scope
        if ($scope -eq '') { $scope = [string]$d.RuleScope }
        if ($scope -eq '') { $scope = 'All' }
        if ($scope -ne $e.Scope) { $problems += "$rule field Scope is $scope; expected $($e.Scope)" }
        foreach ($field in $setFields) {
            $name = $field[0]
            if ((Get-SetKey $d.$name $field[1]) -ne (Get-SetKey $e[$name] $field[1])) {
                $problems += "$rule field $name is $(Format-Values $d.$name); expected $(Format-Values $e[$name])"
            }
        }
        if ((Get-FilterKey $d.UserRecipientFilter) -ne (Get-FilterKey $e['UserRecipientFilter'])) {
            $problems += "$rule field UserRecipientFilter is '$($d.UserRecipientFilter)'; expected '$($e['UserRecipientFilter'])'"
        }
    }
    if ($problems.Count -gt 0) {
        throw ("The deployed rules differ from the $State this script was made for (drift). Nothing was changed. " + ($problems -join '; '))
    }
}`,
  ].join('\n'),
].join('\n\n');

const DECISION_FUNCTION = String.raw`function Assert-Decision {
    param([string]$Test, [string]$Expected, [string]$ExpectedRule, [object[]]$Rows)
    $actual = if ($Rows.Count -eq 0) { 'AllowAccess' } else { [string]$Rows[0].Action }
    $rule = if ($Rows.Count -eq 0) { '' } else { [string]$Rows[0].Name }
    if ($actual -ne $Expected -or $rule -ne $ExpectedRule) {
        throw "Verification failed for test '$Test': Test-ClientAccessRule gives $actual (first row '$rule'); expected $Expected (first row '$ExpectedRule'). Stage 3 was not run; run the rollback script to return to the baseline."
    }
    Write-Host "OK: $Test ($actual)"
}`;

/** How long Exchange takes to apply a rule change (it caches Client Access Rules). */
export const RULE_CACHE_HOURS = { firstRule: 24, change: 1 } as const;

/** How long to wait after changing `deployed` rules, and why (the organisation's first rule takes longest). */
function cacheWindow(deployed: RuleSet): string {
  return managed(deployed).length === 0
    ? `up to ${RULE_CACHE_HOURS.firstRule} hours (no rule is deployed yet, and an organisation's first rule can take a day to apply)`
    : `up to ${RULE_CACHE_HOURS.change} hour (Client Access Rules are cached)`;
}

/** Indents every line of a block by four spaces (inside a stage's `if`). */
function indent(block: string): string {
  return block
    .split('\n')
    .map((l) => (l === '' ? l : `    ${l}`))
    .join('\n');
}

function assertLine(name: string, expected: string, expectedRule: string, command: string, options: GenerateOptions): string {
  return `    Assert-Decision -Test ${quoteLiteral(name, options)} -Expected ${expected} -ExpectedRule ${quoteLiteral(expectedRule, options)} -Rows @(${command})`;
}

function verificationLines(stageOne: RuleSet, draft: RuleSet, options: GenerateOptions): string[] {
  const lines: string[] = [];
  const admin = adminPathConnections(draft);
  if (draft.tests.length === 0 && admin.length === 0) {
    return ['    Write-Host ' + quoteLiteral('No saved tests and no admin path: nothing to verify. Save test cases in the designer to get a verification matrix.', options)];
  }
  admin.forEach((connection, index) => {
    const name = `Admin path ${index + 1}: ${connection.protocol} ${connection.authenticationType} from ${connection.ipAddress} as ${connection.user}`;
    const text = generateTestCommand(connection, options).split('\n');
    const command = text[text.length - 1] as string;
    lines.push(`    # ${quoteLiteral(name, options)}: the admins must keep this path.`, ...text.slice(0, -1).map((n) => `    ${n}`));
    if (command.startsWith('#')) {
      lines.push(`    ${command}`);
      return;
    }
    const decision = evaluate(stageOne, connection, { mode: 'test-compatible' });
    if (decision.action !== 'AllowAccess') {
      lines.push(`    # Warning: the draft denies this admin connection (rule ${quoteLiteral(decision.matchedRule ?? '', options)}): a lockout. The check below stops the rollout.`);
    }
    const first = decision.matches[0];
    lines.push(assertLine(name, 'AllowAccess', first?.action === 'AllowAccess' ? first.name : '', command, options));
  });
  draft.tests.forEach((test, index) => {
    const connection = { ...test.connection, connectionType: 'EndUser' as const };
    const text = generateTestCommand(connection, options).split('\n');
    const command = text[text.length - 1] as string;
    const notes = text.slice(0, -1);
    lines.push(`    ${testNameComment(index + 1, test.name, options)}`, ...notes.map((n) => `    ${n}`));
    const live = evaluate(draft, test.connection).action;
    if (live !== test.expected) {
      lines.push(`    # Warning: this test fails in the designer (the draft gives ${live}, the test expects ${test.expected}).`);
    }
    if (command.startsWith('#')) {
      lines.push(`    ${command}`);
      return;
    }
    const decision = evaluate(stageOne, connection, { mode: 'test-compatible' });
    lines.push(assertLine(test.name, decision.action, decision.matches[0]?.name ?? '', command, options));
  });
  return lines;
}

function headerLines(title: string, draft: RuleSet, options: GenerateOptions): string[] {
  const lines = [`# ${title}`, '# Generated by Client Access Rule Designer.'];
  if (options.now instanceof Date && !Number.isNaN(options.now.getTime())) lines.push(`# Generated at ${options.now.toISOString()}.`);
  lines.push(
    draft.profile === 'ExchangeServer'
      ? '# Target: Exchange Server 2019 / Subscription Edition. Run it in the Exchange Management Shell.'
      : '# Target: Exchange Online. Connect first: Connect-ExchangeOnline (ExchangeOnlineManagement module).',
    '# Quoting: every name and text is a single-quoted literal with single quotes doubled (see the export script header).',
  );
  return lines;
}

/**
 * The staged rollout script from the deployed `baseline` to `draft` (see the module comment): drift
 * check, stage 1 (allow rules and guard first, new deny rules disabled), a stop for the cache window,
 * stage 2 (the saved tests verified with Test-ClientAccessRule), stage 3 (deny rules enabled), each
 * stage guarded by `$FromStage`. Stage 1's block read back with the project's reader on top of the
 * baseline, then stage 3's, gives the draft's rules.
 *
 * @example generateRolloutScript(deployed, draft) // "# Client Access Rules: staged rollout\n…param([ValidateSet(1, 2, 3)][int]$FromStage = 1)…"
 */
export function generateRolloutScript(baseline: RuleSet, draft: RuleSet, options: GenerateOptions = {}): string {
  const stageOne = rolloutStageOne(baseline, draft);
  const findings = lintRuleSet(draft);
  const enabledLater = managed(draft).filter((r) => isNewDeny(r, baseline));
  const window = cacheWindow(baseline);
  const setWide = findings.filter((f) => f.ruleId === undefined && f.severity !== 'info');
  const out: string[] = [];
  out.push(
    [
      ...headerLines('Client Access Rules: staged rollout', draft, options),
      '#',
      '# Run it three times, one stage per run unless a stage fails:',
      '#   .\\rollout.ps1                 stage 1, then it stops',
      '#   .\\rollout.ps1 -FromStage 2    after the wait: stage 2 (verification), then stage 3',
      '#   .\\rollout.ps1 -FromStage 3    only stage 3, when stage 2 already passed',
      '# Stage 1: checks that the deployed rules are the baseline, then applies the draft with the allow rules',
      `#          that keep the admin path (${adminPathProtocols(draft.adminPath).join(', ')}) open first and the ${enabledLater.length} new deny rule(s) created or set disabled.`,
      `# Wait between stage 1 and stage 2: Exchange caches Client Access Rules, so a change takes up to ${RULE_CACHE_HOURS.change} hour`,
      `#          to apply, and an organisation's first rule up to ${RULE_CACHE_HOURS.firstRule} hours. Here: ${window}.`,
      '#          Waiting lets the stage-1 allow rules be in force everywhere (and lets you try the admin path',
      '#          for real) before any deny rule is enabled.',
      '# Stage 2: checks that the deployed rules are the stage-1 rules, runs the saved tests with Test-ClientAccessRule',
      '#          (which evaluates disabled rules as if enabled) and stops at the first unexpected decision.',
      '# Stage 3: enables the deny rules. -FromStage 3 skips the verification.',
      '# To undo, run the rollback script generated with it.',
      ...setWide.map((f) => `# ${f.severity === 'error' ? 'ERROR' : 'Warning'}: ${quoteLiteral(f.message, options)}`),
    ].join('\n'),
  );
  out.push(['param([ValidateSet(1, 2, 3)][int]$FromStage = 1)', "$ErrorActionPreference = 'Stop'"].join('\n'));
  out.push(DRIFT_FUNCTION);
  out.push(DECISION_FUNCTION);
  out.push([...expectedTable('baselineRules', baseline, options), ...expectedTable('stageOneRules', stageOne, options)].join('\n'));
  out.push(
    [
      '# Drift check for the stage this run starts from.',
      "if ($FromStage -eq 1) { Assert-Deployed -Expected $baselineRules -State 'baseline' }",
      "else { Assert-Deployed -Expected $stageOneRules -State 'stage-1 rules' }",
    ].join('\n'),
  );
  const stage1 = annotate(changeBlocks(baseline, stageOne, options), draft, findings, options);
  out.push(
    [
      '# ---- Stage 1: admin-path allow rules and guard first, new deny rules disabled ----',
      'if ($FromStage -le 1) {',
      (stage1.length > 0 ? stage1 : ['# Stage 1 has nothing to change.']).map(indent).join('\n\n'),
      '',
      `    Write-Host ${quoteLiteral(`Stage 1 done. Rule changes take ${window} to apply. Wait that long, then run this script again with -FromStage 2.`, options)}`,
      '    return',
      '}',
    ].join('\n'),
  );
  out.push(
    [
      '# ---- Stage 2: verification with Test-ClientAccessRule (admin path and saved tests) ----',
      'if ($FromStage -le 2) {',
      ...verificationLines(stageOne, draft, options),
      '}',
    ].join('\n'),
  );
  const stage3 = annotate(changeBlocks(stageOne, draft, options), draft, [], options);
  out.push(
    [
      '# ---- Stage 3: enable the deny rules ----',
      'if ($FromStage -le 3) {',
      (stage3.length > 0 ? stage3 : ['# Stage 3 has nothing to enable.']).map(indent).join('\n\n'),
      '',
      `    Write-Host ${quoteLiteral(`Rollout done. The deny rules take ${cacheWindow(stageOne)} to apply.`, options)}`,
      '}',
    ].join('\n'),
  );
  return `${out.join('\n\n')}\n`;
}

/**
 * The body of one stage of a script made by `generateRolloutScript`: the lines inside its
 * `if ($FromStage -le N) { … }` block, de-indented, or null when the text has no such single block.
 * The project's reader does not evaluate control flow; this is how a test or a tool reads what one
 * stage runs (stage 1 on the baseline gives the stage-1 rules, stage 3 on those gives the draft).
 *
 * @example rolloutStageBody(generateRolloutScript(deployed, draft), 3) // "Set-ClientAccessRule -Identity 'Block OWA' -Enabled $true\n\nWrite-Host …"
 */
export function rolloutStageBody(script: string, stage: 1 | 2 | 3): string | null {
  const opening = `\nif ($FromStage -le ${stage}) {\n`;
  const start = script.indexOf(opening);
  if (start < 0 || script.indexOf(opening, start + 1) >= 0) return null;
  const end = script.indexOf('\n}\n', start);
  if (end < 0) return null;
  return script
    .slice(start + opening.length, end)
    .split('\n')
    .map((l) => l.replace(/^ {4}/, ''))
    .join('\n');
}

/**
 * The rollback script: takes the deployed draft back to `baseline` exactly (importing it on top of
 * the draft gives the baseline). It checks first that what is deployed is the draft, or the stage-1
 * rules of the rollout (a rollout stopped before stage 3); in that case a block that only runs then
 * applies the change from the stage-1 rules instead.
 *
 * @example generateRollbackScript(deployed, draft) // "# Client Access Rules: rollback to the baseline\n…"
 */
export function generateRollbackScript(baseline: RuleSet, draft: RuleSet, options: GenerateOptions = {}): string {
  const stageOne = rolloutStageOne(baseline, draft);
  const fromDraft = changeBlocks(draft, baseline, options);
  const fromStageOne = changeBlocks(stageOne, baseline, options);
  const sameStages = managed(stageOne).every((r, i) => r.enabled === managed(draft)[i]?.enabled);
  const out: string[] = [
    [
      ...headerLines('Client Access Rules: rollback to the baseline', draft, options),
      '#',
      '# What it does: checks that the deployed rules are the draft (or the stage-1 rules of a rollout stopped',
      '# before stage 3), then changes them back into the baseline the rollout was made from.',
      `# Rule changes take ${cacheWindow(draft)} to apply.`,
    ].join('\n'),
    "$ErrorActionPreference = 'Stop'",
    DRIFT_FUNCTION,
    [...expectedTable('draftRules', draft, options), ...expectedTable('stageOneRules', stageOne, options)].join('\n'),
  ];
  if (sameStages) {
    out.push("Assert-Deployed -Expected $draftRules -State 'draft'");
  } else {
    out.push(
      [
        '# A rollout stopped after stage 1 or 2: the new deny rules are still disabled.',
        'function Test-StageOne {',
        "    $deployed = @(Get-ClientAccessRule | Where-Object { -not $_.DatacenterAdminsOnly } | Sort-Object Priority)",
        '    if ($deployed.Count -ne $stageOneRules.Count) { return $false }',
        '    for ($i = 0; $i -lt $deployed.Count; $i++) {',
        '        if ($deployed[$i].Name -ne $stageOneRules[$i].Name -or [bool]$deployed[$i].Enabled -ne $stageOneRules[$i].Enabled) { return $false }',
        '    }',
        '    return $true',
        '}',
        'if (Test-StageOne) {',
        "    Assert-Deployed -Expected $stageOneRules -State 'stage-1 rules'",
        ...fromStageOne.flatMap((b) => b.split('\n').map((l) => `    ${l}`)),
        `    Write-Host ${quoteLiteral('Rollback done (from the stage-1 rules).', options)}`,
        '    return',
        '}',
        "Assert-Deployed -Expected $draftRules -State 'draft'",
      ].join('\n'),
    );
  }
  out.push(...(fromDraft.length > 0 ? fromDraft : ['# Nothing to change: the draft is the baseline.']));
  out.push(`Write-Host ${quoteLiteral('Rollback done.', options)}`);
  return `${out.join('\n\n')}\n`;
}
