// Argument parsing shared by the commands: node's util.parseArgs, with its errors turned
// into messages that say what to type instead.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` against `options`; throws a CliError naming the command's usage on anything unknown or malformed. */
export function parseCommandArgs<T extends Options>(args: string[], options: T, usage: string, positionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message.replace(/\. To specify a positional.*$/s, '')}\nUsage: ${usage}`);
  }
}

/** `value` if it is one of `allowed`, else a CliError listing them. */
export function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${option} ${value} is not one of ${allowed.join(', ')}.`);
}
