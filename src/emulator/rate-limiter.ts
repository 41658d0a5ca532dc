/**
 * Per API key + endpoint sliding one-second window: a request is admitted when fewer than `limit`
 * requests were admitted in the last 1,000 ms of the injected clock. Refused requests do not
 * count, as in Iterable's leaky bucket (they "succeed again after enough requests have emptied out").
 */

const WINDOW_MS = 1000;

/** Admission times of one bucket (endpoint, or endpoint + key), oldest first; `head` skips expired ones without shifting. */
interface Window {
  times: number[];
  head: number;
}

export class SlidingWindowLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: () => number) {}

  /** True when the request is admitted (and counted); false when it must get a 429. */
  tryAcquire(key: string, limit: number): boolean {
    if (!Number.isFinite(limit)) return true;
    const now = this.clock();
    let window = this.windows.get(key);
    if (!window) {
      window = { times: [], head: 0 };
      this.windows.set(key, window);
    }
    while (window.head < window.times.length && (window.times[window.head] as number) <= now - WINDOW_MS) {
      window.head += 1;
    }
    // Compact once the expired prefix dominates, so memory stays proportional to the limit.
    if (window.head > 1024 && window.head * 2 > window.times.length) {
      window.times = window.times.slice(window.head);
      window.head = 0;
    }
    if (window.times.length - window.head >= limit) return false;
    window.times.push(now);
    return true;
  }
}
