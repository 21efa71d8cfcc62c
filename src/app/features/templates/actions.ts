/**
 * The templates' action registry: adding a template's rules (one undo step; with `recordAdminPath`, the
 * template's admin path is recorded in the same step) and selecting the template's first rule by the
 * id `applyTemplateWithIds` reports.
 */
import { applyTemplateWithIds, type RuleTemplate } from '../../../core/templates.ts';
import { changeProject, type FeatureAction } from '../../lib/actions.ts';

export const TEMPLATE_ACTIONS = {
  addTemplate: {
    label: 'Add template',
    core: 'applyTemplateWithIds',
    run: (ctx, { template, recordAdminPath = false }) => {
      const added = changeProject(ctx, TEMPLATE_ACTIONS.addTemplate, { template, recordAdminPath }, (s) =>
        applyTemplateWithIds(s, template, { recordAdminPath }),
      );
      const first = added?.ids[0];
      if (first !== undefined) ctx.store.getState().selectRule(first);
    },
  } satisfies FeatureAction<{ template: RuleTemplate; recordAdminPath?: boolean }>,
};
