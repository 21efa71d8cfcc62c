import { memo, useMemo, useState } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
  Select,
  Tab,
  TabList,
  Text,
  Textarea,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { Add16Regular, Delete16Regular } from '@fluentui/react-icons';
import { OPATH_PROPERTIES, type OPathProperty } from '../../../core/model/types.ts';
import { OPATH_COMPARISON_OPERATORS, type OPathComparisonOperator } from '../../../core/opath/ast.ts';
import {
  builderFromFilterText,
  builderToFilterText,
  type BuilderCondition,
  type BuilderGroup,
} from '../../../core/opath/builder.ts';
import { APP_STORE_CONTEXT } from '../../lib/actions.ts';
import { RULE_EDITOR_ACTIONS } from './actions.ts';
import { appendChild, effectiveOperator, groupMode, newCondition, newGroup, removeItem, updateItem, withGroupMode, withOperator } from './builder-tree.ts';
import type { GroupMode } from './builder-tree.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  group: {
    // Anchors the visually hidden legend inside the group (else it is placed against <body> and
    // makes the whole page taller than the window).
    position: 'relative',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
    minWidth: 0,
  },
  nested: { backgroundColor: tokens.colorNeutralBackground2 },
  groupHeader: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  // Wraps by the pane's width, not the window's: the operator always shows its whole label.
  condition: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    alignItems: 'center',
    minWidth: 0,
  },
  property: { flex: '1 1 9em', minWidth: 0 },
  operator: { flex: '0 0 auto', maxWidth: '100%' },
  fitSelect: { width: 'auto', maxWidth: '100%' },
  value: { flex: '1 1 10em', minWidth: 0 },
  rowEnd: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, marginInlineStart: 'auto' },
  joiner: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, minWidth: '28px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    margin: 0,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  caret: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightBold },
  textarea: { fontFamily: tokens.fontFamilyMonospace },
  preview: { color: tokens.colorNeutralForeground2 },
  srOnly: { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
});

const OPERATOR_LABELS: Record<OPathComparisonOperator, string> = {
  eq: 'equals (-eq)',
  ne: 'does not equal (-ne)',
  like: 'is like, * wildcard (-like)',
  notlike: 'is not like (-notlike)',
};

const GROUP_MODE_LABELS: Record<GroupMode, string> = {
  and: 'All of these (-and)',
  or: 'Any of these (-or)',
  'not-and': 'Not all of these (-not … -and)',
  'not-or': 'None of these (-not … -or)',
};

interface ItemProps {
  /** `coalesceKey`: consecutive edits with the same key are one undo step (typing a value). */
  onChange: (change: (group: BuilderGroup) => BuilderGroup, coalesceKey?: string) => void;
}

