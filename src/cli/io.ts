// What a command of the `incident-lens` tool gets from the process, so tests can run a
// command in-process with their own directory, environment and captured output.

export interface CliIO {
  /** The directory the command was run from; the workspace is found from here. */
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** One command: `run` returns the exit code (0 fine, 1 a --fail-on threshold met, 2 a usage or set-up error). */
export interface CliCommand {
  run(args: string[], io: CliIO): Promise<number>;
}

/** An error the user can fix: its message says what to do. main() prints it and exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = EXIT_USAGE) {
    super(message);
  }
}

export const EXIT_OK = 0;
/** A check found what --fail-on asked to fail on. */
export const EXIT_FAILED = 1;
/** Bad arguments, no workspace, an unknown ref: nothing was checked. */
export const EXIT_USAGE = 2;
