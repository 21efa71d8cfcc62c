/**
 * What a CLI command may touch: two output streams. Commands never write to `process` directly, so
 * tests run them in-process and capture their output.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes (docs/architecture.md): 0 ok, 1 lint errors, 2 bad input. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_BAD_INPUT = 2;
/** A bug, not the user's input: the message says so. */
export const EXIT_INTERNAL = 3;

/** One CLI command: `main.ts` dispatches to it by name from its command table. */
export interface CliCommand {
  name: string;
  /** One line for the command list in `--help`. */
  summary: string;
  /** Full usage text, printed by `<command> --help` and after argument errors. */
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** An `io` that collects output, for tests and for callers that want the text. */
export function bufferIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
