/**
 * Counters a service can export. Plain numbers, no key, no event data.
 */
import type { EndpointName } from '../iterable/endpoints.js';
import type { ExistenceStats } from './existence.js';
import type { OutcomeStatus } from './outcome.js';

/** What the sync mode did (docs/sync-modes.md): lookups, and calls skipped as the mode asked. */
export interface SyncModeStats extends ExistenceStats {
  readonly skipped: { readonly unknownUser: number; readonly existingUser: number };
}

/** Counts of a destination so far (`destination.stats()`): events by outcome, requests by endpoint, retries, 429s. */
export interface DestinationStats {
  /** HTTP requests sent (every attempt), per endpoint. */
  readonly requests: Partial<Record<EndpointName, number>>;
  /** Records carried, per endpoint (every attempt counted, like `requests`). */
  readonly recordsByEndpoint: Partial<Record<EndpointName, number>>;
  /** Records carried per request: `mean` = `total` / `requests`. */
  readonly recordsPerRequest: { readonly requests: number; readonly total: number; readonly mean: number };
  /** Request body bytes sent, every attempt counted. */
  readonly bytesSent: number;
  /** Attempts after the first, for any reason. */
  readonly retries: number;
  /** 429 replies received. */
  readonly rateLimited: number;
  /** Requests split after a whole-batch refusal, and records resent alone after an ambiguous reply. */
  readonly splits: number;
  readonly resentSingly: number;
  readonly outcomes: Readonly<Record<OutcomeStatus, number>>;
  /** Outcomes that carry a code, by code: rejected and failed ones, and delivered ones with a note (SUPERSEDED, SKIPPED_*). */
  readonly outcomesByCode: Readonly<Record<string, number>>;
  readonly events: {
    /** Accepted by `send`, waiting for room under `maxQueuedEvents`. */
    readonly waiting: number;
    /** Admitted, waiting for the next flush. */
    readonly buffered: number;
    /** Taken by a flush, without an outcome yet. */
    readonly inFlight: number;
  };
  readonly syncMode: SyncModeStats;
}

export class StatsRecorder {
  private readonly requests: Partial<Record<EndpointName, number>> = {};
  private readonly recordsByEndpoint: Partial<Record<EndpointName, number>> = {};
  private records = 0;
  private sent = 0;
  private bytes = 0;
  private retried = 0;
  private limited = 0;
  private split = 0;
  private single = 0;
  private readonly outcomes: Record<OutcomeStatus, number> = { delivered: 0, rejected: 0, failed: 0 };
  /** Keyed by codes that replies carry: no prototype, so any code string counts as itself. */
  private readonly codes: Record<string, number> = Object.create(null) as Record<string, number>;

  request(endpoint: EndpointName, records: number, bytes: number, retry: boolean): void {
    this.requests[endpoint] = (this.requests[endpoint] ?? 0) + 1;
    this.recordsByEndpoint[endpoint] = (this.recordsByEndpoint[endpoint] ?? 0) + records;
    this.sent += 1;
    this.records += records;
    this.bytes += bytes;
    if (retry) this.retried += 1;
  }

  rateLimit(): void {
    this.limited += 1;
  }

  splitBatch(): void {
    this.split += 1;
  }

  resendSingly(count: number): void {
    this.single += count;
  }

  outcome(status: OutcomeStatus, code: string | undefined): void {
    this.outcomes[status] += 1;
    if (code !== undefined) this.codes[code] = (this.codes[code] ?? 0) + 1;
  }

  snapshot(events: DestinationStats['events'], syncMode: SyncModeStats): DestinationStats {
    return {
      requests: { ...this.requests },
      recordsByEndpoint: { ...this.recordsByEndpoint },
      recordsPerRequest: { requests: this.sent, total: this.records, mean: this.sent === 0 ? 0 : this.records / this.sent },
      bytesSent: this.bytes,
      retries: this.retried,
      rateLimited: this.limited,
      splits: this.split,
      resentSingly: this.single,
      outcomes: { ...this.outcomes },
      outcomesByCode: { ...this.codes },
      events,
      syncMode,
    };
  }
}
