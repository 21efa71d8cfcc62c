import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button, Field, Input, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { AUTHENTICATION_TYPES, CONNECTION_TYPES, OPATH_PROPERTIES, PROTOCOLS } from '../../../core/model/types.ts';
import { authenticationDisplayName, protocolDisplayName } from '../../../core/describe.ts';
import type { AuthenticationType, Connection, ConnectionType, Protocol } from '../../../core/model/types.ts';
import { usernameSubject } from '../../../core/match/username.ts';
import { parsePort, validateConnection } from './simulator-text.ts';

const CONNECTION_TYPE_LABELS: Record<ConnectionType, string> = {
  EndUser: 'End user (direct)',
  MiddleTierApp: 'Middle-tier application',
  MicrosoftMiddleTierApp: 'Microsoft-owned middle-tier application',
};

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    // One column in a narrow pane, at most two in a wide one (a lone port field in a third column read badly).
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, max(170px, calc(50% - 8px))), 1fr))',
    '& > *': { minWidth: 0 },
    // Native selects are as wide as their longest option unless allowed to shrink.
    '& .fui-Select, & select, & .fui-Input, & input': { minWidth: 0, maxWidth: '100%' },
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    alignItems: 'start',
  },
  attributes: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginTop: tokens.spacingVerticalS },
  attributeRow: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr) auto',
    gap: tokens.spacingHorizontalS,
    alignItems: 'end',
    '& > *': { minWidth: 0 },
    '& .fui-Select, & select, & .fui-Input, & input': { minWidth: 0, maxWidth: '100%' },
  },
  subject: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  wide: { gridColumn: '1 / -1' },
});

interface AttributeRow {
  id: number;
  key: string;
  value: string;
}

function rowsFrom(attributes: Record<string, string>, nextId: () => number): AttributeRow[] {
  return Object.entries(attributes).map(([key, value]) => ({ id: nextId(), key, value }));
}

function recordFrom(rows: AttributeRow[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (row.key) record[row.key] = row.value;
  return record;
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ak = Object.keys(a);
  return ak.length === Object.keys(b).length && ak.every((k) => a[k] === b[k]);
}

export interface ConnectionFormProps {
  connection: Connection;
  onChange: (patch: Partial<Connection>) => void;
  /** The protocols the target governs (only these are offered, plus the current one if it is not). */
  protocols?: readonly Protocol[];
}

/** The connection the simulator evaluates: every field Test-ClientAccessRule takes, plus the user's attributes and the connection type. */
export function ConnectionForm({ connection, onChange, protocols = PROTOCOLS }: ConnectionFormProps) {
  const styles = useStyles();
  const attrHeading = useId();
  const problems = validateConnection(connection);
  const [portText, setPortText] = useState(String(connection.port));
  // Row ids for React keys, counted per form (no module-level state).
  const counter = useRef(0);
  const nextId = useCallback(() => ++counter.current, []);
  const [rows, setRows] = useState<AttributeRow[]>(() => rowsFrom(connection.attributes, nextId));

  // Follow outside changes (loading a saved test case) without losing rows being typed.
  useEffect(() => {
    setPortText((text) => (parsePort(text).ok && Number(text) === connection.port ? text : String(connection.port)));
  }, [connection.port]);
  useEffect(() => {
    setRows((current) => (sameRecord(recordFrom(current), connection.attributes) ? current : rowsFrom(connection.attributes, nextId)));
  }, [connection.attributes, nextId]);

  const port = parsePort(portText);
  const updateRows = (next: AttributeRow[]): void => {
    setRows(next);
    const record = recordFrom(next);
    if (!sameRecord(record, connection.attributes)) onChange({ attributes: record });
  };
  const usedKeys = new Set(rows.map((r) => r.key));

  return (
    <section aria-label="Connection">
      <div className={styles.grid}>
        <Field label="Protocol" hint={<span className={styles.subject}>{connection.protocol}</span>}>
          <Select value={connection.protocol} onChange={(_, d) => onChange({ protocol: d.value as Protocol })}>
            {(protocols.includes(connection.protocol) ? protocols : [...protocols, connection.protocol]).map((p) => (
              <option key={p} value={p}>
                {protocolDisplayName(p)}
                {protocols.includes(p) ? '' : ' (not governed)'}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Authentication type" hint={<span className={styles.subject}>{connection.authenticationType}</span>}>
          <Select value={connection.authenticationType} onChange={(_, d) => onChange({ authenticationType: d.value as AuthenticationType })}>
            {AUTHENTICATION_TYPES.map((a) => (
              <option key={a} value={a}>
                {authenticationDisplayName(a)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Client IP address" validationMessage={problems.ipAddress} validationState={problems.ipAddress ? 'error' : 'none'}>
          <Input value={connection.ipAddress} onChange={(_, d) => onChange({ ipAddress: d.value })} spellCheck={false} />
        </Field>
        <Field label="Client port" validationMessage={port.ok ? undefined : port.message} validationState={port.ok ? 'none' : 'error'}>
          <Input
            value={portText}
            inputMode="numeric"
            onChange={(_, d) => {
              setPortText(d.value);
              const parsed = parsePort(d.value);
              if (parsed.ok && parsed.port !== connection.port) onChange({ port: parsed.port });
            }}
          />
        </Field>
        <Field
          className={styles.wide}
          label="User"
          validationMessage={problems.user ?? (connection.user.trim() ? <>Rules see the subject <span className={styles.subject}>{usernameSubject(connection.user)}</span></> : undefined)}
          validationState={problems.user ? 'warning' : 'none'}
        >
          <Input value={connection.user} onChange={(_, d) => onChange({ user: d.value })} spellCheck={false} placeholder="jeff@contoso.com or CONTOSO\jeff" />
        </Field>
        <Field label="Connection type" className={styles.wide}>
          <Select value={connection.connectionType} onChange={(_, d) => onChange({ connectionType: d.value as ConnectionType })}>
            {CONNECTION_TYPES.map((c) => (
              <option key={c} value={c}>
                {CONNECTION_TYPE_LABELS[c]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className={styles.attributes} role="group" aria-labelledby={attrHeading}>
        <Text id={attrHeading} weight="semibold">
          User attributes for the recipient filter
        </Text>
        {rows.length === 0 && <Text size={200}>None: every attribute is $null for the filter.</Text>}
        {rows.map((row, index) => (
          <div key={row.id} className={styles.attributeRow}>
            <Field label={`Attribute ${index + 1} property`}>
              <Select value={row.key} onChange={(_, d) => updateRows(rows.map((r) => (r.id === row.id ? { ...r, key: d.value } : r)))}>
                {OPATH_PROPERTIES.filter((p) => p === row.key || !usedKeys.has(p)).map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={`Attribute ${index + 1} value`}>
              <Input value={row.value} onChange={(_, d) => updateRows(rows.map((r) => (r.id === row.id ? { ...r, value: d.value } : r)))} />
            </Field>
            <Button
              icon={<DeleteRegular />}
              aria-label={`Remove attribute ${row.key || index + 1}`}
              onClick={() => updateRows(rows.filter((r) => r.id !== row.id))}
            />
          </div>
        ))}
        <div>
          <Button
            icon={<AddRegular />}
            size="small"
            disabled={usedKeys.size >= OPATH_PROPERTIES.length}
            onClick={() => {
              const key = OPATH_PROPERTIES.find((p) => !usedKeys.has(p)) ?? '';
              updateRows([...rows, { id: nextId(), key, value: '' }]);
            }}
          >
            Add attribute
          </Button>
        </div>
      </div>
    </section>
  );
}
