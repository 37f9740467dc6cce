#!/usr/bin/env node
// `incident-lens`: the repository's incident history on the command line, for people,
// hooks and CI. Dispatches to src/cli/commands/<name>.ts (see commands/index.ts); every
// answer comes from src/services. Exit codes: 0 fine, 1 a --fail-on threshold met, 2 nothing
// was done because of the arguments or the set-up, with a message saying what to do.
import { COMMANDS } from './commands/index';
import { CliError, EXIT_USAGE, type CliIO } from './io';

const VERSION = process.env.INCIDENT_LENS_VERSION ?? '0.1.0';

/** Runs one command line (`args` without node and the script) and returns the exit code. */
export async function main(args: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr(`incident-lens: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')} (incident-lens --help).\n`);
    return EXIT_USAGE;
  }
  try {
    return await (await entry.load()).run(rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`incident-lens ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`incident-lens ${name}: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_USAGE;
  }
}

function help(): string {
  const lines = Object.values(COMMANDS).map((entry) => `  incident-lens ${entry.summary}`);
  return `Usage:\n${lines.join('\n')}\n\nThe workspace is the nearest folder with .incidents/ above the current directory, else the git root.\nExit codes: 0 fine, 1 a --fail-on threshold was met, 2 bad arguments or no workspace.\n`;
}

if (require.main === module) {
  const io: CliIO = {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
