/**
 * `iterable-destination send [file]`: events through createDestination to the bundled emulator,
 * to `--endpoint`, or to Iterable; or, with `--dry-run`, the planned requests printed instead.
 */
import { writeFileSync, writeSync } from 'node:fs';
import type { RateBudgetFactory } from '../client/budget.js';
import { redisBudget } from '../client/redis-budget.js';
import { startEmulator } from '../emulator/index.js';
import { DATA_CENTERS, ENDPOINTS } from '../iterable/endpoints.js';
import { integerFlag, parseCommandArgs, stringFlag, type ParsedArgs } from './args.js';
import { DEFAULT_DRAIN_MS, DEFAULT_MAX_QUEUED, deliver, type DeliverResult } from './deliver.js';
import { creatingEventLists, settingsLists } from './emulator-lists.js';
import { dryRun } from './dry-run.js';
import { SEND_HELP } from './help.js';
import { inputStream, readJsonLines } from './jsonl.js';
import { openSyncLog, type SyncLineLog } from './output.js';
import { onShutdown, SIGNAL_EXIT, type StopSignal } from './shutdown.js';
import { createProgress } from './progress.js';
import { readSettingFlags, settingFlagOptions } from './settings-flags.js';
import { loadSettings } from './settings-input.js';
import { renderSummary, type RunTally } from './tally.js';
import { EXIT, UsageError } from './usage-error.js';
import { withoutTrailingSlashes } from '../util/trailing-slashes.js';

/** With --no-rate-limits the client still needs a number: high enough never to be the bottleneck. */
export const UNLIMITED_RATE_PER_SECOND = 1_000_000;

const OPTIONS = {
  settings: { type: 'string' },
  ...settingFlagOptions(['profile', 'api-key', 'data-center']),
  endpoint: { type: 'string' },
  'dry-run': { type: 'boolean' },
  log: { type: 'string' },
  'summary-json': { type: 'string' },
  limit: { type: 'string' },
  'max-queued': { type: 'string' },
  'drain-ms': { type: 'string' },
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
    overrides: readSettingFlags('send', args, ['profile', 'api-key', 'data-center']),
  });
  const limit = integerFlag('send', args, 'limit', { min: 0 });
  const maxQueued = integerFlag('send', args, 'max-queued', { min: 1 }) ?? DEFAULT_MAX_QUEUED;
  const drainMs = integerFlag('send', args, 'drain-ms', { min: 0 }) ?? DEFAULT_DRAIN_MS;
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
    const ignored = ['log', 'summary-json', 'drain-ms'].filter((name) => args.values[name] !== undefined).map((name) => `--${name}`);
    if (ignored.length > 0) {
      throw new UsageError(`send: --dry-run cannot be combined with ${ignored.join(' or ')} (a dry run has no outcomes or delivery summary to write)`);
    }
  }
  const input = inputStream('send', args.positionals[0]);
  const lines = readJsonLines(input, limit);

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
  const summaryJson = stringFlag(args, 'summary-json');
  // First SIGINT / SIGTERM: stop reading, drain, log everything, exit 130 / 143. Second: exit now.
  const stop = new AbortController();
  const hardStop = new AbortController();
  let signalled: StopSignal | undefined;
  const removeHandlers = onShutdown({
    graceful(signal) {
      signalled = signal;
      process.stderr.write(`\n${signal}: no more input is read; draining for up to ${drainMs} ms (${signal} again exits at once)\n`);
      stop.abort();
      input.destroy();
    },
    immediate(signal) {
      signalled ??= signal;
      hardStop.abort();
    },
  });
  try {
    const result = await deliver(emulator ? creatingEventLists(lines, emulator.state.lists) : lines, {
      settings: loaded.input,
      baseUrl,
      maxQueued,
      rateLimits: unlimited ? unlimitedRates() : undefined,
      rateBudget,
      log,
      progress: createProgress(process.stderr),
      stop: stop.signal,
      drainMs,
      hardStop: hardStop.signal,
      onHardStop(tally) {
        // Everything is in the log and the summaries before the process goes (writes are synchronous).
        log?.flushSync();
        writeSync(1, renderSummary(tally, { title: 'send (stopped)' }));
        writeSummaryJson(summaryJson, tally);
        process.exit(SIGNAL_EXIT[signalled ?? 'SIGINT']);
      },
    });
    process.stdout.write(renderSummary(result.tally, { title: 'send' }));
    writeSummaryJson(summaryJson, result.tally);
    if (result.fatal) process.stderr.write(`iterable-destination send: stopped: ${result.fatal.code}: ${result.fatal.message}\n`);
    return exitCode(result, signalled);
  } finally {
    removeHandlers();
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

/** A signal wins over a fatal error, which wins over individual failures. */
export function exitCode(result: Pick<DeliverResult, 'tally' | 'fatal'>, signalled: StopSignal | undefined): number {
  if (signalled) return SIGNAL_EXIT[signalled];
  if (result.fatal?.code === 'FATAL_AUTH') return EXIT.fatalAuth;
  if (result.fatal?.code === 'ENDPOINT_UNREACHABLE') return EXIT.unreachable;
  return result.tally.byStatus.rejected + result.tally.byStatus.failed > 0 ? EXIT.someFailed : EXIT.ok;
}

export function endpointFlag(args: ParsedArgs): string | undefined {
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
  return withoutTrailingSlashes(raw).replace(/\/api$/, '');
}

/** Whether `--endpoint` names one of Iterable's own data-centre hosts (real Iterable, not an emulator). */
export function isIterableHost(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  const host = new URL(endpoint).hostname.toLowerCase().replace(/\.$/, '');
  return Object.values(DATA_CENTERS).some((base) => new URL(base).hostname === host);
}

export function openLog(file: string): SyncLineLog {
  try {
    return openSyncLog(file);
  } catch (error) {
    throw new UsageError(`send: cannot write --log ${JSON.stringify(file)}: ${(error as Error).message}`);
  }
}

export function writeSummaryJson(file: string | undefined, tally: RunTally): void {
  if (file !== undefined) writeFileSync(file, `${JSON.stringify(tally, null, 2)}\n`);
}

function unlimitedRates(): Record<string, number> {
  return Object.fromEntries(Object.keys(ENDPOINTS).map((name) => [name, UNLIMITED_RATE_PER_SECOND]));
}
