/**
 * The delivery loop shared by `send` and `demo`: JSON lines → createDestination → one outcome per
 * event. Reading pauses while `maxQueued` events wait for their outcome (backpressure end to end),
 * so a file or a pipe of any length runs in bounded memory.
 */
import type { RateBudgetFactory } from '../client/budget.js';
import { createDestination, type DestinationStats } from '../client/index.js';
import { redact } from '../errors.js';
import type { JsonLine } from './jsonl.js';
import { InFlightLimit } from './limiter.js';
import type { LineWriter } from './output.js';
import type { Progress } from './progress.js';
import { RunTally } from './tally.js';

/** One line of the sync log (`--log`): a stable schema, absent values as null. */
/** The client's own bound on events waiting for an outcome: reading pauses there. */
export { DEFAULT_MAX_QUEUED_EVENTS as DEFAULT_MAX_QUEUED } from '../client/options.js';

export interface OutcomeRecord {
  index: number;
  status: 'delivered' | 'rejected' | 'failed';
  op: string | null;
  code: string | null;
  message: string | null;
  attempts: number;
}

export interface DeliverOptions {
  /** Settings as given (file + overrides); createDestination validates them. */
  settings: Record<string, unknown>;
  baseUrl?: string | undefined;
  maxQueued: number;
  /** Per-endpoint requests/s overrides for the client (e.g. raised with --no-rate-limits). */
  rateLimits?: Record<string, number> | undefined;
  /** A shared rate budget (`send --redis`); default: this process alone. */
  rateBudget?: RateBudgetFactory | undefined;
  log?: LineWriter | undefined;
  progress: Progress;
  /** Keep every outcome that is not `delivered` (the demo checks them); off for plain sends. */
  keepProblems?: boolean;
  now?: () => number;
}

export interface DeliverResult {
  tally: RunTally;
  problems: OutcomeRecord[];
}

export async function deliver(lines: AsyncIterable<JsonLine>, options: DeliverOptions): Promise<DeliverResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const tally = new RunTally();
  const problems: OutcomeRecord[] = [];
  const destination = createDestination({
    settings: options.settings,
    maxQueuedEvents: options.maxQueued,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    ...(options.rateBudget === undefined ? {} : { rateBudget: options.rateBudget }),
  });
  const inFlight = new InFlightLimit(options.maxQueued);
  let logWrites: Promise<void> = Promise.resolve();

  const record = (outcome: OutcomeRecord): void => {
    tally.outcome({ status: outcome.status, code: outcome.code ?? undefined });
    if (options.keepProblems && outcome.status !== 'delivered') problems.push(outcome);
    if (options.log) {
      const pending = options.log.write(JSON.stringify(outcome));
      if (pending) logWrites = logWrites.then(() => pending);
    }
    options.progress.update(progressOf(tally));
  };

  try {
    for await (const line of lines) {
      tally.event(line.ok ? line.value : undefined);
      if (!line.ok) {
        record({ index: line.index, status: 'rejected', op: null, code: line.error.code, message: line.error.message, attempts: 0 });
        continue;
      }
      await inFlight.acquire();
      const { index } = line;
      destination.send(line.value).then(
        (outcome) => {
          inFlight.release();
          record({
            index,
            status: outcome.status,
            op: outcome.op ?? null,
            code: outcome.code ?? null,
            // createDestination has already redacted the keys from its outcome messages.
            message: outcome.message ?? null,
            attempts: outcome.attempts,
          });
        },
        (error: unknown) => {
          // send() promises an outcome and never rejects; should it, the event still gets one. This
          // message did not come through createDestination's redaction, so redact it here.
          inFlight.release();
          const secrets = [options.settings.apiKey, options.settings.registerDeviceOrBrowserApiKey].map((v) => (typeof v === 'string' ? v : undefined));
          const message = redact(error instanceof Error ? error.message : String(error), secrets);
          record({ index, status: 'failed', op: null, code: 'INTERNAL', message, attempts: 0 });
        },
      );
      await logWrites;
    }
  } finally {
    // Also when reading fails midway: what was accepted is still delivered and accounted for.
    await destination.close();
    await inFlight.idle();
    await logWrites;
  }
  applyStats(tally, destination.stats());
  tally.elapsedMs = now() - started;
  tally.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  options.progress.finish();
  return { tally, problems };
}

function progressOf(tally: RunTally): { done: number; delivered: number; rejected: number; failed: number } {
  return { done: tally.done, ...tally.byStatus };
}

/** Requests, records, retries and 429s come from the destination's own counters (it knows about resends). */
function applyStats(tally: RunTally, stats: DestinationStats): void {
  for (const [endpoint, requests] of Object.entries(stats.requests)) {
    tally.requests.set(endpoint, { requests: requests ?? 0, records: stats.recordsByEndpoint[endpoint as keyof typeof stats.recordsByEndpoint] ?? 0 });
  }
  tally.recordsPerRequest = stats.recordsPerRequest.mean;
  tally.retries = stats.retries;
  tally.rateLimited = stats.rateLimited;
}
