/**
 * How Exchange decides a device's ActiveSync access state (seed 001, "ActiveSync Access Flow"): eight
 * steps in a fixed order; the first that applies decides.
 *
 * 1. ActiveSync enabled for the user (Set-CASMailbox -ActiveSyncEnabled) — if not: Blocked.
 * 2. Mobile device policy requirements met — if not: Blocked.
 * 3. Device ID in the user's ActiveSyncBlockedDeviceIDs — Blocked.
 * 4. Device ID in the user's ActiveSyncAllowedDeviceIDs — Allowed.
 * 5. A Block rule matches the device — Blocked.
 * 6. A Quarantine rule matches — Quarantined.
 * 7. An Allow rule matches — Allowed.
 * 8. The organization's DefaultAccessLevel.
 *
 * Among rules there is no priority: Block beats Quarantine beats Allow whatever order they were made.
 */
import {
  ACCESS_STATE_OF_LEVEL,
  CHARACTERISTIC_FIELDS,
  easRuleName,
  mailboxFor,
  sameEasText,
  type EasAccessLevel,
  type EasAccessState,
  type EasCharacteristic,
  type EasConfig,
  type EasDeviceInfo,
  type EasDevice,
  type EasRule,
} from './model.ts';

export const EAS_STEPS = [
  { id: 'activesync-disabled', label: 'ActiveSync enabled for the user' },
  { id: 'policy', label: 'Mobile device policy requirements met' },
  { id: 'personal-block', label: "Device ID in the user's blocked list" },
  { id: 'personal-allow', label: "Device ID in the user's allowed list" },
  { id: 'block-rule', label: 'A Block rule matches' },
  { id: 'quarantine-rule', label: 'A Quarantine rule matches' },
  { id: 'allow-rule', label: 'An Allow rule matches' },
  { id: 'default', label: 'Organization default access level' },
] as const;

export type EasStepId = (typeof EAS_STEPS)[number]['id'];

export interface EasStepTrace {
  id: EasStepId;
  label: string;
  /** `decided`: this step set the state; `passed`: checked, did not apply; `not-reached`: after the decision. */
  outcome: 'decided' | 'passed' | 'not-reached';
  detail: string;
}

export interface EasDecision {
  accessState: EasAccessState;
  /** The deciding step's label. */
  step: string;
  stepId: EasStepId;
  /** The deciding rule's name (`Android (DeviceType)`), when a rule decided. */
  rule: string | null;
  /** Every rule that matches the device, whatever decided. */
  matchingRules: string[];
  trace: EasStepTrace[];
}

type RuleIndex = Map<EasCharacteristic, Map<string, { rule: EasRule; order: number }[]>>;

/** Rules by characteristic and lower-cased query string, built once per rules array (configs are immutable). */
const INDEXES = new WeakMap<readonly EasRule[], RuleIndex>();

function ruleIndex(rules: readonly EasRule[]): RuleIndex {
  let index = INDEXES.get(rules);
  if (!index) {
    index = new Map();
    rules.forEach((rule, order) => {
      let byQuery = index!.get(rule.characteristic);
      if (!byQuery) index!.set(rule.characteristic, (byQuery = new Map()));
      const key = rule.queryString.toLowerCase();
      const list = byQuery.get(key) ?? [];
      list.push({ rule, order });
      byQuery.set(key, list);
    });
    INDEXES.set(rules, index);
  }
  return index;
}

/**
 * The rules that match a device, in config order: the same answer as filtering with
 * `easRuleMatches`, looked up by characteristic instead of scanning every rule.
 *
 * @example matchingRules(config.rules, device) // [{ characteristic: 'DeviceType', queryString: 'Android', … }]
 */
export function matchingRules(rules: readonly EasRule[], device: EasDeviceInfo): EasRule[] {
  const found: { rule: EasRule; order: number }[] = [];
  for (const [characteristic, byQuery] of ruleIndex(rules)) {
    const value = device[CHARACTERISTIC_FIELDS[characteristic].field];
    if (value === '') continue;
    const hits = byQuery.get(value.toLowerCase());
    if (hits) found.push(...hits);
  }
  if (found.length > 1) found.sort((a, b) => a.order - b.order);
  return found.map((f) => f.rule);
}

