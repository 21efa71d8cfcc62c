import { useDesignStore, type DesignStore, type DesignStoreState } from '../../store/index.ts';
import { suppliedValue, variableKey, type SuppliedVariables, type UnresolvedVariable, type VariableUse } from '../../../core/powershell/script-variables.ts';

/** The text being imported, with a version that increases with every edit (a small query key for a 5 MB text). */
export interface ImportSource {
  text: string;
  version: number;
}

/** A value the admin gives for a variable the script leaves open. */
export interface VariableField {
  /** As the script writes it, without `$`. */
  name: string;
  /** As typed; empty means not given. */
  value: string;
  /** Where the script uses it (from the last reading that found it open). */
  uses: VariableUse[];
  reason?: string;
}

/** The Import page's draft: the text and the values given for its open variables. */
export interface ImportDraft {
  source: ImportSource;
  fields: VariableField[];
}

export const EMPTY_IMPORT_DRAFT: ImportDraft = { source: { text: '', version: 0 }, fields: [] };

/**
 * A new text; a cleared text forgets the values given for the previous script.
 *
 * @example draftWithText(EMPTY_IMPORT_DRAFT, 'x').source // { text: 'x', version: 1 }
 */
export function draftWithText(draft: ImportDraft, text: string): ImportDraft {
  return { source: { text, version: draft.source.version + 1 }, fields: text.trim() === '' ? [] : draft.fields };
}

/** The value typed for one variable. */
export function draftWithFieldValue(draft: ImportDraft, name: string, value: string): ImportDraft {
  return { ...draft, fields: draft.fields.map((f) => (f.name === name ? { ...f, value } : f)) };
}

/** A field for each variable newly found open, the uses of the open ones refreshed; `draft` itself when nothing changed. */
export function draftWithOpenVariables(draft: ImportDraft, open: readonly UnresolvedVariable[]): ImportDraft {
  const fields = mergeFields(draft.fields, open);
  return fields === draft.fields ? draft : { ...draft, fields };
}

/** The draft as the app store keeps it (`viewDrafts.import`), or the empty one. */
export function selectImportDraft(state: Pick<DesignStoreState, 'viewDrafts'>): ImportDraft {
  return (state.viewDrafts.import as ImportDraft | undefined) ?? EMPTY_IMPORT_DRAFT;
}

function updateDraft(store: Pick<DesignStore, 'getState'>, change: (draft: ImportDraft) => ImportDraft): void {
  const state = store.getState();
  const current = selectImportDraft(state);
  const next = change(current);
  if (next !== current) state.setViewDraft('import', next);
}

/** The draft's changes against a store (the app's, or a test's). */
export function importDraftUpdates(store: Pick<DesignStore, 'getState'>) {
  return {
    setText: (text: string) => updateDraft(store, (d) => draftWithText(d, text)),
    setFieldValue: (name: string, value: string) => updateDraft(store, (d) => draftWithFieldValue(d, name, value)),
    mergeOpenVariables: (open: readonly UnresolvedVariable[]) => updateDraft(store, (d) => draftWithOpenVariables(d, open)),
  };
}

const APP_DRAFT_UPDATES = importDraftUpdates(useDesignStore);

/**
 * The Import page's draft and its changes. Kept in the app store's view drafts, not the component's
 * state, so both survive a visit to another page (the panel unmounts when the view changes); not
 * persisted, so a reload starts empty. The feature itself keeps no module state.
 */
export function useImportDraft(): ImportDraft & typeof APP_DRAFT_UPDATES {
  const draft = useDesignStore(selectImportDraft);
  return { ...draft, ...APP_DRAFT_UPDATES };
}

/**
 * The fields after a reading: the open variables keep or get a field (with their uses); the fields
 * already given stay, so a field does not vanish while its value is typed. Returns `fields` itself
 * when nothing changed.
 *
 * @example mergeFields([], [{ name: 'Ips', uses: [] }]) // [{ name: 'Ips', value: '', uses: [] }]
 */
export function mergeFields(fields: readonly VariableField[], open: readonly UnresolvedVariable[]): VariableField[] {
  let changed = false;
  const byKey = new Map(fields.map((f) => [variableKey(f.name), f]));
  const next = [...fields];
  for (const variable of open) {
    const key = variableKey(variable.name);
    const known = byKey.get(key);
    const updated: VariableField = { name: known?.name ?? variable.name, value: known?.value ?? '', uses: variable.uses, ...(variable.reason ? { reason: variable.reason } : {}) };
    if (known && JSON.stringify(known) === JSON.stringify(updated)) continue;
    changed = true;
    if (known) next[next.indexOf(known)] = updated;
    else next.push(updated);
    byKey.set(key, updated);
  }
  return changed ? next : (fields as VariableField[]);
}

/**
 * The values to read the script with: the fields that hold something, read as the command line's
 * `--var` reads them (a comma makes a list, `$null` is null).
 *
 * @example suppliedVariables([{ name: 'Ips', value: '10.0.0.1, 10.0.0.2', uses: [] }]) // { Ips: ['10.0.0.1', '10.0.0.2'] }
 */
export function suppliedVariables(fields: readonly VariableField[]): SuppliedVariables {
  const out: Record<string, string | string[] | null> = {};
  for (const field of fields) if (field.value.trim() !== '') out[field.name] = suppliedValue(field.value);
  return out;
}
