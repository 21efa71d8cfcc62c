/**
 * Exact rule findings for the linter (issue 7), built on the region engine instead of
 * sufficient-condition shortcuts:
 * - `shadowed-rule`: the rule decides no connection at all; the earlier rules that together take its
 *   connections are named (several rules together, wider wildcards and split IP blocks included).
 * - `rule-never-matches`: the rule decides nothing because its own conditions never hold together.
 * - `dead-exception`: an exception whose removal changes no decision.
 * - `redundant-rule`: the rule decides connections, but removing it changes no decision.
 * - `covered-value`: a list value that another value of the same list already covers.
 * - `admin-path-lockout`: with an admin path declared, a connection on it is denied (the proof's
 *   counterexample is in the message).
 *
 * Decisions:
 * - Every fix here keeps every decision (removing what decides nothing, or a covered value), except the
 *   admin-path guard, which only adds allowed connections on the admin path. A fix is offered only when
 *   applying it creates no finding the set did not already have (checked by re-running the linter on the
 *   fixed set, for up to `MAX_VERIFIED_FIXES` findings per run; beyond that no fix is offered).
 * - A rule that decides nothing gets one finding; its exceptions and covered values are not reported.
 * - When the analysis is incomplete (user side too large), only findings with a witness are kept:
 *   `shadowed-rule`, `rule-never-matches`, `redundant-rule` and `dead-exception` are dropped, and one
 *   `analysis-incomplete` info says why.
 * - Disabled and datacenter-admin rules get no analysis findings.
 * - An allow rule that lets Remote PowerShell through is a guard and is never reported as redundant.
 */
import { LIST_FIELD_PARAMETERS } from '../model/types.ts';
import { describeConnection } from '../describe.ts';
import type { LintFinding, ListField, Rule, RuleSet } from '../model/types.ts';
import { addRule, removeRule, updateRule } from '../model/rule-set.ts';
import { letsRemotePowerShellThrough } from '../model/guard.ts';
import { parseIpEntry } from '../match/ip.ts';
import { usernameSubject } from '../match/username.ts';
import { entrySpans, spansCover } from './address-axis.ts';
import { adminGuardRule, proveAdminPath } from './admin-path.ts';
import { analyzePolicy } from './engine.ts';
import type { PolicyAnalysis } from './engine.ts';
import { globCovers, globVectors, subjectConstraintFor, wildcardGlob } from './glob-vectors.ts';

/** The finding codes of this module. */
export const ANALYSIS_CODES = ['shadowed-rule', 'rule-never-matches', 'dead-exception', 'redundant-rule', 'covered-value', 'admin-path-lockout', 'analysis-incomplete'] as const;
export type AnalysisCode = (typeof ANALYSIS_CODES)[number];

/** Fix verification runs the linter again per finding; bounded so big sets stay responsive. */
export const MAX_VERIFIED_FIXES = 12;

function quoteList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** A value of a list covered by another value of the same list (the later one when equal). */
function coveredValues(rule: Rule): { field: ListField; value: string; by: string }[] {
  const out: { field: ListField; value: string; by: string }[] = [];
  for (const field of ['anyOfProtocols', 'exceptAnyOfProtocols', 'anyOfAuthenticationTypes', 'exceptAnyOfAuthenticationTypes'] as const) {
    const list: readonly string[] = rule[field];
    list.forEach((v, i) => {
      if (list.indexOf(v) < i) out.push({ field, value: v, by: v });
    });
  }
  for (const field of ['anyOfClientIPAddressesOrRanges', 'exceptAnyOfClientIPAddressesOrRanges'] as const) {
    const parsed = rule[field].map((v) => {
      const r = parseIpEntry(v);
      return r.ok ? entrySpans([r.entry]) : null;
    });
    parsed.forEach((spans, i) => {
      if (!spans) return;
      for (let j = 0; j < parsed.length; j++) {
        const other = parsed[j];
        if (j === i || !other) continue;
        const covered = spansCover(other, spans);
        const equal = covered && spansCover(spans, other);
        if (covered && (!equal || j < i)) {
          out.push({ field, value: rule[field][i]!, by: rule[field][j]! });
          return;
        }
      }
    });
  }
  for (const field of ['usernameMatchesAnyOfPatterns', 'exceptUsernameMatchesAnyOfPatterns'] as const) {
    const globs = rule[field].map(wildcardGlob);
    if (globs.length < 2) continue;
    const constraint = subjectConstraintFor(globs);
    // One exploration of the whole list answers every pair: j covers i when no user matches i but not j.
    const all = globVectors(globs, constraint, 20_000);
    const covers = (outer: number, inner: number) =>
      all.complete ? !all.vectors.some((v) => v.truth[inner] && !v.truth[outer]) : globCovers(globs[outer]!, globs[inner]!, constraint) === true;
    globs.forEach((_, i) => {
      for (let j = 0; j < globs.length; j++) {
        if (j === i) continue;
        if (!covers(j, i)) continue;
        const equal = covers(i, j);
        if (!equal || j < i) {
          out.push({ field, value: rule[field][i]!, by: rule[field][j]! });
          return;
        }
      }
    });
  }
  return out;
}

