/**
 * `iterable-destination send [file]`: events through createDestination to the bundled emulator,
 * to `--endpoint`, or to Iterable; or, with `--dry-run`, the planned requests printed instead.
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import type { RateBudgetFactory } from '../client/budget.js';
import { redisBudget } from '../client/redis-budget.js';
import { startEmulator } from '../emulator/index.js';
import { DATA_CENTERS, ENDPOINTS, type DataCenter } from '../iterable/endpoints.js';
import { PROFILES } from '../settings.js';
import { choiceFlag, integerFlag, parseCommandArgs, stringFlag, type ParsedArgs } from './args.js';
import { DEFAULT_MAX_QUEUED, deliver } from './deliver.js';
import { creatingEventLists, settingsLists } from './emulator-lists.js';
import { dryRun } from './dry-run.js';
import { SEND_HELP } from './help.js';
import { inputStream, readJsonLines } from './jsonl.js';
import { lineWriter, type LineWriter } from './output.js';
import { createProgress } from './progress.js';
import { loadSettings } from './settings-input.js';
import { renderSummary, type RunTally } from './tally.js';
import { EXIT, UsageError } from './usage-error.js';

/** With --no-rate-limits the client still needs a number: high enough never to be the bottleneck. */
export const UNLIMITED_RATE_PER_SECOND = 1_000_000;

const OPTIONS = {
  settings: { type: 'string' },
  profile: { type: 'string' },
  endpoint: { type: 'string' },
  'api-key': { type: 'string' },
  'data-center': { type: 'string' },
  'dry-run': { type: 'boolean' },
  log: { type: 'string' },
  'summary-json': { type: 'string' },
  limit: { type: 'string' },
  'max-queued': { type: 'string' },
  'no-rate-limits': { type: 'boolean' },
  redis: { type: 'string' },
  project: { type: 'string' },
} as const;

export async function sendCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs('send', argv, OPTIONS, 1);
  if (args.values.help) {
    process.stdout.write(SEND_HELP);
    return EXIT.ok;
  }
  const endpoint = endpointFlag(args);
  const loaded = loadSettings({
    command: 'send',
    settingsFile: stringFlag(args, 'settings'),
    profile: choiceFlag('send', args, 'profile', PROFILES),
    apiKey: stringFlag(args, 'api-key') ?? nonEmpty(process.env.ITERABLE_API_KEY),
    dataCenter: choiceFlag('send', args, 'data-center', Object.keys(DATA_CENTERS) as DataCenter[]),
  });
  const limit = integerFlag('send', args, 'limit', { min: 0 });
  const maxQueued = integerFlag('send', args, 'max-queued', { min: 1 }) ?? DEFAULT_MAX_QUEUED;
  const unlimited = Boolean(args.values['no-rate-limits']);
  const toIterable = endpoint === undefined && loaded.hasRealKey;
  if (unlimited && (toIterable || isIterableHost(endpoint))) {
    throw new UsageError(
      'send: --no-rate-limits is only for an emulator (an --endpoint that is not Iterable, or the bundled one); ' +
        'it is refused with a real API key and no --endpoint, and with an --endpoint on an Iterable data-centre host',
    );
  }
  const rateBudget = sharedBudget(args, unlimited);
  if (args.values['dry-run']) {
    const ignored = ['log', 'summary-json'].filter((name) => args.values[name] !== undefined).map((name) => `--${name}`);
    if (ignored.length > 0) {
      throw new UsageError(`send: --dry-run cannot be combined with ${ignored.join(' or ')} (a dry run has no outcomes or delivery summary to write)`);
    }
  }
  const lines = readJsonLines(inputStream('send', args.positionals[0]), limit);

  if (args.values['dry-run']) {
    const tally = await dryRun(lines, { settings: loaded.resolved, baseUrl: endpoint, chunkEvents: maxQueued, out: process.stdout });
    process.stderr.write(renderSummary(tally, { title: 'dry run (nothing sent)', live: false }));
    return tally.byStatus.rejected > 0 ? EXIT.someFailed : EXIT.ok;
  }

  // The bundled emulator plays a project with every list the settings and the events name.
  const emulator =
    endpoint === undefined && !toIterable
      ? await startEmulator({ port: 0, storeEvents: false, lists: settingsLists(loaded.resolved), ...(unlimited ? { rateLimits: false as const } : {}) })
      : undefined;
  const baseUrl = endpoint ?? emulator?.url;
  process.stderr.write(
    emulator
      ? `no --endpoint and no API key: sending to the bundled emulator at ${emulator.url}\n`
      : endpoint
        ? `sending to ${endpoint}\n`
        : `sending to Iterable (${loaded.resolved.dataCenter}: ${loaded.resolved.host})\n`,
  );
  const logFile = stringFlag(args, 'log');
  const log = logFile === undefined ? undefined : openLog(logFile);
  try {
    const { tally } = await deliver(emulator ? creatingEventLists(lines, emulator.state.lists) : lines, {
      settings: loaded.input,
      baseUrl,
      maxQueued,
      rateLimits: unlimited ? unlimitedRates() : undefined,
      rateBudget,
      log,
      progress: createProgress(process.stderr),
    });
    process.stdout.write(renderSummary(tally, { title: 'send' }));
    writeSummaryJson(stringFlag(args, 'summary-json'), tally);
    return tally.byStatus.rejected + tally.byStatus.failed > 0 ? EXIT.someFailed : EXIT.ok;
  } finally {
    await log?.end();
    await emulator?.close();
  }
}

