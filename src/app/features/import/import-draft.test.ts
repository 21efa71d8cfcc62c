import { describe, expect, it } from 'vitest';
import { createDesignStore } from '../../store/index.ts';
import { importDraftUpdates, mergeFields, selectImportDraft, suppliedVariables } from './import-draft.ts';

const use = { variable: '$Ips', line: 3, column: 9, cmdlet: 'New-ClientAccessRule', parameter: 'ExceptAnyOfClientIPAddressesOrRanges' };

describe('import draft', () => {
  it('a field appears for each open variable and stays while its value is typed (no longer open)', () => {
    const once = mergeFields([], [{ name: 'Ips', uses: [use] }]);
    expect(once).toEqual([{ name: 'Ips', value: '', uses: [use] }]);
    const typed = once.map((f) => ({ ...f, value: '10.0.0.1' }));
    expect(mergeFields(typed, [])).toBe(typed);
    // Found open again (in another case): the same field, its value kept.
    expect(mergeFields(typed, [{ name: 'ips', uses: [{ ...use, line: 4 }] }])).toEqual([{ name: 'Ips', value: '10.0.0.1', uses: [{ ...use, line: 4 }] }]);
  });

  it('given values are read as --var reads them; empty fields are not given', () => {
    expect(
      suppliedVariables([
        { name: 'Ips', value: '10.0.0.1, 10.0.0.2', uses: [] },
        { name: 'Name', value: ' Block ', uses: [] },
        { name: 'Filter', value: '$null', uses: [] },
        { name: 'Open', value: '  ', uses: [] },
      ]),
    ).toEqual({ Ips: ['10.0.0.1', '10.0.0.2'], Name: 'Block', Filter: null });
  });

  it('the text survives in the store; clearing it forgets the values', () => {
    const store = createDesignStore();
    const draft = importDraftUpdates(store);
    draft.setText('New-ClientAccessRule $n -Action Deny');
    draft.mergeOpenVariables([{ name: 'n', uses: [] }]);
    draft.setFieldValue('n', 'X');
    expect(selectImportDraft(store.getState()).source).toEqual({ text: 'New-ClientAccessRule $n -Action Deny', version: 1 });
    expect(selectImportDraft(store.getState()).fields[0]?.value).toBe('X');
    const before = store.getState().viewDrafts;
    draft.mergeOpenVariables([{ name: 'n', uses: [] }]);
    expect(store.getState().viewDrafts, 'nothing new open: the store is not touched').toBe(before);
    draft.setText('');
    expect(selectImportDraft(store.getState()).fields).toEqual([]);
  });
});
