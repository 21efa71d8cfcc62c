/**
 * Reads `Get-MobileDevice | Format-List DeviceType,DeviceModel,DeviceOS,DeviceUserAgent,DeviceId`
 * output (seed 001) and tells, for each device, which device access rules hit it and the access
 * state the rules and the organization default give it.
 *
 * Decisions:
 * - Records are separated by blank lines; a line `Name : value` sets a property; a line starting with
 *   spaces continues the previous value (Format-List wraps long values). Property names are read in
 *   any case. Other properties (UserDisplayName, Identity, …) are kept for display.
 * - The user of a device is its `UserDisplayName`, else the mailbox part of `Identity`
 *   (`contoso.com/Users/jeff/ExchangeActiveSyncDevices/…` → `jeff`), else empty. The "which device
 *   would a rule hit" view decides every device as a compliant device of a user whose personal lists
 *   are looked up by that name.
 */
import type { SourceFinding } from '../model/types.ts';
import { decideDevice, type EasDecision } from './decide.ts';
import { easRuleMatches, easRuleName, type EasConfig, type EasDeviceInfo } from './model.ts';

export interface MobileDeviceRecord extends EasDeviceInfo {
  user: string;
  /** The 1-based line where the record starts. */
  line: number;
  /** Every property as read, by its name as written. */
  properties: Record<string, string>;
}

const FIELD_OF: Readonly<Record<string, keyof EasDeviceInfo>> = {
  devicetype: 'deviceType',
  devicemodel: 'deviceModel',
  deviceos: 'deviceOS',
  deviceuseragent: 'userAgent',
  useragent: 'userAgent',
  deviceid: 'deviceId',
};

function userOf(props: Record<string, string>): string {
  const get = (name: string) => Object.entries(props).find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
  const display = get('userdisplayname');
  if (display) return display;
  const identity = get('identity');
  const m = /\/Users\/([^/]+)\//i.exec(identity) ?? /^([^\\/]+)\\/.exec(identity);
  return m ? m[1]! : '';
}

/**
 * Parses Format-List output of Get-MobileDevice into device records.
 *
 * Edge cases: a record without DeviceId is still read (rules match on the other fields) with a
 * warning; lines that are neither `Name : value` nor a continuation are reported with their line.
 *
 * @example parseMobileDevices('DeviceType : Android\nDeviceId   : abc\n').devices[0].deviceType // 'Android'
 */
export function parseMobileDevices(text: string): { devices: MobileDeviceRecord[]; findings: SourceFinding[] } {
  const devices: MobileDeviceRecord[] = [];
  const findings: SourceFinding[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let props: Record<string, string> | null = null;
  let start = 0;
  let lastKey: string | null = null;
  const flush = () => {
    if (!props) return;
    const record: MobileDeviceRecord = {
      deviceId: '',
      deviceType: '',
      deviceModel: '',
      deviceOS: '',
      userAgent: '',
      xmsWlHeader: '',
      user: userOf(props),
      line: start,
      properties: props,
    };
    for (const [k, v] of Object.entries(props)) {
      const field = FIELD_OF[k.toLowerCase()];
      if (field) record[field] = v;
    }
    if (record.deviceId === '') findings.push({ severity: 'warning', line: start, column: 1, message: 'this device has no DeviceId; personal allow and block lists cannot apply to it' });
    devices.push(record);
    props = null;
    lastKey = null;
  };
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') {
      flush();
      return;
    }
    const m = /^([A-Za-z][\w.-]*)\s*:\s?(.*)$/.exec(raw);
    if (m && !/^\s/.test(raw)) {
      if (!props) {
        props = {};
        start = lineNo;
      }
      lastKey = m[1]!;
      props[lastKey] = m[2]!.trimEnd();
      return;
    }
    if (/^\s/.test(raw) && props && lastKey) {
      props[lastKey] = `${props[lastKey]}${raw.trim()}`;
      return;
    }
    findings.push({ severity: 'warning', line: lineNo, column: 1, message: `not a 'Name : value' line of Format-List output; skipped` });
  });
  flush();
  if (devices.length === 0 && findings.length === 0) {
    findings.push({ severity: 'warning', line: 1, column: 1, message: 'no device found: paste the output of Get-MobileDevice | Format-List DeviceType,DeviceModel,DeviceOS,DeviceUserAgent,DeviceId' });
  }
  return { devices, findings };
}

export interface DeviceImpact {
  device: MobileDeviceRecord;
  /** Names of the rules that match the device. */
  rules: string[];
  decision: EasDecision;
}

/**
 * For each device: the rules that hit it and the access state it would get (as a policy-compliant
 * device of its user).
 *
 * @example deviceImpact(config, devices)[0].rules // ['Android (DeviceType)']
 */
export function deviceImpact(config: EasConfig, devices: readonly MobileDeviceRecord[]): DeviceImpact[] {
  return devices.map((device) => ({
    device,
    rules: config.rules.filter((r) => easRuleMatches(r, device)).map(easRuleName),
    decision: decideDevice(config, { ...device, meetsPolicy: true }),
  }));
}
