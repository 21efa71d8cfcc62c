import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { combine, truthOf, type Truth } from './conditions.ts';
import { parseScript } from '../parser.ts';

/** How the reader decided `cond`: read as plain code (true), not read (false), or read as assumed (unknown). */
function decided(prelude: string, cond: string): Truth {
  const result = parseScript(`${prelude}\nif (${cond}) { New-ClientAccessRule A -Action Deny }`);
  if (result.commands.length === 0) return 'false';
  const line = prelude.split('\n').length + 1;
  return result.findings.some((f) => f.line === line && f.severity === 'warning' && f.message.includes('cannot be decided')) ? 'unknown' : 'true';
}

const TRUTHS: Truth[] = ['true', 'false', 'unknown'];
const completions = (t: Truth): boolean[] => (t === 'unknown' ? [true, false] : [t === 'true']);

describe('combine', () => {
  it('three-valued -and, -or, -xor agree with every completion of the unknowns (brute force)', () => {
    fc.assert(
      fc.property(fc.constantFrom('and', 'or', 'xor'), fc.constantFrom(...TRUTHS), fc.constantFrom(...TRUTHS), (op, a, b) => {
        const outcomes = new Set<boolean>();
        for (const x of completions(a)) for (const y of completions(b)) outcomes.add(op === 'and' ? x && y : op === 'or' ? x || y : x !== y);
        const expected: Truth = outcomes.size === 2 ? 'unknown' : outcomes.has(true) ? 'true' : 'false';
        expect(combine(op, a, b)).toBe(expected);
      }),
    );
  });
});

describe('truthOf', () => {
  it('empty text, 0, $null and empty lists are false; open variables are unknown', () => {
    const at = { line: 1, column: 1 };
    expect(truthOf({ kind: 'string', text: '', quoted: true, ...at })).toBe('false');
    expect(truthOf({ kind: 'string', text: '0', quoted: false, ...at })).toBe('false');
    expect(truthOf({ kind: 'string', text: '0', quoted: true, ...at })).toBe('true');
    expect(truthOf({ kind: 'list', items: [], ...at })).toBe('false');
    expect(truthOf({ kind: 'null', ...at })).toBe('false');
    expect(truthOf({ kind: 'variable', name: 'x', ...at })).toBe('unknown');
  });
});

describe('conditions in scripts', () => {
  it('numbers compare as numbers, against brute force (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), (a, b, op) => {
        const holds = { eq: a === b, ne: a !== b, lt: a < b, le: a <= b, gt: a > b, ge: a >= b }[op];
        expect(decided(`$a = ${a}`, `$a -${op} ${b}`)).toBe(holds ? 'true' : 'false');
      }),
      { numRuns: 60 },
    );
  });

  it('text compares without regard to case unless -c…; -like takes wildcards; -contains and -in look in lists', () => {
    expect(decided("$Ensure = 'Present'", "'present' -eq $Ensure")).toBe('true');
    expect(decided("$Ensure = 'Present'", "'present' -ceq $Ensure")).toBe('false');
    expect(decided("$n = 'Block OWA'", "$n -like 'block*'")).toBe('true');
    expect(decided("$p = @('POP3', 'IMAP4')", "$p -contains 'imap4'")).toBe('true');
    expect(decided("$p = @('POP3', 'IMAP4')", "'OWA' -in $p")).toBe('false');
  });

  it('-not, !, -and, -or and parentheses; what the script does not give is unknown, never a guess', () => {
    expect(decided("$Ensure = 'Present'", "('Present' -eq $Ensure ) -and ($null -eq $rule)")).toBe('unknown');
    expect(decided("$Ensure = 'Present'", "('Absent' -eq $Ensure ) -and ($null -ne $rule)")).toBe('false');
    expect(decided('$x = $true', '-not $x -or !$x')).toBe('false');
    expect(decided('', "-not (Get-ClientAccessRule 'A' -ErrorAction SilentlyContinue)")).toBe('unknown');
    expect(decided("$x = 'a'", '$x -match "a"')).toBe('unknown');
    expect(decided('$h = @{ A = 1 }', '$h.Missing')).toBe('false');
    expect(decided('$h = @{ A = 1 }', '$h.Count -eq 1')).toBe('true');
  });
});
