import { useEffect, useState } from 'react';
import { Button, Checkbox, Field, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ADMIN_PROTOCOLS } from '../../core/analysis/admin-path.ts';
import { protocolDisplayName } from '../../core/describe.ts';
import type { AdminPath, Protocol, RuleSet } from '../../core/model/types.ts';
import { ADMIN_PATH_ACTIONS } from './admin-path-actions.ts';
import { APP_STORE_CONTEXT } from './actions.ts';
import { formatAdminUsers, parseAdminUsers } from './admin-users.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  hint: { color: tokens.colorNeutralForeground2 },
});

export interface AdminPathFormProps {
  /** The project whose admin path is edited (the store's rule set). */
  set: RuleSet;
  /** Called after the path was saved (one undo step) or removed. */
  onSaved?: (path: AdminPath | null) => void;
  /** Hide the explanation above the fields (when the surrounding dialog already gives it). */
  hideIntro?: boolean;
}

/**
 * The admin path editor: the protocols the admins manage Exchange with, the addresses they connect
 * from and their accounts (with directory attributes). Saving records `adminPath` in the project
 * through `applyChange` (one undo step). Shared UI: the Analysis view uses it, and so can the first-run
 * guide (compose it in the shell).
 */
export function AdminPathForm({ set, onSaved, hideIntro = false }: AdminPathFormProps) {
  const styles = useStyles();
  const path = set.adminPath;
  const [protocols, setProtocols] = useState<Protocol[]>(path?.protocols ?? ['RemotePowerShell']);
  const [addresses, setAddresses] = useState((path?.addresses ?? []).join('\n'));
  const [users, setUsers] = useState(formatAdminUsers(path?.users ?? []));
  useEffect(() => {
    setProtocols(path?.protocols ?? ['RemotePowerShell']);
    setAddresses((path?.addresses ?? []).join('\n'));
    setUsers(formatAdminUsers(path?.users ?? []));
  }, [path]);
  const parsedUsers = parseAdminUsers(users);
  const save = () => {
    const next: AdminPath = {
      protocols,
      addresses: addresses.split(/[\n,]/).map((a) => a.trim()).filter((a) => a !== ''),
      users: parsedUsers.users,
    };
    ADMIN_PATH_ACTIONS.save.run(APP_STORE_CONTEXT, { path: next });
    onSaved?.(next);
  };
  return (
    <div className={styles.section}>
      {!hideIntro && (
        <Text className={styles.hint}>
          The admin path is how the admins manage Exchange: the protocols, the addresses they connect from and their accounts. The analysis proves every
          connection on it is allowed, so a rule set that would lock the admins out is caught before it is deployed.
        </Text>
      )}
      <div className={styles.row} role="group" aria-label="Admin protocols">
        {ADMIN_PROTOCOLS.map((p) => (
          <Checkbox
            key={p}
            label={protocolDisplayName(p)}
            checked={protocols.includes(p)}
            onChange={(_, d) => setProtocols((list) => (d.checked ? [...list.filter((x) => x !== p), p] : list.filter((x) => x !== p)))}
          />
        ))}
      </div>
      <Field label="Admin addresses" hint="One IP address, range or CIDR block per line. Leave empty for “from anywhere”.">
        <Textarea value={addresses} onChange={(_, d) => setAddresses(d.value)} resize="vertical" />
      </Field>
      <Field
        label="Admin accounts"
        hint="One per line: a UPN or DOMAIN\user, optionally followed by directory attributes, e.g. admin@contoso.com; Department=IT"
        validationMessage={parsedUsers.errors.length > 0 ? parsedUsers.errors.join(' ') : undefined}
      >
        <Textarea value={users} onChange={(_, d) => setUsers(d.value)} resize="vertical" />
      </Field>
      <div className={styles.row}>
        <Button appearance="primary" onClick={save} disabled={parsedUsers.errors.length > 0}>
          {ADMIN_PATH_ACTIONS.save.label}
        </Button>
        {path && (
          <Button
            onClick={() => {
              ADMIN_PATH_ACTIONS.remove.run(APP_STORE_CONTEXT, undefined);
              onSaved?.(null);
            }}
          >
            {ADMIN_PATH_ACTIONS.remove.label}
          </Button>
        )}
      </div>
    </div>
  );
}
