/**
 * `createDestination` options: names carry their units, every value is checked once, here, and a
 * bad one throws a `ConfigurationError` that names the option and the value.
 */
import type { Dispatcher } from 'undici';
import { ConfigurationError, describeValue } from '../errors.js';
import { DEFAULT_MAX_BATCH_ITEMS, ENDPOINTS, MAX_BODY_BYTES, type EndpointName } from '../iterable/endpoints.js';
import type { SettingsInput } from '../settings.js';
import type { RateBudgetFactory } from './budget.js';
import type { Outcome } from './outcome.js';

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

export interface ResolvedOptions {
  readonly baseUrl: string | undefined;
  readonly flushIntervalMs: number;
  readonly maxBatchItems: number;
  readonly maxBatchBytes: number;
  readonly maxQueuedEvents: number;
  readonly maxAttempts: number;
  readonly requestTimeoutMs: number;
  readonly deadlineMs: number;
  readonly maxConcurrentRequests: number;
  readonly rateLimits: Readonly<Partial<Record<EndpointName, number>>>;
  readonly rateBudget: RateBudgetFactory | undefined;
  readonly dispatcher: Dispatcher | undefined;
  readonly onOutcome: ((outcome: Outcome, event: unknown) => void) | undefined;
  readonly clock: Clock;
  readonly random: () => number;
}

const KNOWN = new Set([
  'settings',
  'baseUrl',
  'flushIntervalMs',
  'maxBatchItems',
  'maxBatchBytes',
  'maxQueuedEvents',
  'maxAttempts',
  'requestTimeoutMs',
  'deadlineMs',
  'maxConcurrentRequests',
  'rateLimits',
  'rateBudget',
  'dispatcher',
  'onOutcome',
  'clock',
  'random',
]);

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

export function resolveOptions(options: DestinationOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') throw optionError('options', options, 'an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new ConfigurationError(`Unknown option \`${key}\` (known: ${[...KNOWN].join(', ')})`, { field: key, code: 'INVALID_OPTION' });
  }
  return {
    baseUrl: baseUrl(options.baseUrl),
    flushIntervalMs: positiveInteger(options, 'flushIntervalMs', 1000),
    maxBatchItems: positiveInteger(options, 'maxBatchItems', DEFAULT_MAX_BATCH_ITEMS, DEFAULT_MAX_BATCH_ITEMS),
    maxBatchBytes: positiveInteger(options, 'maxBatchBytes', MAX_BODY_BYTES, MAX_BODY_BYTES),
    maxQueuedEvents: positiveInteger(options, 'maxQueuedEvents', DEFAULT_MAX_QUEUED_EVENTS),
    maxAttempts: positiveInteger(options, 'maxAttempts', 5),
    requestTimeoutMs: positiveInteger(options, 'requestTimeoutMs', 30_000),
    deadlineMs: positiveInteger(options, 'deadlineMs', 120_000),
    maxConcurrentRequests: positiveInteger(options, 'maxConcurrentRequests', 8),
    rateLimits: rateLimits(options.rateLimits),
    rateBudget: functionOption(options, 'rateBudget'),
    dispatcher: objectOption(options, 'dispatcher'),
    onOutcome: functionOption(options, 'onOutcome'),
    clock: clock(options.clock),
    random: functionOption(options, 'random') ?? Math.random,
  };
}

function positiveInteger(options: DestinationOptions, key: keyof DestinationOptions, fallback: number, max?: number): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw optionError(key, value, 'a positive integer');
  if (max !== undefined && value > max) throw optionError(key, value, `at most ${max}`);
  return value;
}

function baseUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^https?:\/\/[^/]+/.test(value)) throw optionError('baseUrl', value, 'an http(s) URL such as "http://127.0.0.1:8080"');
  const trimmed = value.replace(/\/+$/, '');
  if (/\/api$/.test(trimmed)) throw optionError('baseUrl', value, 'a URL without the "/api" suffix (paths already start with /api)');
  return trimmed;
}

function rateLimits(value: unknown): Partial<Record<EndpointName, number>> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw optionError('rateLimits', value, 'an object of requests per second by endpoint');
  const out: Partial<Record<EndpointName, number>> = {};
  for (const [endpoint, rate] of Object.entries(value as Record<string, unknown>)) {
    if (!Object.hasOwn(ENDPOINTS, endpoint)) throw optionError(`rateLimits.${endpoint}`, rate, `a key among ${Object.keys(ENDPOINTS).join(', ')}`);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) throw optionError(`rateLimits.${endpoint}`, rate, 'a positive number of requests per second');
    out[endpoint as EndpointName] = rate;
  }
  return out;
}

function clock(value: unknown): Clock {
  if (value === undefined) return systemClock;
  const candidate = value as Partial<Clock> | null;
  if (!candidate || typeof candidate.now !== 'function' || typeof candidate.sleep !== 'function') throw optionError('clock', value, 'an object with now() and sleep(ms, signal)');
  return candidate as Clock;
}

function functionOption<K extends 'onOutcome' | 'random' | 'rateBudget'>(options: DestinationOptions, key: K): DestinationOptions[K] {
  const value = options[key];
  if (value !== undefined && typeof value !== 'function') throw optionError(key, value, 'a function');
  return value;
}

function objectOption(options: DestinationOptions, key: 'dispatcher'): Dispatcher | undefined {
  const value = options[key];
  if (value !== undefined && (value === null || typeof value !== 'object')) throw optionError(key, value, 'an undici Dispatcher');
  return value;
}

function optionError(key: string, value: unknown, expected: string): ConfigurationError {
  return new ConfigurationError(`Expected \`${key}\` to be ${expected}, got \`${describeValue(value)}\``, { field: key, code: 'INVALID_OPTION' });
}
