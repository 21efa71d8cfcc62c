import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseScript, type ParsedCommand } from '../parser.ts';
import { importText } from '../../import/import-text.ts';

/** Tests read any parameter of any command; production code narrows by `cmdlet` instead. */
type AnyCommand = ParsedCommand & { params: Readonly<Record<string, unknown>> };

const DSC = readFileSync(new URL('../fixtures/dsc-client-access-rule-set.ps1', import.meta.url), 'utf8');
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function commandsOf(text: string, variables = {}): AnyCommand[] {
  return parseScript(text, { variables }).commands as AnyCommand[];
}

describe('a DSC-style client access rule resource (Set-TargetResource, as Microsoft365DSC writes them)', () => {
  const ifLine = lineOf(DSC, "if ($Ensure -eq 'Present' -and $null -eq");
  const elseifLine = lineOf(DSC, "elseif ($Ensure -eq 'Present' -and $null -ne");

  it('reads New- and Set-ClientAccessRule inside its if/elseif, waiting for the values the resource is given', () => {
    const result = parseScript(DSC);
    const changes = (result.commands as AnyCommand[]).filter((c) => c.cmdlet !== 'Get-ClientAccessRule');
    expect(changes.map((c) => [c.cmdlet, c.params])).toEqual([
      ['New-ClientAccessRule', { Action: { variable: '$Action' }, Priority: { variable: '$Priority' }, UserRecipientFilter: { variable: '$UserRecipientFilter' }, Scope: { variable: '$RuleScope' }, Name: { variable: '$Identity' } }],
      ['Set-ClientAccessRule', { Identity: { variable: '$Identity' }, Action: { variable: '$Action' }, Priority: { variable: '$Priority' }, UserRecipientFilter: { variable: '$UserRecipientFilter' }, Scope: { variable: '$RuleScope' }, Confirm: false }],
    ]);
    expect(result.variables.map((v) => v.name).sort()).toEqual(['Action', 'Identity', 'Priority', 'RuleScope', 'UserRecipientFilter']);
    // The conditional: at the if, with the condition's text, saying the import assumes the branch runs.
    const conditional = result.findings.find((f) => f.line === ifLine && f.severity === 'warning');
    expect(conditional).toMatchObject({ column: 5 });
    expect(conditional?.message).toContain("($Ensure -eq 'Present' -and $null -eq $existing)");
    expect(conditional?.message).toContain('assumes this branch runs');
    expect(result.findings.some((f) => f.line === elseifLine && f.severity === 'warning')).toBe(true);
    // $Ensure defaults to 'Present': the Remove branch is not read, and a finding says why.
    expect(result.findings.find((f) => f.message.includes("$Ensure -eq 'Absent'"))?.severity).toBe('info');
    // The connection parameters the cmdlets do not take are read as not passed.
    expect(result.findings.filter((f) => f.severity === 'error' && f.message.includes('ApplicationId'))).toEqual([]);
    expect(importText(DSC).ruleSet.rules).toEqual([]);
  });

  it('with the values given, the rule is built; $null for an optional parameter leaves it out', () => {
    const variables = { Identity: 'Block legacy protocols', Action: 'DenyAccess', Priority: '1', RuleScope: null, UserRecipientFilter: null, AnyOfProtocols: ['IMAP4', 'POP3'] };
    const result = parseScript(DSC, { variables });
    expect(result.variables).toEqual([]);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const rules = importText(DSC, { variables }).ruleSet.rules;
    expect(rules.map((r) => [r.name, r.action, r.anyOfProtocols, r.enabled])).toEqual([['Block legacy protocols', 'DenyAccess', ['IMAP4', 'POP3'], true]]);
  });

  it("with Ensure = 'Absent' the Remove branch is read instead", () => {
    const changes = commandsOf(DSC, { Ensure: 'Absent', Identity: 'Old rule' }).filter((c) => c.cmdlet !== 'Get-ClientAccessRule');
    expect(changes.map((c) => [c.cmdlet, c.params])).toEqual([['Remove-ClientAccessRule', { Identity: 'Old rule', Confirm: false }]]);
  });
});

