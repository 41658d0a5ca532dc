#!/usr/bin/env node
/**
 * The `iterable-destination` command line: picks the subcommand and turns its result into an exit
 * code. Each subcommand lives in its own file and returns 0, 1 or 2 (see usage-error.ts).
 */
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
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`iterable-destination: unknown command ${JSON.stringify(name)} (expected one of: ${Object.keys(COMMANDS).join(', ')})\nRun "iterable-destination --help" for usage.\n`);
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
    // An unexpected failure (a bug or an I/O error): say what, never print settings or keys.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`iterable-destination: ${message}\n`);
    process.exitCode = EXIT.someFailed;
  },
);
