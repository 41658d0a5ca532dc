/**
 * `createDestination()`: the batching, rate-limited Iterable client.
 *
 * send(event) transforms the event at once (a bad event is rejected without a request), then
 * admits it to the buffer, or holds it until there is room under `maxQueuedEvents`. A flush takes
 * the whole buffer, plans it (planRequests) and delivers the plan phase by phase: every user
 * update of the flush is answered before its events, purchases, carts and list calls are sent.
 * A sync mode that must know who exists (updateOnly + lookup, createOnly) first looks the flush's
 * users up and skips what the mode forbids (sync-gate.ts, docs/sync-modes.md).
 * Flushes run one after another; a flush asked for while one runs is chained after it, never
 * dropped. close() admits everything, flushes, and resolves once every event has an outcome; what is
 * still unsettled when the last deadline (or the `drainMs` window) passes is `failed` and the
 * in-flight requests are aborted. abort() ends at once: everything unsettled is `ABORTED`.
 *
 * Lifetime: while any event is waiting, buffered or in flight, the flush timer is ref'd, so Node
 * stays up until every event has its outcome; an idle destination holds no ref'd handle.
 * A refused key or an unreachable endpoint opens the circuit breaker (breaker.ts): everything
 * pending and every later event fails with `FATAL_AUTH` / `ENDPOINT_UNREACHABLE`, without requests.
 */