describe('community "create rule" scripts', () => {
  const CREATE = [
    "$name = 'Block legacy auth'",
    "if (-not (Get-ClientAccessRule -Identity $name -ErrorAction SilentlyContinue)) {",
    '    New-ClientAccessRule -Name $name -Action DenyAccess -AnyOfAuthenticationTypes BasicAuthentication',
    '} else {',
    '    Set-ClientAccessRule -Identity $name -AnyOfAuthenticationTypes BasicAuthentication',
    '}',
  ].join('\n');

  it('if (-not (Get-ClientAccessRule …)) { New-… } else { Set-… }: both read, each with its assumption', () => {
    const result = parseScript(CREATE);
    expect((result.commands as AnyCommand[]).map((c) => [c.cmdlet, c.params.Name ?? c.params.Identity])).toEqual([
      ['New-ClientAccessRule', 'Block legacy auth'],
      ['Set-ClientAccessRule', 'Block legacy auth'],
    ]);
    const warnings = result.findings.filter((f) => f.severity === 'warning');
    expect(warnings.map((f) => [f.line, f.column])).toEqual([[2, 1], [4, 3]]);
    expect(warnings[0]?.message).toContain("(-not (Get-ClientAccessRule -Identity $name -ErrorAction SilentlyContinue))");
    expect(warnings[1]?.message).toContain('none of');
    expect(importText(CREATE).ruleSet.rules.map((r) => [r.name, r.anyOfAuthenticationTypes])).toEqual([['Block legacy auth', ['BasicAuthentication']]]);
  });

  it('a guard that returns when the rule exists: the main path is read', () => {
    const text = "if (Get-ClientAccessRule 'A' -ErrorAction SilentlyContinue) { Write-Host 'exists'; return }\nNew-ClientAccessRule 'A' -Action Deny";
    expect(commandsOf(text).map((c) => c.cmdlet)).toEqual(['New-ClientAccessRule']);
    const withRules = parseScript("if ($fromStageOne) {\n  Remove-ClientAccessRule 'A' -Confirm:$false\n  return\n}\nRemove-ClientAccessRule 'B' -Confirm:$false");
    expect((withRules.commands as AnyCommand[]).map((c) => c.params.Identity)).toEqual(['B']);
    expect(withRules.findings.find((f) => f.severity === 'warning')).toMatchObject({ line: 1, column: 1 });
  });

  it('a return or exit that surely runs ends the reading', () => {
    expect(commandsOf("New-ClientAccessRule A -Action Deny\nreturn\nNew-ClientAccessRule B -Action Deny").map((c) => c.params.Name)).toEqual(['A']);
    const staged = "param([int]$Stage = 1)\nif ($Stage -le 1) { New-ClientAccessRule A -Action Deny; exit }\nNew-ClientAccessRule B -Action Deny";
    expect(commandsOf(staged).map((c) => c.params.Name)).toEqual(['A']);
    expect(commandsOf(staged, { stage: '2' }).map((c) => c.params.Name)).toEqual(['B']);
  });

  it('the branches of a chain start from the variables before it; the first branch read carries on', () => {
    const text = "if ($x) { $n = 'A' } else { $n = $n + 'B' }\nNew-ClientAccessRule $n -Action Deny";
    expect(commandsOf("$n = 'Z'\n" + text).map((c) => c.params.Name)).toEqual(['A']);
    const decidedElse = "$x = $false\n$n = 'Z'\n" + text;
    expect(commandsOf(decidedElse).map((c) => c.params.Name)).toEqual(['ZB']);
  });
});

