import {
  Button,
  Field,
  InfoLabel,
  Menu,
  MenuButton,
  MenuItemCheckbox,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
  useFieldControlProps_unstable,
} from '@fluentui/react-components';
import { Dismiss16Regular, ErrorCircle16Filled } from '@fluentui/react-icons';
import { authenticationDisplayName, protocolDisplayName, protocolLabel, shortAuthenticationName, shortProtocolName } from '../../../core/describe.ts';
import { AUTH_TYPE_SUPPORT } from '../../../core/model/auth-support.ts';
import {
  AUTHENTICATION_TYPES,
  PROTOCOLS,
  SERVER_PROTOCOLS,
  type AuthenticationType,
  type Profile,
  type Protocol,
} from '../../../core/model/types.ts';

const useStyles = makeStyles({
  dropdown: { minWidth: 0, width: '100%', justifyContent: 'space-between', fontWeight: tokens.fontWeightRegular },
  buttonText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', textAlign: 'start' },
  placeholder: { color: tokens.colorNeutralForeground4 },
  unsupported: { display: 'flex', flexDirection: 'column', gap: '2px', marginTop: tokens.spacingVerticalXS },
  unsupportedItem: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorPaletteRedForeground1,
    fontSize: tokens.fontSizeBase200,
  },
  table: { borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200, '& th, & td': { padding: '2px 6px', textAlign: 'center' }, '& th:first-child, & td:first-child': { textAlign: 'start' } },
  optionText: { display: 'flex', flexDirection: 'column' },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

const PROTOCOL_HELP: Partial<Record<Protocol, string>> = {
  OutlookAnywhere: 'includes MAPI over HTTP',
  ExchangeAdminCenter: 'the classic admin center only',
  RemotePowerShell: 'includes the Exchange Management Shell',
  UniversalOutlook: 'Mail and Calendar app',
};

function listText(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.join(', ');
}

/** An option's secondary line: the PowerShell value (when it differs from the display name), then a note. */
function secondaryText(display: string, value: string, note?: string): string | undefined {
  const parts = [display === value ? '' : value, note ?? ''].filter((p) => p !== '');
  return parts.length === 0 ? undefined : parts.join(' · ');
}

interface MultiSelectOption<T extends string> {
  value: T;
  label: string;
  secondary?: string;
}

/**
 * A multi-select as a menu of checkboxes. It sits inside a Fluent `Field`, whose `<label>` names the
 * trigger button; the button shows the current selection.
 */
function MultiSelect<T extends string>({
  options,
  value,
  display,
  placeholder,
  onChange,
}: {
  options: MultiSelectOption<T>[];
  value: T[];
  display: string;
  placeholder: string;
  onChange: (value: T[]) => void;
}) {
  const styles = useStyles();
  const fieldProps = useFieldControlProps_unstable({}, { supportsLabelFor: true });
  return (
    <Menu
      checkedValues={{ values: value }}
      onCheckedValueChange={(_, data) => {
        const checked = data.checkedItems;
        onChange(options.map((o) => o.value).filter((v) => checked.includes(v)));
      }}
      hasCheckmarks
      // Twelve protocols do not fit below a field low on a laptop screen: flip and scroll instead.
      positioning={{ autoSize: 'height', fallbackPositions: ['above', 'after', 'before'] }}
    >
      <MenuTrigger disableButtonEnhancement>
        <MenuButton {...fieldProps} className={styles.dropdown} appearance="outline">
          <span className={display === '' ? mergeClasses(styles.buttonText, styles.placeholder) : styles.buttonText}>
            {display === '' ? placeholder : display}
          </span>
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {options.map((o) => (
            <MenuItemCheckbox key={o.value} name="values" value={o.value}>
              <span className={styles.optionText}>
                {o.label}
                {o.secondary && <span className={styles.secondary}>{o.secondary}</span>}
              </span>
            </MenuItemCheckbox>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

export interface ProtocolPickerProps {
  label: string;
  hint?: string;
  value: Protocol[];
  profile: Profile;
  onChange: (value: Protocol[]) => void;
}

/**
 * Multi-select of protocols by display name (the PowerShell value is each option's secondary text); the
 * Server profile offers only the admin center and remote PowerShell (spec 1).
 */
export function ProtocolPicker({ label, hint, value, profile, onChange }: ProtocolPickerProps) {
  const styles = useStyles();
  const offered = profile === 'ExchangeServer' ? SERVER_PROTOCOLS : PROTOCOLS;
  const unsupported = value.filter((p) => !offered.includes(p));
  const display = value.length === 0 ? '' : value.map(shortProtocolName).join(', ');
  return (
    <Field label={label} hint={hint}>
      <MultiSelect
        options={offered.map((p) => ({ value: p, label: protocolDisplayName(p), secondary: secondaryText(protocolDisplayName(p), p, PROTOCOL_HELP[p]) }))}
        value={value}
        display={display}
        placeholder="Any protocol (not used)"
        onChange={(selected) => onChange([...selected, ...unsupported].sort((a, b) => PROTOCOLS.indexOf(a) - PROTOCOLS.indexOf(b)))}
      />
      {unsupported.length > 0 && (
        <div className={styles.unsupported}>
          {unsupported.map((p) => (
            <span key={p} className={styles.unsupportedItem}>
              <ErrorCircle16Filled aria-hidden />
              <Text size={200}>
                {protocolLabel(p)}: not supported by Exchange Server (only {SERVER_PROTOCOLS.map(protocolLabel).join(' and ')})
              </Text>
              <Button
                size="small"
                appearance="subtle"
                icon={<Dismiss16Regular />}
                aria-label={`Remove ${protocolDisplayName(p)} from ${label}`}
                onClick={() => onChange(value.filter((v) => v !== p))}
              />
            </span>
          ))}
        </div>
      )}
    </Field>
  );
}

const SUPPORT_PROTOCOLS = Object.keys(AUTH_TYPE_SUPPORT) as Protocol[];

function supportedBy(type: AuthenticationType): Protocol[] {
  return SUPPORT_PROTOCOLS.filter((p) => AUTH_TYPE_SUPPORT[p]?.includes(type));
}

/** Spec 7's table: which protocols can filter on which authentication type. */
export function AuthSupportTable() {
  const styles = useStyles();
  return (
    <table className={styles.table}>
      <caption>Authentication types each protocol can filter on</caption>
      <thead>
        <tr>
          <th scope="col">Protocol</th>
          {AUTHENTICATION_TYPES.map((t) => (
            <th key={t} scope="col">
              {shortAuthenticationName(t)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {SUPPORT_PROTOCOLS.map((p) => (
          <tr key={p}>
            <th scope="row">{shortProtocolName(p)}</th>
            {AUTHENTICATION_TYPES.map((t) => (
              <td key={t}>{AUTH_TYPE_SUPPORT[p]?.includes(t) ? '✔' : ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface AuthPickerProps {
  label: string;
  value: AuthenticationType[];
  onChange: (value: AuthenticationType[]) => void;
}

/** Multi-select of authentication types; each option says which protocols support it. */
export function AuthPicker({ label, value, onChange }: AuthPickerProps) {
  return (
    <Field
      label={{
        children: (_: unknown, props: Record<string, unknown>) => (
          <InfoLabel {...props} info={<AuthSupportTable />}>
            {label}
          </InfoLabel>
        ),
      }}
      hint="Needs protocols that all support the chosen types. No other protocol supports authentication filters."
    >
      <MultiSelect
        options={AUTHENTICATION_TYPES.map((t) => ({
          value: t,
          label: authenticationDisplayName(t),
          secondary: secondaryText(authenticationDisplayName(t), t, `supported by ${listText(supportedBy(t).map(shortProtocolName))}`),
        }))}
        value={value}
        display={value.map(shortAuthenticationName).join(', ')}
        placeholder="Any authentication (not used)"
        onChange={onChange}
      />
    </Field>
  );
}
