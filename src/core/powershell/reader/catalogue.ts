/**
 * The catalogue of what the script reader knows: the five Client Access Rule cmdlets, their
 * parameters and the type each is read as, the common parameters and their aliases, the positional
 * parameter, the required ones, and PowerShell's keywords. The rule parameters come from the one
 * table of rule fields (`model/rule-fields.ts`); adding a field there adds its parameter here.
 *
 * Decisions:
 * - Real Exchange parameters the model does not carry (`-AnyOfSourceTcpPortNumbers`) are accepted and
 *   ignored with a warning; parameters that change no rule (`-DomainController`, `-ErrorAction`, …)
 *   are accepted silently; `-Confirm` and `-WhatIf` are kept as written.
 * - `DatacenterAdminsOnly` is read (scripts and Get output carry it) though the generator never writes it.
 */
import { PRIORITY_PARAMETER, RULE_FIELD_LIST, UNMODELLED_RULE_PARAMETERS, type RuleFieldKind } from '../../model/rule-fields.ts';
import type { CmdletName } from './parsed-command.ts';
import { closestName } from './values.ts';

export type ParamType =
  /** A rule field's kind (`model/rule-fields.ts`): name, action, scope, bool, the four list kinds, filter. */
  | RuleFieldKind
  | 'identity'
  | 'switch'
  | 'priority'
  | 'protocol'
  | 'auth-type'
  | 'text'
  | 'port'
  /** Real Exchange parameters the model does not carry: accepted and ignored with a warning. */
  | 'unmodelled'
  /** Parameters that change nothing in the rules (`-DomainController`, `-ErrorAction` …): accepted silently. */
  | 'ignored'
  | 'ignored-switch';

export interface ParamSpec {
  name: string;
  type: ParamType;
}

export const COMMON: ParamSpec[] = [
  { name: 'Confirm', type: 'switch' },
  { name: 'WhatIf', type: 'switch' },
  { name: 'Verbose', type: 'ignored-switch' },
  { name: 'Debug', type: 'ignored-switch' },
  { name: 'ErrorAction', type: 'ignored' },
  { name: 'WarningAction', type: 'ignored' },
  { name: 'InformationAction', type: 'ignored' },
  { name: 'ErrorVariable', type: 'ignored' },
  { name: 'WarningVariable', type: 'ignored' },
  { name: 'InformationVariable', type: 'ignored' },
  { name: 'OutVariable', type: 'ignored' },
  { name: 'OutBuffer', type: 'ignored' },
  { name: 'PipelineVariable', type: 'ignored' },
];

export const COMMON_ALIASES: Record<string, string> = {
  ea: 'ErrorAction',
  wa: 'WarningAction',
  infa: 'InformationAction',
  ev: 'ErrorVariable',
  wv: 'WarningVariable',
  iv: 'InformationVariable',
  ov: 'OutVariable',
  ob: 'OutBuffer',
  pv: 'PipelineVariable',
  vb: 'Verbose',
  db: 'Debug',
  cf: 'Confirm',
  wi: 'WhatIf',
};

/**
 * The rule parameters of New- and Set-ClientAccessRule, from the one table of rule fields
 * (`model/rule-fields.ts`): each field's parameter, read by its kind; then `-Priority`, the real
 * parameters the model does not carry, and `-DomainController`.
 */
const RULE_PARAMS: ParamSpec[] = [
  ...RULE_FIELD_LIST.map((spec): ParamSpec => ({ name: spec.parameter, type: spec.kind })),
  { name: PRIORITY_PARAMETER, type: 'priority' },
  ...UNMODELLED_RULE_PARAMETERS.map((name): ParamSpec => ({ name, type: 'unmodelled' })),
  { name: 'DomainController', type: 'ignored' },
];

export interface CmdletSpec {
  name: CmdletName;
  params: ParamSpec[];
  /** Parameter bound by the first positional argument. */
  positional?: string;
  required: string[];
}

