import { describe, it, expect, beforeEach } from 'vitest';
import { createRuleSet } from '../../../core/model/rule-set.ts';
import { useDesignStore } from '../../store/index.ts';
import { addBlankRule, duplicate, moveRuleBy, moveRuleTo, remove, setAnnouncer, setEnabled } from './rule-actions.ts';

const names = () => useDesignStore.getState().ruleSet.rules.map((r) => r.name);
const idOf = (name: string) => useDesignStore.getState().ruleSet.rules.find((r) => r.name === name)!.id;

describe('rule list actions', () => {
  let announced: string[] = [];
  beforeEach(() => {
    useDesignStore.getState().hydrate({ ruleSet: createRuleSet(), baseline: null });
    useDesignStore.getState().selectRule(null);
    announced = [];
    setAnnouncer((m) => announced.push(m));
    addBlankRule();
    addBlankRule();
    addBlankRule();
    useDesignStore.temporal.getState().clear();
  });

  it('adds blank rules with unique names and selects the new one', () => {
    expect(names()).toEqual(['New rule', 'New rule (2)', 'New rule (3)']);
    expect(useDesignStore.getState().selectedRuleId).toBe(idOf('New rule (3)'));
  });

  it('moves by menu, one undo step each, and announces the new priority', () => {
    moveRuleTo(idOf('New rule (3)'), 1);
    moveRuleBy(idOf('New rule'), 1);
    expect(names()).toEqual(['New rule (3)', 'New rule (2)', 'New rule']);
    expect(announced).toEqual(['Rule New rule (3) moved to priority 1.', 'Rule New rule moved to priority 3.']);
    useDesignStore.getState().undo();
    expect(names()).toEqual(['New rule (3)', 'New rule', 'New rule (2)']);
  });

  it('duplicates below and selects the copy; deletes and selects the neighbour', () => {
    duplicate(idOf('New rule'));
    expect(names()).toEqual(['New rule', 'New rule (copy)', 'New rule (2)', 'New rule (3)']);
    expect(useDesignStore.getState().selectedRuleId).toBe(idOf('New rule (copy)'));
    remove(idOf('New rule (copy)'));
    expect(names()).toEqual(['New rule', 'New rule (2)', 'New rule (3)']);
    expect(useDesignStore.getState().selectedRuleId).toBe(idOf('New rule (2)'));
    expect(announced.at(-1)).toBe('Rule New rule (copy) deleted.');
  });

  it('toggles enabled as one undo step', () => {
    setEnabled(idOf('New rule'), false);
    expect(useDesignStore.getState().ruleSet.rules[0]!.enabled).toBe(false);
    useDesignStore.getState().undo();
    expect(useDesignStore.getState().ruleSet.rules[0]!.enabled).toBe(true);
  });
});
