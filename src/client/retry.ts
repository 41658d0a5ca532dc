/**
 * The retry decision, as pure functions: what an HTTP reply means for the records it answers, and
 * how long to wait before trying again.
 *
 * - 401 and 403, whatever the code (a 401 with code "Success" is still a refused key), and a key
 *   code (`BadApiKey`, `InvalidApiKey`, `Unauthorized`, `Forbidden`…) on any error status: `fatal`.
 *   Every later request with the same key would be refused too (the circuit breaker decides).
 * - 2xx: delivered, when the body matches the endpoint's reply schema (bulk counts, the
 *   `{ msg, code }` envelope, a lookup's user). A body that does not (HTML, empty, truncated JSON,
 *   counts as strings) is `MALFORMED_REPLY` and retried like a 5xx: it is never counted delivered
 *   and never read record by record. Retrying is safe: bulk user updates merge and events carry ids.
 * - 429, 500, 502, 503, 504: retried with exponential backoff and full jitter, or after `Retry-After`.
 * - 413, and 400 with a code that one bad record can cause (`RequestFieldsTypesMismatched`,
 *   `BatchTooLarge`, `BadParams`, …): split the batch to isolate the bad records.
 * - Anything else (other 4xx, other 5xx, a 400 whose code is "Success"): rejected, never retried.
 *   An unreadable non-2xx body is judged by its status alone.
 */
import { IterableApiError } from '../errors.js';
import type { z } from 'zod';
import { readErrorReply } from '../iterable/error-replies.js';
import { REPLY_SCHEMAS, type ApiResponse, type ReplyKind } from '../iterable/responses.js';

export type HeaderValue = string | string[] | undefined;
export type Headers = Readonly<Record<string, HeaderValue>>;

/** How {@link classify} judges one HTTP reply: deliver, retry (with the wait `Retry-After` asks for), split the batch around bad records, or reject. */
export type Verdict =
  | { readonly action: 'deliver'; readonly reply: unknown }
  | { readonly action: 'retry'; readonly error: IterableApiError; readonly rateLimited: boolean; readonly retryAfterMs: number | undefined }
  | { readonly action: 'split'; readonly error: IterableApiError }
  | { readonly action: 'reject'; readonly error: IterableApiError }
  /** The key was refused: no request with it can succeed. `error.code` is `FATAL_AUTH`. */
  | { readonly action: 'fatal'; readonly error: IterableApiError };

export interface ClassifyContext {
  /**
   * What a 2xx body of this endpoint must hold: a kind of REPLY_SCHEMAS, or the endpoint's own
   * schema from the op registry. @default 'single'
   */
  readonly reply?: ReplyKind | z.ZodType;
  /** Milliseconds now, to read an HTTP-date `Retry-After` (seconds values need no clock). */
  readonly now?: number;
}

export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Iterable codes that say the API key itself is refused. */
export const AUTH_CODES: ReadonlySet<string> = new Set(['BadApiKey', 'InvalidApiKey', 'BadAuthorizationHeader', 'Unauthorized', 'Forbidden']);

/** Statuses that refuse the key whatever code the body carries. */
export const AUTH_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/** Iterable codes a single bad record can cause for a whole batch: worth bisecting. */
export const SPLIT_CODES: ReadonlySet<string> = new Set([
  'RequestFieldsTypesMismatched',
  'BatchTooLarge',
  'BadParams',
  'BadJsonBody',
  'InvalidEmailAddressError',
  'InvalidUserIdError',
]);

/**
 * Classifies one HTTP reply from Iterable: deliver, retry (429, 5xx; with the wait a
 * `Retry-After` asks for), split (a bulk request refused for some of its records) or reject
 * (retrying cannot help). Pure.
 *
 * @param status - the HTTP status
 * @param body - the reply body as text
 * @param headers - the reply headers (`Retry-After` is read)
 * @param context - what was sent (e.g. a bulk request, whose 2xx body must be an object)
 * @returns the verdict
 * @example
 * ```ts
 * classify(429, '{"code":"RateLimitExceeded"}', new Headers()); // { action: 'retry', rateLimited: true, … }
 * ```
 */