export const CMDLETS: CmdletSpec[] = [
  {
    name: 'New-ClientAccessRule',
    params: [...RULE_PARAMS, ...COMMON],
    positional: 'Name',
    required: ['Name', 'Action'],
  },
  {
    name: 'Set-ClientAccessRule',
    params: [{ name: 'Identity', type: 'identity' }, ...RULE_PARAMS, ...COMMON],
    positional: 'Identity',
    required: ['Identity'],
  },
  {
    name: 'Remove-ClientAccessRule',
    params: [{ name: 'Identity', type: 'identity' }, { name: 'DomainController', type: 'ignored' }, ...COMMON],
    positional: 'Identity',
    required: ['Identity'],
  },
  {
    name: 'Get-ClientAccessRule',
    params: [{ name: 'Identity', type: 'identity' }, { name: 'DomainController', type: 'ignored' }, ...COMMON],
    positional: 'Identity',
    required: [],
  },
  {
    name: 'Test-ClientAccessRule',
    params: [
      { name: 'AuthenticationType', type: 'auth-type' },
      { name: 'Protocol', type: 'protocol' },
      { name: 'RemoteAddress', type: 'text' },
      { name: 'RemotePort', type: 'port' },
      { name: 'User', type: 'text' },
      ...COMMON,
    ],
    required: ['AuthenticationType', 'Protocol', 'RemoteAddress', 'RemotePort', 'User'],
  },
];

export const CMDLET_BY_LOWER = new Map(CMDLETS.map((c) => [c.name.toLowerCase(), c]));

export const KEYWORDS = new Set([
  'if', 'elseif', 'else', 'foreach', 'for', 'while', 'do', 'until', 'switch', 'function', 'filter',
  'try', 'catch', 'finally', 'trap', 'param', 'begin', 'process', 'end', 'return', 'break', 'continue',
  'exit', 'throw', 'class', 'enum', 'using', 'workflow', 'configuration', 'data', 'dynamicparam',
]);


/** The outcome of binding a written parameter name: the parameter, or why there is none. */
export type ResolvedParam = { ok: true; param: ParamSpec } | { ok: false; message: string };

/**
 * Binds a parameter name as written to one of the cmdlet's, as PowerShell does: any case, the common
 * parameters' aliases (`-ea`, `-cf`), and any unambiguous prefix (`-ExceptAnyOfClientIP`). An
 * ambiguous prefix or an unknown name gives a message (with "did you mean" when a name is close).
 *
 * @example resolveParam(cmdletSpec('New-ClientAccessRule'), 'act') // { ok: true, param: { name: 'Action', type: 'action' } }
 */
export function resolveParam(spec: CmdletSpec, written: string): ResolvedParam {
  const lower = written.toLowerCase();
  const exact = spec.params.find((p) => p.name.toLowerCase() === lower);
  if (exact) return { ok: true, param: exact };
  const alias = COMMON_ALIASES[lower];
  if (alias) {
    const aliased = spec.params.find((p) => p.name === alias);
    if (aliased) return { ok: true, param: aliased };
  }
  const candidates = spec.params.filter((p) => p.name.toLowerCase().startsWith(lower));
  if (candidates.length === 1) return { ok: true, param: candidates[0] as ParamSpec };
  if (candidates.length > 1) {
    return { ok: false, message: `-${written} is ambiguous for ${spec.name}: it could be ${candidates.map((c) => `-${c.name}`).join(', ')}. Write more of the name.` };
  }
  const closest = closestName(written, spec.params.map((p) => p.name));
  return { ok: false, message: `${spec.name} has no parameter -${written}${closest ? `; did you mean -${closest}?` : '.'}` };
}

/**
 * The catalogue entry of a cmdlet by its canonical name.
 *
 * @example cmdletSpec('Remove-ClientAccessRule').positional // 'Identity'
 */
export function cmdletSpec(name: CmdletName): CmdletSpec {
  return CMDLETS.find((c) => c.name === name) as CmdletSpec;
}
