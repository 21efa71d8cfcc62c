/**
 * The Export page's action registry. Downloading changes nothing; the one change is "Open project
 * file…", which is the project's own `openProject` action (also Import's "Open as my project"): the
 * file becomes the project, one undo step.
 */
import { PROJECT_ACTIONS } from '../../lib/project-actions.ts';

export const EXPORT_ACTIONS = {
  openProject: PROJECT_ACTIONS.openProject,
};
