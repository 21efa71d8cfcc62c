import { useEffect, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { summarizeRule } from '../../../core/describe.ts';
import { describeAdminPath } from '../../../core/analysis/admin-path.ts';
import { RULE_TEMPLATES, type RuleTemplate } from '../../../core/templates.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { selectProfile, selectRuleSet, useDesignStore } from '../../store/index.ts';
import { TEMPLATE_ACTIONS } from './actions.ts';

const useStyles = makeStyles({
  surface: { maxWidth: '960px', width: '92vw' },
  content: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 320px) minmax(0, 1fr)',
    gap: tokens.spacingHorizontalL,
    minHeight: '420px',
    '@media (max-width: 700px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    maxHeight: '60vh',
    overflowY: 'auto',
  },
  option: {
    backgroundColor: 'transparent',
    border: 'none',
    margin: 0,
    font: 'inherit',
    color: 'inherit',
    textAlign: 'start',
    boxSizing: 'border-box',
    width: '100%',
    display: 'block',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  optionSelected: {
    backgroundColor: tokens.colorBrandBackground2,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  detail: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  rules: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  ruleLine: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  summary: { color: tokens.colorNeutralForeground2 },
  notes: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, color: tokens.colorNeutralForeground2 },
});

export interface TemplateDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

const PROFILE_NAMES = { ExchangeOnline: 'Exchange Online', ExchangeServer: 'Exchange Server' } as const;

function TemplateDetail({ template, recordAdminPath, onRecordAdminPath }: { template: RuleTemplate; recordAdminPath: boolean; onRecordAdminPath: (record: boolean) => void }) {
  const styles = useStyles();
  const profile = useDesignStore(selectProfile);
  const rules = useMemo(() => template.rules(), [template]);
  const declared = useDesignStore(selectRuleSet).adminPath;
  return (
    <div className={styles.detail}>
      <h3 className={styles.heading}>{template.title}</h3>
      <div className={styles.badges}>
        {template.profiles.map((p) => (
          <Badge key={p} appearance="tint" color={p === profile ? 'brand' : 'informative'}>
            {PROFILE_NAMES[p]}
          </Badge>
        ))}
        {!template.profiles.includes(profile) && (
          <Badge appearance="tint" color="warning">
            Not for your target ({PROFILE_NAMES[profile]})
          </Badge>
        )}
      </div>
      <Text>{template.description}</Text>
      <Text weight="semibold">Rules it adds</Text>
      <ol className={styles.rules}>
        {rules.map((rule) => (
          <li key={rule.id}>
            <span className={styles.ruleLine}>
              <Text weight="semibold">{rule.name}</Text>
              {rule.action === 'AllowAccess' ? (
                <Badge appearance="tint" color="success">
                  Allow
                </Badge>
              ) : (
                <Badge appearance="filled" color="danger">
                  Deny
                </Badge>
              )}
            </span>
            <Text size={200} className={styles.summary} block>
              {summarizeRule(rule)}
            </Text>
          </li>
        ))}
      </ol>
      {template.adminPath && (
        <>
          <Text weight="semibold">Admin path</Text>
          <Text>
            These rules lock down admin access. Record who may still get in, so the analysis proves the admins are never locked out and the export warns
            before a script that would.
          </Text>
          <Checkbox
            checked={recordAdminPath}
            onChange={(_, d) => onRecordAdminPath(d.checked === true)}
            label={`${declared ? 'Replace the declared admin path with' : 'Record the admin path:'} ${describeAdminPath(template.adminPath)}`}
          />
        </>
      )}
      {template.notes.length > 0 && (
        <>
          <Text weight="semibold">Before you deploy</Text>
          <ul className={styles.notes}>
            {template.notes.map((note) => (
              <li key={note}>
                <Text>{note}</Text>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Shows what each template does and adds it in one undo step. */
export function TemplateDialog({ open, onOpenChange }: TemplateDialogProps) {
  const styles = useStyles();
  const profile = useDesignStore(selectProfile);
  const [selectedId, setSelectedId] = useState<string>(RULE_TEMPLATES[0]?.id ?? '');
  const template = RULE_TEMPLATES.find((t) => t.id === selectedId) ?? RULE_TEMPLATES[0];
  const declared = useDesignStore(selectRuleSet).adminPath !== undefined;
  // Offered checked when the project has no admin path yet; replacing a declared one is opt-in.
  const [recordAdminPath, setRecordAdminPath] = useState(!declared);
  useEffect(() => setRecordAdminPath(!declared), [selectedId, open, declared]);

  const add = () => {
    if (!template) return;
    TEMPLATE_ACTIONS.addTemplate.run(APP_STORE_CONTEXT, { template, recordAdminPath: recordAdminPath && template.adminPath !== undefined });
    onOpenChange(false);
  };

  return (
    <Dialog open={open} onOpenChange={(_, data) => onOpenChange(data.open)}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>Add rules from a template</DialogTitle>
          <DialogContent className={styles.content}>
            <ul className={styles.list} aria-label="Templates">
              {RULE_TEMPLATES.map((t) => (
                <li key={t.id}>
                  <button
                    type="button"
                    className={mergeClasses(styles.option, t.id === template?.id && styles.optionSelected)}
                    aria-pressed={t.id === template?.id}
                    onClick={() => setSelectedId(t.id)}
                  >
                    <Text weight={t.id === template?.id ? 'semibold' : 'regular'}>{t.title}</Text>
                    {!t.profiles.includes(profile) && (
                      <Text size={200} block>
                        Exchange Online only
                      </Text>
                    )}
                  </button>
                </li>
              ))}
            </ul>
            {template && <TemplateDetail template={template} recordAdminPath={recordAdminPath} onRecordAdminPath={setRecordAdminPath} />}
          </DialogContent>
          <DialogActions>
            <DialogTrigger disableButtonEnhancement>
              <Button>Cancel</Button>
            </DialogTrigger>
            <Button appearance="primary" onClick={add} disabled={!template}>
              {TEMPLATE_ACTIONS.addTemplate.label}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