function ConditionRow({ condition, index, joiner, onChange }: ItemProps & { condition: BuilderCondition; index: number; joiner: string }) {
  const styles = useStyles();
  const update = (patch: Partial<BuilderCondition>, coalesceKey?: string) =>
    onChange((g) => updateItem(g, condition.id, (item) => ({ ...item, ...patch }) as BuilderCondition), coalesceKey);
  const n = index + 1;
  return (
    <div className={styles.condition} role="group" aria-label={`Condition ${n}`}>
      <span className={styles.joiner}>{index === 0 ? '' : joiner}</span>
      <Select
        className={styles.property}
        aria-label={`Property of condition ${n}`}
        value={condition.property}
        onChange={(_, d) => update({ property: d.value as OPathProperty })}
      >
        {OPATH_PROPERTIES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </Select>
      <Select
        className={styles.operator}
        select={{ className: styles.fitSelect }}
        aria-label={`Operator of condition ${n}`}
        value={effectiveOperator(condition)}
        onChange={(_, d) => onChange((g) => updateItem(g, condition.id, (item) => (item.kind === 'condition' ? withOperator(item, d.value as OPathComparisonOperator) : item)))}
      >
        {OPATH_COMPARISON_OPERATORS.map((o) => (
          <option key={o} value={o}>
            {OPERATOR_LABELS[o]}
          </option>
        ))}
      </Select>
      <Input
        className={styles.value}
        aria-label={`Value of condition ${n}`}
        value={condition.value ?? ''}
        disabled={condition.value === null}
        placeholder={condition.value === null ? '(blank)' : 'Value'}
        onChange={(_, d) => update({ value: d.value }, `filter-value:${condition.id}`)}
      />
      <span className={styles.rowEnd}>
        <Checkbox
          label="Blank"
          checked={condition.value === null}
          onChange={(_, d) => update({ value: d.checked ? null : '' })}
          aria-label={`Condition ${n}: attribute is blank ($null)`}
        />
        <Button
          appearance="subtle"
          size="small"
          icon={<Delete16Regular />}
          aria-label={`Remove condition ${n}`}
          onClick={() => onChange((g) => removeItem(g, condition.id))}
        />
      </span>
    </div>
  );
}

function GroupEditor({ group, depth, onChange }: ItemProps & { group: BuilderGroup; depth: number }) {
  const styles = useStyles();
  const joiner = group.combinator === 'and' ? 'and' : 'or';
  let conditionIndex = 0;
  return (
    <fieldset className={mergeClasses(styles.group, depth > 0 && styles.nested)}>
      <legend className={styles.srOnly}>{depth === 0 ? 'Filter' : 'Nested group'}</legend>
      <div className={styles.groupHeader}>
        <Select
          className={styles.operator}
          select={{ className: styles.fitSelect }}
          aria-label={depth === 0 ? 'Combine conditions' : 'Combine conditions of this group'}
          value={groupMode(group)}
          onChange={(_, d) => onChange((g) => updateItem(g, group.id, (item) => (item.kind === 'group' ? withGroupMode(item, d.value as GroupMode) : item)))}
        >
          {(Object.keys(GROUP_MODE_LABELS) as GroupMode[]).map((mode) => (
            <option key={mode} value={mode}>
              {GROUP_MODE_LABELS[mode]}
            </option>
          ))}
        </Select>
        {depth > 0 && (
          <Button
            appearance="subtle"
            size="small"
            icon={<Delete16Regular />}
            onClick={() => onChange((g) => removeItem(g, group.id))}
          >
            Remove group
          </Button>
        )}
      </div>
      {group.children.map((child, i) =>
        child.kind === 'condition' ? (
          <ConditionRow key={child.id} condition={child} index={conditionIndex++} joiner={joiner} onChange={onChange} />
        ) : (
          <div key={child.id}>
            {i > 0 && <Text className={styles.joiner}>{joiner}</Text>}
            <GroupEditor group={child} depth={depth + 1} onChange={onChange} />
          </div>
        ),
      )}
      <div className={styles.actions}>
        <Button size="small" icon={<Add16Regular />} onClick={() => onChange((g) => appendChild(g, group.id, newCondition()))}>
          Add condition
        </Button>
        {depth < 3 && (
          <Button
            size="small"
            icon={<Add16Regular />}
            onClick={() => onChange((g) => appendChild(g, group.id, newGroup(group.combinator === 'and' ? 'or' : 'and')))}
          >
            Add group
          </Button>
        )}
      </div>
    </fieldset>
  );
}

/** The text with a caret under the error position. */
function ErrorLocation({ text, line, column }: { text: string; line: number; column: number }) {
  const styles = useStyles();
  const lineText = text.split(/\r?\n/)[line - 1] ?? '';
  return (
    <pre className={styles.code} aria-hidden>
      {lineText}
      {'\n'}
      <span className={styles.caret}>{`${' '.repeat(Math.max(0, column - 1))}^`}</span>
    </pre>
  );
}

/**
 * `-UserRecipientFilter`: a visual builder (groups, and/or, negation) and a text mode, kept in sync
 * through the rule's filter text, the single source of truth.
 */
export const RecipientFilterEditor = memo(function RecipientFilterEditor({ ruleId, text }: { ruleId: string; text: string }) {
  const styles = useStyles();
  const parsed = useMemo(() => builderFromFilterText(text), [text]);
  const [local, setLocal] = useState<{ forText: string; group: BuilderGroup } | null>(null);
  const [mode, setMode] = useState<'builder' | 'text'>(() => (parsed.ok ? 'builder' : 'text'));

  const setText = (next: string, coalesceKey?: string) =>
    RULE_EDITOR_ACTIONS.setRecipientFilter.run(APP_STORE_CONTEXT, { id: ruleId, filter: next, coalesceKey });

  const group = local && local.forText === text ? local.group : parsed.ok ? parsed.group : null;

  const onBuilderChange = (change: (g: BuilderGroup) => BuilderGroup, coalesceKey?: string) => {
    if (!group) return;
    const next = change(group);
    const nextText = builderToFilterText(next);
    setLocal({ forText: nextText, group: next });
    setText(nextText, coalesceKey);
  };

  return (
    <div className={styles.root}>
      <TabList
        size="small"
        selectedValue={mode}
        onTabSelect={(_, d) => setMode(d.value as 'builder' | 'text')}
        aria-label="User filter editing mode"
      >
        <Tab value="builder">Builder</Tab>
        <Tab value="text">Text</Tab>
      </TabList>
      {mode === 'builder' ? (
        group ? (
          <>
            {group.children.length === 0 ? (
              <Text size={200} className={styles.preview}>
                No filter: the rule applies to every user. Add a condition on the user's directory attributes (for
                example Department or CountryOrRegion).
              </Text>
            ) : null}
            <GroupEditor group={group} depth={0} onChange={onBuilderChange} />
            {text.trim() !== '' && (
              <Text size={200} className={styles.preview}>
                Filter text: <code>{text}</code>
              </Text>
            )}
          </>
        ) : (
          <Text>
            The filter text cannot be shown in the builder until it is fixed.{' '}
            <Button size="small" onClick={() => setMode('text')}>
              Edit as text
            </Button>
          </Text>
        )
      ) : (
        <Field
          label="Filter text (OPath)"
          hint={parsed.ok ? "For example: Department -ne 'IT' -and CountryOrRegion -eq 'US'. Leave blank for no filter." : undefined}
          validationState={parsed.ok ? 'none' : 'error'}
          validationMessage={
            parsed.ok ? undefined : `Line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}`
          }
        >
          <Textarea
            className={styles.textarea}
            value={text}
            resize="vertical"
            rows={3}
            spellCheck={false}
            onChange={(_, d) => setText(d.value, `filter-text:${ruleId}`)}
          />
        </Field>
      )}
      {mode === 'text' && !parsed.ok && (
        <ErrorLocation text={text} line={parsed.error.line} column={parsed.error.column} />
      )}
    </div>
  );
});
