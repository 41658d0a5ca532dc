/**
 * Fault injection: a book of armed faults that each request consults. Every fault counts down and
 * disarms itself; randomness (serverErrors' `rate`) comes from a seeded RNG so runs repeat exactly.
 */
import { ConfigurationError, describeValue } from '../errors.js';
import { ENDPOINTS, type EndpointName } from '../iterable/endpoints.js';
import type { FailedUpdateKey } from '../iterable/responses.js';
import { FAILED_UPDATE_KEYS } from '../iterable/responses.js';
import { endpointForPath } from './routes.js';
import type { FaultTarget, InjectApi } from './types.js';

interface Armed {
  endpoint: EndpointName | undefined;
  remaining: number;
}
interface LatencyFault extends Armed {
  ms: number;
}
interface ServerErrorFault extends Armed {
  rate: number;
  status: number;
}
interface BurstFault extends Armed {
  retryAfterSeconds: number | undefined;
}
interface DropFault extends Armed {
  afterProcessing: boolean;
}
interface MalformedFault extends Armed {
  kind: 'html' | 'empty' | 'truncated' | 'wrongTypes';
  status: number | undefined;
  afterProcessing: boolean;
}

/** A fault that replaces the reply, decided before handling or after it. */
export type ReplyFault =
  | { kind: 'serverError'; status: number }
  | { kind: 'rateLimitBurst'; retryAfterSeconds: number | undefined }
  | { kind: 'dropConnection' }
  | { kind: 'malformedReply'; shape: 'html' | 'empty' | 'truncated' | 'wrongTypes'; status: number | undefined };

/** mulberry32: tiny, fast, good enough to spread injected errors deterministically. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultBook {
  private latencies: LatencyFault[] = [];
  private serverErrors: ServerErrorFault[] = [];
  private bursts: BurstFault[] = [];
  private drops: DropFault[] = [];
  private malformed: MalformedFault[] = [];
  /** identifier → reason + failures left; emails and userIds kept apart. */
  private failingEmails = new Map<string, { base: string; remaining: number }>();
  private failingUserIds = new Map<string, { base: string; remaining: number }>();

  constructor(private readonly random: () => number) {}

  /** Milliseconds to wait before handling this request (0: none). */
  takeLatency(endpoint: EndpointName | undefined): number {
    return take(this.latencies, endpoint)?.ms ?? 0;
  }

  /** The fault that replaces this request's handling, if one is armed for it. */
  takeBefore(endpoint: EndpointName | undefined): ReplyFault | undefined {
    const drop = take(this.drops, endpoint, (f) => !f.afterProcessing);
    if (drop) return { kind: 'dropConnection' };
    const burst = take(this.bursts, endpoint);
    if (burst) return { kind: 'rateLimitBurst', retryAfterSeconds: burst.retryAfterSeconds };
    const error = take(this.serverErrors, endpoint);
    // The fault counts this request whether or not the draw hits: `count` is a window of requests.
    if (error && this.random() < error.rate) return { kind: 'serverError', status: error.status };
    const broken = take(this.malformed, endpoint, (f) => !f.afterProcessing);
    if (broken) return { kind: 'malformedReply', shape: broken.kind, status: broken.status };
    return undefined;
  }

  /** A fault that spoils the reply of a request that was handled (state already changed). */
  takeAfter(endpoint: EndpointName | undefined): ReplyFault | undefined {
    if (take(this.drops, endpoint, (f) => f.afterProcessing)) return { kind: 'dropConnection' };
    const broken = take(this.malformed, endpoint, (f) => f.afterProcessing);
    if (broken) return { kind: 'malformedReply', shape: broken.kind, status: broken.status };
    return undefined;
  }

  /** The failedUpdates key an injected record failure assigns to this identity, if any. */
  takeRecordFailure(identity: { email?: string | undefined; userId?: string | undefined }): FailedUpdateKey | undefined {
    if (identity.email !== undefined) {
      const hit = countDown(this.failingEmails, identity.email);
      if (hit) return `${hit}Emails` as FailedUpdateKey;
    }
    if (identity.userId !== undefined) {
      const hit = countDown(this.failingUserIds, identity.userId);
      if (hit) return `${hit}UserIds` as FailedUpdateKey;
    }
    return undefined;
  }

  pending(): number {
    const armed = [this.latencies, this.serverErrors, this.bursts, this.drops, this.malformed].reduce(
      (sum, list) => sum + list.length,
      0,
    );
    return armed + this.failingEmails.size + this.failingUserIds.size;
  }

  reset(): void {
    this.latencies = [];
    this.serverErrors = [];
    this.bursts = [];
    this.drops = [];
    this.malformed = [];
    this.failingEmails.clear();
    this.failingUserIds.clear();
  }

  /** The public `inject` object bound to this book, validating every argument. */
  api(): InjectApi {
    return {
      latency: (ms, options = {}) => {
        nonNegative('latency ms', ms);
        this.latencies.push({ ms, ...armed(options.endpoint, options.count) });
      },
      serverErrors: (options = {}) => {
        const rate = options.rate ?? 1;
        if (!(rate >= 0 && rate <= 1)) throw invalid('serverErrors rate', rate, 'a share between 0 and 1');
        const status = options.status ?? 500;
        if (![500, 502, 503, 504].includes(status)) throw invalid('serverErrors status', status, '500, 502, 503 or 504');
        this.serverErrors.push({ rate, status, ...armed(options.endpoint, options.count) });
      },
      rateLimitBurst: (options) => {
        if (options.retryAfterSeconds !== undefined) nonNegative('rateLimitBurst retryAfterSeconds', options.retryAfterSeconds);
        this.bursts.push({ retryAfterSeconds: options.retryAfterSeconds, ...armed(options.endpoint, options.count) });
      },
      dropConnections: (options) => {
        this.drops.push({ afterProcessing: options.afterProcessing ?? false, ...armed(options.endpoint, options.count) });
      },
      malformedReplies: (options) => {
        if (!['html', 'empty', 'truncated', 'wrongTypes'].includes(options.kind)) {
          throw invalid('malformedReplies kind', options.kind, "'html', 'empty', 'truncated' or 'wrongTypes'");
        }
        if (options.status !== undefined && !(Number.isInteger(options.status) && options.status >= 100 && options.status <= 599)) {
          throw invalid('malformedReplies status', options.status, 'an HTTP status');
        }
        this.malformed.push({
          kind: options.kind,
          status: options.status,
          afterProcessing: options.afterProcessing ?? false,
          ...armed(options.endpoint, options.count),
        });
      },
      failRecords: (options) => {
        if (!(FAILED_UPDATE_KEYS as readonly string[]).includes(options.reason)) {
          throw invalid('failRecords reason', options.reason, `one of ${FAILED_UPDATE_KEYS.join(', ')}`);
        }
        const base = options.reason.replace(/(Emails|UserIds)$/, '');
        const remaining = positiveCount(options.count);
        for (const email of options.emails ?? []) this.failingEmails.set(email, { base, remaining });
        for (const userId of options.userIds ?? []) this.failingUserIds.set(userId, { base, remaining });
      },
      reset: () => this.reset(),
      pending: () => this.pending(),
    };
  }
}

