/**
 * `createDestination` options: names carry their units, every value is checked once, here, by one
 * zod schema, and a bad one throws a `ConfigurationError` in the shared message style
 * (``Expected `flushIntervalMs` to be a positive integer, got `-1` ``).
 */
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { fromZodError, invalidValue } from '../config-error.js';
import { ConfigurationError } from '../errors.js';
import { didYouMeanSuffix } from '../util/did-you-mean.js';
import { DEFAULT_MAX_BATCH_ITEMS, ENDPOINTS, MAX_BODY_BYTES, type EndpointName } from '../iterable/endpoints.js';
import type { SettingsInput } from '../settings.js';
import type { RateBudgetFactory } from './budget.js';
import type { Outcome } from './outcome.js';
import { withoutTrailingSlashes } from '../util/trailing-slashes.js';

/** Time, injectable so tests drive backoff without waiting. */
export interface Clock {
  /** Milliseconds since the epoch (or any fixed origin). */
  now(): number;
  /** Resolves after `ms`; rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Options of {@link createDestination}: the settings (RudderStack destination keys plus ours),
 * where to send (`baseUrl`, default the data centre's host), batching, retry and timing knobs,
 * and an optional `onOutcome` callback.
 */
export interface DestinationOptions {
  /** The library settings (a RudderStack destination Config works as is). Validated once. */
  settings: SettingsInput | Record<string, unknown>;
  /** Replaces the data-centre host, e.g. an emulator's `http://127.0.0.1:PORT` (no `/api`). */
  baseUrl?: string;
  /** How often buffered events are flushed. @default 1000 */
  flushIntervalMs?: number;
  /** Most records per bulk request (at most 1000, the catalogue's limit). @default 1000 */
  maxBatchItems?: number;
  /** Most body bytes per bulk request, envelope included (at most 4,000,000). @default 4_000_000 */
  maxBatchBytes?: number;
  /** Events accepted but without an outcome yet; beyond it `send` waits for room. @default 10_000 */
  maxQueuedEvents?: number;
  /** Attempts per request for 5xx, timeouts and connection errors (429s do not count). @default 5 */
  maxAttempts?: number;
  /** Time limit of one HTTP request, connect to last byte. @default 30_000 */
  requestTimeoutMs?: number;
  /** Time an event may take from acceptance to outcome; past it, it is `failed`. @default 120_000 */
  deadlineMs?: number;
  /**
   * How long an endpoint in trouble (5xx, unreadable replies, connection errors) may still hold the
   * later phases of its flush: user updates go before the events about them, but a failing
   * users/bulkUpdate must not stall tracks on other endpoints. @default 2000
   */
  troubleHoldMs?: number;
  /** Requests in flight per endpoint (before a 429 lowers it). @default 8 */
  maxConcurrentRequests?: number;
  /** Requests per second per endpoint, overriding the catalogue (e.g. this process's share of a project's budget). */
  rateLimits?: Partial<Record<EndpointName, number>>;
  /**
   * Where requests get their permission to start: `localBudget()` (this process alone, the default)
   * or `redisBudget({ url })` (every process of one Iterable project shares the limits).
   */
  rateBudget?: RateBudgetFactory;
  /** An undici dispatcher to send through (it is not closed by `close()`); default: an Agent of our own. */
  dispatcher?: Dispatcher;
  /** Called once per event with its outcome. Exceptions it throws are ignored. */
  onOutcome?: (outcome: Outcome, event: unknown) => void;
  /** Test seam: time. @default Date.now and timers */
  clock?: Clock;
  /** Test seam: uniform random in [0, 1) for backoff jitter. @default Math.random */
  random?: () => number;
}


/** Events admitted without an outcome before `send` holds new ones (and the CLI pauses reading). */
export const DEFAULT_MAX_QUEUED_EVENTS = 10_000;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A check in the shared message style: ``Expected `key` to be <expected>, got `value` ``. */
function check<T>(expected: string, ok: (value: unknown) => boolean): z.ZodType<T> {
  return z.unknown().optional().superRefine((value, ctx) => {
    if (!ok(value)) ctx.addIssue({ code: 'custom', message: expected, params: { expected } });
  }) as unknown as z.ZodType<T>;
}

function positiveInteger(fallback: number, max?: number) {
  return z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) ctx.addIssue({ code: 'custom', message: 'a positive integer', params: { expected: 'a positive integer' } });
      else if (max !== undefined && value > max) ctx.addIssue({ code: 'custom', message: `at most ${max}`, params: { expected: `at most ${max}` } });
    })
    .transform((value) => (value === undefined ? fallback : (value as number)));
}

