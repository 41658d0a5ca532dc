/**
 * `iterable-destination emulator`: the local Iterable, in the foreground, until SIGINT / SIGTERM.
 * Prints its base URL (the line a script waits for) and, on stop, how many requests it served.
 */
import { startEmulator } from '../emulator/index.js';
import { integerFlag, parseCommandArgs, stringFlag } from './args.js';
import { EMULATOR_HELP } from './help.js';
import { EXIT } from './usage-error.js';

export async function emulatorCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs('emulator', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-rate-limits': { type: 'boolean' },
  });
  if (args.values.help) {
    process.stdout.write(EMULATOR_HELP);
    return EXIT.ok;
  }
  const port = integerFlag('emulator', args, 'port', { min: 0, max: 65535 }) ?? 0;
  const host = stringFlag(args, 'host') ?? '127.0.0.1';
  const emulator = await startEmulator({
    port,
    host,
    ...(args.values['no-rate-limits'] ? { rateLimits: false as const } : {}),
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
