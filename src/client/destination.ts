/**
 * `createDestination()`: the batching, rate-limited Iterable client, wired from its parts.
 *
 * send(event) transforms the event at once (a bad event is rejected without a request), then
 * admits it to the buffer, or holds it until there is room under `maxQueuedEvents` (ledger.ts).
 * Flushes take the buffer, plan it and deliver it phase by phase, one flush chained after the other
 * (flush-runner.ts). close() and abort() end the destination: every event still gets its outcome
 * (shutdown.ts).
 *
 * A refused key or an unreachable endpoint opens the circuit breaker (breaker.ts): everything
 * pending and every later event fails with `FATAL_AUTH` / `ENDPOINT_UNREACHABLE`, without requests.
 */
import { setMaxListeners } from 'node:events';
import type { Destination, PendingEvent } from './destination-types.js';
import { ConfigurationError, type IterableDestinationError } from '../errors.js';
import { Breaker } from './breaker.js';
import { sendAll } from './send-all.js';
import { parseSettings } from '../settings.js';
import { transformWith } from '../transform/transform.js';
import { deletionCall } from '../transform/deletion.js';
import type { TransformResult } from '../transform/types.js';
import type { DeliveryContext } from './deliver.js';
import { ExistenceChecker } from './existence.js';
import { FlushRunner } from './flush-runner.js';
import { createHttpClient } from './http.js';
import { localBudget, rateOf } from './budget.js';
import { Ledger } from './ledger.js';
import { EndpointQueues } from './limits.js';
import { resolveOptions, type DestinationOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { Shutdown } from './shutdown.js';
import { StatsRecorder } from './stats.js';
import { gateMode } from './sync-gate.js';

/**
 * Creates a delivery pipeline to Iterable (or any Iterable-compatible `baseUrl`, such as the
 * bundled emulator): events are transformed, packed into the bulk endpoints, kept under each
 * endpoint's rate limit, retried when that can help, and each resolves exactly one outcome.
 *
 * @param options - settings (an `apiKey` is required) and delivery options
 * @returns the destination: `send`, `flush`, `close`, `stats`
 * @throws ConfigurationError when the settings or options are invalid (the message names the setting, never the key)
 * @example
 * ```ts
 * const destination = createDestination({ settings: { apiKey: process.env.ITERABLE_API_KEY } });
 * const outcome = await destination.send({ type: 'track', userId: 'u1', event: 'Signed Up' });
 * await destination.close();
 * ```
 */
export function createDestination(options: DestinationOptions): Destination {
  const config = resolveOptions(options);
  const settings = parseSettings(options.settings);
  if (!settings.apiKey) throw new ConfigurationError('Invalid setting `apiKey`: a key is required to deliver', { field: 'apiKey' });
  const secrets = [settings.apiKey, settings.registerDeviceOrBrowserApiKey];
  const { clock } = config;
  const stats = new StatsRecorder();
  // Opened by a refused key or a dead endpoint: from then on nothing is sent.
  const breaker = new Breaker((error) => {
    ledger.failPending((op, attempts) => ({ status: 'failed', op, attempts, code: error.code, message: error.message, statusCode: error.statusCode }));
    abort.abort(error);
  }, secrets);
  const http = createHttpClient({ dispatcher: config.dispatcher, requestTimeoutMs: config.requestTimeoutMs });
  const abort = new AbortController();
  // One signal is shared by every queued request, sleep and socket: many listeners is the design, not a leak.
  setMaxListeners(0, abort.signal);
  const budget = (config.rateBudget ?? localBudget())({ apiKey: settings.apiKey, dataCenter: settings.dataCenter, ratePerSecond: rateOf(config.rateLimits), clock });
  const queues = new EndpointQueues(config.rateLimits, config.maxConcurrentRequests, clock, budget);
  // Only the modes that must know who exists look users up (updateOnly + lookup, createOnly).
  const mode = gateMode(settings);
  const checker = mode
    ? new ExistenceChecker({
        http,
        queues,
        clock,
        random: config.random,
        maxAttempts: config.maxAttempts,
        origin: config.baseUrl ?? settings.host,
        apiKey: settings.apiKey,
        signal: abort.signal,
        stats,
        breaker,
      })
    : undefined;

  // The timer and the runner are made below; the ledger only calls these once events arrive.
  const ledger = new Ledger({
    config,
    clock,
    secrets,
    stats,
    flush: () => void runner.flush(),
    keepAlive: (alive) => (alive ? timer.ref() : timer.unref()),
  });

  const ctx: DeliveryContext = {
    http,
    queues,
    clock,
    random: config.random,
    maxAttempts: config.maxAttempts,
    origin: config.baseUrl,
    keys: { main: settings.apiKey, token: settings.registerDeviceOrBrowserApiKey },
    signal: abort.signal,
    stats,
    breaker,
    book: ledger.recordBook(checker),
  };
  const runner = new FlushRunner({ ledger, ctx, settings, config, clock, gate: mode && checker ? { mode, checker } : undefined });

  function send(event: unknown): Promise<Outcome> {
    return submit(event, 'send', () => transformWith(event, settings));
  }

  function deleteUser(who: unknown): Promise<Outcome> {
    return submit(who, 'deleteUser', () => {
      try {
        return { ok: true, calls: [deletionCall(who)] };
      } catch (error) {
        return { ok: false, error: error as IterableDestinationError };
      }
    });
  }

  /** Admits what `calls()` makes of `event` (an event, or a user to delete), with one outcome for it. */
  function submit(event: unknown, method: string, calls: () => TransformResult): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const pending: PendingEvent = { event, calls: [], results: [], unsettled: 0, deadlineAt: 0, done: false, admitted: false, resolve };
      const fatal = breaker.tripped;
      if (fatal) {
        ledger.finish(pending, { status: 'failed', code: fatal.code, message: fatal.message, statusCode: fatal.statusCode, attempts: 0 });
        return;
      }
      if (ledger.closed) {
        ledger.finish(pending, { status: 'rejected', code: 'CLOSED', message: `The destination is closed: ${method}() was called after close()`, statusCode: 400, attempts: 0 });
        return;
      }
      const transformed = calls();
      if (!transformed.ok) {
        ledger.finish(pending, fromTransformError(transformed.error));
        return;
      }
      const ready: PendingEvent = { ...pending, calls: transformed.calls, results: transformed.calls.map(() => undefined), unsettled: transformed.calls.length };
      if (ready.unsettled === 0) {
        ledger.finish(ready, { status: 'delivered', attempts: 0 });
        return;
      }
      ledger.accept(ready);
    });
  }

  const timer = setInterval(() => {
    if (ledger.buffer.length > 0) void runner.flush();
  }, config.flushIntervalMs);
  timer.unref();

  const shutdown = new Shutdown({ ledger, runner, clock, abort, http, budget, stopTimer: () => clearInterval(timer) });

  const destination: Destination = {
    send,
    deleteUser,
    flush: () => runner.flush(),
    close: (closeOptions) => shutdown.close(closeOptions),
    abort: (reason) => shutdown.abort(reason),
    sendAll: (events, sendOptions = {}) => sendAll(send, events, { window: config.maxQueuedEvents, signal: sendOptions.signal }),
    fatalError: () => breaker.tripped,
    stats: () =>
      stats.snapshot(
        { waiting: ledger.waiting.length, buffered: ledger.buffer.length, inFlight: ledger.admitted - ledger.buffer.length },
        { ...(checker?.stats() ?? { lookups: 0, cacheHits: 0, lookupFailures: 0, cached: 0 }), skipped: { ...ledger.skipped } },
      ),
  };
  return destination;
}

function fromTransformError(error: IterableDestinationError): Outcome {
  return { status: 'rejected', code: error.code, message: error.message, statusCode: error.statusCode, attempts: 0 };
}

export type { CloseOptions, Destination } from './destination-types.js';