import { setMaxListeners } from 'node:events';
import type { CloseOptions, Destination, PendingEvent, RecordRef } from './destination-types.js';
import { planFlush, rejectedResult, selectCalls, supersededResult } from '../batch/flush-stages.js';
import { LAST_PROFILE_PHASE, PHASE_COUNT } from '../batch/shape.js';
import { bulkGroup, deferred, heldBy, inSequencePerEndpoint, type Deferred } from './flush-parts.js';
import type { PlannedRequest } from '../batch/types.js';
import { ConfigurationError, describeValue, redactFields, type FatalDestinationError, type IterableDestinationError } from '../errors.js';
import { Breaker } from './breaker.js';
import { DrainWindow, stoppedCall } from './drain-window.js';
import { sendAll, type SentOutcome } from './send-all.js';
import { parseSettings } from '../settings.js';
import { transformWith } from '../transform/transform.js';
import { deletionCall } from '../transform/deletion.js';
import type { IterableCall, TransformResult } from '../transform/types.js';
import { deliver, type DeliveryContext, type RecordBook } from './deliver.js';
import { ExistenceChecker } from './existence.js';
import { createHttpClient } from './http.js';
import { localBudget, rateOf } from './budget.js';
import { EndpointQueues } from './limits.js';
import { resolveOptions, type DestinationOptions } from './options.js';
import { combine, type CallResult, type Outcome } from './outcome.js';
import { StatsRecorder, type DestinationStats } from './stats.js';
import { SKIPPED_EXISTING_USER, SKIPPED_UNKNOWN_USER } from './subjects.js';
import { gateCalls, gateMode } from './sync-gate.js';

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
    failPending((op, attempts) => ({ status: 'failed', op, attempts, code: error.code, message: error.message, statusCode: error.statusCode }));
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
  const skipped = { unknownUser: 0, existingUser: 0 };

  const waiting: PendingEvent[] = [];
  let buffer: PendingEvent[] = [];
  // Records per bulk request group in the buffer: a flush starts as soon as one group fills a request.
  let bufferedGroups = new Map<string, number>();
  let admitted = 0; // buffered or in flight, without an outcome
  const records = new Map<number, RecordRef>();
  let nextRef = 0;
  let closed = false;
  let closing: Promise<void> | undefined;

  const book: RecordBook = {
    deadline(refs) {
      let earliest = Number.POSITIVE_INFINITY;
      for (const ref of refs) earliest = Math.min(earliest, records.get(ref)?.event.deadlineAt ?? earliest);
      return earliest;
    },
    attempted(refs) {
      for (const ref of refs) {
        const record = records.get(ref);
        if (record) record.attempts += 1;
      }
    },
    settle(ref, result, request: PlannedRequest) {
      const record = records.get(ref);
      if (!record) return;
      records.delete(ref);
      const call = record.sent ?? (record.event.calls[record.index] as IterableCall);
      // What this destination created is known from now on (and a deletion makes the cache start over).
      if (checker && result.status === 'delivered' && result.code === undefined) checker.learned(call);
      settleCall(record.event, record.index, { ...result, op: call.op, endpoint: request.endpoint, attempts: record.attempts });
    },
  };

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
    book,
  };

  function settleCall(event: PendingEvent, index: number, result: CallResult): void {
    if (event.done || event.results[index] !== undefined) return;
    event.results[index] = result;
    event.unsettled -= 1;
    if (result.code === SKIPPED_UNKNOWN_USER) skipped.unknownUser += 1;
    else if (result.code === SKIPPED_EXISTING_USER) skipped.existingUser += 1;
    if (event.unsettled === 0) finish(event, combine(event.results as CallResult[]));
  }

  function finish(event: PendingEvent, raw: Outcome): void {
    if (event.done) return;
    event.done = true;
    // The one place outcomes leave the client: the keys go from every text field (Iterable echoes
    // the key it got in some `code` and `msg` fields).
    const outcome = redactFields(raw, secrets);
    stats.outcome(outcome.status, outcome.code);
    try {
      const returned: unknown = config.onOutcome?.(outcome, event.event);
      if (returned instanceof Promise) returned.catch(() => undefined);
    } catch {
      // The caller's callback must not break delivery for other events.
    }
    event.resolve(outcome);
    if (event.admitted) {
      admitted -= 1;
      admitWaiting();
    }
    updateLifetime();
  }

  /** Keeps Node alive exactly while some event has no outcome yet (the timer is the one handle). */
  function updateLifetime(): void {
    if (closed) return; // close() cleared the timer; its own work (sockets, timers) keeps Node up
    if (admitted + waiting.length > 0) timer.ref();
    else timer.unref();
  }

  function admit(event: PendingEvent): void {
    admitted += 1;
    event.admitted = true;
    event.deadlineAt = clock.now() + config.deadlineMs;
    buffer.push(event);
    let full = false;
    for (const call of event.calls) {
      const group = bulkGroup(call);
      if (group === undefined) continue;
      const count = (bufferedGroups.get(group) ?? 0) + 1;
      bufferedGroups.set(group, count);
      if (count >= config.maxBatchItems) full = true;
    }
    // A full request, or a full queue (nothing more can come in until something is answered).
    if (full || admitted >= config.maxQueuedEvents) void flush();
    else updateLifetime();
  }

  function admitWaiting(): void {
    if (waiting.length === 0) return;
    while (waiting.length > 0 && (admitted < config.maxQueuedEvents || closed)) admit(waiting.shift() as PendingEvent);
    // Senders are being held back: flush what was just admitted without waiting for the timer.
    void flush();
  }

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
        finish(pending, { status: 'failed', code: fatal.code, message: fatal.message, statusCode: fatal.statusCode, attempts: 0 });
        return;
      }
      if (closed) {
        finish(pending, { status: 'rejected', code: 'CLOSED', message: `The destination is closed: ${method}() was called after close()`, statusCode: 400, attempts: 0 });
        return;
      }
      const transformed = calls();
      if (!transformed.ok) {
        finish(pending, fromTransformError(transformed.error));
        return;
      }
      const ready: PendingEvent = { ...pending, calls: transformed.calls, results: transformed.calls.map(() => undefined), unsettled: transformed.calls.length };
      if (ready.unsettled === 0) {
        finish(ready, { status: 'delivered', attempts: 0 });
        return;
      }
      if (waiting.length === 0 && admitted < config.maxQueuedEvents) {
        admit(ready);
      } else {
        // Backpressure: hold the event (never drop it) and make room by flushing now.
        waiting.push(ready);
        updateLifetime();
        void flush();
      }
    });
  }

  // ---- flushing: one at a time, each chained after the previous ----
  // Flushes are pipelined by phase: a flush takes the buffer once the previous one has answered its
  // user updates and email changes (phases 0–1), and runs each later phase only after the previous
  // flush finished the same phase. So profiles are still updated before the events of their flush,
  // each endpoint sees flushes in order, and a slow endpoint (purchases, one request per event) no
  // longer holds back the next flush's bulk requests.
  let gate: Promise<void> = Promise.resolve();
  let lastPhases: Promise<void>[] = [];
  // Per phase: resolved once a request of that phase (in this flush or one before) failed an attempt.
  let lastTroubles: Promise<void>[] = [];
  let queuedFlush: Promise<void> | undefined;

  function flush(): Promise<void> {
    if (queuedFlush) return queuedFlush;
    const previousGate = gate;
    const previousPhases = lastPhases;
    const previousTroubles = lastTroubles;
    const opened = deferred();
    const mine = Array.from({ length: PHASE_COUNT }, deferred);
    const troubles = Array.from({ length: PHASE_COUNT }, deferred);
    previousTroubles.forEach((trouble, phase) => void trouble.then(troubles[phase]?.resolve));
    gate = opened.promise;
    lastPhases = mine.map((phase) => phase.promise);
    lastTroubles = troubles.map((trouble) => trouble.promise);
    const next = previousGate.then(async () => {
      queuedFlush = undefined;
      try {
        await runFlush(previousPhases, mine, troubles, opened.resolve);
      } finally {
        opened.resolve();
        // An empty (or failed) flush still ends after the flushes before it: close() relies on the
        // last flush meaning "everything sent so far is answered".
        await Promise.all(previousPhases);
        for (const phase of mine) phase.resolve();
      }
    });
    queuedFlush = next;
    return next;
  }

  async function runFlush(previousPhases: readonly Promise<void>[], mine: readonly Deferred[], troubles: readonly Deferred[], openGate: () => void): Promise<void> {
    const events = buffer;
    buffer = [];
    bufferedGroups = new Map();
    if (events.length === 0) return;
    if (abort.signal.aborted) {
      // Stopped (a fatal error) between the admission and this flush: the events still get an outcome.
      for (const event of events) event.calls.forEach((call, index) => settleCall(event, index, stoppedResult(call.op, 0)));
      return;
    }
    let entries = events.flatMap((event) =>
      event.calls.map((call, index) => {
        const ref = nextRef++;
        records.set(ref, { event, index, attempts: 0 });
        return { ref, call };
      }),
    );
    if (mode && checker) {
      entries = await applySyncMode(entries, mode, checker);
      if (abort.signal.aborted) return;
    }
    entries = withoutSupersededListCalls(entries);
    const { byPhase, rejected } = planFlush(entries, { settings, maxBatchItems: config.maxBatchItems, maxBatchBytes: config.maxBatchBytes });
    for (const { ref, error } of rejected) settleUnsent(ref, (op) => rejectedResult(op, error));
    const running: Promise<void>[] = [];
    for (let phase = 0; phase < PHASE_COUNT; phase += 1) {
      // Each phase waits for the earlier ones of its flush (profiles before the events about them),
      // but an earlier phase in trouble (retrying, unreadable replies) holds it only a bounded time.
      await Promise.all(running.map((earlier, i) => heldBy(earlier, (troubles[i] as Deferred).promise, config.troubleHoldMs)));
      // The profiles of this flush are answered: the next flush may take the buffer.
      if (phase === LAST_PROFILE_PHASE + 1) openGate();
      await previousPhases[phase];
      const requests = byPhase[phase] ?? [];
      const phaseCtx: DeliveryContext = { ...ctx, troubled: (troubles[phase] as Deferred).resolve };
      // Profile writes (user updates, catalog items) of one endpoint go one request after another: the
      // same user can sit in two requests of a flush, and a retried first one must not land last.
      const sending = phase === 0 ? inSequencePerEndpoint(requests, (request) => deliver(request, phaseCtx)) : Promise.all(requests.map((request) => deliver(request, phaseCtx))).then(() => undefined);
      running.push(sending.then(() => mine[phase]?.resolve()));
    }
    await Promise.all(running);
  }

  /** Settles the list calls a later one replaces in this flush and returns the rest. */
  function withoutSupersededListCalls(entries: { ref: number; call: IterableCall }[]): { ref: number; call: IterableCall }[] {
    const { send, superseded } = selectCalls(entries);
    for (const ref of superseded) settleUnsent(ref, supersededResult);
    return send;
  }

  /** Settles a call of the flush that is not sent, with the result a pure stage gave it. */
  function settleUnsent(ref: number, result: (op: IterableCall['op']) => CallResult): void {
    const record = records.get(ref);
    records.delete(ref);
    if (!record) return;
    settleCall(record.event, record.index, result((record.event.calls[record.index] as IterableCall).op));
  }

  /** Looks the flush's users up and settles the calls the sync mode skips or cannot decide; returns the rest. */
  async function applySyncMode(
    entries: { ref: number; call: IterableCall }[],
    syncMode: NonNullable<typeof mode>,
    users: ExistenceChecker,
  ): Promise<{ ref: number; call: IterableCall }[]> {
    const gated = entries.map((entry) => ({ ...entry, deadline: records.get(entry.ref)?.event.deadlineAt ?? clock.now() }));
    const decisions = await gateCalls(gated, syncMode, users);
    const kept: { ref: number; call: IterableCall }[] = [];
    decisions.forEach((decision, i) => {
      const { ref, call } = entries[i] as { ref: number; call: IterableCall };
      const record = records.get(ref);
      if (!record) return; // settled meanwhile (closing past the deadline)
      if (decision.action === 'send') {
        if (decision.call !== call) record.sent = decision.call;
        kept.push({ ref, call: decision.call });
        return;
      }
      records.delete(ref);
      settleCall(
        record.event,
        record.index,
        decision.action === 'skip'
          ? { status: 'delivered', op: call.op, code: decision.code, message: decision.message, attempts: 0 }
          : { status: 'failed', op: call.op, code: decision.code, message: decision.message, statusCode: decision.statusCode, attempts: 0 },
      );
    });
    return kept;
  }

  const timer = setInterval(() => {
    if (buffer.length > 0) void flush();
  }, config.flushIntervalMs);
  timer.unref();

  // Set when everything pending was failed at once (fatal error, abort, deadline): what a flush still finds gets the same.
  let stoppedResult: (op: IterableCall['op'], attempts: number) => CallResult = (op, attempts) => stoppedCall(op, attempts, 'ABORTED');
  let drain: DrainWindow | undefined;

  function close(options: CloseOptions = {}): Promise<void> {
    const drainMs = options.drainMs;
    if (drainMs !== undefined && !(typeof drainMs === 'number' && Number.isFinite(drainMs) && drainMs >= 0)) {
      return Promise.reject(new ConfigurationError(`Expected \`drainMs\` to be a number of milliseconds >= 0, got \`${describeValue(drainMs)}\``, { field: 'drainMs', code: 'INVALID_OPTION' }));
    }
    closing ??= (async () => {
      closed = true;
      clearInterval(timer);
      admitWaiting(); // everything accepted gets delivered, room or not
      const drained = flush();
      const window = new DrainWindow(() => clock.now());
      drain = window;
      window.atMost(latestDeadline() - clock.now(), 'DEADLINE_EXCEEDED');
      if (drainMs !== undefined) window.atMost(drainMs, 'ABORTED');
      const first = await Promise.race([drained.then(() => 'drained' as const), window.ended]);
      window.clear();
      if (first !== 'drained') {
        stop(first);
        abort.abort(new Error('closed past the deadline'));
      }
      await http.close(first !== 'drained');
      await budget.close();
      // Nothing is left to send: cancel what still waits on the clock (a 429 pause of an endpoint
      // queue), so that no timer keeps the process alive after close().
      if (!abort.signal.aborted) abort.abort(new Error('closed'));
    })();
    // A later close({ drainMs }) can only shorten the wait.
    if (drainMs !== undefined) drain?.atMost(drainMs, 'ABORTED');
    return closing;
  }

  function abortNow(reason?: string): Promise<void> {
    const done = close({ drainMs: 0 });
    stop('ABORTED', reason);
    abort.abort(new Error(reason ?? 'aborted'));
    return done.catch(() => undefined);
  }

  /** Fails everything without an outcome: past the deadline, or aborted. */
  function stop(why: 'DEADLINE_EXCEEDED' | 'ABORTED', reason?: string): void {
    failPending((op, attempts) => stoppedCall(op, attempts, why, reason));
  }

  /** The latest deadline of any event without an outcome (clock ms). */
  function latestDeadline(): number {
    let latest = clock.now();
    for (const { event } of records.values()) latest = Math.max(latest, event.deadlineAt);
    for (const event of buffer) latest = Math.max(latest, event.deadlineAt);
    return latest;
  }

  /** Whatever has no outcome yet (sent, queued, buffered or waiting for room) settles with `result`. */
  function failPending(result: (op: IterableCall['op'], attempts: number) => CallResult): void {
    stoppedResult = result;
    for (const [ref, record] of [...records]) {
      records.delete(ref);
      settleCall(record.event, record.index, result((record.event.calls[record.index] as IterableCall).op, record.attempts));
    }
    const unsent = [...buffer, ...waiting];
    buffer = [];
    waiting.length = 0;
    bufferedGroups = new Map();
    for (const event of unsent) event.calls.forEach((call, index) => settleCall(event, index, result(call.op, 0)));
  }

  const destination: Destination = {
    send,
    deleteUser,
    flush,
    close,
    abort: abortNow,
    sendAll: (events, options = {}) => sendAll(send, events, { window: config.maxQueuedEvents, signal: options.signal }),
    fatalError: () => breaker.tripped,
    stats: () =>
      stats.snapshot(
        { waiting: waiting.length, buffered: buffer.length, inFlight: admitted - buffer.length },
        { ...(checker?.stats() ?? { lookups: 0, cacheHits: 0, lookupFailures: 0, cached: 0 }), skipped: { ...skipped } },
      ),
  };
  return destination;
}

function fromTransformError(error: IterableDestinationError): Outcome {
  return { status: 'rejected', code: error.code, message: error.message, statusCode: error.statusCode, attempts: 0 };
}

export type { CloseOptions, Destination } from './destination-types.js';
