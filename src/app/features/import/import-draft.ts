import { create } from 'zustand';
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

interface ImportDraftState {
  source: ImportSource;
  fields: VariableField[];
  /** A new text; a text of another script forgets the values given for the previous one. */
  setText: (text: string) => void;
  setFieldValue: (name: string, value: string) => void;
  /** Adds a field for each variable newly found open, and refreshes where the open ones are used. */
  mergeOpenVariables: (open: readonly UnresolvedVariable[]) => void;
}

/**
 * The Import page's draft: the text and the values given for its open variables. A store, not the
 * component's state, so both survive a visit to another page (the panel unmounts when the view
 * changes); not persisted, so a reload starts empty.
 */
export const useImportDraft = create<ImportDraftState>()((set) => ({
  source: { text: '', version: 0 },
  fields: [],
  setText: (text) =>
    set((state) => ({
      source: { text, version: state.source.version + 1 },
      fields: text.trim() === '' ? [] : state.fields,
    })),
  setFieldValue: (name, value) =>
    set((state) => ({ fields: state.fields.map((f) => (f.name === name ? { ...f, value } : f)) })),
  mergeOpenVariables: (open) =>
    set((state) => {
      const fields = mergeFields(state.fields, open);
      return fields === state.fields ? state : { fields };
    }),
}));

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
