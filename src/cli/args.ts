/**
 * Argument parsing shared by the commands: `node:util` parseArgs with messages that say which
 * argument is wrong and why, instead of Node's error text.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type ArgValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export type ParsedArgs = { ok: true; values: ArgValues; positionals: string[] } | { ok: false; message: string };

/**
 * Parses `argv` against `options` (strict: unknown options are errors). Never throws.
 *
 * @example parseCliArgs(['--json', 'a.json'], { json: { type: 'boolean' } }) // { ok: true, values: { json: true }, positionals: ['a.json'] }
 */
export function parseCliArgs(argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const result = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { ok: true, values: result.values as ArgValues, positionals: result.positionals };
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const unknown = /Unknown option '([^']+)'/.exec(raw);
    if (unknown) return { ok: false, message: `unknown option ${unknown[1]}` };
    const missing = /Option '(-[\w-]+)[^']*' argument missing/.exec(raw);
    if (missing) return { ok: false, message: `${missing[1]} needs a value` };
    const noArg = /Option '(-[\w-]+)' does not take an argument/.exec(raw);
    if (noArg) return { ok: false, message: `${noArg[1]} is a switch and takes no value` };
    return { ok: false, message: raw.split('\n')[0] ?? raw };
  }
}

/** The string value of an option (the last one when repeated), or undefined. */
export function stringArg(values: ArgValues, name: string): string | undefined {
  const v = values[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : undefined;
}

/** Every string value of a repeatable option. */
export function stringArgs(values: ArgValues, name: string): string[] {
  const v = values[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

/** Whether a boolean switch was given. */
export function flagArg(values: ArgValues, name: string): boolean {
  return values[name] === true;
}

/**
 * Finds `text` in a list of enum values without regard to case, returning the canonical spelling.
 *
 * @example matchEnum('pop3', PROTOCOLS) // 'POP3'
 */
export function matchEnum<T extends string>(text: string, values: readonly T[]): T | null {
  const lower = text.trim().toLowerCase();
  return values.find((v) => v.toLowerCase() === lower) ?? null;
}
