import { useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, CopyRegular, DeleteRegular, ArrowDownloadRegular } from '@fluentui/react-icons';
import { decideDevice, EAS_STEPS } from '../../../core/eas/decide.ts';
import { deviceImpact, parseMobileDevices } from '../../../core/eas/devices.ts';
import {
  createEasConfig,
  EAS_ACCESS_LEVELS,
  EAS_CHARACTERISTICS,
  easQueryWarning,
  easRuleName,
  easRuleProblem,
  type EasAccessLevel,
  type EasAccessState,
  type EasCharacteristic,
  type EasConfig,
  type EasDevice,
} from '../../../core/eas/model.ts';
import { generateEasScript, readEasScript } from '../../../core/eas/script.ts';
import type { SourceFinding } from '../../../core/model/types.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { copyText, downloadText } from '../../lib/download.ts';
import { selectRuleSet, useDesignStore } from '../../store/index.ts';
import { splitIds } from './ids.ts';
import { ACTIVESYNC_ACTIONS } from './actions.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '1200px', marginInline: 'auto', width: '100%', minWidth: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  grow: { flexGrow: 1, minWidth: '12rem' },
  hint: { color: tokens.colorNeutralForeground2 },
  tableWrap: { overflowX: 'auto', maxWidth: '100%' },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    margin: 0,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: '24rem',
    overflowY: 'auto',
  },
  trace: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  decided: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  wrapText: { overflowWrap: 'anywhere' },
});

const STATE_COLOR: Record<EasAccessState, 'success' | 'danger' | 'warning'> = { Allowed: 'success', Blocked: 'danger', Quarantined: 'warning' };

function findingText(f: SourceFinding): string {
  return `Line ${f.line}, column ${f.column}: ${f.message}`;
}

