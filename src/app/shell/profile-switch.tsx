import { useMemo } from 'react';
import { InfoLabel, Select, makeStyles, tokens, useId } from '@fluentui/react-components';
import { setProfile } from '../../core/model/rule-set.ts';
import { SERVER_PROTOCOLS, type Profile } from '../../core/model/types.ts';
import { protocolDisplayName } from '../../core/describe.ts';
import { selectProfile, selectRuleSet, useDesignStore } from '../store/index.ts';
import { APP_STORE_CONTEXT } from '../lib/actions.ts';
import { PROJECT_ACTIONS } from '../lib/project-actions.ts';
import { useLintOf } from '../lib/use-lint.ts';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  info: { maxWidth: '360px' },
  list: { margin: `${tokens.spacingVerticalXS} 0`, paddingInlineStart: tokens.spacingHorizontalL },
});

const LABELS: Record<Profile, string> = {
  ExchangeOnline: 'Exchange Online',
  ExchangeServer: 'Exchange Server 2019 / SE',
};

/** What switching would do; rendered only while the explanation is open (it lints the whole set). */
function OtherProfileImpact() {
  const ruleSet = useDesignStore(selectRuleSet);
  const other: Profile = ruleSet.profile === 'ExchangeOnline' ? 'ExchangeServer' : 'ExchangeOnline';
  const switched = useMemo(() => (ruleSet.rules.length === 0 ? null : setProfile(ruleSet, other)), [ruleSet, other]);
  const result = useLintOf(switched);
  if (!switched) return null;
  if (!result) return <>{`Checking what switching to ${LABELS[other]} would change…`}</>;
  const errors = result.errors;
  return <>{`Switching to ${LABELS[other]} would give ${errors} error${errors === 1 ? '' : 's'}.`}</>;
}

/** The project's target profile and what it changes (spec 1 and 7). */
export function ProfileSwitch() {
  const styles = useStyles();
  const id = useId('profile');
  const profile = useDesignStore(selectProfile);

  const info = (
    <div className={styles.info}>
      <strong>The target decides what counts as an error and how the script starts.</strong>
      <ul className={styles.list}>
        <li>
          <strong>Exchange Online</strong>: every parameter is available; the script connects to Exchange Online.
          Client Access Rules are retired there (unsupported since September 2025): use this target to audit,
          document and migrate a rule set.
        </li>
        <li>
          <strong>Exchange Server 2019 / SE</strong>: rules govern only the {SERVER_PROTOCOLS.map(protocolDisplayName).join(' and ')}.
          Any other protocol is an <em>error</em>; protocol exceptions, authentication types, username
          patterns and recipient filters become <em>warnings</em> (they may not work on-premises). The script runs
          in the Exchange Management Shell.
        </li>
      </ul>
      <OtherProfileImpact />
    </div>
  );

  return (
    <div className={styles.root}>
      <InfoLabel htmlFor={id} info={info} size="small">
        Target
      </InfoLabel>
      <Select
        id={id}
        size="small"
        value={profile}
        onChange={(_, data) => PROJECT_ACTIONS.setTarget.run(APP_STORE_CONTEXT, { profile: data.value as Profile })}
      >
        <option value="ExchangeOnline">{LABELS.ExchangeOnline}</option>
        <option value="ExchangeServer">{LABELS.ExchangeServer}</option>
      </Select>
    </div>
  );
}
