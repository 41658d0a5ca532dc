/**
 * The rate budget: where a request gets its permission to start. The client asks it before every
 * request on an endpoint and tells it about every 429. The default budget lives in this process
 * (one paced p-queue per endpoint); `redisBudget` shares one budget between every process that
 * sends for the same Iterable project.
 */
import PQueue from 'p-queue';
import { IterableDestinationError } from '../errors.js';
import { ENDPOINTS, type EndpointName } from '../iterable/endpoints.js';
import type { Clock } from './options.js';

/**
 * Where a destination takes its permission to send: per endpoint, how many requests may start now.
 * The default budget lives in the process; `redisBudget` shares one among processes through Redis.
 */
export interface RateBudget {
  /** Resolves when `count` more requests to `endpoint` may start; rejects with the abort reason when `signal` fires first. */
  acquire(endpoint: EndpointName, count: number, signal: AbortSignal): Promise<void>;
  /** Iterable answered 429: hold the endpoint for `retryAfterMs` (for every sharer of the budget). */
  rateLimited(endpoint: EndpointName, retryAfterMs: number): void;
  /** Releases what the budget holds (connections, timers). Idempotent. */
  close(): Promise<void>;
}

/** What a destination tells its budget when it creates it. */
export interface BudgetContext {
  readonly apiKey: string;
  readonly dataCenter: string;
  /** Requests per second allowed on an endpoint: the catalogue's limit unless `rateLimits` overrides it. */
  ratePerSecond(endpoint: EndpointName): number;
  readonly clock: Clock;
}

/** The `rateBudget` option: called once by `createDestination`, which closes the budget in `close()`. */
export type RateBudgetFactory = (context: BudgetContext) => RateBudget;

/** The shared budget cannot be reached and `onBudgetError` is `'fail'`: the request was never sent. */
export class RateBudgetError extends IterableDestinationError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'RATE_BUDGET_UNAVAILABLE', statusCode: 503, retryable: true, cause: options.cause });
  }
}

/**
 * Added to every rate window. Iterable counts a request when it arrives, we when it leaves; a
 * request that travels faster than the one sent a second earlier would otherwise land in the same
 * window and get a 429 (which then pauses the endpoint for a second or more). A tenth of a second is
 * far cheaper than that.
 */
export const RATE_WINDOW_MARGIN_MS = 100;

/**
 * A per-second rate as p-queue's sliding window (`strict`), spread out instead of one burst per
 * second: at most `cap` requests per short window, with `cap` about a fiftieth of the rate. A burst
 * of the whole second's allowance turns any delay on the way (a busy event loop, a slow socket)
 * into requests that land in the same second at Iterable and get a 429; spread requests absorb
 * delays up to the margin. p-queue's strict mode lets at most `cap` start in any rolling window,
 * so a rolling second holds at most `ceil(1000 / interval) × cap`, which never exceeds the rate:
 * 5/s → 1 per 220 ms, 100/s → 2 per 22 ms, 2000/s → 40 per 22 ms, 0.5/s → 1 per 2200 ms.
 */
export function interval(ratePerSecond: number): { intervalCap: number; interval: number } {
  // Below one request per second: one request per (1 / rate) seconds, plus the margin.
  if (ratePerSecond < 1) return { intervalCap: 1, interval: Math.ceil((1000 + RATE_WINDOW_MARGIN_MS) / ratePerSecond) };
  const intervalCap = Math.max(1, Math.floor(ratePerSecond / 50));
  // Whole windows per second, so that windows × cap never exceeds the whole requests a second allows.
  const windowsPerSecond = Math.floor(Math.floor(ratePerSecond) / intervalCap);
  return { intervalCap, interval: Math.ceil((1000 + RATE_WINDOW_MARGIN_MS) / windowsPerSecond) };
}

/**
 * The in-process budget: per endpoint, a p-queue paced by `interval(rate)` whose tasks do nothing;
 * a task starting is a permission. A 429 starts a cool-down: permissions wait until it ends. No
 * timer runs unless someone waits, so an idle or closed budget keeps nothing alive.
 */
export class LocalRateBudget implements RateBudget {
  private readonly pacers = new Map<EndpointName, { queue: PQueue; resumeAt: number }>();

  constructor(
    private readonly ratePerSecond: (endpoint: EndpointName) => number,
    private readonly clock: Clock,
  ) {}

  async acquire(endpoint: EndpointName, count: number, signal: AbortSignal): Promise<void> {
    const pacer = this.pacer(endpoint);
    for (let i = 0; i < count; i += 1) {
      // A permission granted inside a cool-down is not used: wait the cool-down out and ask again.
      for (;;) {
        const wait = pacer.resumeAt - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait, signal);
        await pacer.queue.add(() => undefined, { signal });
        if (pacer.resumeAt <= this.clock.now()) break;
      }
    }
  }

  rateLimited(endpoint: EndpointName, retryAfterMs: number): void {
    const pacer = this.pacer(endpoint);
    pacer.resumeAt = Math.max(pacer.resumeAt, this.clock.now() + retryAfterMs);
  }

  async close(): Promise<void> {
    for (const pacer of this.pacers.values()) pacer.queue.clear();
  }

  private pacer(endpoint: EndpointName) {
    let pacer = this.pacers.get(endpoint);
    if (!pacer) {
      const queue = new PQueue({ concurrency: Number.POSITIVE_INFINITY, strict: true, ...interval(this.ratePerSecond(endpoint)) });
      pacer = { queue, resumeAt: 0 };
      this.pacers.set(endpoint, pacer);
    }
    return pacer;
  }
}

/** The default `rateBudget`: this process alone, at the catalogue's limits (or `rateLimits`). */
export function localBudget(): RateBudgetFactory {
  return (context) => new LocalRateBudget((endpoint) => context.ratePerSecond(endpoint), context.clock);
}

/** A rate table resolved once: the override when given, else the catalogue's limit. */
export function rateOf(overrides: Readonly<Partial<Record<EndpointName, number>>>): (endpoint: EndpointName) => number {
  return (endpoint) => overrides[endpoint] ?? ENDPOINTS[endpoint].ratePerSecond;
}
