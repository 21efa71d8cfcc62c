/**
 * Argument parsing shared by the commands: `node:util` parseArgs with messages that say which
 * argument is wrong and why, instead of Node's error text.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_BAD_INPUT, EXIT_OK, type CliIo } from './io.ts';

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
    const result = parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals: true, strict: true });
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

/**
 * `--port -1` as `--port=-1`: Node's parser takes a value that starts with `-` for an option and
 * refuses it as "ambiguous"; a negative number after an option that takes a value is that value, so
 * the command can say what is wrong with it (a port from 1 to 65535).
 *
 * @example joinNegativeValues(['--port', '-1'], { port: { type: 'string' } }) // ['--port=-1']
 */
export function joinNegativeValues(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
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

/** What `startFileCommand` hands a command: its options and the one FILE it reads. */
export interface FileCommandArgs {
  values: ArgValues;
  file: string;
}

/**
 * The common start of a command that reads one FILE: parses `argv`, answers `--help` with the usage,
 * requires exactly one FILE, and lets the command add its own option checks to `errors`. Returns the
 * parsed arguments, or the exit code when the command is already answered (0 for help, 2 for bad
 * input with every problem named on stderr).
 *
 * @example
 * const started = startFileCommand('lint', argv, OPTIONS, USAGE, io);
 * if (typeof started === 'number') return started;
 */
export function startFileCommand(
  name: string,
  argv: string[],
  options: OptionSpec,
  usage: string,
  io: CliIo,
  check?: (values: ArgValues, errors: string[]) => void,
): FileCommandArgs | typeof EXIT_OK | typeof EXIT_BAD_INPUT {
  const args = parseCliArgs(argv, options);
  if (!args.ok) {
    io.stderr(`${name}: ${args.message}\n\nRun 'cli ${name} --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  if (flagArg(args.values, 'help')) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const [file, ...rest] = args.positionals;
  const errors: string[] = [];
  if (!file) errors.push('FILE is required');
  if (rest.length > 0) errors.push(`unexpected argument '${rest[0]}'`);
  check?.(args.values, errors);
  if (errors.length > 0 || !file) {
    io.stderr(`${errors.map((e) => `${name}: ${e}`).join('\n')}\n\nRun 'cli ${name} --help' for usage.\n`);
    return EXIT_BAD_INPUT;
  }
  return { values: args.values, file };
}

/**
 * Reads `--profile` in any case; an unknown name is added to `errors` with the valid ones.
 *
 * @example profileArg({ profile: 'exchangeserver' }, errors) // 'ExchangeServer'
 */
export function profileArg<T extends string>(values: ArgValues, profiles: readonly T[], errors: string[]): T | undefined {
  const text = stringArg(values, 'profile');
  if (text === undefined) return undefined;
  const profile = matchEnum(text, profiles);
  if (!profile) errors.push(`--profile: unknown profile '${text}'; valid profiles: ${profiles.join(', ')}`);
  return profile ?? undefined;
}