function take<T extends Armed>(list: T[], endpoint: EndpointName | undefined, accept: (fault: T) => boolean = () => true): T | undefined {
  const index = list.findIndex((fault) => (fault.endpoint === undefined || fault.endpoint === endpoint) && accept(fault));
  if (index < 0) return undefined;
  const fault = list[index] as T;
  fault.remaining -= 1;
  if (fault.remaining <= 0) list.splice(index, 1);
  return fault;
}

function countDown(book: Map<string, { base: string; remaining: number }>, identifier: string): string | undefined {
  const entry = book.get(identifier);
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) book.delete(identifier);
  return entry.base;
}

function armed(target: FaultTarget | undefined, count: number | undefined): Armed {
  return { endpoint: resolveTarget(target), remaining: positiveCount(count) };
}

function resolveTarget(target: FaultTarget | undefined): EndpointName | undefined {
  if (target === undefined) return undefined;
  if (target.startsWith('/')) {
    const endpoint = endpointForPath(target);
    if (!endpoint) throw invalid('endpoint', target, 'a catalogue endpoint name or path');
    return endpoint;
  }
  if (!Object.hasOwn(ENDPOINTS, target)) throw invalid('endpoint', target, 'a catalogue endpoint name or path');
  return target as EndpointName;
}

function positiveCount(count: number | undefined): number {
  if (count === undefined) return 1;
  if (!(Number.isInteger(count) && count > 0)) throw invalid('count', count, 'a positive integer');
  return count;
}

function nonNegative(field: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) throw invalid(field, value, 'a non-negative number');
}

function invalid(field: string, value: unknown, expected: string): ConfigurationError {
  return new ConfigurationError(`Expected \`${field}\` to be ${expected}, got ${describeValue(value)}`, {
    field,
    code: 'INVALID_FAULT',
  });
}
