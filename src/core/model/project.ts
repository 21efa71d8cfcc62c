/**
 * Changes to the whole project: the rule set being designed and the deployed baseline it is compared
 * with. Each is a pure function; the app applies them through the store's `applyProjectChange`, one
 * undo step each (the app's action registries say so), and the command line reads the same shapes.
 *
 * Decisions:
 * - Opening a project file means one thing wherever it is done (Export's "Open project file…",
 *   Import's "Open as my project"): the file becomes the project — its rules, target, saved tests,
 *   admin path, ActiveSync design and baseline (none when the file has none). Nothing of the previous
 *   project is merged in; undo brings it back.
 * - Importing rules from a script or Get output is a different act with its own name: "Replace my
 *   rules" takes the imported rules and keeps the project's target and baseline, adding the script's
 *   tests to the saved ones (`applyImport`); "Merge" updates rules of the same name and appends the rest.
 * - Setting the baseline leaves the rule set as it is.
 */
import { applyImport, setProfile } from './rule-set.ts';
import type { Profile, RuleSet } from './types.ts';

/** The project the app designs: the rule set and the deployed baseline (null: none recorded). */
export interface Project {
  ruleSet: RuleSet;
  baseline: RuleSet | null;
}

/** What a project file holds once read (`parseProjectFile`'s successful result has this shape). */
export interface OpenedProject {
  ruleSet: RuleSet;
  baseline?: RuleSet | null;
}

/**
 * Opens a project file: it replaces the whole project, baseline included (see the module's
 * decisions). The previous project is not consulted; it is a parameter so that every project change
 * has the same shape.
 *
 * @example openProject(current, parseProjectFile(text) as OpenedProject) // { ruleSet: file's, baseline: file's or null }
 */
export function openProject(_current: Project, opened: OpenedProject): Project {
  return { ruleSet: opened.ruleSet, baseline: opened.baseline ?? null };
}

/**
 * Applies imported rules to the project's rule set ("Replace my rules" or "Merge into my rules",
 * `applyImport`); the baseline stays.
 *
 * @example importRules(project, importText(script).ruleSet, 'replace').ruleSet.rules // the script's rules
 */
export function importRules(project: Project, imported: RuleSet, mode: 'replace' | 'merge'): Project {
  const ruleSet = applyImport(project.ruleSet, imported, mode);
  return ruleSet === project.ruleSet ? project : { ...project, ruleSet };
}

/**
 * Records what is deployed (null clears it). The rule set is unchanged; the same project when the
 * baseline is the same object.
 *
 * @example setProjectBaseline(project, importText(getOutput).ruleSet).baseline?.rules.length // the deployed rule count
 */
export function setProjectBaseline(project: Project, baseline: RuleSet | null): Project {
  return project.baseline === baseline ? project : { ...project, baseline };
}

/**
 * Changes the project's target (`setProfile`: the rules are kept; the linter decides what the new
 * target makes an error). The same project when the target is already this one.
 *
 * @example setProjectTarget(project, 'ExchangeServer').ruleSet.profile // 'ExchangeServer'
 */
export function setProjectTarget(project: Project, profile: Profile): Project {
  const ruleSet = setProfile(project.ruleSet, profile);
  return ruleSet === project.ruleSet ? project : { ...project, ruleSet };
}
