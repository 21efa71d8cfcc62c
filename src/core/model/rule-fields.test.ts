import { describe, expect, expectTypeOf, it } from 'vitest';
import { createRule } from './rule-set.ts';
import {
  RULE_FIELD_LIST,
  RULE_FIELDS,
  fieldOfGetName,
  fieldOfParameter,
  isExchangeDefault,
  isListKind,
  ruleField,
  type AppOnlyRuleField,
  type ListKindField,
  type RuleField,
} from './rule-fields.ts';
import { LIST_FIELD_PARAMETERS, LIST_FIELDS, type ListField, type Rule } from './types.ts';

describe('the table of rule fields', () => {
  it('has a row for every Exchange field of Rule and no other (checked by the compiler)', () => {
    expectTypeOf<keyof typeof RULE_FIELDS>().toEqualTypeOf<RuleField>();
    expectTypeOf<RuleField | AppOnlyRuleField>().toEqualTypeOf<keyof Rule>();
    expectTypeOf<ListKindField>().toEqualTypeOf<ListField>();
  });

  it('covers every field a fresh rule has, and the DatacenterAdminsOnly flag', () => {
    const appOnly: readonly string[] = ['id', 'notes', 'extra'] satisfies AppOnlyRuleField[];
    const keys = Object.keys(createRule()).filter((k) => !appOnly.includes(k));
    expect(new Set(Object.keys(RULE_FIELDS))).toEqual(new Set([...keys, 'datacenterAdminsOnly']));
  });

  it('keys each row by its own field and keeps parameters, Get names and labels unique', () => {
    for (const [key, spec] of Object.entries(RULE_FIELDS)) expect(spec.field).toBe(key);
    const parameters = RULE_FIELD_LIST.map((s) => s.parameter.toLowerCase());
    expect(new Set(parameters).size).toBe(parameters.length);
    const getNames = RULE_FIELD_LIST.flatMap((s) => s.getNames.map((n) => n.toLowerCase()));
    expect(new Set(getNames).size).toBe(getNames.length);
    const labels = RULE_FIELD_LIST.map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('lists the list fields in the order of LIST_FIELDS and derives their parameters', () => {
    expect(RULE_FIELD_LIST.filter((s) => isListKind(s.kind)).map((s) => s.field)).toEqual([...LIST_FIELDS]);
    for (const field of LIST_FIELDS) expect(LIST_FIELD_PARAMETERS[field]).toBe(ruleField(field).parameter);
    expect(LIST_FIELD_PARAMETERS.exceptAnyOfClientIPAddressesOrRanges).toBe('ExceptAnyOfClientIPAddressesOrRanges');
  });

  it('pairs every condition list with its exception, both ways, of the same kind', () => {
    for (const spec of RULE_FIELD_LIST) {
      if (!isListKind(spec.kind)) continue;
      const pair = spec.pair as RuleField;
      expect(pair).toBeDefined();
      expect(RULE_FIELDS[pair].pair).toBe(spec.field);
      expect(RULE_FIELDS[pair].kind).toBe(spec.kind);
      expect(RULE_FIELDS[pair].role).toBe(spec.role === 'condition' ? 'exception' : 'condition');
    }
  });

  it('finds fields by parameter and by Get-output name, in any case', () => {
    expect(fieldOfParameter('anyofprotocols')?.field).toBe('anyOfProtocols');
    expect(fieldOfParameter('Priority')).toBeUndefined();
    expect(fieldOfGetName('RULESCOPE')?.field).toBe('scope');
    expect(fieldOfGetName('Scope')?.field).toBe('scope');
    expect(fieldOfGetName('Identity')?.field).toBe('name');
    expect(fieldOfGetName('RunspaceId')).toBeUndefined();
  });

  it('requires Name and Action, and gives every other field the default a fresh rule has', () => {
    expect(RULE_FIELD_LIST.filter((s) => s.required).map((s) => s.field)).toEqual(['name', 'action']);
    const fresh = createRule();
    for (const spec of RULE_FIELD_LIST) {
      if (spec.required) continue;
      expect(isExchangeDefault(spec, fresh[spec.field]), spec.field).toBe(true);
    }
    expect(isExchangeDefault(RULE_FIELDS.enabled, false)).toBe(false);
    expect(isExchangeDefault(RULE_FIELDS.scope, 'Users')).toBe(false);
    expect(isExchangeDefault(RULE_FIELDS.anyOfProtocols, ['POP3'])).toBe(false);
    expect(isExchangeDefault(RULE_FIELDS.name, '')).toBe(false);
  });

  it('writes every field but the hidden DatacenterAdminsOnly flag', () => {
    expect(RULE_FIELD_LIST.filter((s) => !s.writable).map((s) => s.field)).toEqual(['datacenterAdminsOnly']);
  });
});