function RulesSection({ config }: { config: EasConfig }) {
  const styles = useStyles();
  const [characteristic, setCharacteristic] = useState<EasCharacteristic>('DeviceType');
  const [queryString, setQueryString] = useState('');
  const [accessLevel, setAccessLevel] = useState<EasAccessLevel>('Block');
  const [error, setError] = useState<string | null>(null);

  const add = () => {
    const rule = { characteristic, queryString: queryString.trim(), accessLevel };
    const problem = easRuleProblem(config, rule);
    if (problem) {
      setError(problem);
      return;
    }
    ACTIVESYNC_ACTIONS.addRule.run(APP_STORE_CONTEXT, { rule });
    setQueryString('');
    setError(null);
  };

  return (
    <section className={styles.section} aria-labelledby="eas-rules-heading">
      <h2 id="eas-rules-heading" className={styles.heading}>
        Device access rules
      </h2>
      <Text size={200} className={styles.hint}>
        A rule matches when the device reports exactly the query string (whole text, no wildcards, case ignored). Rules have no
        priority: Block beats Quarantine beats Allow.
      </Text>
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <Field label="Characteristic">
          <Select value={characteristic} onChange={(_, d) => setCharacteristic(d.value as EasCharacteristic)}>
            {EAS_CHARACTERISTICS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Field>
        <Field
          label="Query string"
          className={styles.grow}
          validationMessage={error ?? easQueryWarning(queryString) ?? undefined}
          validationState={error ? 'error' : easQueryWarning(queryString) ? 'warning' : 'none'}
        >
          <Input
            value={queryString}
            onChange={(_, d) => {
              setQueryString(d.value);
              setError(null);
            }}
            placeholder="Android"
          />
        </Field>
        <Field label="Access level">
          <Select value={accessLevel} onChange={(_, d) => setAccessLevel(d.value as EasAccessLevel)}>
            {EAS_ACCESS_LEVELS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Field>
        <Button type="submit" appearance="primary" icon={<AddRegular />}>
          Add rule
        </Button>
      </form>
      {config.rules.length === 0 ? (
        <Text className={styles.muted}>No device access rules yet.</Text>
      ) : (
        <div className={styles.tableWrap}>
          <Table aria-label="Device access rules" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Rule</TableHeaderCell>
                <TableHeaderCell>Access level</TableHeaderCell>
                <TableHeaderCell>
                  <span className={styles.muted}>Actions</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {config.rules.map((r) => (
                <TableRow key={r.id}>
                  <TableCell className={styles.wrapText}>{easRuleName(r)}</TableCell>
                  <TableCell>
                    <Select
                      aria-label={`Access level of ${easRuleName(r)}`}
                      value={r.accessLevel}
                      onChange={(_, d) => ACTIVESYNC_ACTIONS.setRuleAccess.run(APP_STORE_CONTEXT, { id: r.id, accessLevel: d.value as EasAccessLevel })}
                    >
                      {EAS_ACCESS_LEVELS.map((c) => (
                        <option key={c}>{c}</option>
                      ))}
                    </Select>
                  </TableCell>
                  <TableCell>
                    <Button icon={<DeleteRegular />} aria-label={`Remove ${easRuleName(r)}`} onClick={() => ACTIVESYNC_ACTIONS.removeRule.run(APP_STORE_CONTEXT, { id: r.id })} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function MailboxSection({ config }: { config: EasConfig }) {
  const styles = useStyles();
  const [identity, setIdentity] = useState('');
  const [enabled, setEnabled] = useState(true);
  const [allowed, setAllowed] = useState('');
  const [blocked, setBlocked] = useState('');
  const [error, setError] = useState<string | null>(null);

  const save = () => {
    if (identity.trim() === '') {
      setError('write the mailbox identity, e.g. jeff@contoso.com');
      return;
    }
    ACTIVESYNC_ACTIONS.saveMailbox.run(APP_STORE_CONTEXT, {
      identity: identity.trim(),
      patch: { activeSyncEnabled: enabled, allowedDeviceIds: splitIds(allowed), blockedDeviceIds: splitIds(blocked) },
    });
    setError(null);
    setIdentity('');
    setEnabled(true);
    setAllowed('');
    setBlocked('');
  };

  return (
    <section className={styles.section} aria-labelledby="eas-mailboxes-heading">
      <h2 id="eas-mailboxes-heading" className={styles.heading}>
        Mailbox settings (Set-CASMailbox)
      </h2>
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <Field label="Mailbox" className={styles.grow} validationMessage={error ?? undefined} validationState={error ? 'error' : 'none'}>
          <Input value={identity} onChange={(_, d) => setIdentity(d.value)} placeholder="jeff@contoso.com" />
        </Field>
        <Switch label="ActiveSync enabled" checked={enabled} onChange={(_, d) => setEnabled(d.checked)} />
        <Field label="Allowed device IDs" className={styles.grow}>
          <Input value={allowed} onChange={(_, d) => setAllowed(d.value)} placeholder="ID1, ID2" />
        </Field>
        <Field label="Blocked device IDs" className={styles.grow}>
          <Input value={blocked} onChange={(_, d) => setBlocked(d.value)} placeholder="ID3" />
        </Field>
        <Button type="submit" icon={<AddRegular />}>
          Save mailbox settings
        </Button>
      </form>
      {config.mailboxes.length > 0 && (
        <div className={styles.tableWrap}>
          <Table aria-label="Mailbox settings" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Mailbox</TableHeaderCell>
                <TableHeaderCell>ActiveSync</TableHeaderCell>
                <TableHeaderCell>Allowed IDs</TableHeaderCell>
                <TableHeaderCell>Blocked IDs</TableHeaderCell>
                <TableHeaderCell>
                  <span className={styles.muted}>Actions</span>
                </TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {config.mailboxes.map((m) => (
                <TableRow key={m.identity}>
                  <TableCell className={styles.wrapText}>{m.identity}</TableCell>
                  <TableCell>{m.activeSyncEnabled ? 'Enabled' : 'Disabled'}</TableCell>
                  <TableCell className={styles.wrapText}>{m.allowedDeviceIds.join(', ') || '—'}</TableCell>
                  <TableCell className={styles.wrapText}>{m.blockedDeviceIds.join(', ') || '—'}</TableCell>
                  <TableCell>
                    <Button
                      aria-label={`Edit ${m.identity}`}
                      size="small"
                      onClick={() => {
                        setIdentity(m.identity);
                        setEnabled(m.activeSyncEnabled);
                        setAllowed(m.allowedDeviceIds.join(', '));
                        setBlocked(m.blockedDeviceIds.join(', '));
                      }}
                    >
                      Edit
                    </Button>
                    <Button icon={<DeleteRegular />} size="small" aria-label={`Remove settings of ${m.identity}`} onClick={() => ACTIVESYNC_ACTIONS.removeMailbox.run(APP_STORE_CONTEXT, { identity: m.identity })} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

const EMPTY_DEVICE: EasDevice = { user: '', deviceId: '', deviceType: '', deviceModel: '', deviceOS: '', userAgent: '', xmsWlHeader: '', meetsPolicy: true };

const DEVICE_FIELDS: { key: Exclude<keyof EasDevice, 'meetsPolicy'>; label: string; placeholder: string }[] = [
  { key: 'user', label: 'User (mailbox)', placeholder: 'jeff@contoso.com' },
  { key: 'deviceId', label: 'Device ID', placeholder: 'ANDROIDC1234567' },
  { key: 'deviceType', label: 'Device type', placeholder: 'Android' },
  { key: 'deviceModel', label: 'Device model', placeholder: 'SM-G991B' },
  { key: 'deviceOS', label: 'Device OS', placeholder: 'Android 13' },
  { key: 'userAgent', label: 'User agent', placeholder: 'Android-SAMSUNG-SM-G991B/101.130' },
  { key: 'xmsWlHeader', label: 'X-MS-WL header', placeholder: '' },
];

function SimulatorSection({ config }: { config: EasConfig }) {
  const styles = useStyles();
  const [device, setDevice] = useState<EasDevice>(EMPTY_DEVICE);
  const decision = useMemo(() => decideDevice(config, device), [config, device]);
  return (
    <section className={styles.section} aria-labelledby="eas-sim-heading">
      <h2 id="eas-sim-heading" className={styles.heading}>
        Simulate a device
      </h2>
      <div className={styles.row}>
        {DEVICE_FIELDS.map((f) => (
          <Field key={f.key} label={f.label} className={styles.grow}>
            <Input value={device[f.key]} placeholder={f.placeholder} onChange={(_, d) => setDevice((x) => ({ ...x, [f.key]: d.value }))} />
          </Field>
        ))}
        <Checkbox
          label="Meets the mobile device policy"
          checked={device.meetsPolicy}
          onChange={(_, d) => setDevice((x) => ({ ...x, meetsPolicy: d.checked === true }))}
        />
      </div>
      <div role="status" aria-label="Device access decision" className={styles.section}>
        <div className={styles.row}>
          <Badge size="large" color={STATE_COLOR[decision.accessState]}>
            {decision.accessState}
          </Badge>
          <Text className={styles.wrapText}>
            Decided by: {decision.step}
            {decision.rule ? ` ("${decision.rule}")` : ''}
          </Text>
        </div>
        <ol className={styles.trace} aria-label="Decision steps">
          {decision.trace.map((t) => (
            <li key={t.id} className={t.outcome === 'decided' ? styles.decided : t.outcome === 'not-reached' ? styles.muted : undefined}>
              {t.label}
              {t.outcome === 'not-reached' ? ' (not reached)' : `: ${t.detail}`}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

function ImportSection({ config }: { config: EasConfig }) {
  const styles = useStyles();
  const [text, setText] = useState('');
  const [findings, setFindings] = useState<SourceFinding[]>([]);
  const [summary, setSummary] = useState<string | null>(null);
  const [devicesText, setDevicesText] = useState('');
  const devices = useMemo(() => (devicesText.trim() === '' ? null : parseMobileDevices(devicesText)), [devicesText]);
  const impact = useMemo(() => (devices ? deviceImpact(config, devices.devices) : []), [config, devices]);

  const importScript = () => {
    const r = readEasScript(text, config);
    setFindings(r.findings.filter((f) => f.severity !== 'info'));
    setSummary(`${r.applied} command${r.applied === 1 ? '' : 's'} applied${r.findings.some((f) => f.severity === 'error') ? '; the lines with errors were not applied' : ''}.`);
    if (r.applied > 0) ACTIVESYNC_ACTIONS.importScript.run(APP_STORE_CONTEXT, { config: r.config });
  };

  return (
    <section className={styles.section} aria-labelledby="eas-import-heading">
      <h2 id="eas-import-heading" className={styles.heading}>
        Import
      </h2>
      <Field label="PowerShell commands" hint="New-/Set-/Remove-ActiveSyncDeviceAccessRule, Set-ActiveSyncOrganizationSettings, Set-CASMailbox. Applied on top of the rules above.">
        <Textarea value={text} onChange={(_, d) => setText(d.value)} resize="vertical" rows={4} textarea={{ spellCheck: false }} />
      </Field>
      <div className={styles.row}>
        <Button onClick={importScript} disabled={text.trim() === ''}>
          Import commands
        </Button>
        {summary && <Text role="status">{summary}</Text>}
      </div>
      {findings.length > 0 && (
        <MessageBar intent={findings.some((f) => f.severity === 'error') ? 'error' : 'warning'}>
          <MessageBarBody>
            <ul aria-label="Import problems">
              {findings.map((f, i) => (
                <li key={i}>{findingText(f)}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      <Field
        label="Get-MobileDevice output"
        hint="Paste Get-MobileDevice | Format-List DeviceType,DeviceModel,DeviceOS,DeviceUserAgent,DeviceId to see which rules hit each device."
      >
        <Textarea value={devicesText} onChange={(_, d) => setDevicesText(d.value)} resize="vertical" rows={4} textarea={{ spellCheck: false }} />
      </Field>
      {devices && devices.findings.length > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <ul aria-label="Device list problems">
              {devices.findings.map((f, i) => (
                <li key={i}>{findingText(f)}</li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {impact.length > 0 && (
        <div className={styles.tableWrap}>
          <Table aria-label="Devices and the rules that hit them" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Device</TableHeaderCell>
                <TableHeaderCell>Rules that hit it</TableHeaderCell>
                <TableHeaderCell>Access state</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {impact.map((row, i) => (
                <TableRow key={i}>
                  <TableCell className={styles.wrapText}>
                    {[row.device.deviceType, row.device.deviceModel, row.device.deviceOS].filter(Boolean).join(' · ')}
                    {row.device.deviceId ? ` (${row.device.deviceId})` : ''}
                  </TableCell>
                  <TableCell className={styles.wrapText}>{row.rules.join(', ') || 'none'}</TableCell>
                  <TableCell>
                    <Badge color={STATE_COLOR[row.decision.accessState]}>{row.decision.accessState}</Badge> <span className={styles.muted}>{row.decision.step}</span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

function ExportSection({ config }: { config: EasConfig }) {
  const styles = useStyles();
  const script = useMemo(() => generateEasScript(config), [config]);
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <section className={styles.section} aria-labelledby="eas-export-heading">
      <h2 id="eas-export-heading" className={styles.heading}>
        PowerShell
      </h2>
      <pre className={styles.code} aria-label="ActiveSync PowerShell script" tabIndex={0}>
        {script}
      </pre>
      <div className={styles.row}>
        <Button
          appearance="primary"
          icon={<CopyRegular />}
          onClick={() => void copyText(script).then((ok) => setCopied(ok ? 'Script copied to the clipboard' : 'Copy failed: select the script and press Ctrl+C'))}
        >
          Copy script
        </Button>
        <Button icon={<ArrowDownloadRegular />} onClick={() => downloadText('activesync-device-access.ps1', script, 'text/plain')}>
          Download .ps1
        </Button>
        {copied && <Text role="status">{copied}</Text>}
      </div>
    </section>
  );
}

/** The ActiveSync view: device access rules, mailbox lists, a device simulator, import and export. */
export function ActiveSyncPanel() {
  const styles = useStyles();
  const ruleSet = useDesignStore(selectRuleSet);
  const config = ruleSet.activeSync ?? createEasConfig();
  return (
    <div className={styles.panel}>
      <section className={styles.section} aria-labelledby="eas-default-heading">
        <h2 id="eas-default-heading" className={styles.heading}>
          ActiveSync device access
        </h2>
        <Text size={200} className={styles.hint}>
          Exchange decides a device in this order: {EAS_STEPS.map((s, i) => `${i + 1}. ${s.label}`).join('; ')}. The first step that applies decides.
        </Text>
        <Field label="Organization default access level (Set-ActiveSyncOrganizationSettings -DefaultAccessLevel)">
          <Select value={config.defaultAccessLevel} onChange={(_, d) => ACTIVESYNC_ACTIONS.setDefaultAccessLevel.run(APP_STORE_CONTEXT, { level: d.value as EasAccessLevel })}>
            {EAS_ACCESS_LEVELS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Field>
      </section>
      <RulesSection config={config} />
      <MailboxSection config={config} />
      <SimulatorSection config={config} />
      <ImportSection config={config} />
      <ExportSection config={config} />
    </div>
  );
}
