/**
 * Scaling shapes of issue 13: each reader and the linter on crafted input at 1× and 8× the size,
 * printing both times and their ratio (goal ≤ 10 for 8× the input: linear or n log n, with room for
 * noise). `npm run bench -- scaling` runs only this suite.
 */
import { timed } from './support.ts';
import { importText } from '../src/core/import/import-text.ts';
import { lintRuleSet } from '../src/core/lint/lint.ts';
import { findJsonSyntaxError, parseProjectFile, PROJECT_FORMAT } from '../src/core/model/project-file.ts';
import { generateScript } from '../src/core/powershell/generate.ts';
import { parseFormatList, parseGetJson } from '../src/core/powershell/get-output.ts';
import { decodeText } from '../src/core/text/decode.ts';
import type { RuleSet } from '../src/core/model/types.ts';

interface Shape {
  name: string;
  /** The input for a size factor (1 or 8). */
  make: (factor: number) => unknown;
  size: (input: unknown) => string;
  run: (input: unknown) => unknown;
}

const kb = (text: string) => `${Math.round(text.length / 1024).toLocaleString('en-US')} KB`;

/** One Format-List value wrapped over `n` continuation lines (issue 13: 1.6 MB took 15.5 s). */
function formatListContinuation(n: number): string {
  const lines = ['Name : Wide', 'Action : DenyAccess', 'AnyOfClientIPAddressesOrRanges : {10.0.0.0/32,'];
  for (let i = 1; i < n; i++) lines.push(`                                  10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32,`);
  lines.push('                                  192.168.0.1}');
  return lines.join('\n');
}

/** A script of `n` New-ClientAccessRule lines with IP ranges and username patterns. */
function manyRules(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`New-ClientAccessRule -Name 'r${i}' -Action DenyAccess -AnyOfProtocols OutlookWebApp,POP3 -AnyOfClientIPAddressesOrRanges 10.${(i >> 8) & 255}.${i & 255}.0/24 -UsernameMatchesAnyOfPatterns '*u${i}*'`);
  }
  return lines.join('\n');
}

/** ConvertTo-Json output of `n` rules. */
function getJson(n: number): string {
  const rules = Array.from({ length: n }, (_, i) => ({ Name: `r${i}`, Action: 1, Priority: i + 1, AnyOfProtocols: [5, 6], AnyOfClientIPAddressesOrRanges: [`10.${(i >> 8) & 255}.${i & 255}.0/24`] }));
  return JSON.stringify(rules, null, 2);
}

/** What Windows PowerShell 5.1 writes for `>`: UTF-16 LE with a byte-order mark. */
function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
}

const imported = (n: number): RuleSet => importText(manyRules(n), { format: 'script' }).ruleSet;

const SHAPES: Shape[] = [
  {
    name: 'Format-List value over many continuation lines',
    make: (f) => formatListContinuation(20_000 * f),
    size: (t) => kb(t as string),
    run: (t) => parseFormatList(t as string),
  },
  {
    name: 'Lint after import',
    make: (f) => imported(1_250 * f),
    size: (s) => `${(s as RuleSet).rules.length.toLocaleString('en-US')} rules`,
    run: (s) => lintRuleSet(s as RuleSet),
  },
  {
    name: 'Export (full script) after import',
    make: (f) => imported(1_250 * f),
    size: (s) => `${(s as RuleSet).rules.length.toLocaleString('en-US')} rules`,
    run: (s) => generateScript(s as RuleSet),
  },
  {
    name: 'Import of a script with many rules',
    make: (f) => manyRules(1_250 * f),
    size: (t) => kb(t as string),
    run: (t) => importText(t as string, { format: 'script' }),
  },
  {
    name: 'Get JSON with many rules',
    make: (f) => getJson(1_250 * f),
    size: (t) => kb(t as string),
    run: (t) => parseGetJson(t as string),
  },
  {
    name: 'Project file of unclosed [ (syntax error position)',
    make: (f) => `{"format":"${PROJECT_FORMAT}","version":1,"rules":${'['.repeat(50_000 * f)}`,
    size: (t) => kb(t as string),
    run: (t) => {
      parseProjectFile(t as string);
      return findJsonSyntaxError(t as string);
    },
  },
  {
    name: 'Project file with a deep unknown field (dropped)',
    make: (f) => `{"format":"${PROJECT_FORMAT}","version":1,"rules":[{"name":"a","action":"Deny","history":${'['.repeat(20_000 * f)}${']'.repeat(20_000 * f)}}]}`,
    size: (t) => kb(t as string),
    run: (t) => parseProjectFile(t as string),
  },
  {
    name: 'Decoding UTF-16 LE (Windows PowerShell > file)',
    make: (f) => utf16le(formatListContinuation(20_000 * f)),
    size: (b) => `${Math.round((b as Uint8Array).length / 1024).toLocaleString('en-US')} KB`,
    run: (b) => decodeText(b as Uint8Array),
  },
];

/** Prints each shape at 1× and 8× with the ratio of the times. */
export function runScalingBench(): void {
  for (const shape of SHAPES) {
    const one = shape.make(1);
    const eight = shape.make(8);
    // Median of 7: the 1× runs are a few milliseconds, where one garbage collection skews a ratio.
    const t1 = timed(() => shape.run(one), 7).ms;
    const t8 = timed(() => shape.run(eight), 7).ms;
    const ratio = t8 / Math.max(t1, 0.01);
    console.log(
      `${shape.name}: 1× ${shape.size(one)} ${t1.toFixed(1)} ms; 8× ${shape.size(eight)} ${t8.toFixed(1)} ms; ratio ${ratio.toFixed(1)} (goal ≤ 10)${ratio > 10 ? '  ABOVE GOAL' : ''}`,
    );
  }
}
