import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseProjectFile, serializeProjectFile } from '../model/project-file.ts';
import { applyImport, createRuleSet } from '../model/rule-set.ts';
import { deviceImpact, parseMobileDevices } from './devices.ts';
import { addEasRule, createEasConfig, EAS_ACCESS_LEVELS, EAS_CHARACTERISTICS, easRuleProblem, upsertEasMailbox, type EasConfig } from './model.ts';
import { generateEasScript, readEasScript } from './script.ts';

function strip(config: EasConfig) {
  return { ...config, rules: config.rules.map(({ id: _id, ...r }) => r) };
}

describe('readEasScript', () => {
  it('reads the seed commands (seed 001), typographic quotes and all', () => {
    const text = `New-ActiveSyncDeviceAccessRule -AccessLevel Block -Characteristic DeviceType  
-QueryString Android
Set-CASMailbox -ActiveSyncAllowedDeviceIDs [Device_ID] -Identity britton@brittest.onmicrosoft.com
Set-CASMailbox -ActiveSyncBlockedDeviceIDs \u201cBLOCKED1\u201d -Identity  britton@brittest.onmicrosoft.com
Set-CASMailbox -ActiveSyncAllowedDeviceIDs @(\u201cID1\u201d,\u201dID2\u201d,\u201dID3\u201d) -Identity britton@brittest.onmicrosoft.com`;
    // The seed breaks the first command across two lines without a backtick; join it as the article means.
    const r = readEasScript(text.replace('DeviceType  \n-QueryString', 'DeviceType -QueryString'));
    // The seed's [Device_ID] is a placeholder: reported where it is, the other commands still read.
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([
      { severity: 'error', line: 2, column: 44, message: '[Device_ID] is a placeholder from an example; write the real value' },
    ]);
    expect(r.config.rules.map((x) => [x.characteristic, x.queryString, x.accessLevel])).toEqual([['DeviceType', 'Android', 'Block']]);
    expect(r.config.mailboxes).toEqual([
      { identity: 'britton@brittest.onmicrosoft.com', activeSyncEnabled: true, allowedDeviceIds: ['ID1', 'ID2', 'ID3'], blockedDeviceIds: ['BLOCKED1'] },
    ]);
  });

  it('reads the Microsoft examples, Set-, Remove- and the organization default', () => {
    const r = readEasScript(`New-ActiveSyncDeviceAccessRule -Characteristic DeviceOS -QueryString "iOS 6.1 10B145" -AccessLevel Block
New-ActiveSyncDeviceAccessRule -Characteristic UserAgent -QueryString NokiaE521/2.00()MailforExchange -AccessLevel Allow
New-ActiveSyncDeviceAccessRule -QueryString iPhone -Characteristic DeviceModel -AccessLevel Block
Set-ActiveSyncDeviceAccessRule -Identity 'iPhone (DeviceModel)' -AccessLevel Quarantine
Remove-ActiveSyncDeviceAccessRule "iOS 6.1 10B145 (DeviceOS)" -Confirm:$false
Set-ActiveSyncOrganizationSettings -DefaultAccessLevel quarantine
Set-CASMailbox jeff -ActiveSyncEnabled $false; Set-CASMailbox jeff -ActiveSyncBlockedDeviceIDs @{Add='A1','A2'}
Set-CASMailbox jeff -ActiveSyncBlockedDeviceIDs @{Remove='a1'}
Get-MobileDevice | Format-List`);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(r.config.defaultAccessLevel).toBe('Quarantine');
    expect(r.config.rules.map((x) => `${x.queryString}/${x.accessLevel}`)).toEqual(['NokiaE521/2.00()MailforExchange/Allow', 'iPhone/Quarantine']);
    expect(r.config.mailboxes).toEqual([{ identity: 'jeff', activeSyncEnabled: false, allowedDeviceIds: [], blockedDeviceIds: ['A2'] }]);
    expect(r.applied).toBe(9);
  });

  it('reports what it cannot read with line, column and reason', () => {
    const r = readEasScript(`New-ActiveSyncDeviceAccessRule -Characteristic DeviceBrand -QueryString x -AccessLevel Block
New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString $type -AccessLevel Block
Get-Mailbox | Set-CASMailbox -ActiveSyncEnabled $false
New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString Android -AccessLevel Block
New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString ANDROID -AccessLevel Allow
Set-ActiveSyncDeviceAccessRule -Identity 'Nope (DeviceType)' -AccessLevel Allow`);
    const errors = r.findings.filter((f) => f.severity === 'error');
    expect(errors.map((e) => e.line)).toEqual([1, 2, 3, 5, 6]);
    expect(errors[0]!.message).toMatch(/'DeviceBrand' is not one of/);
    expect(errors[1]!.message).toMatch(/\$type is a variable/);
    expect(errors[2]!.message).toMatch(/pipeline/);
    expect(errors[3]!.message).toMatch(/already exists/);
    expect(errors[4]!.message).toMatch(/no device access rule named/);
    expect(r.config.rules).toHaveLength(1);
  });

  it('warns that * is not a wildcard', () => {
    const r = readEasScript("New-ActiveSyncDeviceAccessRule -Characteristic DeviceModel -QueryString 'iPhone*' -AccessLevel Block");
    expect(r.findings[0]!.message).toMatch(/not wildcards/);
  });
});

