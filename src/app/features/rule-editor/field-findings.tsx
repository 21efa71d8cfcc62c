import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { insertGuardRule, GUARD_RULE_NAME } from '../../../core/analysis/lockout.ts';
import { ANALYSIS_CODES, applyAnalysisFix } from '../../../core/analysis/findings.ts';
import { updateRule } from '../../../core/model/rule-set.ts';
import { suggestUsernamePattern } from '../../../core/match/username.ts';
import type { LintFinding, ListField, Rule } from '../../../core/model/types.ts';
import { useDesignStore } from '../../store/index.ts';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, marginTop: tokens.spacingVerticalXS },
});

interface FixAction {
  label: string;
  run: () => void;
}

/** The one-click fix for a finding, when the app knows how to apply it. */
function fixFor(finding: LintFinding, rule: Rule): FixAction | null {
  const { applyChange } = useDesignStore.getState();
  if (finding.code === 'remote-powershell-lockout') {
    return {
      label: `Insert the ${GUARD_RULE_NAME} guard rule at priority 1`,
      run: () => applyChange((s) => insertGuardRule(s)),
    };
  }
  if (finding.code === 'jeff-star-pattern' && finding.value && finding.field) {
    const field = finding.field as ListField;
    const value = finding.value;
    const suggestion = suggestUsernamePattern(value);
    return {
      label: `Replace with ${suggestion}`,
      run: () =>
        applyChange((s) => {
          const current = s.rules.find((r) => r.id === rule.id);
          if (!current) return s;
          return updateRule(s, rule.id, { [field]: current[field].map((v) => (v === value ? suggestion : v)) });
        }),
    };
  }
  if ((ANALYSIS_CODES as readonly string[]).includes(finding.code) && finding.fix) {
    // Exact-analysis fixes: the linter only offers them when they create no new finding.
    return {
      label: finding.fix.replace(/:.*$/, ''),
      run: () => applyChange((s) => applyAnalysisFix(s, finding) ?? s),
    };
  }
  return null;
}

export interface FieldFindingsProps {
  rule: Rule;
  findings: LintFinding[];
}

/** Lint findings shown next to the field they are about, with the fix when there is one. */
export function FieldFindings({ rule, findings }: FieldFindingsProps) {
  const styles = useStyles();
  if (findings.length === 0) return null;
  return (
    <div className={styles.list}>
      {findings.map((finding, index) => {
        const fix = fixFor(finding, rule);
        return (
          <MessageBar
            key={`${finding.code}-${finding.value ?? ''}-${index}`}
            intent={finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'info'}
            layout="multiline"
          >
            <MessageBarBody>
              {finding.message}
              {finding.fix && !fix ? ` ${finding.fix}` : ''}
            </MessageBarBody>
            {fix && (
              <MessageBarActions>
                <Button size="small" onClick={fix.run}>
                  {fix.label}
                </Button>
              </MessageBarActions>
            )}
          </MessageBar>
        );
      })}
    </div>
  );
}
