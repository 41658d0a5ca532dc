/**
 * Delivers one planned request until each of its records has a result: waits its turn in the
 * endpoint's queue, sends, reads the reply record by record, retries what is retryable, splits a
 * batch Iterable refused as a whole, and resends alone the records an ambiguous reply could not
 * place. Never throws; every path ends in `book.settle` for each record (or in an abort, when
 * closing past the deadline has already settled them).
 */
import { attributeBulkReply } from '../batch/attribute.js';
import { subRequest } from '../batch/plan.js';
import type { KeyRole, PlannedRequest } from '../batch/types.js';
import { IterableApiError, type IterableDestinationError } from '../errors.js';
import { opSpec } from '../ops/index.js';
import type { HttpClient } from './http.js';
import type { OutcomeStatus } from './outcome.js';
import { unknownUserSkip } from './subjects.js';
import { withRetries, type RetryContext } from './with-retries.js';

export interface RecordBook {
  /** The earliest deadline (ms, clock time) among these records. */
  deadline(refs: readonly number[]): number;
  /** Counts one HTTP attempt for each record. */
  attempted(refs: readonly number[]): void;
  settle(ref: number, result: { status: OutcomeStatus; code?: string; message?: string; statusCode?: number }, request: PlannedRequest): void;
}

export interface DeliveryContext extends RetryContext {
  readonly http: HttpClient;
  /** `baseUrl` when given, else the request's data-centre host. */
  readonly origin: string | undefined;
  readonly keys: Readonly<Record<KeyRole, string | undefined>>;
  readonly book: RecordBook;
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
  const url = `${ctx.origin ?? request.host}${request.path}`;
  const result = await withRetries(
    ctx,
    request.endpoint,
    () => ctx.book.deadline(request.refs),
    (isRetry) => {
      ctx.book.attempted(request.refs);
      ctx.stats.request(request.endpoint, request.calls.length, request.bytes, isRetry);
      return ctx.http.send({ url, method: request.method, apiKey, body: request.json, signal: ctx.signal });
    },
    request.keyRole,
  );
  switch (result.action) {
    case 'aborted':
      return; // closing past the deadline settled these records already
    case 'deliver':
      await readReply(request, result.reply, ctx);
      return;
    case 'split':
      await split(request, result.error, ctx);
      return;
    case 'reject':
      settleRefused(request, ctx, result.error);
      return;
    case 'fatal':
      settleAll(request, ctx, fromError('failed', result.error));
      return;
    case 'gave-up':
      settleAll(request, ctx, fromError('failed', result.error, result.failures > 0 ? `gave up after ${result.failures} failed attempts` : undefined));
      return;
    case 'deadline':
      settleAll(request, ctx, failedPastDeadline(result.lastError));
  }
}

async function readReply(request: PlannedRequest, reply: unknown, ctx: DeliveryContext): Promise<void> {
  const results = attributeBulkReply(request, reply);
  const resend: number[] = [];
  results.forEach((result, index) => {
    const ref = request.refs[index] as number;
    if (result.status === 'delivered') ctx.book.settle(ref, result.code === undefined ? { status: 'delivered' } : { status: 'delivered', code: result.code }, request);
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
    settleRefused(request, ctx, error);
    return;
  }
  ctx.stats.splitBatch();
  const middle = Math.ceil(request.calls.length / 2);
  const indexes = request.calls.map((_, i) => i);
  // Halves go one after the other so that records keep their order.
  await deliver(subRequest(request, indexes.slice(0, middle)), ctx);
  await deliver(subRequest(request, indexes.slice(middle)), ctx);
}

/** A refusal is a rejection, unless the request's op counts it as its aim achieved. */
function settleRefused(request: PlannedRequest, ctx: DeliveryContext, error: IterableDestinationError): void {
  const done = alreadyDone(request, error);
  settleAll(request, ctx, done ? { status: 'delivered', code: done.code, message: done.message } : fromError('rejected', error));
}

/** A refusal that the request's op counts as its aim achieved (deleting a user that is not there), or undefined. */
function alreadyDone(request: PlannedRequest, error: IterableDestinationError): { code: string; message: string } | undefined {
  const first = request.calls[0];
  const hook = first === undefined ? undefined : opSpec(first.op).single?.alreadyDone;
  if (hook === undefined || request.calls.length !== 1) return undefined;
  const api = error instanceof IterableApiError ? error : undefined;
  return hook({ statusCode: error.statusCode, iterableCode: api?.iterableCode, iterableMessage: api?.iterableMessage });
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
