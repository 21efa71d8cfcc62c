/**
 * Scaling shapes of issue 13: each reader and the linter on crafted input at 1× and 8× the size,
 * printing the input sizes and their ratio (8× the input really is 8× the bytes or rules), the wall and
 * CPU times and their ratios. Goal: 8× the input takes at most 10× the time (linear or n log n, with
 * room for noise), judged on CPU time, which other work on a shared machine skews less than wall time.
 * `npm run bench -- scaling` runs only this suite.
 */
import { availableParallelism, loadavg } from 'node:os';
import { collectGarbage, median } from './support.ts';
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
  /** How much input that is, in `unit`s (characters of a text count as bytes: the inputs are ASCII). */
  size: (input: unknown) => number;
  unit: 'KB' | 'rules';
  run: (input: unknown) => unknown;
}

const kb = (text: string) => text.length / 1024;
const ruleCount = (set: unknown) => (set as RuleSet).rules.length;

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
    unit: 'KB',
    run: (t) => parseFormatList(t as string),
  },
  {
    name: 'Lint after import',
    make: (f) => imported(1_250 * f),
    size: ruleCount,
    unit: 'rules',
    run: (s) => lintRuleSet(s as RuleSet),
  },
  {
    name: 'Export (full script) after import',
    make: (f) => imported(1_250 * f),
    size: ruleCount,
    unit: 'rules',
    run: (s) => generateScript(s as RuleSet),
  },
  {
    name: 'Import of a script with many rules',
    make: (f) => manyRules(1_250 * f),
    size: (t) => kb(t as string),
    unit: 'KB',
    run: (t) => importText(t as string, { format: 'script' }),
  },
  {
    name: 'Get JSON with many rules',
    make: (f) => getJson(1_250 * f),
    size: (t) => kb(t as string),
    unit: 'KB',
    run: (t) => parseGetJson(t as string),
  },
  {
    name: 'Project file of unclosed [ (syntax error position)',
    make: (f) => `{"format":"${PROJECT_FORMAT}","version":1,"rules":${'['.repeat(50_000 * f)}`,
    size: (t) => kb(t as string),
    unit: 'KB',
    run: (t) => {
      parseProjectFile(t as string);
      return findJsonSyntaxError(t as string);
    },
  },
  {
    name: 'Project file with a deep unknown field (dropped)',
    make: (f) => `{"format":"${PROJECT_FORMAT}","version":1,"rules":[{"name":"a","action":"Deny","history":${'['.repeat(20_000 * f)}${']'.repeat(20_000 * f)}}]}`,
    size: (t) => kb(t as string),
    unit: 'KB',
    run: (t) => parseProjectFile(t as string),
  },
  {
    name: 'Decoding UTF-16 LE (Windows PowerShell > file)',
    make: (f) => utf16le(formatListContinuation(20_000 * f)),
    size: (b) => (b as Uint8Array).length / 1024,
    unit: 'KB',
    run: (b) => decodeText(b as Uint8Array),
  },
];

/** The goal for 8× the input: at most 10× the time. */
const GOAL = 10;
/** Timed runs of each size (after one warm-up run of each). */
const RUNS = 9;

interface Sample {
  ms: number;
  cpuMs: number;
}

/** One run on a collected heap: wall time and the process's CPU time (all threads, garbage collection included). */
function sample(run: () => unknown): Sample {
  // Twice: V8 sweeps after a collection on helper threads, which would charge this run for sweeping away
  // the previous run's garbage (a run of the other size); the second collection finishes that sweep first.
  collectGarbage();
  collectGarbage();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Medians of `RUNS` runs at each size, the runs of the two sizes taken in turn: a burst of other work on
 * the shared machine then slows both sizes alike instead of only the one being measured at that moment.
 */
function interleaved(runOne: () => unknown, runEight: () => unknown): { one: Sample; eight: Sample } {
  runOne();
  runEight();
  const ones: Sample[] = [];
  const eights: Sample[] = [];
  for (let k = 0; k < RUNS; k++) {
    ones.push(sample(runOne));
    eights.push(sample(runEight));
  }
  const med = (xs: Sample[]): Sample => ({ ms: median(xs.map((x) => x.ms)), cpuMs: median(xs.map((x) => x.cpuMs)) });
  return { one: med(ones), eight: med(eights) };
}

const amount = (n: number, unit: Shape['unit']) => `${Math.round(n).toLocaleString('en-US')} ${unit}`;
const perUnit = (cpuMs: number, size: number) => `${((cpuMs * 1000) / size).toFixed(1)} µs`;

/**
 * Prints each shape at 1× and 8×: the input sizes and their ratio, the wall and CPU medians and their
 * ratios, the CPU time per unit of input at each size, and whether the CPU ratio meets the goal.
 */
export function runScalingBench(): void {
  console.log(`cores ${availableParallelism()}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`goal: 8× the input in at most ${GOAL}× the CPU time (medians of ${RUNS} runs per size, sizes in turn)`);
  for (const shape of SHAPES) {
    const input1 = shape.make(1);
    const input8 = shape.make(8);
    const size1 = shape.size(input1);
    const size8 = shape.size(input8);
    const { one, eight } = interleaved(
      () => shape.run(input1),
      () => shape.run(input8),
    );
    const wallRatio = eight.ms / Math.max(one.ms, 0.01);
    const cpuRatio = eight.cpuMs / Math.max(one.cpuMs, 0.01);
    const unit = shape.unit === 'KB' ? 'KB' : 'rule';
    console.log(`${shape.name}: ${cpuRatio <= GOAL ? 'goal met' : 'ABOVE GOAL'}, CPU ×${cpuRatio.toFixed(1)}`);
    console.log(`  input  ${amount(size1, shape.unit)} → ${amount(size8, shape.unit)} (×${(size8 / size1).toFixed(2)})`);
    console.log(`  CPU    ${one.cpuMs.toFixed(1)} → ${eight.cpuMs.toFixed(1)} ms (×${cpuRatio.toFixed(1)}; ${perUnit(one.cpuMs, size1)} → ${perUnit(eight.cpuMs, size8)} per ${unit})`);
    console.log(`  wall   ${one.ms.toFixed(1)} → ${eight.ms.toFixed(1)} ms (×${wallRatio.toFixed(1)})`);
  }
}
