import { useId, useMemo, useState } from 'react';
import {
  Button,
  Field,
  Radio,
  RadioGroup,
  Switch,
  Text,
  Toast,
  ToastTitle,
  Toaster,
  makeStyles,
  tokens,
  useToastController,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, CopyRegular } from '@fluentui/react-icons';
import { CodeEditor } from '../../lib/monaco/index.ts';
import { selectBaseline, selectRuleSet, useDesignStore } from '../../store/index.ts';
import { copyText, downloadText } from '../../lib/download.ts';
import { exportScript, scriptFileName, splitScriptHeader, stagedFileName, stagedScript, type ExportMode } from './export-text.ts';
import { ProjectFileSection } from './project-file-section.tsx';
import { QueryProvider } from '../../lib/query-client.tsx';
import { ChangeImpact } from './change-impact.tsx';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px', marginInline: 'auto', width: '100%' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  subheading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  hint: { color: tokens.colorNeutralForeground2 },
});

function ExportContent() {
  const styles = useStyles();
  const ruleSet = useDesignStore(selectRuleSet);
  const baseline = useDesignStore(selectBaseline);
  const [changesWanted, setChangesWanted] = useState(true);
  const [includeTests, setIncludeTests] = useState(true);
  const toasterId = useId();
  const { dispatchToast } = useToastController(toasterId);
  const [mode, setMode] = useState<ExportMode>('script');
  const changesOnly = changesWanted && baseline !== null;
  const script = useMemo(
    () => (mode === 'script' ? exportScript(ruleSet, baseline, { changesOnly, includeTests }) : stagedScript(ruleSet, baseline, mode)),
    [ruleSet, baseline, changesOnly, includeTests, mode],
  );
  const fileName = mode === 'script' ? scriptFileName(changesOnly) : stagedFileName(mode);
  // The header comments are folded away by default so the commands are visible at once; copy and
  // download always take the whole script.
  const [showHeader, setShowHeader] = useState(false);
  const parts = useMemo(() => splitScriptHeader(script), [script]);
  const shown = showHeader || parts.header === '' ? script : parts.body;

  const toast = (title: string, intent: 'success' | 'error' | 'info') =>
    dispatchToast(
      <Toast>
        <ToastTitle>{title}</ToastTitle>
      </Toast>,
      { intent, timeout: 4000 },
    );

  return (
    <div className={styles.panel}>
      <Toaster toasterId={toasterId} position="bottom-end" />
      <section className={styles.section} aria-labelledby="export-script-heading">
        <h2 id="export-script-heading" className={styles.heading}>
          PowerShell script
        </h2>
        <Field label="Mode">
          <RadioGroup layout="horizontal" value={mode} onChange={(_, d) => setMode(d.value as ExportMode)}>
            <Radio value="script" label="Script" />
            <Radio value="rollout" label="Staged rollout" />
            <Radio value="rollback" label="Rollback" />
          </RadioGroup>
        </Field>
        {mode === 'script' && (
          <div className={styles.row}>
            <Switch
              label="Only the changes against the imported baseline"
              checked={changesOnly}
              disabled={baseline === null}
              onChange={(_, d) => setChangesWanted(d.checked)}
            />
            <Switch label="Include saved test cases" checked={includeTests} onChange={(_, d) => setIncludeTests(d.checked)} />
          </div>
        )}
        <Text size={200} className={styles.hint}>
          {mode === 'rollout'
            ? `Staged rollout from ${baseline === null ? 'no deployed rules' : `the baseline (${baseline.rules.length} rule${baseline.rules.length === 1 ? '' : 's'})`}: a drift check on every field, stage 1 (admin-path allow rules and guard first, new deny rules disabled), a stop for the rule cache, stage 2 (the admin path and your ${ruleSet.tests.length} saved test${ruleSet.tests.length === 1 ? '' : 's'} verified with Test-ClientAccessRule), stage 3 (deny rules enabled). Run it again with -FromStage 2 after the wait.`
            : mode === 'rollback'
              ? `Rollback: takes the deployed rules from your draft (or a rollout stopped before stage 3) back to ${baseline === null ? 'no rules' : `the baseline (${baseline.rules.length} rule${baseline.rules.length === 1 ? '' : 's'})`} exactly.`
              : baseline === null
            ? 'Full script: it recreates every rule in order. Import what is deployed as a baseline (Import page) to get a script with only the changes.'
            : changesOnly
              ? `Change script: it turns the baseline (${baseline.rules.length} rules) into your ${ruleSet.rules.length} rules, editing lists in place.`
                : 'Full script: it recreates every rule in order.'}{' '}
          Rule changes can take up to an hour to apply (24 hours for an organisation's first rule).
        </Text>
        <ChangeImpact ruleSet={ruleSet} baseline={baseline} showDiff={changesOnly} />
        <Switch label="Show the header comments" checked={showHeader} onChange={(_, d) => setShowHeader(d.checked)} />
        {parts.summary && (
          <Text weight="semibold" data-testid="script-summary">
            {parts.summary}
            {!showHeader && <Text weight="regular" className={styles.hint}> (header comments folded: they are in the copied and downloaded script)</Text>}
          </Text>
        )}
        <CodeEditor value={shown} language="powershell" readOnly ariaLabel="Generated PowerShell script" height="60vh" />
        <div className={styles.row}>
          <Button
            appearance="primary"
            icon={<CopyRegular />}
            onClick={() => {
              void copyText(script).then((copied) =>
                copied ? toast('Script copied to the clipboard', 'success') : toast('Copy failed: select the script in the editor and press Ctrl+C', 'error'),
              );
            }}
          >
            Copy script
          </Button>
          <Button icon={<ArrowDownloadRegular />} onClick={() => downloadText(fileName, script, 'text/plain;charset=utf-8')}>
            Download .ps1
          </Button>
        </div>
      </section>
      <section className={styles.section} aria-labelledby="export-project-heading">
        <h2 id="export-project-heading" className={styles.subheading}>
          Project file
        </h2>
        <ProjectFileSection onOpened={(message) => toast(message, 'success')} />
      </section>
    </div>
  );
}

/** The Export page: the generated script (full or changes only) with copy and download, and the project file. */
export function ExportPanel() {
  return (
    <QueryProvider>
      <ExportContent />
    </QueryProvider>
  );
}