const text = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom('a', 'Z', '1', ' ', "'", '\u2019', '$', '(', ')', '"', '`', ';', '#', '-', '/', '*', 'é') });

describe('generateEasScript', () => {
  it('reads back as the same config (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EAS_ACCESS_LEVELS),
        fc.array(fc.tuple(fc.constantFrom(...EAS_CHARACTERISTICS), text, fc.constantFrom(...EAS_ACCESS_LEVELS)), { maxLength: 5 }),
        fc.array(fc.tuple(text, fc.boolean(), fc.array(text, { maxLength: 3 }), fc.array(text, { maxLength: 3 })), { maxLength: 3 }),
        (level, rules, mailboxes) => {
          let config: EasConfig = { ...createEasConfig(), defaultAccessLevel: level };
          for (const [characteristic, queryString, accessLevel] of rules) {
            if (!easRuleProblem(config, { characteristic, queryString })) config = addEasRule(config, { characteristic, queryString, accessLevel });
          }
          for (const [identity, enabled, allowed, blocked] of mailboxes) {
            config = upsertEasMailbox(config, identity, { activeSyncEnabled: enabled, allowedDeviceIds: allowed, blockedDeviceIds: blocked });
          }
          const script = generateEasScript(config);
          const back = readEasScript(script);
          expect(back.findings.filter((f) => f.severity === 'error')).toEqual([]);
          expect(strip(back.config)).toEqual(strip(config));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('quotes through quote.ts and keeps plain words bare', () => {
    let config = addEasRule(createEasConfig(), { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' });
    config = addEasRule(config, { characteristic: 'DeviceOS', queryString: "iOS 6.1 '$(x)'", accessLevel: 'Quarantine' });
    const script = generateEasScript(config);
    expect(script).toContain('New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString Android -AccessLevel Block');
    expect(script).toContain("-QueryString 'iOS 6.1 ''$(x)''' -AccessLevel Quarantine");
  });
});

describe('project file: the activeSync section', () => {
  it('round-trips, and a file without it still opens', () => {
    let config = addEasRule({ ...createEasConfig(), defaultAccessLevel: 'Quarantine' }, { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' });
    config = upsertEasMailbox(config, 'jeff@contoso.com', { blockedDeviceIds: ['X1'] });
    const file = serializeProjectFile({ ...createRuleSet(), activeSync: config });
    const back = parseProjectFile(file);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(strip(back.ruleSet.activeSync!)).toEqual(strip(config));
    expect(serializeProjectFile(back.ruleSet)).toBe(file);
    const old = parseProjectFile('{"format":"client-access-rule-designer","version":1,"rules":[]}');
    expect(old.ok && old.ruleSet.activeSync).toBe(undefined);
    expect(serializeProjectFile(createRuleSet())).not.toContain('activeSync');
  });

  it('says where a bad section is wrong, and refuses a newer section version', () => {
    const bad = parseProjectFile(
      '{"format":"client-access-rule-designer","version":1,"rules":[],"activeSync":{"version":1,"rules":[{"characteristic":"DeviceType","queryString":"A","accessLevel":"Deny"}]}}',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]!.path).toBe('activeSync.rules[0].accessLevel');
    const newer = parseProjectFile('{"format":"client-access-rule-designer","version":1,"rules":[],"activeSync":{"version":2}}');
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.errors[0]!.message).toMatch(/newer designer/);
  });
});

describe('parseMobileDevices and deviceImpact', () => {
  const OUTPUT = `
DeviceType      : Android
DeviceModel     : SM-G991B
DeviceOS        : Android 13
DeviceUserAgent : Android-SAMSUNG-SM-G991B/101.130
DeviceId        : ANDROIDC123456789
UserDisplayName : jeff

DeviceType      : iPhone
DeviceModel     : iPhone14C2
DeviceOS        : iOS 16.1 20B82
DeviceUserAgent : Apple-iPhone14C2/2002.82
DeviceId        : 4EC0F1A23B6C47D2A0F7
                  9C1E
`;

  it('reads records, wrapped values and the user', () => {
    const r = parseMobileDevices(OUTPUT);
    expect(r.findings).toEqual([]);
    expect(r.devices).toHaveLength(2);
    expect(r.devices[0]).toMatchObject({ deviceType: 'Android', userAgent: 'Android-SAMSUNG-SM-G991B/101.130', user: 'jeff', line: 2 });
    expect(r.devices[1]!.deviceId).toBe('4EC0F1A23B6C47D2A0F79C1E');
  });

  it('tells which rules hit which device', () => {
    let config = addEasRule(createEasConfig(), { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' });
    config = addEasRule(config, { characteristic: 'DeviceOS', queryString: 'iOS 16.1 20B82', accessLevel: 'Quarantine' });
    const impact = deviceImpact(config, parseMobileDevices(OUTPUT).devices);
    expect(impact.map((i) => [i.rules, i.decision.accessState])).toEqual([
      [['Android (DeviceType)'], 'Blocked'],
      [['iOS 16.1 20B82 (DeviceOS)'], 'Quarantined'],
    ]);
  });

  it('reports lines that are not Format-List output', () => {
    const r = parseMobileDevices('DeviceType : Android\n--- garbage ---\n');
    expect(r.findings.find((f) => f.message.includes('Name : value'))).toMatchObject({ line: 2 });
  });
});

describe('applyImport and the activeSync section', () => {
  it('replace takes the imported ActiveSync settings; merge keeps the current ones; scripts leave them alone', () => {
    const mine = { ...createRuleSet(), activeSync: addEasRule(createEasConfig(), { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' }) };
    const theirs = { ...createRuleSet(), activeSync: addEasRule(createEasConfig(), { characteristic: 'DeviceType', queryString: 'iPhone', accessLevel: 'Allow' }) };
    expect(applyImport(mine, theirs, 'replace').activeSync).toBe(theirs.activeSync);
    expect(applyImport(mine, theirs, 'merge').activeSync).toBe(mine.activeSync);
    expect(applyImport(createRuleSet(), theirs, 'merge').activeSync).toBe(theirs.activeSync);
    expect(applyImport(mine, createRuleSet(), 'replace').activeSync).toBe(mine.activeSync);
  });
});

describe('readers never throw (property)', () => {
  it('readEasScript and parseMobileDevices take any text and give positioned findings', () => {
    const unit = fc.constantFrom('New-ActiveSyncDeviceAccessRule ', 'Set-CASMailbox ', '-QueryString ', '-Identity ', '@(', '@{Add=', ')', '}', "'", '"', ',', ';', '\n', '$x', 'a', ' : ', '`', '(', '[char]0x41', '+');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }).map((xs) => xs.join('')), (input) => {
        for (const f of [...readEasScript(input).findings, ...parseMobileDevices(input).findings]) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
});
