/**
 * The delivery loop shared by `send` and `demo`: JSON lines → destination.sendAll → one outcome per
 * event. sendAll reads only as fast as outcomes come back (backpressure end to end), so a file or a
 * pipe of any length runs in bounded memory.
 *
 * Stopping: when `stop` aborts, reading ends and the destination drains for at most `drainMs`;
 * what it could not send in time is `failed` / `ABORTED`. When `hardStop` aborts, every event read
 * and not yet answered is logged as `ABORTED` at once (synchronously) and `onHardStop` runs.
 */
import type { RateBudgetFactory } from '../client/budget.js';
import { createDestination, type Destination, type DestinationStats, type Outcome } from '../client/index.js';
import { sendAll } from '../client/send-all.js';
import type { FatalDestinationError } from '../errors.js';
import type { JsonLine } from './jsonl.js';
import type { LineWriter } from './output.js';
import type { Progress } from './progress.js';
import { RunTally } from './tally.js';

/** The client's own bound on events waiting for an outcome: reading pauses there. */
export { DEFAULT_MAX_QUEUED_EVENTS as DEFAULT_MAX_QUEUED } from '../client/options.js';

/** How long `send` drains after the first SIGINT / SIGTERM before the rest is ABORTED. */
export const DEFAULT_DRAIN_MS = 10_000;

/** One line of the sync log (`--log`): a stable schema, absent values as null. */
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
  /** Stop reading, drain for `drainMs`, then ABORT the rest. */
  stop?: AbortSignal | undefined;
  /** @default DEFAULT_DRAIN_MS */
  drainMs?: number | undefined;
  /** Give everything unanswered `ABORTED` now, then call `onHardStop` (which is expected to exit). */
  hardStop?: AbortSignal | undefined;
  onHardStop?: ((tally: RunTally) => void) | undefined;
  /** What is done with each line's value: `send` (the default), or e.g. `deleteUser`. */
  submit?: (destination: Destination, value: unknown) => Promise<Outcome>;
}

export interface DeliverResult {
  tally: RunTally;
  problems: OutcomeRecord[];
  /** Set when the destination stopped for good (FATAL_AUTH, ENDPOINT_UNREACHABLE). */
  fatal: FatalDestinationError | undefined;
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
  // sendAll's index → the input line's index, for every event read and not yet answered.
  const unanswered = new Map<number, number>();
  let sent = 0;

  const record = (outcome: OutcomeRecord): Promise<void> | undefined => {
    tally.outcome({ status: outcome.status, code: outcome.code ?? undefined });
    if (options.keepProblems && outcome.status !== 'delivered') problems.push(outcome);
    options.progress.update(progressOf(tally));
    return options.log?.write(JSON.stringify(outcome));
  };

  async function* events(): AsyncGenerator<unknown> {
    for await (const line of lines) {
      tally.event(line.ok ? line.value : undefined);
      if (!line.ok) {
        await record({ index: line.index, status: 'rejected', op: null, code: line.error.code, message: line.error.message, attempts: 0 });
        continue;
      }
      unanswered.set(sent, line.index);
      sent += 1;
      yield line.value;
    }
  }

  const drain = (): void => void destination.close({ drainMs: options.drainMs ?? DEFAULT_DRAIN_MS }).catch(() => undefined);
  const abandon = (): void => {
    for (const index of unanswered.values()) {
      void record({ index, status: 'failed', op: null, code: 'ABORTED', message: 'Exited on a second signal before Iterable confirmed the event', attempts: 0 });
    }
    unanswered.clear();
    options.onHardStop?.(tally);
  };
  if (options.stop?.aborted) drain();
  else options.stop?.addEventListener('abort', drain, { once: true });
  if (options.hardStop?.aborted) abandon();
  else options.hardStop?.addEventListener('abort', abandon, { once: true });

  try {
    const { submit } = options;
    const outcomes = submit
      ? sendAll((value) => submit(destination, value), events(), { window: options.maxQueued, signal: options.stop })
      : destination.sendAll(events(), { signal: options.stop });
    for await (const { index, outcome } of outcomes) {
      const line = unanswered.get(index);
      if (line === undefined) continue; // already logged as ABORTED by a hard stop
      unanswered.delete(index);
      // createDestination has already redacted the keys from its outcomes.
      const writing = record({
        index: line,
        status: outcome.status,
        op: outcome.op ?? null,
        code: outcome.code ?? null,
        message: outcome.message ?? null,
        attempts: outcome.attempts,
      });
      if (writing) await writing;
    }
  } finally {
    // Also when reading fails midway: what was accepted is still delivered and accounted for.
    await destination.close();
    options.stop?.removeEventListener('abort', drain);
    options.hardStop?.removeEventListener('abort', abandon);
  }
  applyStats(tally, destination.stats());
  tally.elapsedMs = now() - started;
  tally.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  options.progress.finish();
  return { tally, problems, fatal: destination.fatalError() };
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
