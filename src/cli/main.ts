#!/usr/bin/env node
/**
 * The `iterable-destination` command line: picks the subcommand and turns its result into an exit
 * code. Each subcommand lives in its own file and returns 0, 1 or 2 (see usage-error.ts).
 */
import { version } from '../../package.json';
import { IterableDestinationError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { MAIN_HELP } from './help.js';
import { deleteCommand } from './delete-command.js';
import { demoCommand } from './demo-command.js';
import { emulatorCommand } from './emulator-command.js';
import { sendCommand } from './send-command.js';
import { serveCommand } from './serve.js';
import { transformCommand } from './transform-command.js';
import { EXIT, UsageError } from './usage-error.js';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  transform: transformCommand,
  send: sendCommand,
  delete: deleteCommand,
  emulator: emulatorCommand,
  serve: (argv) => serveCommand(argv),
  demo: demoCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(MAIN_HELP);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    process.stdout.write(`${version}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`iterable-destination: ${unknownCommand(name)}\nRun "iterable-destination --help" for usage.\n`);
    return EXIT.usage;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`iterable-destination ${error.message}\nRun "iterable-destination ${name} --help" for usage.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function unknownCommand(name: string): string {
  const commands = Object.keys(COMMANDS);
  const what = name.startsWith('-') ? 'flag' : 'command';
  const suggestion = didYouMean(name.replace(/^-{1,2}/, ''), what === 'flag' ? ['help', 'version'] : commands);
  const hint = suggestion === undefined ? '' : ` (did you mean ${what === 'flag' ? `--${suggestion}` : suggestion}?)`;
  return `unknown ${what} ${JSON.stringify(name)}${hint}; the commands are ${commands.join(', ')}`;
}

/**
 * What the user reads when a command fails unexpectedly (a bug or an I/O error): the message and
 * this package's error code, never a class name, a stack, settings or keys.
 */
function failureText(error: unknown): string {
  if (error instanceof IterableDestinationError) return `${error.message} (${error.code})`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

// A closed pipe (`... | head`) is a normal way for a reader to stop: exit quietly, not with a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`iterable-destination: ${failureText(error)}\n`);
    process.exitCode = EXIT.someFailed;
  },
);
