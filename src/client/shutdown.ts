/**
 * The end of a destination. close() admits everything, flushes, and resolves once every event has
 * an outcome; what is still unsettled when the last deadline (or the `drainMs` window) passes is
 * `failed` and the in-flight requests are aborted. abort() ends at once: everything unsettled is
 * `ABORTED`. Either way the connections and the rate budget are released.
 */
import { ConfigurationError, describeValue } from '../errors.js';
import type { RateBudget } from './budget.js';
import type { CloseOptions } from './destination-types.js';
import { DrainWindow, stoppedCall, type StopReason } from './drain-window.js';
import type { FlushRunner } from './flush-runner.js';
import type { HttpClient } from './http.js';
import type { Ledger } from './ledger.js';
import type { Clock } from './options.js';

export interface ShutdownOptions {
  readonly ledger: Ledger;
  readonly runner: FlushRunner;
  readonly clock: Clock;
  /** Cancels every queued request, sleep and socket of the destination. */
  readonly abort: AbortController;
  readonly http: HttpClient;
  readonly budget: RateBudget;
  /** Stops the flush timer (close() flushes once more itself). */
  readonly stopTimer: () => void;
}

export class Shutdown {
  private closing: Promise<void> | undefined;
  private drain: DrainWindow | undefined;

  constructor(private readonly options: ShutdownOptions) {}

  /** Idempotent: the same promise every time; a later `drainMs` can only shorten the wait. */
  close(closeOptions: CloseOptions = {}): Promise<void> {
    const drainMs = closeOptions.drainMs;
    if (drainMs !== undefined && !(typeof drainMs === 'number' && Number.isFinite(drainMs) && drainMs >= 0)) {
      return Promise.reject(new ConfigurationError(`Expected \`drainMs\` to be a number of milliseconds >= 0, got \`${describeValue(drainMs)}\``, { field: 'drainMs', code: 'INVALID_OPTION' }));
    }
    this.closing ??= this.drainAndRelease(drainMs);
    // A later close({ drainMs }) can only shorten the wait.
    if (drainMs !== undefined) this.drain?.atMost(drainMs, 'ABORTED');
    return this.closing;
  }

  /** Stops now: every event without an outcome is `ABORTED` before this returns. */
  abort(reason?: string): Promise<void> {
    const done = this.close({ drainMs: 0 });
    this.stop('ABORTED', reason);
    this.options.abort.abort(new Error(reason ?? 'aborted'));
    return done.catch(() => undefined);
  }

  private async drainAndRelease(drainMs: number | undefined): Promise<void> {
    const { ledger, runner, clock, abort, http, budget } = this.options;
    ledger.close();
    this.options.stopTimer();
    ledger.admitWaiting(); // everything accepted gets delivered, room or not
    const drained = runner.flush();
    const window = new DrainWindow(() => clock.now());
    this.drain = window;
    window.atMost(ledger.latestDeadline() - clock.now(), 'DEADLINE_EXCEEDED');
    if (drainMs !== undefined) window.atMost(drainMs, 'ABORTED');
    const first = await Promise.race([drained.then(() => 'drained' as const), window.ended]);
    window.clear();
    if (first !== 'drained') {
      this.stop(first);
      abort.abort(new Error('closed past the deadline'));
    }
    await http.close(first !== 'drained');
    await budget.close();
    // Nothing is left to send: cancel what still waits on the clock (a 429 pause of an endpoint
    // queue), so that no timer keeps the process alive after close().
    if (!abort.signal.aborted) abort.abort(new Error('closed'));
  }

  /** Fails everything without an outcome: past the deadline, or aborted. */
  private stop(why: StopReason, reason?: string): void {
    this.options.ledger.failPending((op, attempts) => stoppedCall(op, attempts, why, reason));
  }
}