const RULE_STEP: Readonly<Record<EasAccessLevel, EasStepId>> = { Block: 'block-rule', Quarantine: 'quarantine-rule', Allow: 'allow-rule' };

/**
 * Decides one device for one user, with the trace of the eight steps (see the module comment).
 *
 * Edge cases: a user without Set-CASMailbox settings has ActiveSync enabled and empty lists; a device
 * ID on both personal lists is Blocked (the block list is checked first); several rules of one level
 * name the first in the config as the deciding rule and list all in `matchingRules`.
 *
 * @example decideDevice(config, { user: 'jeff@contoso.com', deviceType: 'Android', … }) // { accessState: 'Blocked', step: 'A Block rule matches', rule: 'Android (DeviceType)', … }
 */
export function decideDevice(config: EasConfig, device: EasDevice): EasDecision {
  const mailbox = mailboxFor(config, device.user);
  const matching = matchingRules(config.rules, device);
  const firstOf = (level: EasAccessLevel): EasRule | undefined => matching.find((r) => r.accessLevel === level);
  const onList = (list: readonly string[]) => device.deviceId !== '' && list.some((id) => sameEasText(id, device.deviceId));

  type Check = { applies: boolean; state: EasAccessState; yes: string; no: string; rule?: EasRule };
  const ruleCheck = (level: EasAccessLevel): Check => {
    const rule = firstOf(level);
    const all = matching.filter((r) => r.accessLevel === level).map(easRuleName);
    return {
      applies: rule !== undefined,
      state: ACCESS_STATE_OF_LEVEL[level],
      yes: `matched ${all.map((n) => `"${n}"`).join(', ')}`,
      no: `no ${level} rule matches`,
      rule,
    };
  };
  const checks: Record<EasStepId, Check> = {
    'activesync-disabled': {
      applies: !mailbox.activeSyncEnabled,
      state: 'Blocked',
      yes: `ActiveSyncEnabled is $false for ${mailbox.identity}`,
      no: 'ActiveSync is enabled',
    },
    policy: {
      applies: !device.meetsPolicy,
      state: 'Blocked',
      yes: 'the device cannot apply the mobile device mailbox policy (and non-provisionable devices are not allowed)',
      no: 'the device meets the policy',
    },
    'personal-block': {
      applies: onList(mailbox.blockedDeviceIds),
      state: 'Blocked',
      yes: `${device.deviceId} is in ActiveSyncBlockedDeviceIDs`,
      no: 'not in ActiveSyncBlockedDeviceIDs',
    },
    'personal-allow': {
      applies: onList(mailbox.allowedDeviceIds),
      state: 'Allowed',
      yes: `${device.deviceId} is in ActiveSyncAllowedDeviceIDs`,
      no: 'not in ActiveSyncAllowedDeviceIDs',
    },
    'block-rule': ruleCheck('Block'),
    'quarantine-rule': ruleCheck('Quarantine'),
    'allow-rule': ruleCheck('Allow'),
    default: {
      applies: true,
      state: ACCESS_STATE_OF_LEVEL[config.defaultAccessLevel],
      yes: `DefaultAccessLevel is ${config.defaultAccessLevel}`,
      no: '',
    },
  };
  const trace: EasStepTrace[] = [];
  let decided: { id: EasStepId; check: Check } | undefined;
  for (const step of EAS_STEPS) {
    const check = checks[step.id];
    if (decided) {
      trace.push({ id: step.id, label: step.label, outcome: 'not-reached', detail: '' });
      continue;
    }
    if (check.applies) {
      decided = { id: step.id, check };
      trace.push({ id: step.id, label: step.label, outcome: 'decided', detail: `${check.yes}: ${check.state}` });
    } else trace.push({ id: step.id, label: step.label, outcome: 'passed', detail: check.no });
  }
  const d = decided!;
  return {
    accessState: d.check.state,
    step: EAS_STEPS.find((s) => s.id === d.id)!.label,
    stepId: d.id,
    rule: d.check.rule ? easRuleName(d.check.rule) : null,
    matchingRules: matching.map(easRuleName),
    trace,
  };
}

/** `RULE_STEP` for the UI: which step a rule of a level takes part in. */
export function stepOfLevel(level: EasAccessLevel): EasStepId {
  return RULE_STEP[level];
}
