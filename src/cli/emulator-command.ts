/**
 * `iterable-destination emulator`: the local Iterable, in the foreground, until SIGINT / SIGTERM.
 * Prints its base URL (the line a script waits for) and, on stop, how many requests it served.
 */
import { startEmulator } from '../emulator/index.js';
import { CATALOG_NAME } from '../emulator/options.js';
import { integerFlag, parseCommandArgs, stringFlag } from './args.js';
import { EMULATOR_HELP } from './help.js';
import { EXIT, UsageError } from './usage-error.js';

/** Catalog names from `--catalogs a,b` (repeatable), or undefined when the flag is absent. */
function catalogsFlag(values: unknown): string[] | undefined {
  if (!Array.isArray(values)) return undefined;
  const names = values.flatMap((value: string) => value.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  const bad = names.find((name) => !CATALOG_NAME.test(name));
  if (bad !== undefined) throw new UsageError(`emulator: --catalogs takes names of letters, digits and dashes (at most 255), got ${JSON.stringify(bad)}`);
  return names;
}

export async function emulatorCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs('emulator', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-rate-limits': { type: 'boolean' },
    catalogs: { type: 'string', multiple: true },
  });
  if (args.values.help) {
    process.stdout.write(EMULATOR_HELP);
    return EXIT.ok;
  }
  const port = integerFlag('emulator', args, 'port', { min: 0, max: 65535 }) ?? 0;
  const host = stringFlag(args, 'host') ?? '127.0.0.1';
  const catalogs = catalogsFlag(args.values.catalogs);
  const emulator = await startEmulator({
    port,
    host,
    ...(args.values['no-rate-limits'] ? { rateLimits: false as const } : {}),
    ...(catalogs === undefined ? {} : { catalogs }),
    // A long-running emulator must not grow without bound: count events, do not keep them.
    storeEvents: false,
  });
  process.stdout.write(`Iterable emulator listening on ${emulator.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.close();
  const served = Object.values(emulator.state.counters).reduce((sum, counter) => sum + counter.requests, 0);
  process.stderr.write(`emulator stopped after ${served} requests\n`);
  return EXIT.ok;
}
