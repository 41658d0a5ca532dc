/**
 * Bounds how many events wait for an outcome at once, so reading a large input pauses instead of
 * holding it all in memory. O(1) per event (a counter and one waiter), whatever the bound.
 */
export class InFlightLimit {
  private count = 0;
  private waiter: (() => void) | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly max: number) {}

  get size(): number {
    return this.count;
  }

  /** Resolves when one more event may be started. */
  async acquire(): Promise<void> {
    while (this.count >= this.max) {
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    this.count += 1;
  }

  release(): void {
    this.count -= 1;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
    if (this.count === 0) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of idle) resolve();
    }
  }

  /** Resolves when nothing is in flight. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
