/**
 * The templates' action registry: adding a template's rules (one undo step) and selecting the
 * template's first rule by the id `applyTemplateWithIds` reports.
 */
import { applyTemplateWithIds, type RuleTemplate } from '../../../core/templates.ts';
import { changeProject, type FeatureAction } from '../../lib/actions.ts';

export const TEMPLATE_ACTIONS = {
  addTemplate: {
    label: 'Add template',
    core: 'applyTemplateWithIds',
    run: (ctx, { template }) => {
      const added = changeProject(ctx, TEMPLATE_ACTIONS.addTemplate, { template }, (s) => applyTemplateWithIds(s, template));
      const first = added?.ids[0];
      if (first !== undefined) ctx.store.getState().selectRule(first);
    },
  } satisfies FeatureAction<{ template: RuleTemplate }>,
};
