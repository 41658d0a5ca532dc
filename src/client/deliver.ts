/**
 * Delivers one planned request until each of its records has a result: waits its turn in the
 * endpoint's queue, sends, reads the reply record by record, retries what is retryable, splits a
 * batch Iterable refused as a whole, and resends alone the records an ambiguous reply could not
 * place. Never throws; every path ends in `book.settle` for each record (or in an abort, when
 * closing past the deadline has already settled them).
 */
import { attributeBulkReply, BULK_REPLY_ENDPOINTS } from '../batch/attribute.js';
import { subRequest } from '../batch/plan.js';
import type { KeyRole, PlannedRequest } from '../batch/types.js';
import { IterableDestinationError, NetworkError } from '../errors.js';
import type { HttpClient } from './http.js';
import type { EndpointQueues } from './limits.js';
import type { Clock } from './options.js';
import type { OutcomeStatus } from './outcome.js';
import { classify, retryDelay, type Verdict } from './retry.js';
import type { StatsRecorder } from './stats.js';
import { unknownUserSkip } from './subjects.js';

export interface RecordBook {
  /** The earliest deadline (ms, clock time) among these records. */
  deadline(refs: readonly number[]): number;
  /** Counts one HTTP attempt for each record. */
  attempted(refs: readonly number[]): void;
  settle(ref: number, result: { status: OutcomeStatus; code?: string; message?: string; statusCode?: number }, request: PlannedRequest): void;
}

export interface DeliveryContext {
  readonly http: HttpClient;
  readonly queues: EndpointQueues;
  readonly clock: Clock;
  readonly random: () => number;
  readonly maxAttempts: number;
  /** `baseUrl` when given, else the request's data-centre host. */
  readonly origin: string | undefined;
  readonly keys: Readonly<Record<KeyRole, string | undefined>>;
  readonly signal: AbortSignal;
  readonly stats: StatsRecorder;
  readonly book: RecordBook;
}

type Step = Verdict | { action: 'expired' } | { action: 'network'; error: NetworkError };

/** Per-request attempt counters, shared with the task that runs inside the queue. */
interface Attempts {
  sent: number;
  rateLimited: number;
  /** The pause the last 429 put on the endpoint. */
  pauseMs: number;
}

export async function deliver(request: PlannedRequest, ctx: DeliveryContext): Promise<void> {
  try {
    await deliverOrThrow(request, ctx);
  } catch (cause) {
    // A bug must not leave events without an outcome: fail what this request still holds.
    if (ctx.signal.aborted) return;
    settleAll(request, ctx, { status: 'failed', code: 'INTERNAL_ERROR', message: `Delivery stopped on an unexpected error: ${String(cause)}`, statusCode: 500 });
  }
}

async function deliverOrThrow(request: PlannedRequest, ctx: DeliveryContext): Promise<void> {
  const apiKey = ctx.keys[request.keyRole];
  if (!apiKey) {
    const message = 'No `registerDeviceOrBrowserApiKey` is configured, so token registrations cannot be sent';
    settleAll(request, ctx, { status: 'rejected', code: 'MISSING_TOKEN_KEY', message, statusCode: 400 });
    return;
  }
  let failures = 0; // attempts that count against maxAttempts (429s do not: they must not burn the retry budget)
  const attempts: Attempts = { sent: 0, rateLimited: 0, pauseMs: 0 };
  let lastError: IterableDestinationError | undefined;
  for (;;) {
    const deadline = ctx.book.deadline(request.refs);
    let step: Step;
    try {
      step = await ctx.queues.run(request.endpoint, () => attempt(request, apiKey, deadline, attempts, ctx), ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) return; // closing past the deadline settled these records already
      throw error;
    }
    if (ctx.signal.aborted) return;
    switch (step.action) {
      case 'expired':
        settleAll(request, ctx, failedPastDeadline(lastError));
        return;
      case 'deliver':
        await readReply(request, step.reply, ctx);
        return;
      case 'split':
        await split(request, step.error, ctx);
        return;
      case 'reject':
        settleAll(request, ctx, fromError('rejected', step.error));
        return;
      case 'network':
      case 'retry': {
        lastError = step.error;
        const rateLimited = step.action === 'retry' && step.rateLimited;
        if (!rateLimited) failures += 1;
        if (failures >= ctx.maxAttempts) {
          settleAll(request, ctx, fromError('failed', step.error, `gave up after ${failures} failed attempts`));
          return;
        }
        // A 429 already paused the endpoint's queue (for everyone); waiting in it is the backoff.
        const delay = rateLimited ? 0 : retryDelay({ rateLimited: false, retryAfterMs: step.action === 'retry' ? step.retryAfterMs : undefined }, failures, ctx.random);
        if (ctx.clock.now() + (rateLimited ? attempts.pauseMs : delay) > deadline) {
          settleAll(request, ctx, failedPastDeadline(lastError));
          return;
        }
        if (delay > 0) {
          try {
            await ctx.clock.sleep(delay, ctx.signal);
          } catch (error) {
            if (ctx.signal.aborted) return;
            throw error;
          }
        }
      }
    }
  }
}

