/**
 * node:util parseArgs with the CLI's conventions: strict (an unknown flag is a usage error with a
 * clear message, exit 2), `--help` on every command, and typed readers for numeric flags.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../util/did-you-mean.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * Parses `argv` for `command`. `maxPositionals` bounds the positional arguments (e.g. one file).
 * Throws UsageError naming the offending flag (with the closest known flag for an unknown one);
 * parseArgs' own messages are kept, prefixed.
 */
export function parseCommandArgs(command: string, argv: string[], options: Options, maxPositionals = 0): ParsedArgs {
  let parsed: ParsedArgs;
  const known = { help: { type: 'boolean', short: 'h' }, ...options } satisfies Options;
  try {
    parsed = parseArgs({ args: argv, options: known, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw unknownFlag(command, error as Error, Object.keys(known));
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(`${command}: ${message}`);
  }
  if (!parsed.values.help && parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).join(' ');
    throw new UsageError(`${command}: unexpected argument${parsed.positionals.length - maxPositionals > 1 ? 's' : ''} ${JSON.stringify(extra)}`);
  }
  return parsed;
}

/** `Unknown option '--sttings'` → `unknown flag --sttings (did you mean --settings?)`. */
function unknownFlag(command: string, error: Error, flags: readonly string[]): UsageError {
  const typed = /^Unknown option '([^']*)'/.exec(error.message)?.[1] ?? '';
  const name = typed.replace(/^-{1,2}/, '').split('=')[0] ?? '';
  const suggestion = didYouMean(name, flags);
  const hint = suggestion === undefined ? '' : ` (did you mean --${suggestion}?)`;
  return new UsageError(`${command}: unknown flag ${typed}${hint}`);
}

/** A string flag's value, or undefined when absent. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** An integer flag within [min, max]; a clear usage error otherwise. */
export function integerFlag(command: string, args: ParsedArgs, name: string, range: { min: number; max?: number }): number | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < range.min || value > max) {
    const bounds = range.max === undefined ? `>= ${range.min}` : `between ${range.min} and ${range.max}`;
    throw new UsageError(`${command}: --${name} must be a whole number ${bounds}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A flag restricted to a few words (e.g. --profile strict|rudderstack). */
export function choiceFlag<T extends string>(command: string, args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const raw = stringFlag(args, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`${command}: --${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}
