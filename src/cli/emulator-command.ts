/**
 * `iterable-destination emulator`: the local Iterable, in the foreground, until SIGINT / SIGTERM.
 * Prints its base URL (the line a script waits for) and, on stop, how many requests it served.
 * `--lists`, `--api-key` and `--settings` set it up as a given project (its lists and its key), so
 * a user can reproduce what their Iterable project would answer.
 */
import { startEmulator } from '../emulator/index.js';
import { CATALOG_NAME } from '../emulator/options.js';
import { integerFlag, parseCommandArgs, stringFlag } from './args.js';
import { settingsLists, type NamedList } from './emulator-lists.js';
import { EMULATOR_HELP } from './help.js';
import { isPlaceholderKey, loadSettings } from './settings-input.js';
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
    lists: { type: 'string' },
    'api-key': { type: 'string' },
    settings: { type: 'string' },
    'no-rate-limits': { type: 'boolean' },
    catalogs: { type: 'string', multiple: true },
  });
  if (args.values.help) {
    process.stdout.write(EMULATOR_HELP);
    return EXIT.ok;
  }
  const port = integerFlag('emulator', args, 'port', { min: 0, max: 65535 }) ?? 0;
  const host = stringFlag(args, 'host') ?? '127.0.0.1';
  const project = projectOf(stringFlag(args, 'settings'), stringFlag(args, 'lists'), stringFlag(args, 'api-key'));
  const catalogs = catalogsFlag(args.values.catalogs);
  const emulator = await startEmulator({
    port,
    host,
    lists: project.lists,
    ...(project.apiKey === undefined ? {} : { apiKeys: [project.apiKey] }),
    ...(args.values['no-rate-limits'] ? { rateLimits: false as const } : {}),
    ...(catalogs === undefined ? {} : { catalogs }),
    // A long-running emulator must not grow without bound: count events, do not keep them.
    storeEvents: false,
  });
  process.stdout.write(`Iterable emulator listening on ${emulator.url}\n`);
  process.stderr.write(`${describeProject(project)}\n`);
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

interface Project {
  lists: NamedList[];
  /** The only key the emulator accepts; undefined: any key. */
  apiKey: string | undefined;
}

/** The project the flags describe: the settings' lists and key, then --lists and --api-key on top. */
function projectOf(settingsFile: string | undefined, listsFlag: string | undefined, apiKeyFlag: string | undefined): Project {
  const lists = new Map<number, NamedList>();
  let apiKey: string | undefined;
  if (settingsFile !== undefined) {
    const settings = loadSettings({ command: 'emulator', settingsFile });
    for (const list of settingsLists(settings.resolved)) lists.set(list.id, list);
    const key = settings.input.apiKey;
    if (typeof key === 'string' && !isPlaceholderKey(key)) apiKey = key;
  }
  for (const list of parseListsFlag(listsFlag)) lists.set(list.id, list);
  if (apiKeyFlag !== undefined) {
    if (apiKeyFlag.trim() === '') throw new UsageError('emulator: --api-key must not be empty');
    apiKey = apiKeyFlag;
  }
  return { lists: [...lists.values()].sort((a, b) => a.id - b.id), apiKey };
}

/** `4100,4201:vip` → [{ id: 4100 }, { id: 4201, name: 'vip' }]. Each id a positive whole number. */
export function parseListsFlag(value: string | undefined): NamedList[] {
  if (value === undefined) return [];
  return value.split(',').map((part) => {
    const colon = part.indexOf(':');
    const idText = (colon === -1 ? part : part.slice(0, colon)).trim();
    const name = colon === -1 ? undefined : part.slice(colon + 1).trim();
    const id = Number(idText);
    if (!/^\d{1,15}$/.test(idText) || !Number.isSafeInteger(id) || id <= 0) {
      throw new UsageError(`emulator: --lists takes list ids (positive whole numbers) as ID or ID:NAME, comma-separated; got ${JSON.stringify(part)}`);
    }
    return name === undefined || name === '' ? { id } : { id, name };
  });
}

/** One line on what the emulator plays (never the key itself). */
function describeProject(project: Project): string {
  const lists = project.lists.length === 0 ? 'no lists' : `lists ${project.lists.map((list) => (list.name ? `${list.id} (${list.name})` : String(list.id))).join(', ')}`;
  const key = project.apiKey === undefined ? 'any API key accepted' : 'one API key accepted (others get 401)';
  return `project: ${lists}; ${key}`;
}
