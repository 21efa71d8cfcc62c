import { useId, useState } from 'react';
import type { ClipboardEvent, KeyboardEvent } from 'react';
import { Button, Field, Input, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Add16Regular, Dismiss16Regular, ErrorCircle16Filled, Warning16Filled } from '@fluentui/react-icons';
import { addTokens, splitTokens, type TokenCheck } from './tokens.ts';

const useStyles = makeStyles({
  entry: { display: 'flex', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  input: { flex: '1 1 auto', minWidth: 0 },
  // Fluent buttons default to a 96px minimum, which pushes the entry past a narrow column.
  addButton: { flexShrink: 0, minWidth: 'auto' },
  list: { listStyle: 'none', margin: `${tokens.spacingVerticalXS} 0 0`, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  item: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    padding: `2px ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  itemError: { backgroundColor: tokens.colorPaletteRedBackground1, outline: `1px solid ${tokens.colorPaletteRedBorder1}` },
  itemWarning: { backgroundColor: tokens.colorPaletteYellowBackground1, outline: `1px solid ${tokens.colorPaletteYellowBorder1}` },
  value: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  detail: { gridColumn: '1 / -1', display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'flex-start', fontSize: tokens.fontSizeBase200 },
  normalized: { color: tokens.colorNeutralForeground3 },
  errorText: { color: tokens.colorPaletteRedForeground1 },
  warningText: { color: tokens.colorNeutralForeground1 },
  icon: { flexShrink: 0, marginTop: '2px' },
  fixButton: { flexShrink: 0, whiteSpace: 'nowrap', alignSelf: 'center' },
});

export interface TokenListProps {
  label: string;
  hint?: string;
  placeholder: string;
  values: string[];
  onChange: (values: string[]) => void;
  check: (value: string) => TokenCheck;
  /** Applies a suggested replacement for a value (e.g. `*\jeff*` for `jeff*`). */
  onReplace?: (value: string, replacement: string) => void;
}

/**
 * A list of values with an entry box: type or paste many at once (commas, spaces, new lines), each
 * checked and shown in place with its normalised form or the reason it is wrong, removable.
 */
export function TokenList({ label, hint, placeholder, values, onChange, check, onReplace }: TokenListProps) {
  const styles = useStyles();
  const [draft, setDraft] = useState('');
  const listId = useId();

  const commit = (text: string) => {
    const added = splitTokens(text);
    if (added.length > 0) onChange(addTokens(values, added));
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit(draft);
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text');
    if (/[\s,;]/.test(text.trim())) {
      event.preventDefault();
      commit(draft + text);
    }
  };

  return (
    <div>
      <Field label={label} hint={hint}>
        <div className={styles.entry}>
          <Input
            className={styles.input}
            value={draft}
            placeholder={placeholder}
            onChange={(_, data) => {
              if (/[\n,;]/.test(data.value)) commit(data.value);
              else setDraft(data.value);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            onBlur={() => draft.trim() !== '' && commit(draft)}
            aria-describedby={values.length > 0 ? listId : undefined}
          />
          <Button className={styles.addButton} icon={<Add16Regular />} onClick={() => commit(draft)} disabled={draft.trim() === ''} aria-label={`Add to ${label}`}>
            Add
          </Button>
        </div>
      </Field>
      {values.length > 0 && (
        <ul className={styles.list} id={listId} aria-label={`${label}: ${values.length} value${values.length === 1 ? '' : 's'}`}>
          {values.map((value, index) => {
            const result = check(value);
            return (
              <li
                key={`${index}:${value}`}
                className={mergeClasses(styles.item, result.error && styles.itemError, result.warning && styles.itemWarning)}
              >
                <span className={styles.value}>
                  {value}
                  {result.normalized && <span className={styles.normalized}> → {result.normalized}</span>}
                </span>
                <Button
                  appearance="subtle"
                  size="small"
                  icon={<Dismiss16Regular />}
                  aria-label={`Remove ${value}`}
                  onClick={() => onChange(values.filter((_, i) => i !== index))}
                />
                {result.error && (
                  <span className={mergeClasses(styles.detail, styles.errorText)}>
                    <ErrorCircle16Filled className={styles.icon} aria-hidden />
                    <Text size={200} className={styles.errorText}>
                      Invalid: {result.error}
                    </Text>
                  </span>
                )}
                {result.warning && (
                  <span className={mergeClasses(styles.detail, styles.warningText)}>
                    <Warning16Filled className={styles.icon} aria-hidden />
                    <Text size={200}>{result.warning}</Text>
                    {result.suggestion && onReplace && (
                      <Button size="small" className={styles.fixButton} onClick={() => onReplace(value, result.suggestion!)}>
                        Use {result.suggestion}
                      </Button>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
