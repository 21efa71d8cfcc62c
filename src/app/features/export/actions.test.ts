import { describe, it, expect } from 'vitest';
import { addRule, createRule, createRuleSet } from '../../../core/model/rule-set.ts';
import { parseProjectFile, serializeProjectFile } from '../../../core/model/project-file.ts';
import { PROJECT_ACTIONS } from '../../lib/project-actions.ts';
import { createDesignStore } from '../../store/index.ts';
import { EXPORT_ACTIONS } from './actions.ts';

describe('export actions', () => {
  it("'Open project file…' is the project's one open action: the file becomes the project, one undo step", () => {
    expect(EXPORT_ACTIONS.openProject).toBe(PROJECT_ACTIONS.openProject);
    const store = createDesignStore();
    store.getState().applyChange((s) => addRule(s, createRule({ name: 'Mine' })));
    const parsed = parseProjectFile(serializeProjectFile(addRule(createRuleSet('ExchangeServer'), createRule({ name: 'From file' }))));
    if (!parsed.ok) throw new Error('fixture');
    EXPORT_ACTIONS.openProject.run({ store }, { opened: parsed });
    expect(store.getState().ruleSet.rules.map((r) => r.name)).toEqual(['From file']);
    store.getState().undo();
    expect(store.getState().ruleSet.rules.map((r) => r.name)).toEqual(['Mine']);
  });
});
