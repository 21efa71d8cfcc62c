/**
 * The simulator's action registry: saving, editing and removing test cases (the only way the
 * simulator changes the project). Each is one undo step. The simulated connection itself is UI state
 * (`setConnection`), not part of the project, so it is not here.
 */
import { addTestCase, removeTestCase, updateTestCase } from '../../../core/model/rule-set.ts';
import type { Action, Connection, TestCase } from '../../../core/model/types.ts';
import { changeRuleSet, type FeatureAction } from '../../lib/actions.ts';

export const SIMULATOR_ACTIONS = {
  saveTest: {
    label: 'Save as test case',
    core: 'addTestCase',
    run: (ctx, params) =>
      changeRuleSet(ctx, SIMULATOR_ACTIONS.saveTest, params, (s) =>
        addTestCase(s, { name: params.name, expected: params.expected, connection: params.connection }),
      ),
  } satisfies FeatureAction<{ name: string; expected: Action; connection: Connection }>,

  editTest: {
    label: 'Edit',
    core: 'updateTestCase',
    run: (ctx, params) => changeRuleSet(ctx, SIMULATOR_ACTIONS.editTest, params, (s) => updateTestCase(s, params.id, params.patch)),
  } satisfies FeatureAction<{ id: string; patch: Partial<Omit<TestCase, 'id'>> }>,

  removeTest: {
    label: 'Remove',
    core: 'removeTestCase',
    run: (ctx, params) => changeRuleSet(ctx, SIMULATOR_ACTIONS.removeTest, params, (s) => removeTestCase(s, params.id)),
  } satisfies FeatureAction<{ id: string }>,
};
