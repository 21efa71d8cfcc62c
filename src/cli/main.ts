/**
 * The command line: `npm run cli -- <command> …` (tsx src/cli/main.ts). Commands come from the
 * `COMMANDS` table; adding one is one line there.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { adfsCommand } from './commands/adfs.ts';
import { analyzeCommand } from './commands/analyze.ts';
import { diffCommand } from './commands/diff.ts';
import { easCommand } from './commands/eas.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { lintCommand } from './commands/lint.ts';
import { replayCommand } from './commands/replay.ts';
import { migrateCommand } from './commands/migrate.ts';
import { testCommand } from './commands/test.ts';
import { whatIfCommand } from './commands/what-if.ts';
import { escapeControlChars } from '../core/text/control-chars.ts';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, type CliCommand, type CliIo } from './io.ts';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  testCommand,
  lintCommand,
  importCommand,
  exportCommand,
  analyzeCommand,
  diffCommand,
  whatIfCommand,
  replayCommand,
  migrateCommand,
  adfsCommand,
  easCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Client Access Rule Designer command line',
    '',
    'Usage: cli <command> [options]   (cli <command> --help for its options)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

/**
 * Runs the CLI with `argv` (the arguments after the script name) and returns the exit code: 0 ok,
 * 1 lint errors, 2 bad input (the message on stderr says where and why), 3 internal error.
 * All output goes through `io`, so tests run commands in-process. Never throws.
 *
 * @example await runCli(['lint', 'rules.json', '--json'], io) // 0 or 1
 */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Terminal output is a boundary: control and bidi characters from files are shown, not obeyed, on
  // both streams (JSON keeps its values: an escaped character in a JSON string is the same character).
  const io: CliIo = { stdout: (text) => rawIo.stdout(escapeControlChars(text)), stderr: (text) => rawIo.stderr(escapeControlChars(text)) };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name.toLowerCase());
  if (!command) {
    io.stderr(`unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')}\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    return await command.run([...rest], io);
  } catch (e) {
    io.stderr(`${command.name}: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_INTERNAL;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  const io: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
