import { useCallback } from 'react';
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
import { selectProfile, selectRuleSet, selectSelectedRule, useDesignStore } from '../../store/index.ts';
import { useRuleFindings } from '../../lib/use-lint.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { RULE_EDITOR_ACTIONS } from './actions.ts';
import { AuthPicker, ProtocolPicker } from './condition-pickers.tsx';
import { FieldFindings } from './field-findings.tsx';
import { NotesSection } from './notes-section.tsx';
import { AdminPathSection } from './admin-path-section.tsx';
import { RecipientFilterEditor } from './recipient-filter.tsx';
import { TokenList } from './token-list.tsx';
import { checkIpToken, checkUsernameToken } from './tokens.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: 0, height: '100%' },
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
    flex: '1 1 auto',
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

function useRuleUpdate(ruleId: string) {
  return useCallback(
    (patch: Partial<Omit<Rule, 'id'>>, coalesceKey?: string) =>
      RULE_EDITOR_ACTIONS.update.run(APP_STORE_CONTEXT, { id: ruleId, patch, coalesceKey }),
    [ruleId],
  );
}

function ListPair({
  rule,
  findings,
  condition,
  exception,
  render,
}: {
  rule: Rule;
  findings: LintFinding[];
  condition: ListField;
  exception: ListField;
  render: (field: ListField, label: string) => React.ReactNode;
}) {
  const styles = useStyles();
  return (
    <div className={styles.pair}>
      {[condition, exception].map((field) => (
        <div key={field}>
          {render(field, describeField(field))}
          <FieldFindings
            rule={rule}
            findings={findingsFor(findings, field).filter((f) => !SHOWN_INLINE.has(f.code))}
          />
        </div>
      ))}
    </div>
  );
}

/** The condition lists of the table of rule fields (each with its exception), in table order. */
const CONDITION_LISTS = RULE_FIELD_LIST.filter((spec) => spec.role === 'condition' && isListKind(spec.kind) && spec.pair !== undefined);

type RuleUpdate = ReturnType<typeof useRuleUpdate>;