/**
 * The exact analysis findings of a rule set (see the module comment), without fix verification.
 *
 * @example analysisFindings(set).filter((f) => f.code === 'shadowed-rule')
 */
export function analysisFindings(set: RuleSet, analysis: PolicyAnalysis = analyzePolicy(set)): LintFinding[] {
  const findings: LintFinding[] = [];
  const nameOf = new Map(set.rules.map((r) => [r.id, r.name]));
  if (!analysis.complete) {
    findings.push({
      code: 'analysis-incomplete',
      severity: 'info',
      message: `The exact analysis could not decide everything: ${analysis.unknown.join(' ')} Findings about rules that decide nothing, redundant rules and exceptions are left out rather than guessed.`,
    });
  }
  set.rules.forEach((rule, index) => {
    const facts = analysis.rules[index]!;
    if (!facts.live || rule.datacenterAdminsOnly) return;
    const base = { ruleId: rule.id, ruleName: rule.name, priority: index + 1 };
    if (!facts.decides) {
      if (!analysis.complete) return;
      const by = facts.shadowedBy.map((id) => nameOf.get(id) ?? id);
      findings.push(
        by.length > 0
          ? {
              ...base,
              code: 'shadowed-rule',
              severity: 'warning',
              message: `Rule '${rule.name}' (priority ${index + 1}) decides no connection: every connection it matches is decided first by ${quoteList(by)}${by.length > 1 ? ' together' : ''}.`,
              fix: `Remove '${rule.name}': it decides nothing, so no decision changes.`,
            }
          : {
              ...base,
              code: 'rule-never-matches',
              severity: 'warning',
              message: `Rule '${rule.name}' (priority ${index + 1}) never matches: its conditions and exceptions exclude every connection (for example two filter comparisons or patterns that no user can satisfy together).`,
              fix: `Remove '${rule.name}': it decides nothing, so no decision changes.`,
            },
      );
      return;
    }
    // An allow rule that keeps Remote PowerShell open is a guard: it protects against later changes even
    // when nothing denies today, so it is never called redundant.
    if (analysis.complete && facts.redundant && !letsRemotePowerShellThrough(rule)) {
      findings.push({
        ...base,
        code: 'redundant-rule',
        severity: 'info',
        message: `Rule '${rule.name}' (priority ${index + 1}) is redundant: removing it changes no decision, because the rules below it (or the default allow) decide its connections the same way.`,
        fix: `Remove '${rule.name}': no decision changes.`,
      });
    }
    if (analysis.complete) {
      for (const field of facts.deadExceptions) {
        findings.push({
          ...base,
          code: 'dead-exception',
          severity: 'warning',
          field,
          value: rule[field].join(', '),
          message: `The exception -${LIST_FIELD_PARAMETERS[field]} of '${rule.name}' changes no outcome: every connection it exempts is decided the same way without it (by an earlier rule, or by a later rule or the default with the same action).`,
          fix: `Remove the exception -${LIST_FIELD_PARAMETERS[field]} from '${rule.name}': no decision changes.`,
        });
      }
    }
    for (const c of coveredValues(rule)) {
      findings.push({
        ...base,
        code: 'covered-value',
        severity: 'info',
        field: c.field,
        value: c.value,
        message: `In -${LIST_FIELD_PARAMETERS[c.field]} of '${rule.name}', '${c.value}' is already covered by '${c.by}' in the same list.`,
        fix: `Remove '${c.value}' from -${LIST_FIELD_PARAMETERS[c.field]}: no decision changes.`,
      });
    }
  });
  if (set.adminPath) {
    const proof = proveAdminPath(set, set.adminPath);
    if (!proof.proven && proof.counterexample) {
      const index = set.rules.findIndex((r) => r.name === proof.deniedBy);
      const rule = set.rules[index];
      findings.push({
        code: 'admin-path-lockout',
        severity: 'warning',
        ...(rule ? { ruleId: rule.id, ruleName: rule.name, priority: index + 1 } : {}),
        value: proof.counterexample.ipAddress,
        message: `The admin path is not safe: ${describeConnection(proof.counterexample)} is denied by '${proof.deniedBy ?? ''}'. ${set.profile === 'ExchangeOnline' ? 'In Exchange Online only Microsoft support can undo a lockout.' : 'In Exchange Server you would have to repair it without the Exchange Management Shell.'}`,
        fix: 'Insert an allow rule scoped to the admin path (its protocols, addresses and accounts) at priority 1.',
      });
    } else if (!proof.proven) {
      findings.push({ code: 'admin-path-lockout', severity: 'warning', message: `The admin path cannot be proven: ${proof.problems.join(' ')}` });
    }
  }
  return findings;
}

