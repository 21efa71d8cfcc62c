/**
 * Replay benchmark (issue 8): a generated HttpProxy log (realistic 74-column lines, 500 users, noise
 * included) replayed through the command line (`cli replay --json`, a child process, start-up
 * included), against a plain line-splitting pass over the same file in the same run (same chunk
 * size, same UTF-8 decoding, same `LineSplitter`, nothing else).
 *
 * Figures: MB/s of each, their ratio (goal: replay at least half the split speed), and the child's
 * peak resident memory (Linux VmHWM, sampled; goal: flat, under 300 MB whatever the size).
 *
 * Run alone with `npm run bench -- log-replay`. Size: `REPLAY_BENCH_MB` (default 1024). The file is written to the temp folder once per size and
 * kept for the next run (`REPLAY_BENCH_KEEP=0` deletes it afterwards).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineSplitter } from '../src/core/replay/lines.ts';
import { generateHttpProxyLog } from '../src/test-support/sample-log.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function writeLog(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of generateHttpProxyLog({ bytes, seed: 8 })) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function splitPass(path: string): Promise<{ ms: number; lines: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let lines = 0;
  const splitter = new LineSplitter(() => {
    lines++;
  });
  const decoder = new TextDecoder('utf-8');
  for await (const buf of createReadStream(path, { highWaterMark: 1 << 20 })) splitter.push(decoder.decode(buf as Buffer, { stream: true }));
  splitter.end();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, lines, cpu: (c.user + c.system) / 1e6 };
}

/** CPU seconds (user + system) a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function peakOf(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function cli(args: string[]): Promise<{ ms: number; peak: number | null; cpu: number | null; out: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let peak: number | null = null;
  let cpu: number | null = null;
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const timer = setInterval(() => {
    const p = child.pid === undefined ? null : peakOf(child.pid);
    if (p !== null) peak = Math.max(peak ?? 0, p);
    const t = child.pid === undefined ? null : cpuOf(child.pid);
    if (t !== null) cpu = t;
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`cli replay exited ${code}`);
  return { ms: performance.now() - t0, peak, cpu, out };
}

const RULES = {
  format: 'client-access-rule-designer',
  version: 1,
  profile: 'ExchangeServer',
  rules: [
    { name: 'Always Allow Remote PowerShell', action: 'AllowAccess', anyOfProtocols: ['RemotePowerShell'] },
    { name: 'Block EAC from outside', action: 'DenyAccess', anyOfProtocols: ['ExchangeAdminCenter'], exceptAnyOfClientIPAddressesOrRanges: ['10.0.0.0/8', '192.168.0.0/16'] },
    { name: 'Block Basic OWA', action: 'DenyAccess', anyOfProtocols: ['OutlookWebApp'], anyOfAuthenticationTypes: ['BasicAuthentication'], exceptUsernameMatchesAnyOfPatterns: ['*\\user1*'] },
  ],
  tests: [],
};

/** The suite `bench/run.ts` calls. */
export async function runReplayBench(): Promise<void> {
  const mb = Number(process.env.REPLAY_BENCH_MB ?? 1024);
  const bytes = Math.round(mb * 1024 * 1024);
  const log = join(tmpdir(), `replay-bench-${mb}MB.LOG`);
  const rules = join(tmpdir(), 'replay-bench-rules.json');
  writeFileSync(rules, JSON.stringify(RULES));
  if (!existsSync(log) || Math.abs(statSync(log).size - bytes) > 4 << 20) {
    const g0 = performance.now();
    await writeLog(log, bytes);
    console.log(`generated ${log} (${(statSync(log).size / 1e6).toFixed(0)} MB) in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  }
  const size = statSync(log).size;
  const split = await splitPass(log);
  const startup = await cli(['replay', '--help']);
  const replay = await cli(['replay', '--rules', rules, log, '--json']);
  const summary = JSON.parse(replay.out) as { lines: number; connections: number; after: Record<string, number> };
  const mbps = (ms: number) => size / 1e6 / (ms / 1000);
  console.log(`replay of a ${(size / 1e6).toFixed(0)} MB HttpProxy log (${summary.lines.toLocaleString('en-US')} lines, ${summary.connections} distinct connections)`);
  console.log(`  line split only : ${mbps(split.ms).toFixed(1)} MB/s (${(split.ms / 1000).toFixed(1)} s, ${split.lines.toLocaleString('en-US')} lines)`);
  console.log(`  cli replay      : ${mbps(replay.ms).toFixed(1)} MB/s (${(replay.ms / 1000).toFixed(1)} s, child process start-up included)`);
  console.log(`  cli start-up    : ${(startup.ms / 1000).toFixed(1)} s (tsx compiling the CLI), so replay alone: ${mbps(replay.ms - startup.ms).toFixed(1)} MB/s`);
  console.log(`  ratio           : ${(split.ms / replay.ms).toFixed(2)} of the split speed, ${(split.ms / (replay.ms - startup.ms)).toFixed(2)} without start-up (goal >= 0.5)`);
  if (replay.cpu !== null && startup.cpu !== null) {
    const replayCpu = replay.cpu - startup.cpu;
    console.log(
      `  CPU time        : split ${split.cpu.toFixed(1)} s, replay ${replayCpu.toFixed(1)} s without start-up (sampled): ratio ${(split.cpu / replayCpu).toFixed(2)} (the fair figure on a loaded machine)`,
    );
  }
  const mem = (b: number | null) => (b === null ? 'n/a (no /proc)' : `${(b / 1048576).toFixed(0)} MB`);
  console.log(`  peak memory     : ${mem(replay.peak)} (goal < 300 MB, flat; the CLI at rest: ${mem(startup.peak)})`);
  if (process.env.REPLAY_BENCH_KEEP === '0') rmSync(log);
}
