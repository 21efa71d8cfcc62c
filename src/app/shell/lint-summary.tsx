import {
  Button,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle16Filled, ErrorCircle16Filled, Warning16Filled } from '@fluentui/react-icons';
import type { LintFinding } from '../../core/model/types.ts';
import { revealHiddenCharacters } from '../../core/text/hidden-chars.ts';
import { FindingMessage } from '../lib/finding-message.tsx';
import { useDesignStore } from '../store/index.ts';
import { useLint, useLintReady } from '../lib/use-lint.ts';

const useStyles = makeStyles({
  counts: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  count: { display: 'inline-flex', alignItems: 'center', gap: '2px' },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  surface: { maxWidth: '480px', maxHeight: '60vh', overflowY: 'auto' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { minWidth: 0 },
});

/** "3. Rule name" for a finding about one rule; hidden characters shown as markers, never applied. */
function findingPrefix(finding: LintFinding): string | undefined {
  if (!finding.priority) return undefined;
  return `${finding.priority}. ${revealHiddenCharacters(finding.ruleName ?? '')}`;
}

const MAX_SHOWN = 60;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The rule set's error and warning counts; opens a list that jumps to each rule. */
export function LintSummary() {
  const styles = useStyles();
  const { findings, errors, warnings } = useLint();
  const ready = useLintReady();
  const selectRule = useDesignStore((s) => s.selectRule);
  const setActiveView = useDesignStore((s) => s.setActiveView);
  const shown = findings.filter((f) => f.severity !== 'info').slice(0, MAX_SHOWN);
  const label = !ready
    ? 'checking the rule set'
    : errors + warnings === 0
      ? 'No problems found'
      : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;

  const open = (finding: LintFinding) => {
    if (finding.ruleId) selectRule(finding.ruleId);
    setActiveView('design');
  };

  return (
    <Popover withArrow positioning="below-end">
      <PopoverTrigger disableButtonEnhancement>
        <Button appearance="subtle" aria-label={`Checks: ${label}`}>
          {!ready ? (
            <span className={styles.counts}>
              <Spinner size="extra-tiny" aria-hidden />
              <Text size={200}>Checking…</Text>
            </span>
          ) : errors + warnings === 0 ? (
            <span className={styles.counts}>
              <CheckmarkCircle16Filled className={styles.ok} aria-hidden />
              <Text size={200}>No problems</Text>
            </span>
          ) : (
            <span className={styles.counts}>
              <span className={styles.count}>
                <ErrorCircle16Filled className={styles.error} aria-hidden />
                <Text size={200}>{plural(errors, 'error')}</Text>
              </span>
              <span className={styles.count}>
                <Warning16Filled className={styles.warning} aria-hidden />
                <Text size={200}>{plural(warnings, 'warning')}</Text>
              </span>
            </span>
          )}
        </Button>
      </PopoverTrigger>
      <PopoverSurface className={styles.surface} aria-label="Problems in the rule set">
        {shown.length === 0 && <Text>No errors or warnings in this rule set.</Text>}
        <ul className={styles.list}>
          {shown.map((finding, index) => (
            <li key={`${finding.code}-${finding.ruleId ?? ''}-${index}`} className={styles.item}>
              {/* One-line headline; the full message and fix behind "Details". */}
              <FindingMessage
                finding={finding}
                prefix={findingPrefix(finding)}
                action={
                  <Button
                    appearance="secondary"
                    size="small"
                    onClick={() => open(finding)}
                    aria-label={finding.priority ? `Go to rule ${findingPrefix(finding) ?? ''}` : undefined}
                  >
                    {finding.ruleId ? 'Go to rule' : 'Go to rule list'}
                  </Button>
                }
              />
            </li>
          ))}
        </ul>
        {findings.length > MAX_SHOWN && <Text size={200}>…and {findings.length - MAX_SHOWN} more.</Text>}
      </PopoverSurface>
    </Popover>
  );
}
