import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../main.ts';
import { bufferIo } from '../io.ts';

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err };
}

const dir = mkdtempSync(join(tmpdir(), 'adfs-eas-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('adfs regex', () => {
  it('prints the regex alone, or {"regex"} with --json', async () => {
    const plain = await cli('adfs', 'regex', '10.0.0.1-10.0.0.14');
    expect(plain.code).toBe(0);
    expect(plain.out).toBe('(?:^|,) *(?:10\\.0\\.0\\.(?:[1-9]|1[0-4])) *(?:,|$)\n');
    const json = await cli('adfs', 'regex', '192.168.1.1-192.168.1.25', '10.0.0.1', '--json');
    expect(JSON.parse(json.out)).toEqual({ regex: expect.stringContaining('192\\.168\\.1\\.') });
  });

  it('exits 2 with the value and the reason for bad input', async () => {
    const r = await cli('adfs', 'regex', '2001:db8::/32');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/'2001:db8::\/32'.*IPv4/);
    expect((await cli('adfs', 'regex')).code).toBe(2);
    expect((await cli('adfs', 'nope')).code).toBe(2);
  });
});

describe('adfs generate and test', () => {
  const networks = file('networks.txt', '# head office\n192.168.1.1-192.168.1.25\n10.0.0.1-10.0.0.14\n');

  it('generates scenario 2, rules on stdout and notes on stderr; the test command decides with them', async () => {
    const g = await cli('adfs', 'generate', networks, '--scenario', '2');
    expect(g.code).toBe(0);
    expect(g.out).toContain('Microsoft.Exchange.ActiveSync');
    expect(g.err).toMatch(/business policy, not a security boundary/);
    const rules = file('rules.txt', g.out);
    const outside = await cli('adfs', 'test', rules, '--ip', '203.0.113.9', '--app', 'Microsoft.Exchange.RPC', '--proxy', 'fsp.contoso.com', '--json');
    expect(outside.code).toBe(0);
    const json = JSON.parse(outside.out);
    expect(Object.keys(json)).toEqual(['decision', 'trace']);
    expect(json.decision).toBe('deny');
    expect(json.trace).toHaveLength(2);
    const eas = await cli('adfs', 'test', rules, '--ip', '203.0.113.9', '--app', 'Microsoft.Exchange.ActiveSync', '--proxy', 'fsp.contoso.com', '--json');
    expect(JSON.parse(eas.out).decision).toBe('permit');
    const inside = await cli('adfs', 'test', rules, '--ip', '198.51.100.4,10.0.0.14', '--app', 'Microsoft.Exchange.RPC', '--proxy', 'fsp');
    expect(inside.out).toMatch(/^Decision: PERMIT/);
  });

  it('scenario 4 takes --group SIDs; a project file gives the networks its rules let in', async () => {
    const project = file(
      'p.json',
      JSON.stringify({
        format: 'client-access-rule-designer',
        version: 1,
        rules: [{ name: 'Block outside', action: 'DenyAccess', exceptAnyOfClientIPAddressesOrRanges: ['203.0.113.0/24', '2001:db8::/32'] }],
      }),
    );
    const g = await cli('adfs', 'generate', project, '--scenario', '4', '--group', 'S-1-5-21-1-2-3-1104', '--json');
    expect(g.code).toBe(0);
    expect(g.err).toMatch(/left out IPv6.*2001:db8::\/32/);
    const json = JSON.parse(g.out);
    expect(json.rules).toContain('Value == "S-1-5-21-1-2-3-1104"');
    expect(json.regex).toContain('203\\.0\\.113\\.');
    expect((await cli('adfs', 'generate', networks, '--scenario', '4')).code).toBe(2);
    expect((await cli('adfs', 'generate', networks, '--scenario', '5')).err).toMatch(/--scenario must be 1, 2, 3 or 4/);
  });

  it('test reports syntax errors as FILE:LINE:COLUMN and pitfalls on stderr', async () => {
    const broken = file('broken.txt', '=> issue(Type = "x", Value = "y")\n');
    const r = await cli('adfs', 'test', broken, '--ip', '10.0.0.1');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${broken}:1:`);
    const https = file(
      'https.txt',
      '=> issue(Type = "http://schemas.microsoft.com/authorization/claims/permit", Value = "true");\nexists([Type == "https://schemas.microsoft.com/2012/01/requestcontext/claims/x-ms-proxy"]) => issue(Type = "http://schemas.microsoft.com/authorization/claims/deny", Value = "true");\n',
    );
    const t = await cli('adfs', 'test', https, '--ip', '203.0.113.1', '--proxy', 'fsp');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^Decision: PERMIT/);
    expect(t.err).toMatch(/:2:\d+: error: the claim type https:/);
    expect((await cli('adfs', 'test', https, '--ip', '10.0.0.300')).code).toBe(2);
  });
});

describe('eas test', () => {
  const script = file(
    'eas.ps1',
    `Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Quarantine
New-ActiveSyncDeviceAccessRule -AccessLevel Block -Characteristic DeviceType -QueryString Android
Set-CASMailbox -Identity britton@brittest.onmicrosoft.com -ActiveSyncAllowedDeviceIDs 'ANDROIDC1'
`,
  );
  const device = ['--device-type', 'Android', '--device-model', 'SM-G991B', '--device-os', 'Android 13', '--user-agent', 'Android/13'];

  it('prints {"accessState", "step", "rule"}', async () => {
    const r = await cli('eas', 'test', '--rules', script, '--user', 'jeff', '--device-id', 'X1', ...device, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ accessState: 'Blocked', step: 'A Block rule matches', rule: 'Android (DeviceType)' });
    const allowed = await cli('eas', 'test', '--rules', script, '--user', 'Britton@brittest.onmicrosoft.com', '--device-id', 'androidc1', ...device, '--json');
    expect(JSON.parse(allowed.out)).toEqual({ accessState: 'Allowed', step: "Device ID in the user's allowed list", rule: null });
    const other = await cli('eas', 'test', '--rules', script, '--user', 'jeff', '--device-type', 'iPhone', '--json');
    expect(JSON.parse(other.out)).toEqual({ accessState: 'Quarantined', step: 'Organization default access level', rule: null });
    const text = await cli('eas', 'test', '--rules', script, '--user', 'jeff', '--device-type', 'iPhone', '--policy-not-met');
    expect(text.out).toMatch(/^Access state: Blocked\nDecided by: Mobile device policy requirements met/);
  });

  it('reads the activeSync section of a project file too', async () => {
    const project = file(
      'eas.json',
      JSON.stringify({
        format: 'client-access-rule-designer',
        version: 1,
        rules: [],
        activeSync: { version: 1, defaultAccessLevel: 'Block', rules: [{ characteristic: 'DeviceOS', queryString: 'iOS 16.1 20B82', accessLevel: 'Allow' }] },
      }),
    );
    const ios = await cli('eas', 'test', '--rules', project, '--user', 'jeff', '--device-os', 'iOS 16.1 20B82', '--json');
    expect(JSON.parse(ios.out)).toEqual({ accessState: 'Allowed', step: 'An Allow rule matches', rule: 'iOS 16.1 20B82 (DeviceOS)' });
    const other = await cli('eas', 'test', '--rules', project, '--user', 'jeff', '--device-os', 'iOS 15', '--json');
    expect(JSON.parse(other.out).accessState).toBe('Blocked');
  });

  it('exits 2 on script errors with FILE:LINE:COLUMN, and on missing options', async () => {
    const bad = file('bad.ps1', 'New-ActiveSyncDeviceAccessRule -AccessLevel Deny -Characteristic DeviceType -QueryString Android\n');
    const r = await cli('eas', 'test', '--rules', bad, '--user', 'jeff', '--device-type', 'Android');
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:1:`);
    expect((await cli('eas', 'test', '--rules', script)).err).toMatch(/--user is required/);
    expect((await cli('eas', 'check')).code).toBe(2);
  });
});
