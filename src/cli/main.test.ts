import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COMMANDS, runCli } from './main.ts';
import { bufferIo } from './io.ts';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const BASIC = fixture('basic.json');

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

const owa = ['--protocol', 'OutlookWebApp', '--auth', 'BasicAuthentication', '--port', '443', '--user', 'jeff@contoso.com'];

describe('dispatch', () => {
  it('lists commands on --help and fails without a command', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.out).toContain(c.name);
    expect((await cli()).code).toBe(2);
  });
  it('rejects an unknown command with the list', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'; commands: test, lint/);
  });
});

describe('test command', () => {
  it('denies OWA from outside and explains it', async () => {
    const r = await cli('test', '--rules', BASIC, ...owa, '--ip', '203.0.113.7');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Decision: DenyAccess by rule "Block OWA outside the office" \(priority 2\)/);
    expect(r.out).toContain('Trace:');
    expect(r.out).toMatch(/1\. "Always Allow Remote PowerShell" AllowAccess: no match/);
  });
  it('shows an exception that lets the connection through and continues', async () => {
    const r = await cli('test', '--rules', BASIC, ...owa, '--ip', '192.168.1.5');
    expect(r.out).toMatch(/^Decision: AllowAccess: no rule matches/);
    expect(r.out).toMatch(/exception let the connection through: evaluation continues/);
  });
  it('prints exactly the JSON contract', async () => {
    const r = await cli('test', '--rules', BASIC, ...owa, '--ip', '203.0.113.7', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Object.keys(json)).toEqual(['action', 'matchedRule', 'matches', 'trace']);
    expect(json.action).toBe('DenyAccess');
    expect(json.matchedRule).toBe('Block OWA outside the office');
    expect(json.matches).toEqual([{ name: 'Block OWA outside the office', action: 'DenyAccess', priority: 2, enabled: true }]);
    expect(json.trace).toHaveLength(3);
    expect(json.trace[1]).toMatchObject({ name: 'Block OWA outside the office', outcome: 'decided' });
  });
  it('null matchedRule when nothing matches', async () => {
    const r = await cli('test', '--rules', BASIC, '--protocol', 'IMAP4', '--auth', 'OAuthAuthentication', '--ip', '10.1.1.1', '--port', '993', '--user', 'a@b.c', '--json');
    expect(JSON.parse(r.out)).toMatchObject({ action: 'AllowAccess', matchedRule: null, matches: [] });
  });
  it('uses attributes and the test-compatible switch for disabled rules', async () => {
    const base = ['test', '--rules', BASIC, '--protocol', 'pop3', '--auth', 'basicauthentication', '--ip', '10.1.1.1', '--port', '995', '--user', 'CONTOSO\\it1'];
    const live = JSON.parse((await cli(...base, '--attr', 'department=IT', '--json')).out);
    expect(live.action).toBe('AllowAccess');
    const compat = JSON.parse((await cli(...base, '--attr', 'Department=IT', '--test-compatible', '--json')).out);
    expect(compat).toMatchObject({ action: 'DenyAccess', matchedRule: 'Block IT department POP3' });
    expect(compat.matches[0]).toMatchObject({ enabled: false, priority: 3 });
    const human = await cli(...base, '--attr', 'Department=IT');
    expect(human.out).toMatch(/Disabled rules that would match if enabled:\n\s+3\s+DenyAccess\s+Block IT department POP3/);
  });
  it('JSON output is the same on every run', async () => {
    const argv = ['test', '--rules', BASIC, ...owa, '--ip', '203.0.113.7', '--json'];
    expect((await cli(...argv)).out).toBe((await cli(...argv)).out);
  });
  it('notes that Test-ClientAccessRule cannot test UniversalOutlook', async () => {
    const argv = ['test', '--rules', BASIC, '--protocol', 'UniversalOutlook', '--auth', 'OAuthAuthentication', '--ip', '10.0.0.1', '--port', '443', '--user', 'a@b.c'];
    expect((await cli(...argv, '--test-compatible')).err).toMatch(/cannot test UniversalOutlook/);
    expect((await cli(...argv)).err).toBe('');
  });
  it('Microsoft middle-tier apps bypass', async () => {
    const r = await cli('test', '--rules', BASIC, ...owa, '--ip', '203.0.113.7', '--connection-type', 'MicrosoftMiddleTierApp');
    expect(r.out).toMatch(/^Decision: AllowAccess: Microsoft-owned middle-tier/);
  });
  it('unknown protocol lists the valid ones', async () => {
    const r = await cli('test', '--rules', BASIC, ...owa.map((a) => (a === 'OutlookWebApp' ? 'OWA' : a)), '--ip', '10.0.0.1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--protocol: unknown protocol 'OWA'; valid protocols: ExchangeActiveSync, .*UniversalOutlook/);
    expect(r.out).toBe('');
  });
  it.each([
    [['--ip', '10.0.0.256'], /--ip: '10\.0\.0\.256' is not an IPv4 or IPv6 address/],
    [['--ip', '10.0.0.1', '--port', '0'], /--port: '0' is not a port; use a whole number from 1 to 65535/],
    [['--ip', '10.0.0.1', '--port', '65536'], /--port: '65536'/],
    [['--ip', '10.0.0.1', '--port', 'abc'], /--port: 'abc'/],
    [['--ip', '10.0.0.1', '--attr', 'Dept=IT'], /--attr: unknown attribute 'Dept'/],
    [['--ip', '10.0.0.1', '--attr', 'Department'], /--attr: 'Department' has no '='/],
    [['--ip', '10.0.0.1', '--connection-type', 'App'], /--connection-type: unknown connection type 'App'/],
    [['--ip', '10.0.0.1', '--auth', 'Kerberos'], /--auth: unknown authentication type 'Kerberos'/],
    [['--ip', '10.0.0.1', '--bogus'], /unknown option --bogus/],
  ])('bad input %j exits 2', async (extra, message) => {
    const r = await cli('test', '--rules', BASIC, ...owa, ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
  it('reports every missing argument', async () => {
    const r = await cli('test');
    expect(r.code).toBe(2);
    for (const name of ['rules', 'protocol', 'auth', 'ip', 'port', 'user']) expect(r.err).toContain(`--${name} is required`);
  });
  it('missing file', async () => {
    const r = await cli('test', '--rules', fixture('nope.json'), ...owa, '--ip', '10.0.0.1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.json: file not found/);
  });
  it('bad project file with path messages', async () => {
    const r = await cli('test', '--rules', fixture('bad-action.json'), ...owa, '--ip', '10.0.0.1');
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad-action.json: rules[2].action: expected AllowAccess or DenyAccess, got 'Block'");
  });
  it('invalid JSON with line and column', async () => {
    const r = await cli('test', '--rules', fixture('bad-json.json'), ...owa, '--ip', '10.0.0.1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad-json\.json: \(json\) line 5, column 20: not valid JSON: expected a property name/);
  });
});

describe('lint command', () => {
  it('groups findings by rule and exits 1 on errors', async () => {
    const r = await cli('lint', fixture('lint-errors.json'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^.*lint-errors\.json: 3 rules, profile ExchangeOnline: 2 errors, 5 warnings, 1 info/);
    expect(r.out).toMatch(/#2 "Office"\n\s+error\s+Client IP addresses or ranges: '10\.0\.0\.0\/33'/);
    expect(r.out).toMatch(/#3 "office"\n\s+error\s+The rule at priority 2 already has the name 'Office'/);
    expect(r.out).toContain("fix: Insert the 'Always Allow Remote PowerShell' guard rule at priority 1");
  });
  it('exits 0 without errors', async () => {
    const r = await cli('lint', BASIC);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 errors/);
  });
  it('JSON output', async () => {
    const r = await cli('lint', fixture('lint-errors.json'), '--json');
    const json = JSON.parse(r.out);
    expect(json.counts).toEqual({ error: 2, warning: 5, info: 1 });
    expect(json.findings.map((f: { code: string }) => f.code)).toContain('duplicate-name');
    expect(json.profile).toBe('ExchangeOnline');
  });
  it('--profile overrides the project profile', async () => {
    const r = await cli('lint', BASIC, '--profile', 'exchangeserver', '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.profile).toBe('ExchangeServer');
    expect(json.findings.map((f: { code: string }) => f.code)).toContain('server-unsupported-protocol');
  });
  it('bad input exits 2', async () => {
    expect((await cli('lint')).err).toMatch(/FILE is required/);
    expect((await cli('lint', BASIC, '--profile', 'Cloud')).err).toMatch(/unknown profile 'Cloud'; valid profiles: ExchangeOnline, ExchangeServer/);
    const bad = await cli('lint', fixture('bad-action.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('rules[2].action');
    expect((await cli('lint', fixture('missing.json'))).code).toBe(2);
  });
  it('reads a .ps1 script, and rejects one with an unreadable command with its position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carules-'));
    const script = join(dir, 'rules.ps1');
    writeFileSync(script, 'New-ClientAccessRule -Name x -Action DenyAccess\n');
    expect((await cli('lint', script)).code).toBe(0);
    writeFileSync(script, 'New-ClientAccessRule -Name x -Action DenyAccess -Priority <PriorityValue>\n');
    const r = await cli('lint', script);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rules\.ps1:1:\d+: -Priority holds <PriorityValue>/);
  });
});

describe('entry point', () => {
  it('runs through npx tsx src/cli/main.ts', async () => {
    const run = promisify(execFile);
    const root = join(import.meta.dirname, '..', '..');
    const { stdout } = await run('npx', ['tsx', 'src/cli/main.ts', 'test', '--rules', 'src/cli/fixtures/basic.json', ...owa, '--ip', '203.0.113.7', '--json'], { cwd: root });
    expect(JSON.parse(stdout).action).toBe('DenyAccess');
    const failed = await run('npx', ['tsx', 'src/cli/main.ts', 'lint', 'src/cli/fixtures/lint-errors.json'], { cwd: root }).catch((e: { code: number }) => e);
    expect((failed as { code: number }).code).toBe(1);
  });
});
