import { describe, it, expect } from 'vitest';
import { addEasRule, createEasConfig, nextEasRuleId, removeEasRule } from './model.ts';
import { readEasScript } from './script.ts';

const android = { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' } as const;
const iphone = { characteristic: 'DeviceType', queryString: 'iPhone', accessLevel: 'Allow' } as const;

describe('ActiveSync rule ids', () => {
  it('come from the configuration: the same changes give the same ids', () => {
    const build = () => addEasRule(addEasRule(createEasConfig(), android), iphone);
    expect(build().rules.map((r) => r.id)).toEqual(['eas-1', 'eas-2']);
    expect(build()).toEqual(build());
  });

  it('keep an id the caller gives, and never reuse a taken one', () => {
    let config = addEasRule(createEasConfig(), { ...android, id: 'eas-7' });
    config = addEasRule(config, { ...iphone, id: 'mine' });
    expect(nextEasRuleId(config)).toBe('eas-8');
    config = addEasRule(config, { characteristic: 'DeviceOS', queryString: 'iOS 17', accessLevel: 'Quarantine' });
    expect(config.rules.map((r) => r.id)).toEqual(['eas-7', 'mine', 'eas-8']);
    const removed = removeEasRule(config, 'eas-7');
    expect(nextEasRuleId(removed)).toBe('eas-9');
    expect(new Set(addEasRule(removed, android).rules.map((r) => r.id)).size).toBe(3);
  });

  it('are the same each time a script is read', () => {
    const script = "New-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString 'Android' -AccessLevel Block\nNew-ActiveSyncDeviceAccessRule -Characteristic DeviceType -QueryString 'iPhone' -AccessLevel Allow\n";
    const first = readEasScript(script);
    const second = readEasScript(script);
    expect(first).toEqual(second);
  });
});
