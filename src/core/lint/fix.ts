/**
 * The one-click fixes of lint findings, applied by core so that every caller (the rule editor, the
 * top bar, the command line) changes the rule set the same way. The app applies `applyFix` through
 * the store's `applyChange`, as one undo step.
 *
 * Decisions: a fix is offered only when it is safe without asking anything: the lockout guard
 * (insert or move the standard guard rule), a `jeff*` pattern (replace it with `*\jeff*`), a duplicate
 * name (rename the later rule to a free name), and the exact analysis's own fixes (`analysis/findings.ts`:
 * remove what decides nothing, a covered value, or add the admin-path guard), which that module offers
 * only when they create no new finding. A finding whose rule or value is gone changes nothing.
 */
import { insertGuardRule, GUARD_RULE_NAME } from '../analysis/lockout.ts';
import { ANALYSIS_CODES, applyAnalysisFix } from '../analysis/findings.ts';
import { suggestUsernamePattern } from '../match/username.ts';
import { uniqueRuleName, updateRule } from '../model/rule-set.ts';
import { LIST_FIELDS, type LintFinding, type ListField, type Rule, type RuleSet } from '../model/types.ts';

/** What a fix does, in words for a button. */
export interface FixDescription {
  label: string;
}

function ruleOf(set: RuleSet, finding: LintFinding): Rule | undefined {
  return finding.ruleId === undefined ? undefined : set.rules.find((r) => r.id === finding.ruleId);
}

function listField(field: LintFinding['field']): ListField | null {
  return (LIST_FIELDS as readonly string[]).includes(field ?? '') ? (field as ListField) : null;
}

function isAnalysisFinding(finding: LintFinding): boolean {
  return (ANALYSIS_CODES as readonly string[]).includes(finding.code);
}

/**
 * The fix for a finding in this rule set, or null when there is none (or it no longer applies).
 *
 * @example describeFix(set, lockoutFinding) // { label: 'Insert the Always Allow Remote PowerShell guard rule at priority 1' }
 */
export function describeFix(set: RuleSet, finding: LintFinding): FixDescription | null {
  if (isAnalysisFinding(finding)) {
    if (!finding.fix || (finding.ruleId !== undefined && !ruleOf(set, finding) && finding.code !== 'admin-path-lockout')) return null;
    return { label: finding.fix.replace(/:.*$/, '') };
  }
  switch (finding.code) {
    case 'remote-powershell-lockout':
      return { label: `Insert the ${GUARD_RULE_NAME} guard rule at priority 1` };
    case 'jeff-star-pattern': {
      const rule = ruleOf(set, finding);
      const field = listField(finding.field);
      if (!rule || !field || finding.value === undefined || !(rule[field] as readonly string[]).includes(finding.value)) return null;
      return { label: `Replace with ${suggestUsernamePattern(finding.value)}` };
    }
    case 'duplicate-name': {
      const rule = ruleOf(set, finding);
      return rule ? { label: `Rename it to '${uniqueRuleName(set, rule.name)}'` } : null;
    }
    default:
      return null;
  }
}

/**
 * Applies the fix `describeFix` offers for a finding; the same set when there is none. Pure: the
 * app runs it through `applyChange` (one undo step), the command line on a loaded set.
 *
 * @example applyFix(set, findings.find((f) => f.code === 'jeff-star-pattern')) // the pattern becomes '*\jeff*'
 */
export function applyFix(set: RuleSet, finding: LintFinding): RuleSet {
  if (describeFix(set, finding) === null) return set;
  if (isAnalysisFinding(finding)) return applyAnalysisFix(set, finding) ?? set;
  switch (finding.code) {
    case 'remote-powershell-lockout':
      return insertGuardRule(set);
    case 'jeff-star-pattern': {
      const rule = ruleOf(set, finding) as Rule;
      const field = listField(finding.field) as ListField;
      const value = finding.value as string;
      const suggestion = suggestUsernamePattern(value);
      return updateRule(set, rule.id, { [field]: rule[field].map((v) => (v === value ? suggestion : v)) });
    }
    case 'duplicate-name': {
      const rule = ruleOf(set, finding) as Rule;
      return updateRule(set, rule.id, { name: uniqueRuleName(set, rule.name) });
    }
    default:
      return set;
  }
}
