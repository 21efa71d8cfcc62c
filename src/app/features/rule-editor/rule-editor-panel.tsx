import { memo, useCallback, useMemo } from 'react';
import {
  Badge,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { TextBulletListSquare20Regular } from '@fluentui/react-icons';
import { revealHiddenCharacters } from '../../../core/text/hidden-chars.ts';
import { describeField, fieldParameter } from '../../../core/describe.ts';
import { priorityOf } from '../../../core/model/rule-set.ts';
import { MAX_RULE_NAME_LENGTH } from '../../../core/model/names.ts';
import { RULE_FIELD_LIST, isListKind, type ListFieldKind } from '../../../core/model/rule-fields.ts';
import type { Action, AuthenticationType, LintFinding, ListField, Profile, Protocol, Rule, Scope } from '../../../core/model/types.ts';
import { selectProfile, selectSelectedRule, useDesignStore, type DesignStoreState } from '../../store/index.ts';
import { useRuleFindings } from '../../lib/use-lint.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { ActionBadge } from '../../lib/action-badge.tsx';
import { RULE_EDITOR_ACTIONS } from './actions.ts';
import { AuthPicker, ProtocolPicker } from './condition-pickers.tsx';
import { FieldFindings } from './field-findings.tsx';
import { NotesSection } from './notes-section.tsx';
import { AdminPathSection } from './admin-path-section.tsx';
import { RecipientFilterEditor } from './recipient-filter.tsx';
import { TokenList } from './token-list.tsx';
import { checkIpToken, checkUsernameToken } from './tokens.ts';

const useStyles = makeStyles({
  // Fills its pane as an absolutely positioned box with strict containment: a relayout boundary (a grid
  // or flex item never is one), so a change inside, such as a field changing on a keystroke, lays out this
  // panel only, not the page's grid and the other panes with it.
  root: { position: 'absolute', inset: 0, display: 'flex', flexDirection: 'column', minHeight: 0, contain: 'strict' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
    // The whole name is shown (at most 64 characters): it wraps, and the badges follow it or move below.
    flexWrap: 'wrap',
    rowGap: tokens.spacingVerticalXS,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    flex: '1 1 12em',
    overflowWrap: 'anywhere',
    minWidth: 0,
  },
  priority: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap', flexShrink: 0 },
  headerBadge: { flexShrink: 0, whiteSpace: 'nowrap' },
  body: {
    // A zero basis: the panel sizes this scroller without measuring its content first (with `auto` a
    // change in one row or field laid out every row or field twice, measured and then stretched).
    flex: '1 1 0',
    minHeight: 0,
    overflowY: 'auto',
    padding: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  fieldset: {
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  sectionTitle: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  general: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  pair: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
  columnHead: { color: tokens.colorNeutralForeground2 },
  empty: {
    margin: 'auto',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    color: tokens.colorNeutralForeground3,
    padding: tokens.spacingHorizontalXXL,
    textAlign: 'center',
  },
  emptyIcon: { fontSize: '32px' },
});

const NO_FINDINGS: LintFinding[] = [];
/** Findings about one value that the token lists already show beside that value, with the fix. */
const SHOWN_INLINE = new Set(['invalid-ip', 'jeff-star-pattern']);

function findingsFor(findings: LintFinding[], field: LintFinding['field'] | null): LintFinding[] {
  const list = findings.filter((f) => (field === null ? f.field === undefined : f.field === field));
  return list.length === 0 ? NO_FINDINGS : list;
}

/**
 * The findings of one field (or, with `null`, of the rule as a whole), memoised on the rule's findings
 * array, which keeps its identity until the settled lint result changes: a keystroke filters nothing.
 */
function useFieldFindings(findings: LintFinding[], field: LintFinding['field'] | null, leaveOut?: (f: LintFinding) => boolean): LintFinding[] {
  return useMemo(() => {
    const list = findingsFor(findings, field);
    if (!leaveOut) return list;
    const kept = list.filter((f) => !leaveOut(f));
    return kept.length === 0 ? NO_FINDINGS : kept;
  }, [findings, field, leaveOut]);
}

const shownInline = (f: LintFinding) => SHOWN_INLINE.has(f.code);
const shownByFilterEditor = (f: LintFinding) => f.code === 'invalid-filter';

function useRuleUpdate(ruleId: string) {
  return useCallback(
    (patch: Partial<Omit<Rule, 'id'>>, coalesceKey?: string) =>
      RULE_EDITOR_ACTIONS.update.run(APP_STORE_CONTEXT, { id: ruleId, patch, coalesceKey }),
    [ruleId],
  );
}

type RuleUpdate = ReturnType<typeof useRuleUpdate>;

/** The condition lists of the table of rule fields (each with its exception), in table order. */
const CONDITION_LISTS = RULE_FIELD_LIST.filter((spec) => spec.role === 'condition' && isListKind(spec.kind) && spec.pair !== undefined);

/**
 * One list field (a condition or its exception) with its findings. Memoised on the field's values, so
 * typing elsewhere in the rule (the name, another list) re-renders nothing here.
 */
const ListFieldEditor = memo(function ListFieldEditor({
  kind,
  field,
  values,
  profile,
  findings,
  update,
}: {
  kind: ListFieldKind;
  field: ListField;
  values: string[];
  profile: Profile;
  findings: LintFinding[];
  update: RuleUpdate;
}) {
  const shown = useFieldFindings(findings, field, shownInline);
  return (
    <div>
      <ListControl kind={kind} field={field} label={describeField(field)} values={values} profile={profile} update={update} />
      <FieldFindings findings={shown} />
    </div>
  );
});

/** The editor control for a list field, chosen by the field's kind in the table of rule fields. */
function ListControl({
  kind,
  field,
  label,
  values,
  profile,
  update,
}: {
  kind: ListFieldKind;
  field: ListField;
  label: string;
  values: string[];
  profile: Profile;
  update: RuleUpdate;
}) {
  const replaceIn = (value: string, replacement: string) => update({ [field]: values.map((v) => (v === value ? replacement : v)) });
  switch (kind) {
    case 'protocols':
      return <ProtocolPicker label={label} profile={profile} value={values as Protocol[]} onChange={(value) => update({ [field]: value })} />;
    case 'auth-types':
      return <AuthPicker label={label} value={values as AuthenticationType[]} onChange={(value) => update({ [field]: value })} />;
    case 'ips':
      return (
        <TokenList
          label={label}
          hint="Addresses, ranges (a-b) or CIDR, IPv4 or IPv6. Paste many at once."
          placeholder="e.g. 192.0.2.0/24, 198.51.100.1-198.51.100.20"
          values={values}
          check={checkIpToken}
          onChange={(next) => update({ [field]: next })}
        />
      );
    case 'patterns':
      return (
        <TokenList
          label={label}
          hint="Matched against Domain\UserName (jeff@contoso.com is contoso.com\jeff), * is a wildcard. So jeff* never matches: use *\jeff*."
          placeholder="e.g. *\admin*, contoso.com\jeff"
          values={values}
          check={checkUsernameToken}
          onReplace={replaceIn}
          onChange={(next) => update({ [field]: next })}
        />
      );
    default: {
      const unknownKind: never = kind;
      throw new Error(`No editor control for the field kind ${String(unknownKind)}.`);
    }
  }
}

/** The rule's name: the one control that changes on every keystroke while the admin types a name. */
const NameField = memo(function NameField({
  ruleId,
  name,
  readOnly,
  findings,
  update,
}: {
  ruleId: string;
  name: string;
  readOnly: boolean;
  findings: LintFinding[];
  update: RuleUpdate;
}) {
  const shown = useFieldFindings(findings, 'name');
  return (
    <div>
      <Field label={describeField('name')} hint={`Unique (not case-sensitive), at most ${MAX_RULE_NAME_LENGTH} characters. PowerShell ${fieldParameter('name')}.`} required>
        <Input value={name} onChange={(_, d) => update({ name: d.value }, `name:${ruleId}`)} disabled={readOnly} />
      </Field>
      <FieldFindings findings={shown} />
    </div>
  );
});

/** Enabled, action and scope: memoised apart from the name, so typing the name leaves them alone. */
const SettingsFields = memo(function SettingsFields({
  enabled,
  action,
  scope,
  readOnly,
  findings,
  update,
}: {
  enabled: boolean;
  action: Action;
  scope: Scope;
  readOnly: boolean;
  findings: LintFinding[];
  update: RuleUpdate;
}) {
  const actionFindings = useFieldFindings(findings, 'action');
  const scopeFindings = useFieldFindings(findings, 'scope');
  return (
    <>
      <Field label={describeField('enabled')} hint="Disabled rules keep their priority but are skipped.">
        <Switch checked={enabled} onChange={(_, d) => update({ enabled: d.checked })} disabled={readOnly} />
      </Field>
      <div>
        <Field label={describeField('action')}>
          <RadioGroup layout="horizontal" value={action} onChange={(_, d) => update({ action: d.value as Action })} disabled={readOnly}>
            <Radio value="AllowAccess" label="Allow access" />
            <Radio value="DenyAccess" label="Deny access" />
          </RadioGroup>
        </Field>
        <FieldFindings findings={actionFindings} />
      </div>
      <div>
        <Field label={describeField('scope')}>
          <RadioGroup value={scope} onChange={(_, d) => update({ scope: d.value as Scope })} disabled={readOnly}>
            <Radio value="All" label="All connections (users and middle-tier apps)" />
            <Radio value="Users" label="End users only" />
          </RadioGroup>
        </Field>
        <FieldFindings findings={scopeFindings} />
      </div>
    </>
  );
});

/** The fixed explanation above the condition lists (no props: rendered once). */
const ConditionsHead = memo(function ConditionsHead() {
  const styles = useStyles();
  return (
    <div className={styles.pair}>
      <Text size={200} className={styles.columnHead}>
        <strong>Conditions</strong>: every condition used must match (values of one condition are alternatives).
        Empty = not used.
      </Text>
      <Text size={200} className={styles.columnHead}>
        <strong>Exceptions</strong>: any one match stops this rule; evaluation then continues with the next rule.
      </Text>
    </div>
  );
});

/** The user recipient filter section, memoised on the filter text. */
const FilterSection = memo(function FilterSection({ ruleId, text, findings }: { ruleId: string; text: string; findings: LintFinding[] }) {
  const styles = useStyles();
  const shown = useFieldFindings(findings, 'userRecipientFilter', shownByFilterEditor);
  return (
    <section className={styles.section} aria-labelledby={`filter-${ruleId}`}>
      <h3 className={styles.sectionTitle} id={`filter-${ruleId}`}>
        {describeField('userRecipientFilter')}
      </h3>
      <Text size={200} className={styles.columnHead}>
        A condition on the user's directory attributes (PowerShell {fieldParameter('userRecipientFilter')}). There is no
        exception form.
      </Text>
      <RecipientFilterEditor ruleId={ruleId} text={text} />
      <FieldFindings findings={shown} />
    </section>
  );
});

/** The rule's own findings (not about one field), memoised on the findings array. */
const RuleFindings = memo(function RuleFindings({ findings }: { findings: LintFinding[] }) {
  return <FieldFindings findings={useFieldFindings(findings, null)} />;
});

/**
 * Decisions: the form is split into sections memoised on the rule fields they show (the rule object
 * spreads a patch, so an unchanged field keeps its value, array or object), with stable callbacks and
 * findings filtered once per lint result. Typing a name re-renders the name field and the header, not
 * the lists, pickers, filter builder and notes (`e2e/typing.spec.ts` measures it).
 */
function RuleForm({ rule }: { rule: Rule }) {
  const styles = useStyles();
  const findings = useRuleFindings(rule.id);
  const profile = useDesignStore(selectProfile);
  const update = useRuleUpdate(rule.id);
  const readOnly = Boolean(rule.datacenterAdminsOnly);

  return (
    <div className={styles.body}>
      {readOnly && (
        <MessageBar intent="info">
          <MessageBarBody>
            This is a DatacenterAdminsOnly rule, managed by Microsoft. It is shown as imported, always evaluated first,
            and never written to the generated script.
          </MessageBarBody>
        </MessageBar>
      )}
      <RuleFindings findings={findings} />

      {/* A disabled fieldset disables every control inside: DatacenterAdminsOnly rules are read-only. */}
      <fieldset className={styles.fieldset} disabled={readOnly}>
        <section className={styles.section} aria-labelledby={`general-${rule.id}`}>
          <h3 className={styles.sectionTitle} id={`general-${rule.id}`}>
            General
          </h3>
          <div className={styles.general}>
            <NameField ruleId={rule.id} name={rule.name} readOnly={readOnly} findings={findings} update={update} />
            <SettingsFields enabled={rule.enabled} action={rule.action} scope={rule.scope} readOnly={readOnly} findings={findings} update={update} />
          </div>
        </section>

        <section className={styles.section} aria-labelledby={`conditions-${rule.id}`}>
          <h3 className={styles.sectionTitle} id={`conditions-${rule.id}`}>
            Conditions and exceptions
          </h3>
          <ConditionsHead />
          {CONDITION_LISTS.map((spec) => (
            <div key={spec.field} className={styles.pair}>
              {[spec.field as ListField, spec.pair as ListField].map((field) => (
                <ListFieldEditor
                  key={field}
                  kind={spec.kind as ListFieldKind}
                  field={field}
                  values={rule[field]}
                  profile={profile}
                  findings={findings}
                  update={update}
                />
              ))}
            </div>
          ))}
        </section>

        <FilterSection ruleId={rule.id} text={rule.userRecipientFilter} findings={findings} />
      </fieldset>
      {!readOnly && <AdminPathSection rule={rule} />}
      <NotesSection ruleId={rule.id} notes={rule.notes} />
    </div>
  );
}

/** The number of rules (a number: equal while rules are edited, so no re-render). */
const selectRuleCount = (s: DesignStoreState): number => s.ruleSet.rules.length;

/** The editor's header: name, action, state and priority, memoised on those. */
const EditorHeader = memo(function EditorHeader({ ruleId, name, action, enabled }: { ruleId: string; name: string; action: Action; enabled: boolean }) {
  const styles = useStyles();
  const position = useDesignStore(useCallback((s: DesignStoreState) => priorityOf(s.ruleSet, ruleId), [ruleId]));
  const count = useDesignStore(selectRuleCount);
  return (
    <div className={styles.header}>
      <h2 className={styles.title}>{name.trim() === '' ? '(unnamed rule)' : revealHiddenCharacters(name)}</h2>
      <ActionBadge action={action} />
      {!enabled && (
        <Badge appearance="outline" color="informative" shape="rounded" className={styles.headerBadge}>
          Disabled
        </Badge>
      )}
      <Text size={200} className={styles.priority}>
        Priority {position} of {count}
      </Text>
    </div>
  );
});

/** Edits every parameter of the selected rule (spec 2), with lint findings beside each field. */
export function RuleEditorPanel() {
  const styles = useStyles();
  const rule = useDesignStore(selectSelectedRule);
  const hasRules = useDesignStore(selectRuleCount) > 0;

  if (!rule) {
    return (
      <div className={styles.root}>
        <div className={styles.empty}>
          <TextBulletListSquare20Regular className={styles.emptyIcon} aria-hidden />
          <Text size={400} weight="semibold">
            No rule selected
          </Text>
          <Text>
            {hasRules ? 'Select a rule in the list to edit it.' : 'Add a rule or start from a template to edit its conditions here.'}
          </Text>
        </div>
      </div>
    );
  }

  return (
    <div className={styles.root}>
      <EditorHeader ruleId={rule.id} name={rule.name} action={rule.action} enabled={rule.enabled} />
      <RuleForm key={rule.id} rule={rule} />
    </div>
  );
}
