/**
 * The shapes of createDestination(): its public interface, and the client's book of events that
 * have no outcome yet (an event, and one call of it while it is delivered).
 */
import type { FatalDestinationError } from '../errors.js';
import type { CallResult, Outcome } from './outcome.js';
import type { SentOutcome } from './send-all.js';
import type { DestinationStats } from './stats.js';
import type { IterableCall } from '../transform/types.js';

/**
 * A running delivery pipeline, made by {@link createDestination}: `send` events, `flush` or
 * `close` to deliver what is queued, `stats` for counts. Every sent event resolves exactly one
 * {@link Outcome}.
 */
export interface Destination {
  /** Resolves with the event's outcome; never rejects. */
  send(event: unknown): Promise<Outcome>;
  /**
   * Deletes a user from Iterable (`{ userId }` or `{ email }`), batched and rate-limited like
   * every other call; resolves with its outcome (a user Iterable does not have is `delivered`
   * with code `ALREADY_DELETED`); never rejects.
   */
  deleteUser(who: { email: string } | { userId: string }): Promise<Outcome>;
  /** Sends everything buffered; resolves when those events have their outcomes. */
  flush(): Promise<void>;
  /**
   * Flushes, waits for every outcome, releases connections. Idempotent: the same promise every time.
   * `drainMs` bounds the wait (a later call may shorten it): what has no outcome by then is `failed`
   * with code `ABORTED`. Without it, close() waits up to the events' `deadlineMs`.
   */
  close(options?: CloseOptions): Promise<void>;
  /** Stops now: every event without an outcome gets `failed` / `ABORTED` before this returns; in-flight requests are cancelled. */
  abort(reason?: string): Promise<void>;
  /**
   * Sends every event of `events`, reading only as fast as outcomes come back and are consumed (at
   * most `maxQueuedEvents` read and not yet consumed), and yields one `{ index, event, outcome }` per
   * event as it settles. Stops reading when `signal` aborts (what was read still gets its outcome;
   * a read already under way is awaited, so also end a source that can block, such as stdin).
   */
  sendAll(events: AsyncIterable<unknown> | Iterable<unknown>, options?: { signal?: AbortSignal }): AsyncGenerator<SentOutcome>;
  /** The error that stopped the destination for good (a refused key, an unreachable endpoint), if any. */
  fatalError(): FatalDestinationError | undefined;
  stats(): DestinationStats;
}

export interface CloseOptions {
  /** Most milliseconds to wait for outcomes before the rest is `ABORTED` (0: at once). */
  drainMs?: number;
}


export interface PendingEvent {
  readonly event: unknown;
  readonly calls: readonly IterableCall[];
  readonly results: (CallResult | undefined)[];
  unsettled: number;
  deadlineAt: number;
  done: boolean;
  /** Counted in `admitted` (buffered or in flight), as opposed to waiting for room. */
  admitted: boolean;
  readonly resolve: (outcome: Outcome) => void;
}

/** One call of an event, while it is being delivered. */
export interface RecordRef {
  readonly event: PendingEvent;
  readonly index: number;
  attempts: number;
  /** The call as sent, when the sync mode changed it (a list call without its unknown subscribers). */
  sent?: IterableCall;
}
