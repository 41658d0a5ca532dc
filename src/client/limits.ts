/**
 * One p-queue per endpoint, started at the endpoint's per-second limit (catalogue value or the
 * caller's override). A 429 slows the endpoint down for every request waiting on it, not only for
 * the one that got it: the queue pauses for the backoff and then runs one request at a time,
 * doubling its concurrency back with each success.
 */
import PQueue from 'p-queue';
import { ENDPOINTS, type EndpointName } from '../iterable/endpoints.js';
import type { Clock } from './options.js';

interface Lane {
  readonly queue: PQueue;
  readonly concurrency: number;
  /** Bumped by every slow-down, so only the latest pause resumes the queue. */
  generation: number;
  resumeAt: number;
}

export class EndpointQueues {
  private readonly lanes = new Map<EndpointName, Lane>();

  constructor(
    private readonly rates: Readonly<Partial<Record<EndpointName, number>>>,
    private readonly concurrency: number,
    private readonly clock: Clock,
  ) {}

  /** Runs `task` when the endpoint's limits allow; rejects with the abort reason if `signal` fires first. */
  run<T>(endpoint: EndpointName, task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.lane(endpoint).queue.add(task, { signal });
  }

  /** Holds every request of `endpoint` for `ms`, then lets them through one at a time. */
  slowDown(endpoint: EndpointName, ms: number, signal: AbortSignal): void {
    const lane = this.lane(endpoint);
    const now = this.clock.now();
    lane.resumeAt = Math.max(lane.resumeAt, now + ms);
    const generation = ++lane.generation;
    lane.queue.pause();
    lane.queue.concurrency = 1;
    this.clock.sleep(lane.resumeAt - now, signal).then(
      () => {
        if (lane.generation === generation) lane.queue.start();
      },
      () => undefined, // aborted: the destination is closing and the queue is being emptied
    );
  }

  /** Requests the endpoint may have in flight right now (lowered to 1 by a 429, then doubled back). */
  concurrencyOf(endpoint: EndpointName): number {
    return this.lane(endpoint).queue.concurrency;
  }

  /**
   * The endpoint's slow-down count: read it when a request starts, hand it to `recovered` when the
   * request succeeds.
   */
  generation(endpoint: EndpointName): number {
    return this.lane(endpoint).generation;
  }

  /**
   * A success: grow concurrency back towards its normal value. Only a request that started after the
   * latest slow-down counts: replies to requests that left before the 429 say nothing about the
   * endpoint having room again.
   */
  recovered(endpoint: EndpointName, startedAtGeneration: number): void {
    const lane = this.lane(endpoint);
    if (startedAtGeneration !== lane.generation) return;
    if (lane.queue.concurrency < lane.concurrency) lane.queue.concurrency = Math.min(lane.concurrency, lane.queue.concurrency * 2);
  }

  private lane(endpoint: EndpointName): Lane {
    let lane = this.lanes.get(endpoint);
    if (!lane) {
      const rate = this.rates[endpoint] ?? ENDPOINTS[endpoint].ratePerSecond;
      const queue = new PQueue({ concurrency: this.concurrency, strict: true, ...interval(rate) });
      lane = { queue, concurrency: this.concurrency, generation: 0, resumeAt: 0 };
      this.lanes.set(endpoint, lane);
    }
    return lane;
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
