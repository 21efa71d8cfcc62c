/**
 * Converts a value read from a script to the type of the parameter it is bound to (spec 8): enum
 * names in canonical spelling (`deny` → `DenyAccess`), whole numbers, `$true`/`$false`, lists of
 * text, `@{Add=…; Remove=…}` edits, `$null`. A value Exchange would reject is reported where it is
 * written, with the closest valid name when there is one; an open variable is kept as
 * `{ variable: '$name' }` and its use recorded.
 *
 * Decisions:
 * - `-Action Allow`/`Deny` read as AllowAccess/DenyAccess (Exchange accepts them).
 * - A quoted comma list (`'POP3,IMAP4'`) is ONE value in PowerShell: an error for enum lists, a warning
 *   for addresses (it is not a valid address), with the fix spelled out.
 * - A quoted value that looks like a template placeholder (`'<IP address>'`) is kept with a warning;
 *   unquoted placeholders never reach this point (they are errors where they are read).
 */
import { ACTIONS, AUTHENTICATION_TYPES, PROTOCOLS, SCOPES, type Severity } from '../../model/types.ts';
import type { VariableUse } from '../script-variables.ts';
import type { CmdletSpec, ParamSpec } from './catalogue.ts';
import type { ListEdit } from './parsed-command.ts';
import { closestName, describeValue, firstProblem, looksLikePlaceholder, scalarText, short, variablesIn, withVariableRefs, type At, type Value } from './values.ts';

/** What a conversion reports to: findings, and the uses of open variables. */
export interface ConvertContext {
  add(at: At, severity: Severity, message: string): void;
  useVariable(v: Value & { kind: 'variable' }, cmdlet: string, parameter: string): VariableUse;
}

/** A converted value; `skip` for parameters that change nothing; `uses` when variables are open. */
export type Converted = { ok: true; value: unknown; skip?: boolean; uses?: VariableUse[] } | { ok: false };

/**
 * Converts `value` for `param` of `spec`, reporting what Exchange would reject. `null` (a parameter
 * left without a value, already reported) gives `{ ok: false }`.
 *
 * @example convertValue(ctx, NEW, ACTION, { kind: 'string', text: 'deny', quoted: false, line: 1, column: 1 }, at) // { ok: true, value: 'DenyAccess' }
 */
export function convertValue(ctx: ConvertContext, spec: CmdletSpec, param: ParamSpec, value: Value | null, at: At): Converted {
  const bad = (where: At, message: string): { ok: false } => {
    ctx.add(where, 'error', message);
    return { ok: false };
  };
  if (value === null) return { ok: false };
  const problem = firstProblem(value);
  if (problem) {
    if (problem.kind === 'placeholder') {
      return bad(problem, `-${param.name} holds ${short(problem.text)}, which looks like a placeholder from a template or text a web page replaced; put the real value there.`);
    }
    if (problem.kind === 'unresolved') {
      return bad(problem, `-${param.name} cannot be read statically: ${problem.message}.`);
    }
  }
  const open = param.type === 'ignored' || param.type === 'ignored-switch' ? [] : variablesIn(value);
  if (open.length > 0) {
    const uses = open.map((v) => ctx.useVariable(v, spec.name, param.name));
    return { ok: true, value: withVariableRefs(value), uses };
  }
  switch (param.type) {
    case 'ignored':
    case 'ignored-switch':
      return { ok: true, value: undefined, skip: true };
    case 'unmodelled':
      ctx.add(at, 'warning', `-${param.name} is a real Exchange parameter that this designer does not model; it is ignored.`);
      return { ok: true, value: undefined, skip: true };
    case 'switch':
    case 'bool': {
      if (value.kind === 'bool') return { ok: true, value: value.value };
      if (value.kind === 'string' && !value.quoted && /^[01]$/.test(value.text)) return { ok: true, value: value.text === '1' };
      const hint = value.kind === 'string' && /^(true|false)$/i.test(value.text) ? ` Write $${value.text.toLowerCase()}.` : '';
      return bad(value, `-${param.name} takes $true or $false, not ${describeValue(value)}.${hint}`);
    }
    case 'priority': {
      const text = scalarText(value);
      if (text === undefined || !/^\s*\d{1,9}\s*$/.test(text)) {
        return bad(value, `-Priority needs a whole number (1 = evaluated first), not ${describeValue(value)}.`);
      }
      return { ok: true, value: Number(text) };
    }
    case 'port': {
      const text = scalarText(value);
      const port = text !== undefined && /^\s*\d{1,5}\s*$/.test(text) ? Number(text) : Number.NaN;
      if (!(port >= 1 && port <= 65535)) return bad(value, `-${param.name} needs a port number from 1 to 65535, not ${describeValue(value)}.`);
      return { ok: true, value: port };
    }
    case 'name':
    case 'identity':
    case 'text': {
      const text = scalarText(value);
      if (text === undefined) return bad(value, `-${param.name} takes one text value, not ${describeValue(value)}.`);
      if (text.trim() === '') return bad(value, `-${param.name} is empty.`);
      // Quoted, it may be a real name (`'<Pilot>'`): kept, with a warning.
      if (looksLikePlaceholder(text)) ctx.add(value, 'warning', `-${param.name} is ${short(text)}, which looks like a placeholder from a template; check that it is the real value.`);
      return { ok: true, value: text };
    }
    case 'filter': {
      if (value.kind === 'null') return { ok: true, value: null };
      if (value.kind === 'scriptblock') return { ok: true, value: value.text.trim() };
      const text = scalarText(value);
      if (text === undefined) return bad(value, `-UserRecipientFilter takes one filter, such as {Department -eq 'IT'}, not ${describeValue(value)}.`);
      return { ok: true, value: text };
    }
    case 'action':
    case 'scope':
    case 'protocol':
    case 'auth-type': {
      const text = scalarText(value);
      if (text === undefined) return bad(value, `-${param.name} takes one value, not ${describeValue(value)}.`);
      const canonical = enumValue(ctx, param, text, value);
      return canonical === null ? { ok: false } : { ok: true, value: canonical };
    }
    case 'protocols':
    case 'auth-types':
    case 'ips':
    case 'patterns': {
      if (value.kind === 'null') return { ok: true, value: null };
      if (value.kind === 'hashtable') {
        if (spec.name !== 'Set-ClientAccessRule') {
          return bad(value, `-${param.name} @{Add=…; Remove=…} edits an existing rule's list; it only works with Set-ClientAccessRule.`);
        }
        const edit: ListEdit = { Add: [], Remove: [] };
        let fine = true;
        for (const entry of value.entries) {
          const key = entry.key.toLowerCase() === 'add' ? 'Add' : entry.key.toLowerCase() === 'remove' ? 'Remove' : null;
          if (key === null) {
            ctx.add(entry, 'error', `-${param.name} @{ } takes only Add and Remove keys, not ${short(entry.key)}.`);
            fine = false;
            continue;
          }
          const items = listItems(ctx, param, entry.value);
          if (items === null) fine = false;
          else edit[key].push(...items);
        }
        return fine ? { ok: true, value: edit } : { ok: false };
      }
      const items = listItems(ctx, param, value);
      return items === null ? { ok: false } : { ok: true, value: items };
    }
  }
}