/** One HTTP attempt, run inside the endpoint's queue so a 429 can pause the queue before the next task starts. */
async function attempt(request: PlannedRequest, apiKey: string, deadline: number, attempts: Attempts, ctx: DeliveryContext): Promise<Step> {
  if (ctx.clock.now() > deadline) return { action: 'expired' };
  ctx.book.attempted(request.refs);
  const generation = ctx.queues.generation(request.endpoint);
  ctx.stats.request(request.endpoint, request.calls.length, request.bytes, attempts.sent > 0);
  attempts.sent += 1;
  let step: Step;
  try {
    const reply = await ctx.http.send({ url: `${ctx.origin ?? request.host}${request.path}`, method: request.method, apiKey, body: request.json, signal: ctx.signal });
    step = classify(reply.status, reply.body, reply.headers, { bulkReply: BULK_REPLY_ENDPOINTS.has(request.endpoint), now: ctx.clock.now() });
  } catch (error) {
    step = { action: 'network', error: error instanceof NetworkError ? error : new NetworkError(String(error), { cause: error }) };
  }
  if (step.action === 'retry' && step.rateLimited) {
    ctx.stats.rateLimit();
    attempts.rateLimited += 1;
    attempts.pauseMs = retryDelay(step, attempts.rateLimited, ctx.random);
    ctx.queues.slowDown(request.endpoint, attempts.pauseMs, ctx.signal);
  } else if (step.action !== 'retry' && step.action !== 'network') {
    ctx.queues.recovered(request.endpoint, generation);
  }
  return step;
}

async function readReply(request: PlannedRequest, reply: unknown, ctx: DeliveryContext): Promise<void> {
  const results = attributeBulkReply(request, reply);
  const resend: number[] = [];
  results.forEach((result, index) => {
    const ref = request.refs[index] as number;
    if (result.status === 'delivered') ctx.book.settle(ref, { status: 'delivered' }, request);
    else if (result.status === 'rejected') {
      const skipped = unknownUserSkip(request.endpoint, request.body, result);
      ctx.book.settle(ref, skipped ?? { status: 'rejected', code: result.code, message: result.message, statusCode: 400 }, request);
    }
    else resend.push(index);
  });
  if (resend.length === 0) return;
  ctx.stats.resendSingly(resend.length);
  await Promise.all(resend.map((index) => deliver(subRequest(request, [index]), ctx)));
}

/** Bisects a batch refused as a whole until the records that cause the refusal stand alone. */
async function split(request: PlannedRequest, error: IterableDestinationError, ctx: DeliveryContext): Promise<void> {
  if (request.calls.length === 1) {
    settleAll(request, ctx, fromError('rejected', error));
    return;
  }
  ctx.stats.splitBatch();
  const middle = Math.ceil(request.calls.length / 2);
  const indexes = request.calls.map((_, i) => i);
  // Halves go one after the other so that records keep their order.
  await deliver(subRequest(request, indexes.slice(0, middle)), ctx);
  await deliver(subRequest(request, indexes.slice(middle)), ctx);
}

function settleAll(request: PlannedRequest, ctx: DeliveryContext, result: { status: OutcomeStatus; code?: string; message?: string; statusCode?: number }): void {
  for (const ref of request.refs) ctx.book.settle(ref, result, request);
}

function fromError(status: OutcomeStatus, error: IterableDestinationError, suffix?: string) {
  return { status, code: error.code, message: suffix ? `${error.message}; ${suffix}` : error.message, statusCode: error.statusCode };
}

function failedPastDeadline(lastError: IterableDestinationError | undefined) {
  const message = lastError ? `${lastError.message}; deadlineMs reached before another attempt` : 'deadlineMs reached before the request could be sent';
  return { status: 'failed' as const, code: lastError?.code ?? 'DEADLINE_EXCEEDED', message, statusCode: lastError?.statusCode ?? 504 };
}