/** The editor control for a list field, chosen by the field's kind in the table of rule fields. */
function ListControl({
  kind,
  field,
  label,
  rule,
  profile,
  update,
}: {
  kind: ListFieldKind;
  field: ListField;
  label: string;
  rule: Rule;
  profile: Profile;
  update: RuleUpdate;
}) {
  const replaceIn = (value: string, replacement: string) =>
    update({ [field]: (rule[field] as string[]).map((v) => (v === value ? replacement : v)) });
  switch (kind) {
    case 'protocols':
      return (
        <ProtocolPicker
          label={label}
          profile={profile}
          value={rule[field] as Protocol[]}
          onChange={(value) => update({ [field]: value })}
        />
      );
    case 'auth-types':
      return <AuthPicker label={label} value={rule[field] as AuthenticationType[]} onChange={(value) => update({ [field]: value })} />;
    case 'ips':
      return (
        <TokenList
          label={label}
          hint="Addresses, ranges (a-b) or CIDR, IPv4 or IPv6. Paste many at once."
          placeholder="e.g. 192.0.2.0/24, 198.51.100.1-198.51.100.20"
          values={rule[field] as string[]}
          check={checkIpToken}
          onChange={(values) => update({ [field]: values })}
        />
      );
    case 'patterns':
      return (
        <TokenList
          label={label}
          hint="Matched against Domain\UserName (jeff@contoso.com is contoso.com\jeff), * is a wildcard. So jeff* never matches: use *\jeff*."
          placeholder="e.g. *\admin*, contoso.com\jeff"
          values={rule[field] as string[]}
          check={checkUsernameToken}
          onReplace={replaceIn}
          onChange={(values) => update({ [field]: values })}
        />
      );
    default: {
      const unknownKind: never = kind;
      throw new Error(`No editor control for the field kind ${String(unknownKind)}.`);
    }
  }
}

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
      <FieldFindings rule={rule} findings={findingsFor(findings, null)} />

      {/* A disabled fieldset disables every control inside: DatacenterAdminsOnly rules are read-only. */}
      <fieldset className={styles.fieldset} disabled={readOnly}>
        <section className={styles.section} aria-labelledby={`general-${rule.id}`}>
          <h3 className={styles.sectionTitle} id={`general-${rule.id}`}>
            General
          </h3>
          <div className={styles.general}>
            <div>
              <Field label={describeField('name')} hint={`Unique (not case-sensitive), at most ${MAX_RULE_NAME_LENGTH} characters. PowerShell ${fieldParameter('name')}.`} required>
                <Input value={rule.name} onChange={(_, d) => update({ name: d.value }, `name:${rule.id}`)} disabled={readOnly} />
              </Field>
              <FieldFindings rule={rule} findings={findingsFor(findings, 'name')} />
            </div>
            <Field label={describeField('enabled')} hint="Disabled rules keep their priority but are skipped.">
              <Switch checked={rule.enabled} onChange={(_, d) => update({ enabled: d.checked })} disabled={readOnly} />
            </Field>
            <div>
              <Field label={describeField('action')}>
                <RadioGroup
                  layout="horizontal"
                  value={rule.action}
                  onChange={(_, d) => update({ action: d.value as Action })}
                  disabled={readOnly}
                >
                  <Radio value="AllowAccess" label="Allow access" />
                  <Radio value="DenyAccess" label="Deny access" />
                </RadioGroup>
              </Field>
              <FieldFindings rule={rule} findings={findingsFor(findings, 'action')} />
            </div>
            <div>
              <Field label={describeField('scope')}>
                <RadioGroup value={rule.scope} onChange={(_, d) => update({ scope: d.value as Scope })} disabled={readOnly}>
                  <Radio value="All" label="All connections (users and middle-tier apps)" />
                  <Radio value="Users" label="End users only" />
                </RadioGroup>
              </Field>
              <FieldFindings rule={rule} findings={findingsFor(findings, 'scope')} />
            </div>
          </div>
        </section>

        <section className={styles.section} aria-labelledby={`conditions-${rule.id}`}>
          <h3 className={styles.sectionTitle} id={`conditions-${rule.id}`}>
            Conditions and exceptions
          </h3>
          <div className={styles.pair}>
            <Text size={200} className={styles.columnHead}>
              <strong>Conditions</strong>: every condition used must match (values of one condition are alternatives).
              Empty = not used.
            </Text>
            <Text size={200} className={styles.columnHead}>
              <strong>Exceptions</strong>: any one match stops this rule; evaluation then continues with the next rule.
            </Text>
          </div>
          {CONDITION_LISTS.map((spec) => (
            <ListPair
              key={spec.field}
              rule={rule}
              findings={findings}
              condition={spec.field as ListField}
              exception={spec.pair as ListField}
              render={(field, label) => (
                <ListControl kind={spec.kind as ListFieldKind} field={field} label={label} rule={rule} profile={profile} update={update} />
              )}
            />
          ))}
        </section>

        <section className={styles.section} aria-labelledby={`filter-${rule.id}`}>
          <h3 className={styles.sectionTitle} id={`filter-${rule.id}`}>
            {describeField('userRecipientFilter')}
          </h3>
          <Text size={200} className={styles.columnHead}>
            A condition on the user's directory attributes (PowerShell {fieldParameter('userRecipientFilter')}). There is no
            exception form.
          </Text>
          <RecipientFilterEditor rule={rule} />
          <FieldFindings
            rule={rule}
            findings={findingsFor(findings, 'userRecipientFilter').filter((f) => f.code !== 'invalid-filter')}
          />
        </section>
      </fieldset>
      {!readOnly && <AdminPathSection rule={rule} />}
      <NotesSection rule={rule} />
    </div>
  );
}

/** Edits every parameter of the selected rule (spec 2), with lint findings beside each field. */
export function RuleEditorPanel() {
  const styles = useStyles();
  const rule = useDesignStore(selectSelectedRule);
  const ruleSet = useDesignStore(selectRuleSet);

  if (!rule) {
    return (
      <div className={styles.root}>
        <div className={styles.empty}>
          <TextBulletListSquare20Regular className={styles.emptyIcon} aria-hidden />
          <Text size={400} weight="semibold">
            No rule selected
          </Text>
          <Text>
            {ruleSet.rules.length === 0
              ? 'Add a rule or start from a template to edit its conditions here.'
              : 'Select a rule in the list to edit it.'}
          </Text>
        </div>
      </div>
    );
  }

  const position = priorityOf(ruleSet, rule.id);
  return (
    <div className={styles.root}>
      <div className={styles.header}>
        <h2 className={styles.title}>{rule.name.trim() === '' ? '(unnamed rule)' : revealHiddenCharacters(rule.name)}</h2>
        {rule.action === 'AllowAccess' ? (
          <Badge appearance="tint" color="success" shape="rounded" className={styles.headerBadge}>
            Allow
          </Badge>
        ) : (
          <Badge appearance="filled" color="danger" shape="rounded" className={styles.headerBadge}>
            Deny
          </Badge>
        )}
        {!rule.enabled && (
          <Badge appearance="outline" color="informative" shape="rounded" className={styles.headerBadge}>
            Disabled
          </Badge>
        )}
        <Text size={200} className={styles.priority}>
          Priority {position} of {ruleSet.rules.length}
        </Text>
      </div>
      <RuleForm key={rule.id} rule={rule} />
    </div>
  );
}