function listItems(ctx: ConvertContext, param: ParamSpec, value: Value): string[] | null {
  const flat: Value[] = [];
  const walk = (v: Value): void => {
    if (v.kind === 'list') v.items.forEach(walk);
    else if (v.kind !== 'null') flat.push(v);
  };
  walk(value);
  const out: string[] = [];
  let ok = true;
  for (const item of flat) {
    const text = scalarText(item);
    if (text === undefined) {
      ctx.add(item, 'error', `-${param.name} takes text values, not ${describeValue(item)}.`);
      ok = false;
      continue;
    }
    if (param.type === 'protocols' || param.type === 'auth-types') {
      const canonical = enumValue(ctx, param, text, item);
      if (canonical === null) ok = false;
      else out.push(canonical);
      continue;
    }
    if (looksLikePlaceholder(text)) {
      // Quoted, it is what the script says (the linter rejects it if it is no valid address or
      // pattern): kept, with a warning. Unquoted `<…>` and `[…]` are errors before this point.
      ctx.add(item, 'warning', `-${param.name} holds ${short(text)}, which looks like a placeholder from a template; check that it is the real value.`);
    }
    if (param.type === 'ips' && item.kind === 'string' && item.quoted && text.includes(',')) {
      ctx.add(item, 'warning', `-${param.name} gets one quoted value holding a comma list (${short(text)}); PowerShell passes it as ONE value, which is not a valid address. Quote each value: ${text.split(',').map((s) => `'${s.trim()}'`).join(',')}`);
    }
    out.push(text);
  }
  return ok ? out : null;
}

function enumValue(ctx: ConvertContext, param: ParamSpec, text: string, at: At & { kind?: string; quoted?: boolean }): string | null {
  const valid: readonly string[] =
    param.type === 'action'
      ? ACTIONS
      : param.type === 'scope'
        ? SCOPES
        : param.type === 'protocol' || param.type === 'protocols'
          ? PROTOCOLS
          : AUTHENTICATION_TYPES;
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  const hit = valid.find((v) => v.toLowerCase() === lower);
  if (hit) return hit;
  if (param.type === 'action' && (lower === 'allow' || lower === 'deny')) return lower === 'allow' ? 'AllowAccess' : 'DenyAccess';
  if ((param.type === 'protocols' || param.type === 'auth-types') && trimmed.includes(',')) {
    const parts = trimmed.split(',').map((s) => s.trim());
    ctx.add(at, 'error', `-${param.name} gets one quoted value holding a comma list ("${short(trimmed)}"); PowerShell passes it as ONE value, which Exchange rejects. Write the values unquoted or quote each one: -${param.name} ${parts.join(',')}`);
    return null;
  }
  const placeholder = looksLikePlaceholder(trimmed);
  if (placeholder) {
    ctx.add(at, 'error', `-${param.name} holds ${short(trimmed)}, which looks like a placeholder from a template; put the real value there (one of ${valid.join(', ')}).`);
    return null;
  }
  const choices = param.type === 'action' ? [...valid, 'Allow', 'Deny'] : valid;
  const closest = closestName(trimmed, choices);
  ctx.add(at, 'error', `"${short(trimmed)}" is not a valid value for -${param.name}${closest ? `; did you mean ${closest}?` : '.'} Valid values: ${valid.join(', ')}.`);
  return null;
}
