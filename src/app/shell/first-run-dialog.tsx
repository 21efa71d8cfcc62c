import { Suspense, lazy, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { SERVER_PROTOCOLS, type Profile } from '../../core/model/types.ts';
import { protocolDisplayName } from '../../core/describe.ts';
import { selectRuleSet, useDesignStore } from '../store/index.ts';
import { firstRunDone, markFirstRunDone } from '../lib/first-run.ts';
import { APP_STORE_CONTEXT } from '../lib/actions.ts';
import { PROJECT_ACTIONS } from '../lib/project-actions.ts';

const AdminPathForm = lazy(() => import('../lib/admin-path-form.tsx').then((m) => ({ default: m.AdminPathForm })));

const useStyles = makeStyles({
  surface: { maxWidth: 'min(640px, calc(100vw - 32px))', boxSizing: 'border-box' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  option: { alignItems: 'flex-start' },
  optionText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  detail: { color: tokens.colorNeutralForeground2 },
  actions: { flexWrap: 'wrap' },
});

const TARGETS: { value: Profile; title: string; detail: string }[] = [
  {
    value: 'ExchangeServer',
    title: 'Exchange Server 2019 / Subscription Edition (recommended)',
    detail:
      `Where Client Access Rules still run. On-premises they govern only the ${SERVER_PROTOCOLS.map(protocolDisplayName).join(' and ')}; the script runs in the Exchange Management Shell.`,
  },
  {
    value: 'ExchangeOnline',
    title: 'Exchange Online (retired)',
    detail:
      'Microsoft retired Client Access Rules in Exchange Online (unsupported since September 2025). Choose it to audit, document or migrate an existing tenant’s rules to Conditional Access.',
  },
];

/**
 * Decisions: a new project (no saved project, no rules) starts with a choice of target that explains
 * both, Exchange Server preselected (the platform where the rules are live). Closing the dialog in any
 * way keeps the selected target. It is shown once per browser (remembered in local storage, like the
 * theme). An optional second step declares the admin path with the Analysis view's own editor, so the
 * lockout proof has something to prove from the first rule on. Choosing the target is not an undo step:
 * it is where the history of the new project starts.
 */
export function FirstRunDialog() {
  const styles = useStyles();
  const [open, setOpen] = useState(() => !firstRunDone() && useDesignStore.getState().ruleSet.rules.length === 0);
  const [step, setStep] = useState<'target' | 'admin-path'>('target');
  const [target, setTarget] = useState<Profile>('ExchangeServer');
  const ruleSet = useDesignStore(selectRuleSet);

  const chooseTarget = () => {
    PROJECT_ACTIONS.startWithTarget.run(APP_STORE_CONTEXT, { profile: target });
    markFirstRunDone();
  };
  const finish = () => {
    if (step === 'target') chooseTarget();
    setOpen(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && finish()}>
      <DialogSurface className={styles.surface} aria-describedby="first-run-intro">
        <DialogBody>
          <DialogTitle>{step === 'target' ? 'Start a new project' : 'Declare your admin path (optional)'}</DialogTitle>
          <DialogContent className={styles.content}>
            {step === 'target' ? (
              <>
                <Text id="first-run-intro">
                  Which Exchange will run these rules? The target decides what counts as an error, which protocols the simulator offers and how the
                  script starts. You can change it later in the top bar.
                </Text>
                <RadioGroup aria-label="Target" value={target} onChange={(_, data) => setTarget(data.value as Profile)}>
                  {TARGETS.map((t) => (
                    <Radio
                      key={t.value}
                      value={t.value}
                      className={styles.option}
                      label={
                        <span className={styles.optionText}>
                          <Text weight="semibold">{t.title}</Text>
                          <Text size={200} className={styles.detail}>
                            {t.detail}
                          </Text>
                        </span>
                      }
                    />
                  ))}
                </RadioGroup>
              </>
            ) : (
              <>
                <Text id="first-run-intro">
                  Say how your admins reach Exchange. Every change is then checked against it, so a rule that would lock them out is caught before
                  it is deployed. You can change it later in the Analysis view.
                </Text>
                <Suspense fallback={<Spinner size="small" label="Loading…" />}>
                  <AdminPathForm set={ruleSet} />
                </Suspense>
              </>
            )}
          </DialogContent>
          <DialogActions className={styles.actions}>
            {step === 'target' ? (
              <>
                <Button
                  onClick={() => {
                    chooseTarget();
                    setStep('admin-path');
                  }}
                >
                  Next: declare the admin path
                </Button>
                <Button appearance="primary" onClick={finish}>
                  Start designing
                </Button>
              </>
            ) : (
              <Button appearance="primary" onClick={finish}>
                {ruleSet.adminPath ? 'Done' : 'Skip for now'}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
