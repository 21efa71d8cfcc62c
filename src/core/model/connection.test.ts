import { describe, it, expect } from 'vitest';
import { checkConnectionAddress, checkConnectionPort, parseConnection } from './connection.ts';
import { parseProjectFile } from './project-file.ts';

const good = { protocol: 'pop3', authenticationType: 'basicauthentication', ipAddress: '10.0.0.1', port: 995, user: 'a@b.c' };

describe('the one connection schema', () => {
  it('reads enums in any case, fills the defaults and reports every bad field with its path', () => {
    expect(parseConnection(good)).toEqual({
      ok: true,
      connection: { protocol: 'POP3', authenticationType: 'BasicAuthentication', ipAddress: '10.0.0.1', port: 995, user: 'a@b.c', attributes: {}, connectionType: 'EndUser' },
    });
    const bad = parseConnection({ ...good, protocol: 'SMTP', ipAddress: '10.0.0.0/8', port: 0 });
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['protocol', 'ipAddress', 'port']);
  });

  it('the field checks agree with the schema', () => {
    for (const ip of ['10.0.0.1', '2001:db8::1', '10.0.0.256', '10.0.0.0/8', '']) {
      expect(checkConnectionAddress(ip) === null).toBe(parseConnection({ ...good, ipAddress: ip }).ok);
    }
    for (const port of [0, 1, 443, 65535, 65536, 1.5]) {
      expect(checkConnectionPort(port) === null).toBe(parseConnection({ ...good, port }).ok);
    }
    expect(checkConnectionPort('443')).toBeNull();
    expect(checkConnectionPort('-1')).not.toBeNull();
  });

  it('is the schema of saved tests in project files', () => {
    const text = JSON.stringify({ format: 'client-access-rule-designer', version: 1, profile: 'ExchangeOnline', rules: [], tests: [{ name: 't', connection: { ...good, ipAddress: '999.1.1.1' }, expected: 'AllowAccess' }] });
    const parsed = parseProjectFile(text);
    const message = parseConnection({ ...good, ipAddress: '999.1.1.1' });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toContain(message.ok ? '' : message.errors[0]?.message);
  });
});