describe('foreach', () => {
  it('over a list the script gives: the block runs once per item', () => {
    const text = "foreach ($p in @('IMAP4', 'POP3')) {\n  New-ClientAccessRule \"Block $p\" -Action Deny -AnyOfProtocols $p\n}";
    const result = parseScript(text);
    expect((result.commands as AnyCommand[]).map((c) => [c.params.Name, c.params.AnyOfProtocols])).toEqual([
      ['Block IMAP4', ['IMAP4']],
      ['Block POP3', ['POP3']],
    ]);
    expect(result.findings.find((f) => f.line === 1)).toMatchObject({ severity: 'info', column: 1 });
  });

  it('over a list the script does not give: read once, the loop variable is a value to give', () => {
    const text = 'foreach ($name in (Get-Content names.txt)) { New-ClientAccessRule -Name $name -Action Deny }';
    const result = parseScript(text);
    expect(result.commands[0]).toMatchObject({ cmdlet: 'New-ClientAccessRule', params: { Name: { variable: '$name' } } });
    expect(result.variables[0]?.name).toBe('name');
    expect(result.variables[0]?.reason).toContain('each item of');
    expect(result.findings.find((f) => f.line === 1 && f.column === 1)?.severity).toBe('warning');
    expect(commandsOf(text, { name: 'Given' }).map((c) => c.params.Name)).toEqual(['Given']);
    // Supplying the list itself unrolls the loop.
    expect(commandsOf('foreach ($n in $Names) { New-ClientAccessRule $n -Action Deny }', { Names: ['A', 'B'] }).map((c) => c.params.Name)).toEqual(['A', 'B']);
  });
});

describe('try, switch and script blocks', () => {
  it('try is read as if nothing fails; catch as an alternative, with a warning; finally always', () => {
    const text = [
      'try {',
      "  Set-ClientAccessRule 'A' -Enabled $false -ErrorAction Stop",
      '} catch [System.Exception] {',
      "  New-ClientAccessRule 'A' -Action Deny -Enabled $false",
      '} finally {',
      "  Get-ClientAccessRule 'A'",
      '}',
    ].join('\n');
    const result = parseScript(text);
    expect(result.commands.map((c) => c.cmdlet)).toEqual(['Set-ClientAccessRule', 'New-ClientAccessRule', 'Get-ClientAccessRule']);
    expect(result.findings.filter((f) => f.severity === 'warning').map((f) => f.line)).toEqual([3]);
  });

  it('switch: the matching clause runs; undecided clauses are alternatives', () => {
    const text = [
      "switch ($Mode) {",
      "  'strict' { New-ClientAccessRule 'Strict' -Action Deny }",
      "  'relaxed' { New-ClientAccessRule 'Relaxed' -Action Deny -AnyOfProtocols POP3 }",
      "  default { Write-Host 'nothing' }",
      '}',
    ].join('\n');
    expect(commandsOf(text, { Mode: 'RELAXED' }).map((c) => c.params.Name)).toEqual(['Relaxed']);
    expect(commandsOf(text).map((c) => c.params.Name)).toEqual(['Strict', 'Relaxed']);
  });

  it('& { … } and . { … } run their block', () => {
    expect(commandsOf("& { New-ClientAccessRule 'A' -Action Deny }\n. { New-ClientAccessRule 'B' -Action Deny }").map((c) => c.params.Name)).toEqual(['A', 'B']);
  });
});

describe('control flow never throws and stays bounded', () => {
  const FRAGMENTS = [
    'if (', 'elseif (', 'else', '{', '}', '(', ')', 'foreach ($x in', "@('a','b')", '$x', 'try', 'catch', 'finally', 'switch ($x)',
    "'a'", 'default', 'return', 'exit', '-not', '-eq', '-and', '$true', '& {', "New-ClientAccessRule $x -Action Deny", ';', '\n',
  ];

  it('any mix of control-flow fragments gives commands and findings with positions (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (parts) => {
        const result = parseScript(parts.join(' '));
        for (const f of result.findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.message).not.toMatch(/could not be read: /);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nested loops over long lists are unrolled only up to the budget', () => {
    const list = `@(${Array.from({ length: 150 }, (_, i) => `'r${i}'`).join(', ')})`;
    const text = `$l = ${list}\nforeach ($a in $l) { foreach ($b in $l) { foreach ($c in $l) { New-ClientAccessRule "$a$b$c" -Action Deny } } }`;
    const result = parseScript(text);
    expect(result.commands.length).toBeLessThanOrEqual(2000);
    expect(result.commands.length).toBeGreaterThan(0);
  });
});
