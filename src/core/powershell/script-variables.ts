/**
 * Values a script leaves open: variables it never assigns, function and script parameters without a
 * default, values that come from running a command. The parser marks each use; the admin supplies the
 * values (the Import view's fields, `cli import --var name=value`) and the script is read again.
 *
 * Decisions:
 * - Variable names are case-insensitive (as in PowerShell) and written without `$`; a scope prefix
 *   (`$script:x`, `$global:x`, `$local:x`, `$private:x`) names the same variable `x`.
 * - A supplied value `$null` is PowerShell's null (an optional parameter left empty, a list cleared).
 * - A supplied value holding a comma is a list (`a,b` → `['a', 'b']`, items trimmed, empty items
 *   dropped); without a comma it is one text. A rule name with a comma cannot be supplied this way:
 *   assign it in the script instead.
 * - A supplied value wins over a `param(…)` default and over an assignment that cannot be evaluated
 *   statically (`$ips = Get-Content ips.txt`); an assignment of a literal in the script wins over it,
 *   as the script would overwrite the argument.
 */
import { z } from 'zod';

/** How an unresolved value appears in a command's parameters (`cli import --json` shows it). */
export interface VariableRef {
  /** The variable as the script writes it, with `$`: `'$RuleName'`. */
  variable: string;
}

/** One place a variable without a value is used. */
export interface VariableUse {
  /** With `$`, as written: `'$RuleName'`. */
  variable: string;
  line: number;
  column: number;
  /** The cmdlet and canonical parameter the value goes to. */
  cmdlet: string;
  parameter: string;
}

/** A variable the script leaves open, with every place it is used. */
export interface UnresolvedVariable {
  /** Without `$`, as first written. */
  name: string;
  uses: VariableUse[];
  /** Why the script gives no value (e.g. "it comes from running Get-Content"); absent when never assigned. */
  reason?: string;
}

/** Values the admin supplies, by variable name (without `$`, any case). */
export type SuppliedVariables = Readonly<Record<string, string | readonly string[] | null>>;

const SCOPE_PREFIX = /^(?:script|global|local|private|using):/i;

/**
 * The key a variable is known by: lower case, scope prefix and `$` removed.
 *
 * @example variableKey('$Script:RuleName') // 'rulename'
 */
export function variableKey(name: string): string {
  return name.replace(/^\$/, '').replace(SCOPE_PREFIX, '').toLowerCase();
}

/**
 * Reads a value typed by the admin: a comma makes a list, otherwise one text (see Decisions).
 *
 * @example suppliedValue('10.0.0.0/8, 192.168.0.0/16') // ['10.0.0.0/8', '192.168.0.0/16']
 * @example suppliedValue('Block OWA') // 'Block OWA'
 */
export function suppliedValue(text: string): string | string[] | null {
  if (/^\s*\$null\s*$/i.test(text)) return null;
  if (!text.includes(',')) return text.trim();
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Whether a parameter value is a reference to a variable the script leaves open.
 *
 * @example isVariableRef({ variable: '$Ips' }) // true
 */
export function isVariableRef(value: unknown): value is VariableRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { variable?: unknown }).variable === 'string';
}

/**
 * Automatic variables PowerShell sets itself: they are never offered to the admin to fill in.
 */
export const AUTOMATIC_VARIABLES: ReadonlySet<string> = new Set([
  '_', 'psitem', 'args', 'input', 'this', 'error', 'host', 'home', 'pwd', 'pid', 'psscriptroot', 'pscommandpath',
  'myinvocation', 'matches', 'lastexitcode', 'executioncontext', 'psversiontable', 'pscmdlet', 'foreach', 'switch',
  'sender', 'event', 'eventargs', 'stacktrace', 'ofs', 'profile', 'pshome', 'shellid', '?', '^', '$',
]);

/** `RuleName`, `$RuleName`, `$script:RuleName`, `Rule.Name` (a property of an open object). */
export const variableNameSchema = z
  .string()
  .regex(
    /^\$?(?:(?:script|global|local|private|using):)?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/,
    'a variable name is letters, digits and _ (with or without $), such as RuleName or $OfficeNetworks',
  );

/** One `name=value` assignment as the command line takes it (`--var name=value`). */
export const variableAssignmentSchema = z
  .string()
  .refine((text) => text.includes('='), 'write it as name=value, e.g. --var OfficeNetworks=10.0.0.0/8,192.168.0.0/16')
  .transform((text) => ({ name: text.slice(0, text.indexOf('=')).trim(), value: text.slice(text.indexOf('=') + 1) }))
  .pipe(z.object({ name: variableNameSchema, value: z.string() }));

/**
 * Reads `name=value` assignments (the command line's repeatable `--var`) into supplied values,
 * validated with zod: a bad name or a missing `=` gives a message naming the assignment; a name given
 * twice (in any case) is refused.
 *
 * @example parseVariableAssignments(['RuleName=Block OWA', 'Ips=10.0.0.1,10.0.0.2'])
 * // { ok: true, variables: { RuleName: 'Block OWA', Ips: ['10.0.0.1', '10.0.0.2'] } }
 */
export function parseVariableAssignments(
  assignments: readonly string[],
): { ok: true; variables: Record<string, string | string[] | null> } | { ok: false; message: string } {
  const variables: Record<string, string | string[] | null> = {};
  const seen = new Set<string>();
  for (const text of assignments) {
    const parsed = variableAssignmentSchema.safeParse(text);
    if (!parsed.success) {
      return { ok: false, message: `--var ${JSON.stringify(text)}: ${parsed.error.issues[0]?.message ?? 'not name=value'}` };
    }
    const key = variableKey(parsed.data.name);
    if (seen.has(key)) return { ok: false, message: `--var ${parsed.data.name} is given more than once` };
    seen.add(key);
    variables[parsed.data.name.replace(/^\$/, '')] = suppliedValue(parsed.data.value);
  }
  return { ok: true, variables };
}
