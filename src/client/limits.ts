/**
 * One p-queue per endpoint that bounds the requests in flight; the pace comes from the rate budget
 * (in this process by default, or shared through Redis), asked inside the queue slot just before
 * each request starts. A 429 slows the endpoint down for every request waiting on it, not only for
 * the one that got it: the queue pauses for the backoff and then runs one request at a time,
 * doubling its concurrency back with each success; the budget hears of the 429 too, so that every
 * process sharing it cools down.
 */
import PQueue from 'p-queue';
import type { EndpointName } from '../iterable/endpoints.js';
import { LocalRateBudget, rateOf, type RateBudget } from './budget.js';
import type { Clock } from './options.js';

export { interval, RATE_WINDOW_MARGIN_MS } from './budget.js';

interface Lane {
  readonly queue: PQueue;
  readonly concurrency: number;
  /** Bumped by every slow-down, so only the latest pause resumes the queue. */
  generation: number;
  resumeAt: number;
}

export class EndpointQueues {
  private readonly lanes = new Map<EndpointName, Lane>();
  readonly budget: RateBudget;

  constructor(
    rates: Readonly<Partial<Record<EndpointName, number>>>,
    private readonly concurrency: number,
    private readonly clock: Clock,
    budget?: RateBudget,
  ) {
    this.budget = budget ?? new LocalRateBudget(rateOf(rates), clock);
  }

  /**
   * Runs `task` when the endpoint's limits allow; rejects with the abort reason if `signal` fires
   * first, or with the budget's error when it cannot give a permission.
   */
  run<T>(endpoint: EndpointName, task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.lane(endpoint).queue.add(
      async () => {
        await this.budget.acquire(endpoint, 1, signal);
        return task();
      },
      { signal },
    );
  }

  /** Holds every request of `endpoint` for `ms`, then lets them through one at a time. */
  slowDown(endpoint: EndpointName, ms: number, signal: AbortSignal): void {
    this.budget.rateLimited(endpoint, ms);
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
      const queue = new PQueue({ concurrency: this.concurrency });
      lane = { queue, concurrency: this.concurrency, generation: 0, resumeAt: 0 };
      this.lanes.set(endpoint, lane);
    }
    return lane;
  }
}
