export {
  ACCESS_STATE_OF_LEVEL,
  CHARACTERISTIC_FIELDS,
  EAS_ACCESS_LEVELS,
  EAS_CHARACTERISTICS,
  addEasRule,
  createEasConfig,
  easRuleMatches,
  easRuleName,
  easQueryWarning,
  easRuleProblem,
  mailboxFor,
  removeEasMailbox,
  removeEasRule,
  sameEasText,
  setEasDefaultAccessLevel,
  updateEasRule,
  upsertEasMailbox,
} from './model.ts';
export type { EasAccessLevel, EasAccessState, EasCharacteristic, EasConfig, EasDevice, EasDeviceInfo, EasMailbox, EasRule } from './model.ts';
export { EAS_STEPS, decideDevice, matchingRules } from './decide.ts';
export type { EasDecision, EasStepId, EasStepTrace } from './decide.ts';
export { generateEasScript, readEasScript } from './script.ts';
export type { EasScriptResult } from './script.ts';
export { deviceImpact, parseMobileDevices } from './devices.ts';
export type { DeviceImpact, MobileDeviceRecord } from './devices.ts';
export { EAS_SECTION_VERSION, easConfigFromUnknown, serializeEasConfig } from './schema.ts';
