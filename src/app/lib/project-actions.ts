/**
 * The project's action registry, in lib because several places dispatch it: opening a project file
 * (Export's "Open project file…" and Import's "Open as my project" are this one action), the top
 * bar's target switch and the first run's choice of target. Each goes through one function of
 * `core/model/project.ts` and `changeWholeProject`, which applies the undo policy declared here.
 */
import { openProject, setProjectTarget, type OpenedProject } from '../../core/model/project.ts';
import type { Profile } from '../../core/model/types.ts';
import { changeWholeProject, type FeatureAction } from './actions.ts';

export const PROJECT_ACTIONS = {
  /** The file becomes the project (rules, target, tests, admin path, ActiveSync, baseline): one undo step. */
  openProject: {
    label: 'Open project file…',
    core: 'openProject',
    run: (ctx, params) => changeWholeProject(ctx, PROJECT_ACTIONS.openProject, params, (p) => openProject(p, params.opened)),
  } satisfies FeatureAction<{ opened: OpenedProject }>,

  /** The top bar's target switch: one undo step. */
  setTarget: {
    label: 'Target',
    core: 'setProjectTarget',
    run: (ctx, params) => changeWholeProject(ctx, PROJECT_ACTIONS.setTarget, params, (p) => setProjectTarget(p, params.profile)),
  } satisfies FeatureAction<{ profile: Profile }>,

  /** The first run's choice of target: where a new project's history starts, so no undo step. */
  startWithTarget: {
    label: 'Start designing',
    core: 'setProjectTarget',
    history: 'reset',
    run: (ctx, params) => changeWholeProject(ctx, PROJECT_ACTIONS.startWithTarget, params, (p) => setProjectTarget(p, params.profile)),
  } satisfies FeatureAction<{ profile: Profile }>,
};
