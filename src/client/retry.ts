/**
 * The retry decision, as pure functions: what an HTTP reply means for the records it answers, and
 * how long to wait before trying again.
 *
 * - 2xx: delivered. A bulk reply must be readable record by record; an unreadable one (HTML, empty,
 *   truncated JSON) is retried, which is safe because bulk user updates merge and events carry ids.
 * - 429, 500, 502, 503, 504: retried with exponential backoff and full jitter, or after `Retry-After`.
 * - 413, and 400 with a code that one bad record can cause (`RequestFieldsTypesMismatched`,
 *   `BatchTooLarge`, `BadParams`, …): split the batch to isolate the bad records.
 * - Anything else (other 4xx, other 5xx, a 400 whose code is "Success"): rejected, never retried.
 *   An unreadable non-2xx body is judged by its status alone.
 */
import { IterableApiError } from '../errors.js';
import { ApiResponse } from '../iterable/responses.js';

export type HeaderValue = string | string[] | undefined;
export type Headers = Readonly<Record<string, HeaderValue>>;

/** How {@link classify} judges one HTTP reply: deliver, retry (with the wait `Retry-After` asks for), split the batch around bad records, or reject. */
export type Verdict =
  | { readonly action: 'deliver'; readonly reply: unknown }
  | { readonly action: 'retry'; readonly error: IterableApiError; readonly rateLimited: boolean; readonly retryAfterMs: number | undefined }
  | { readonly action: 'split'; readonly error: IterableApiError }
  | { readonly action: 'reject'; readonly error: IterableApiError };

export interface ClassifyContext {
  /** The request went to a bulk endpoint whose reply is read record by record. */
  readonly bulkReply?: boolean;
  /** Milliseconds now, to read an HTTP-date `Retry-After` (seconds values need no clock). */
  readonly now?: number;
}

export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

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
    if (context.bulkReply && (parsed === undefined || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
      return { action: 'retry', error: apiError(status, undefined, body, 'MALFORMED_REPLY', true), rateLimited: false, retryAfterMs: undefined };
    }
    return { action: 'deliver', reply: parsed };
  }
  const envelope = ApiResponse.safeParse(parsed);
  const reply = envelope.success ? envelope.data : undefined;
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

function apiError(status: number, reply: ApiResponse | undefined, body: string, fallbackCode: string | undefined, retryable: boolean): IterableApiError {
  // "Success" on an error status says nothing: Iterable sometimes sends it with a 400.
  const iterableCode = reply?.code;
  const code = iterableCode && iterableCode !== 'Success' ? iterableCode : (fallbackCode ?? `HTTP_${status}`);
  const detail = reply ? `${reply.code}: ${reply.msg}` : describeBody(body);
  const summary = fallbackCode === 'MALFORMED_REPLY' ? `Iterable answered ${status} with ${detail}, which cannot be read record by record` : `Iterable answered ${status} (${detail})`;
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
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return 'a truncated or invalid JSON body';
  return 'a non-JSON body';
}
