/**
 * The Import page's action registry: every way the page changes the project, each through one
 * function of `core/model/project.ts`, one undo step each.
 * - "Replace my rules" / "Merge into my rules": `importRules` (`applyImport`: the target and the
 *   baseline stay, the text's tests join the saved ones);
 * - "Use as baseline (what is deployed)": `setProjectBaseline` (the rules stay);
 * - "Open as my project" (a project file): the project's own `openProject` action, the same one
 *   Export's "Open project file…" dispatches, so a project file means one thing wherever it is opened.
 */
import { importRules, setProjectBaseline } from '../../../core/model/project.ts';
import type { RuleSet } from '../../../core/model/types.ts';
import { changeWholeProject, type FeatureAction } from '../../lib/actions.ts';
import { PROJECT_ACTIONS } from '../../lib/project-actions.ts';

export const IMPORT_ACTIONS = {
  replaceRules: {
    label: 'Replace my rules',
    core: 'importRules',
    run: (ctx, params) => changeWholeProject(ctx, IMPORT_ACTIONS.replaceRules, params, (p) => importRules(p, params.imported, 'replace')),
  } satisfies FeatureAction<{ imported: RuleSet }>,

  mergeRules: {
    label: 'Merge into my rules',
    core: 'importRules',
    run: (ctx, params) => changeWholeProject(ctx, IMPORT_ACTIONS.mergeRules, params, (p) => importRules(p, params.imported, 'merge')),
  } satisfies FeatureAction<{ imported: RuleSet }>,

  useAsBaseline: {
    label: 'Use as baseline (what is deployed)',
    core: 'setProjectBaseline',
    run: (ctx, params) => changeWholeProject(ctx, IMPORT_ACTIONS.useAsBaseline, params, (p) => setProjectBaseline(p, params.imported)),
  } satisfies FeatureAction<{ imported: RuleSet }>,

  openProject: { ...PROJECT_ACTIONS.openProject, label: 'Open as my project' },
};
