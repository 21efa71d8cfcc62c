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
