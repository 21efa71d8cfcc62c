import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideDevice, EAS_STEPS, matchingRules, type EasStepId } from './decide.ts';
import { addEasRule, createEasConfig, EAS_ACCESS_LEVELS, EAS_CHARACTERISTICS, easRuleMatches, easRuleProblem, upsertEasMailbox, type EasAccessLevel, type EasConfig, type EasDevice } from './model.ts';

const DEVICE: EasDevice = {
  user: 'britton@brittest.onmicrosoft.com',
  deviceId: 'ANDROIDC123456789',
  deviceType: 'Android',
  deviceModel: 'SM-G991B',
  deviceOS: 'Android 13',
  userAgent: 'Android-SAMSUNG-SM-G991B/101.130',
  xmsWlHeader: '',
  meetsPolicy: true,
};

const STATE: Record<EasAccessLevel, string> = { Allow: 'Allowed', Block: 'Blocked', Quarantine: 'Quarantined' };

/** What each of the first seven steps decides when it applies. */
const STEP_STATE: Record<Exclude<EasStepId, 'default'>, string> = {
  'activesync-disabled': 'Blocked',
  policy: 'Blocked',
  'personal-block': 'Blocked',
  'personal-allow': 'Allowed',
  'block-rule': 'Blocked',
  'quarantine-rule': 'Quarantined',
  'allow-rule': 'Allowed',
};

/** A config and device in which exactly the steps in `on` apply (steps 1..7 by index bit). */
function scenario(mask: number, defaultLevel: EasAccessLevel): { config: EasConfig; device: EasDevice } {
  const on = (i: number) => (mask & (1 << i)) !== 0;
  let config: EasConfig = { ...createEasConfig(), defaultAccessLevel: defaultLevel };
  // Rules on three different characteristics, so each can apply independently.
  if (on(4)) config = addEasRule(config, { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' });
  if (on(5)) config = addEasRule(config, { characteristic: 'DeviceModel', queryString: 'SM-G991B', accessLevel: 'Quarantine' });
  if (on(6)) config = addEasRule(config, { characteristic: 'DeviceOS', queryString: 'Android 13', accessLevel: 'Allow' });
  // Rules that never apply, to show that only matching rules count.
  config = addEasRule(config, { characteristic: 'DeviceType', queryString: 'iPhone', accessLevel: 'Block' });
  config = upsertEasMailbox(config, DEVICE.user, {
    activeSyncEnabled: !on(0),
    blockedDeviceIds: on(2) ? [DEVICE.deviceId.toLowerCase()] : ['OTHER1'],
    allowedDeviceIds: on(3) ? [DEVICE.deviceId] : ['OTHER2'],
  });
  return { config, device: { ...DEVICE, meetsPolicy: !on(1) } };
}

describe('decideDevice: the documented order', () => {
  it('on every combination of the eight steps, the first step that applies decides', () => {
    let checked = 0;
    for (let mask = 0; mask < 1 << 7; mask++) {
      for (const level of EAS_ACCESS_LEVELS) {
        const { config, device } = scenario(mask, level);
        const d = decideDevice(config, device);
        const first = EAS_STEPS.findIndex((_, i) => i < 7 && (mask & (1 << i)) !== 0);
        const expectedId: EasStepId = first < 0 ? 'default' : EAS_STEPS[first]!.id;
        expect(d.stepId, `mask ${mask.toString(2)} default ${level}`).toBe(expectedId);
        expect(d.accessState).toBe(expectedId === 'default' ? STATE[level] : STEP_STATE[expectedId as Exclude<EasStepId, 'default'>]);
        expect(d.step).toBe(EAS_STEPS.find((s) => s.id === expectedId)!.label);
        // The trace: passed before, decided at, not reached after.
        const at = EAS_STEPS.findIndex((s) => s.id === expectedId);
        expect(d.trace.map((t) => t.outcome)).toEqual(EAS_STEPS.map((_, i) => (i < at ? 'passed' : i === at ? 'decided' : 'not-reached')));
        expect(d.rule).toBe(
          expectedId === 'block-rule' ? 'Android (DeviceType)' : expectedId === 'quarantine-rule' ? 'SM-G991B (DeviceModel)' : expectedId === 'allow-rule' ? 'Android 13 (DeviceOS)' : null,
        );
        checked++;
      }
    }
    expect(checked).toBe(128 * 3);
  });

  it('Block beats Quarantine beats Allow whatever the order the rules were made in', () => {
    let config = createEasConfig();
    config = addEasRule(config, { characteristic: 'DeviceOS', queryString: 'Android 13', accessLevel: 'Allow' });
    config = addEasRule(config, { characteristic: 'DeviceModel', queryString: 'SM-G991B', accessLevel: 'Quarantine' });
    expect(decideDevice(config, DEVICE).accessState).toBe('Quarantined');
    config = addEasRule(config, { characteristic: 'UserAgent', queryString: DEVICE.userAgent, accessLevel: 'Block' });
    const d = decideDevice(config, DEVICE);
    expect(d.accessState).toBe('Blocked');
    expect(d.matchingRules).toHaveLength(3);
  });

  it('matches the whole text ignoring case, with no wildcards', () => {
    const rule = (q: string) => addEasRule(createEasConfig(), { characteristic: 'DeviceType', queryString: q, accessLevel: 'Block' });
    expect(decideDevice(rule('android'), DEVICE).accessState).toBe('Blocked');
    expect(decideDevice(rule('Andr*'), DEVICE).accessState).toBe('Allowed');
    expect(decideDevice(rule('Androi'), DEVICE).accessState).toBe('Allowed');
    expect(decideDevice(rule('Android '), DEVICE).accessState).toBe('Allowed');
  });

  it('the seed example: blocking Android phones while the company hands out iPhones (seed 001)', () => {
    const config = addEasRule(createEasConfig(), { characteristic: 'DeviceType', queryString: 'Android', accessLevel: 'Block' });
    expect(decideDevice(config, DEVICE)).toMatchObject({ accessState: 'Blocked', rule: 'Android (DeviceType)', stepId: 'block-rule' });
    expect(decideDevice(config, { ...DEVICE, deviceType: 'iPhone' }).accessState).toBe('Allowed');
    // The personal allow list comes before the rule.
    const allowed = upsertEasMailbox(config, DEVICE.user, { allowedDeviceIds: [DEVICE.deviceId] });
    expect(decideDevice(allowed, DEVICE)).toMatchObject({ accessState: 'Allowed', stepId: 'personal-allow' });
  });
});

describe('matchingRules', () => {
  it('agrees with filtering by easRuleMatches (property)', () => {
    const values = ['Android', 'android', 'iPhone', 'Android 13', 'SM-G991B', 'x*', ''];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...EAS_CHARACTERISTICS), fc.constantFrom(...values.filter((v) => v !== '')), fc.constantFrom(...EAS_ACCESS_LEVELS)), { maxLength: 12 }),
        fc.record({
          deviceId: fc.constant('D1'),
          deviceType: fc.constantFrom(...values),
          deviceModel: fc.constantFrom(...values),
          deviceOS: fc.constantFrom(...values),
          userAgent: fc.constantFrom(...values),
          xmsWlHeader: fc.constantFrom(...values),
        }),
        (rules, device) => {
          let config = createEasConfig();
          for (const [characteristic, queryString, accessLevel] of rules) {
            if (!easRuleProblem(config, { characteristic, queryString })) config = addEasRule(config, { characteristic, queryString, accessLevel });
          }
          expect(matchingRules(config.rules, device)).toEqual(config.rules.filter((r) => easRuleMatches(r, device)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