/** `--redis URL [--project NAME]`: one rate budget shared by every process sending for the project. */
function sharedBudget(args: ParsedArgs, unlimited: boolean): RateBudgetFactory | undefined {
  const url = stringFlag(args, 'redis');
  const project = stringFlag(args, 'project');
  if (url === undefined) {
    if (project !== undefined) throw new UsageError('send: --project names the shared rate budget of --redis; give --redis redis://host:port too');
    return undefined;
  }
  if (unlimited) throw new UsageError('send: --redis shares rate limits between processes and --no-rate-limits turns them off: choose one');
  if (!/^rediss?:\/\/./.test(url)) throw new UsageError('send: --redis must be a URL such as redis://127.0.0.1:6379');
  if (project !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(project)) {
    throw new UsageError(`send: --project must be 1 to 128 letters, digits, ".", "_" or "-", got ${JSON.stringify(project)}`);
  }
  return redisBudget({ url, ...(project === undefined ? {} : { project }) });
}

function endpointFlag(args: ParsedArgs): string | undefined {
  const raw = stringFlag(args, 'endpoint');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`send: --endpoint must be a URL such as http://127.0.0.1:8080, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`send: --endpoint must be an http or https URL, got ${JSON.stringify(raw)}`);
  }
  // The base URL is the host part: paths come from the endpoint catalogue (/api/...).
  return raw.replace(/\/+$/, '').replace(/\/api$/, '');
}

/** Whether `--endpoint` names one of Iterable's own data-centre hosts (real Iterable, not an emulator). */
export function isIterableHost(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  const host = new URL(endpoint).hostname.toLowerCase().replace(/\.$/, '');
  return Object.values(DATA_CENTERS).some((base) => new URL(base).hostname === host);
}

function openLog(file: string): LineWriter {
  const stream = createWriteStream(file);
  stream.on('error', (error) => {
    process.stderr.write(`iterable-destination send: cannot write --log ${JSON.stringify(file)}: ${error.message}\n`);
    process.exit(EXIT.usage);
  });
  return lineWriter(stream, { closeAtEnd: true });
}

export function writeSummaryJson(file: string | undefined, tally: RunTally): void {
  if (file !== undefined) writeFileSync(file, `${JSON.stringify(tally, null, 2)}\n`);
}

function unlimitedRates(): Record<string, number> {
  return Object.fromEntries(Object.keys(ENDPOINTS).map((name) => [name, UNLIMITED_RATE_PER_SECOND]));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