function nonNegativeInteger(fallback: number) {
  return check<number | undefined>('an integer >= 0', (v) => v === undefined || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0)).transform((v) => v ?? fallback);
}

const BaseUrl = z
  .unknown()
  .optional()
  .superRefine((value, ctx) => {
    if (value === undefined) return;
    const expected =
      typeof value !== 'string' || !/^https?:\/\/[^/]+/.test(value)
        ? 'an http(s) URL such as "http://127.0.0.1:8080"'
        : /\/api$/.test(withoutTrailingSlashes(value))
          ? 'a URL without the "/api" suffix (paths already start with /api)'
          : undefined;
    if (expected) ctx.addIssue({ code: 'custom', message: expected, params: { expected } });
  })
  .transform((value) => (value === undefined ? undefined : withoutTrailingSlashes(value as string)));

const RateLimits = z
  .unknown()
  .optional()
  .superRefine((value, ctx) => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'an object', params: { expected: 'an object of requests per second by endpoint' } });
      return;
    }
    for (const [endpoint, rate] of Object.entries(value as Record<string, unknown>)) {
      if (!Object.hasOwn(ENDPOINTS, endpoint)) {
        ctx.addIssue({ code: 'custom', path: [endpoint], message: 'a known endpoint', params: { expected: `a key among ${Object.keys(ENDPOINTS).join(', ')}` } });
      } else if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
        ctx.addIssue({ code: 'custom', path: [endpoint], message: 'a rate', params: { expected: 'a positive number of requests per second' } });
      }
    }
  })
  .transform((value) => ({ ...((value ?? {}) as Partial<Record<EndpointName, number>>) }));

const isFunction = (v: unknown) => v === undefined || typeof v === 'function';

/**
 * The options as one zod schema: each key's check and default. Unknown keys are refused with the
 * closest known key, so a misspelt option cannot silently do nothing.
 */
export const DestinationOptionsSchema = z
  .object({
    settings: z.unknown(),
    baseUrl: BaseUrl,
    flushIntervalMs: positiveInteger(1000),
    maxBatchItems: positiveInteger(DEFAULT_MAX_BATCH_ITEMS, DEFAULT_MAX_BATCH_ITEMS),
    maxBatchBytes: positiveInteger(MAX_BODY_BYTES, MAX_BODY_BYTES),
    maxQueuedEvents: positiveInteger(DEFAULT_MAX_QUEUED_EVENTS),
    maxAttempts: positiveInteger(5),
    requestTimeoutMs: positiveInteger(30_000),
    deadlineMs: positiveInteger(120_000),
    troubleHoldMs: nonNegativeInteger(2000),
    maxConcurrentRequests: positiveInteger(8),
    rateLimits: RateLimits,
    rateBudget: check<RateBudgetFactory | undefined>('a function', isFunction),
    dispatcher: check<Dispatcher | undefined>('an undici Dispatcher', (v) => v === undefined || (v !== null && typeof v === 'object')),
    onOutcome: check<((outcome: Outcome, event: unknown) => void) | undefined>('a function', isFunction),
    clock: check<Clock | undefined>(
      'an object with now() and sleep(ms, signal)',
      (v) => v === undefined || (v !== null && typeof v === 'object' && typeof (v as Clock).now === 'function' && typeof (v as Clock).sleep === 'function'),
    ).transform((v) => v ?? systemClock),
    random: check<(() => number) | undefined>('a function', isFunction).transform((v) => v ?? Math.random),
  })
  .strict();

/** The options after checks and defaults (inferred from the schema). */
export type ResolvedOptions = Readonly<Omit<z.output<typeof DestinationOptionsSchema>, 'settings'>>;

export function resolveOptions(options: DestinationOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw invalidValue('options', 'an object', options, { code: 'INVALID_OPTION' });
  const known = Object.keys(DestinationOptionsSchema.shape);
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ConfigurationError(`Unknown option \`${key}\`${didYouMeanSuffix(key, known)} (known: ${known.join(', ')})`, { field: key, code: 'INVALID_OPTION' });
    }
  }
  const parsed = DestinationOptionsSchema.safeParse(options);
  if (!parsed.success) throw fromZodError(parsed.error, options, { code: 'INVALID_OPTION', root: 'options' });
  const { settings: _settings, ...resolved } = parsed.data;
  return resolved;
}
