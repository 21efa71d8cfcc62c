import { describe, it, expect } from 'vitest';
import { addRule, createRule } from '../../../core/model/rule-set.ts';
import { findTemplate } from '../../../core/templates.ts';
import { createDesignStore } from '../../store/index.ts';
import { TEMPLATE_ACTIONS } from './actions.ts';

describe('template actions', () => {
  it("adds a template in one undo step and selects its first rule by the id core reports, below datacenter-admin rules too", () => {
    const store = createDesignStore();
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'DCA', datacenterAdminsOnly: true })));
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'Existing' })));
    const template = findTemplate('temporary-vendor-bypass')!;
    TEMPLATE_ACTIONS.addTemplate.run({ store }, { template });
    const { ruleSet, selectedRuleId } = store.getState();
    const firstName = template.rules()[0]!.name;
    expect(ruleSet.rules.find((r) => r.id === selectedRuleId)?.name).toBe(firstName);
    store.getState().undo();
    expect(store.getState().ruleSet.rules.map((r) => r.name)).toEqual(['DCA', 'Existing']);
  });
});