/**
 * Applies the fix of an analysis finding: removes the rule, the exception or the covered value, or
 * inserts the guard scoped to the admin path. Null when the finding has no such fix or its rule is gone.
 *
 * @example applyAnalysisFix(set, shadowedFinding) // the set without that rule
 */
export function applyAnalysisFix(set: RuleSet, finding: LintFinding): RuleSet | null {
  const rule = finding.ruleId === undefined ? undefined : set.rules.find((r) => r.id === finding.ruleId);
  switch (finding.code) {
    case 'shadowed-rule':
    case 'rule-never-matches':
    case 'redundant-rule':
      return rule ? removeRule(set, rule.id) : null;
    case 'dead-exception':
      return rule && finding.field && finding.field !== 'userRecipientFilter' && finding.field in rule && finding.field.startsWith('except')
        ? updateRule(set, rule.id, { [finding.field]: [] })
        : null;
    case 'covered-value': {
      const field = finding.field as ListField | undefined;
      if (!rule || !field || !Array.isArray(rule[field])) return null;
      const list = rule[field] as string[];
      const i = list.lastIndexOf(finding.value ?? '');
      return i < 0 ? null : updateRule(set, rule.id, { [field]: list.filter((_, j) => j !== i) });
    }
    case 'admin-path-lockout':
      return set.adminPath && set.adminPath.users.some((u) => usernameSubject(u.user) !== '') ? addRule(set, adminGuardRule(set, set.adminPath), 1) : null;
    default:
      return null;
  }
}

/** Identity of a finding across two versions of a set (rule by name, not id: a fix may re-create rules). */
export function findingKey(f: LintFinding): string {
  return [f.code, f.ruleName ?? '', f.field ?? '', f.value ?? ''].join('\u0000');
}

/**
 * Keeps the `fix` text only on findings whose fix, applied, creates no finding the set did not already
 * have (`lint` is the whole linter, so that every kind of finding is compared). Findings past
 * `MAX_VERIFIED_FIXES` lose their fix text.
 *
 * @example verifyFixes(set, findings, lintRuleSet)
 */
export function verifyFixes(set: RuleSet, findings: readonly LintFinding[], lint: (s: RuleSet) => LintFinding[], all: readonly LintFinding[] = findings): LintFinding[] {
  const before = new Set(all.map(findingKey));
  let checked = 0;
  return findings.map((f) => {
    if (!f.fix) return f;
    const fixed = checked < MAX_VERIFIED_FIXES ? applyAnalysisFix(set, f) : null;
    checked++;
    if (fixed) {
      const created = lint(fixed).filter((g) => !before.has(findingKey(g)));
      if (created.length === 0) return f;
    }
    const { fix: _fix, ...rest } = f;
    void _fix;
    return rest;
  });
}
