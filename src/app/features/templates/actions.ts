/**
 * The templates' action registry: adding a template's rules (and, if asked, its admin path) in one
 * undo step, and selecting the template's first rule by the id `applyTemplateWithIds` reports.
 */
import { applyTemplateWithIds, type RuleTemplate } from '../../../core/templates.ts';
import { changeProject, type FeatureAction } from '../../lib/actions.ts';

export const TEMPLATE_ACTIONS = {
  addTemplate: {
    label: 'Add template',
    core: 'applyTemplateWithIds',
    run: (ctx, params) => {
      const { template, recordAdminPath } = params;
      const added = changeProject(ctx, TEMPLATE_ACTIONS.addTemplate, params, (s) => applyTemplateWithIds(s, template, { recordAdminPath }));
      const first = added?.ids[0];
      if (first !== undefined) ctx.store.getState().selectRule(first);
    },
  } satisfies FeatureAction<{ template: RuleTemplate; recordAdminPath?: boolean }>,
};
