import { analyzePolicy } from '../../core/analysis/engine.ts';
import { analysisFindings } from '../../core/analysis/findings.ts';
import { proveAdminPath } from '../../core/analysis/admin-path.ts';
import type { AdminPathProof } from '../../core/analysis/admin-path.ts';
import { decisionMap } from '../../core/analysis/decision-map.ts';
import type { DecisionMap } from '../../core/analysis/decision-map.ts';
import { diffPolicies } from '../../core/analysis/diff.ts';
import type { PolicyDiff } from '../../core/analysis/diff.ts';
import type { LintFinding, RuleSet } from '../../core/model/types.ts';

/** Everything the analysis view shows, computed in one pass (in the worker for big sets). */
export interface AnalysisReport {
  regions: number;
  complete: boolean;
  unknown: string[];
  findings: LintFinding[];
  proof: AdminPathProof | null;
  map: DecisionMap;
  /** What the draft changes against the baseline, when there is one. */
  diff: PolicyDiff | null;
  /** Time the analysis took, in milliseconds. */
  ms: number;
}

/**
 * The analysis of a rule set (and of its change from the baseline), as plain data that crosses the
 * worker boundary (structured clone keeps the bigint address bounds).
 *
 * @example runAnalysisJob(set, null).proof // null without an admin path
 */
export function runAnalysisJob(set: RuleSet, baseline: RuleSet | null): AnalysisReport {
  const t0 = performance.now();
  const analysis = analyzePolicy(set);
  const report: AnalysisReport = {
    regions: analysis.regions.length,
    complete: analysis.complete,
    unknown: [...analysis.unknown],
    findings: analysisFindings(set, analysis),
    proof: set.adminPath ? proveAdminPath(set, set.adminPath) : null,
    map: decisionMap(analysis, set.profile),
    diff: baseline ? diffPolicies(baseline, set) : null,
    ms: 0,
  };
  report.ms = performance.now() - t0;
  return report;
}

/**
 * Whether the analysis of this set is cheap enough to run on the main thread (well under a frame):
 * few rules, few IP values and few username patterns. Anything bigger goes to the worker.
 *
 * @example fitsInAFrame(createRuleSet()) // true
 */
export function fitsInAFrame(set: RuleSet, baseline: RuleSet | null = null): boolean {
  const sets = baseline ? [set, baseline] : [set];
  const rules = sets.reduce((n, s) => n + s.rules.length, 0);
  const values = sets.reduce(
    (n, s) => n + s.rules.reduce((m, r) => m + r.anyOfClientIPAddressesOrRanges.length + r.exceptAnyOfClientIPAddressesOrRanges.length + 4 * (r.usernameMatchesAnyOfPatterns.length + r.exceptUsernameMatchesAnyOfPatterns.length), 0),
    0,
  );
  return rules <= 8 && values <= 40;
}