export function classify(status: number, body: string, headers: Headers, context: ClassifyContext = {}): Verdict {
  const parsed = parseJson(body);
  if (status >= 200 && status < 300) {
    const expected = context.reply ?? 'single';
    const schema = typeof expected === 'string' ? REPLY_SCHEMAS[expected] : expected;
    const kind = typeof expected === 'string' ? expected : undefined;
    if (parsed === undefined || !schema.safeParse(parsed).success) {
      return { action: 'retry', error: apiError(status, undefined, body, 'MALFORMED_REPLY', true, kind), rateLimited: false, retryAfterMs: undefined };
    }
    return { action: 'deliver', reply: parsed };
  }
  // The envelope, or the catalogs API's own shape read as one (its message names the catalog).
  const reply = readErrorReply(parsed);
  // Status first, code second: a 401 is a refused key even when its body says "Success".
  if (AUTH_STATUSES.has(status) || (reply !== undefined && AUTH_CODES.has(reply.code))) {
    return { action: 'fatal', error: apiError(status, reply, body, 'FATAL_AUTH', false, undefined, true) };
  }
  if (RETRY_STATUSES.has(status)) {
    return {
      action: 'retry',
      error: apiError(status, reply, body, status === 429 ? 'RateLimitExceeded' : undefined, true),
      rateLimited: status === 429,
      retryAfterMs: retryAfterMs(headers['retry-after'], context.now),
    };
  }
  if (status === 413 || (status === 400 && reply !== undefined && SPLIT_CODES.has(reply.code))) {
    return { action: 'split', error: apiError(status, reply, body, status === 413 ? 'BatchTooLarge' : undefined, false) };
  }
  return { action: 'reject', error: apiError(status, reply, body, undefined, false) };
}

/**
 * Milliseconds to wait before the next attempt: `Retry-After` when the server gave one, else
 * exponential backoff with full jitter (uniform in [0, min(cap, base·2^(attempt-1)))). A 429
 * waits at least one second, since Iterable's limits are counted per second.
 */
export function retryDelay(
  verdict: { readonly rateLimited: boolean; readonly retryAfterMs: number | undefined },
  attempt: number,
  random: () => number,
  policy: { baseMs: number; capMs: number } = BACKOFF,
): number {
  if (verdict.retryAfterMs !== undefined) return verdict.retryAfterMs;
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return verdict.rateLimited ? Math.max(1000, jittered) : jittered;
}

export const BACKOFF = { baseMs: 500, capMs: 30_000 } as const;

/** `Retry-After` as milliseconds: delta-seconds, or an HTTP-date when `now` is known. */
export function retryAfterMs(value: HeaderValue, now: number | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date) || now === undefined) return undefined;
  return Math.max(0, date - now);
}

function parseJson(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function apiError(
  status: number,
  reply: ApiResponse | undefined,
  body: string,
  fallbackCode: string | undefined,
  retryable: boolean,
  kind?: string,
  forceCode = false,
): IterableApiError {
  // "Success" on an error status says nothing: Iterable sometimes sends it with a 400.
  const iterableCode = reply?.code;
  const code = forceCode && fallbackCode ? fallbackCode : iterableCode && iterableCode !== 'Success' ? iterableCode : (fallbackCode ?? `HTTP_${status}`);
  const detail = reply ? `${reply.code}: ${reply.msg}` : describeBody(body);
  const summary =
    fallbackCode === 'MALFORMED_REPLY'
      ? `Iterable answered ${status} with ${detail}, which is not ${kind === undefined ? 'the reply this endpoint gives' : `a valid ${kind} reply`}`
      : fallbackCode === 'FATAL_AUTH'
        ? `Iterable refused the API key: it answered ${status} (${detail})`
        : `Iterable answered ${status} (${detail})`;
  return new IterableApiError(summary, {
    statusCode: status,
    retryable,
    code,
    ...(reply ? { iterableCode: reply.code, iterableMessage: reply.msg, params: reply.params } : {}),
  });
}

function describeBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed === '') return 'an empty body';
  if (trimmed.startsWith('<')) return 'an HTML body';
  if (parseJson(trimmed) !== undefined) return 'a JSON body of another shape';
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'a truncated or invalid JSON body';
  return 'a non-JSON body';
}
