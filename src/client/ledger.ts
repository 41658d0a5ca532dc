/**
 * The destination's book of events without an outcome, shared by admission, the flush runner and
 * shutdown: the events waiting for room, the buffer of the next flush, the calls in flight
 * (records, by ref), and the settling of each call until its event has one outcome.
 *
 * An event is admitted to the buffer, or waits while `maxQueuedEvents` are buffered or in flight;
 * each outcome makes room for the next waiting event (backpressure holds events, never drops them).
 *
 * Lifetime: while any event is waiting, buffered or in flight, the flush timer is ref'd, so Node
 * stays up until every event has its outcome; an idle destination holds no ref'd handle.
 */
import type { PlannedRequest } from '../batch/types.js';
import { redactFields } from '../errors.js';
import type { IterableCall } from '../transform/types.js';
import type { RecordBook } from './deliver.js';
import type { PendingEvent, RecordRef } from './destination-types.js';
import { stoppedCall } from './drain-window.js';
import type { ExistenceChecker } from './existence.js';
import { bulkGroup } from './flush-parts.js';
import type { Clock, ResolvedOptions } from './options.js';
import { combine, type CallResult, type Outcome } from './outcome.js';
import type { StatsRecorder } from './stats.js';
import { SKIPPED_EXISTING_USER, SKIPPED_UNKNOWN_USER } from './subjects.js';

/** The result a call gets when it is settled without being sent, from its op and attempts so far. */
export type CallFailure = (op: IterableCall['op'], attempts: number) => CallResult;

/** One call of the flush being planned, by the ref its record is kept under. */
export interface FlushEntry {
  readonly ref: number;
  readonly call: IterableCall;
}

export interface LedgerOptions {
  readonly config: Pick<ResolvedOptions, 'deadlineMs' | 'maxBatchItems' | 'maxQueuedEvents' | 'onOutcome'>;
  readonly clock: Clock;
  /** The keys, redacted from every outcome. */
  readonly secrets: readonly (string | undefined)[];
  readonly stats: StatsRecorder;
  /** Starts (or joins) a flush: a request or the queue is full, or senders are held back. */
  readonly flush: () => void;
  /** Refs or unrefs the one handle that keeps Node up (the flush timer). */
  readonly keepAlive: (alive: boolean) => void;
}

export class Ledger {
  readonly waiting: PendingEvent[] = [];
  private pendingBuffer: PendingEvent[] = [];
  // Records per bulk request group in the buffer: a flush starts as soon as one group fills a request.
  private bufferedGroups = new Map<string, number>();
  /** Buffered or in flight, without an outcome. */
  private admittedCount = 0;
  private readonly records = new Map<number, RecordRef>();
  private nextRef = 0;
  private closedFlag = false;
  readonly skipped = { unknownUser: 0, existingUser: 0 };
  /** Set when everything pending was failed at once (fatal error, abort, deadline): what a flush still finds gets the same. */
  stoppedResult: CallFailure = (op, attempts) => stoppedCall(op, attempts, 'ABORTED');

  constructor(private readonly options: LedgerOptions) {}

  get buffer(): readonly PendingEvent[] {
    return this.pendingBuffer;
  }

  get admitted(): number {
    return this.admittedCount;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** From now on every waiting event is admitted at once, room or not, and the timer is left alone. */
  close(): void {
    this.closedFlag = true;
  }

  /** Admits `event` now when there is room (and nobody waits before it), else holds it and flushes to make room. */
  accept(event: PendingEvent): void {
    if (this.waiting.length === 0 && this.admittedCount < this.options.config.maxQueuedEvents) {
      this.admit(event);
    } else {
      // Backpressure: hold the event (never drop it) and make room by flushing now.
      this.waiting.push(event);
      this.updateLifetime();
      this.options.flush();
    }
  }

  admitWaiting(): void {
    if (this.waiting.length === 0) return;
    while (this.waiting.length > 0 && (this.admittedCount < this.options.config.maxQueuedEvents || this.closedFlag)) this.admit(this.waiting.shift() as PendingEvent);
    // Senders are being held back: flush what was just admitted without waiting for the timer.
    this.options.flush();
  }

  /** Empties the buffer into a flush: the events it takes. */
  takeBuffer(): PendingEvent[] {
    const events = this.pendingBuffer;
    this.pendingBuffer = [];
    this.bufferedGroups = new Map();
    return events;
  }

  /** Keeps a record of every call of `events` while it is delivered: the flush's entries. */
  register(events: readonly PendingEvent[]): FlushEntry[] {
    return events.flatMap((event) =>
      event.calls.map((call, index) => {
        const ref = this.nextRef++;
        this.records.set(ref, { event, index, attempts: 0 });
        return { ref, call };
      }),
    );
  }

  record(ref: number): RecordRef | undefined {
    return this.records.get(ref);
  }

  /** Settles a call of the flush that is not sent, with the result a pure stage gave it. */
  settleUnsent(ref: number, result: (op: IterableCall['op']) => CallResult): void {
    const record = this.records.get(ref);
    this.records.delete(ref);
    if (!record) return;
    this.settleCall(record.event, record.index, result((record.event.calls[record.index] as IterableCall).op));
  }

  /** Settles every call of `events`, none of which was sent. */
  settleEvents(events: readonly PendingEvent[], result: CallFailure): void {
    for (const event of events) event.calls.forEach((call, index) => this.settleCall(event, index, result(call.op, 0)));
  }

  /** Whatever has no outcome yet (sent, queued, buffered or waiting for room) settles with `result`. */
  failPending(result: CallFailure): void {
    this.stoppedResult = result;
    for (const [ref, record] of [...this.records]) {
      this.records.delete(ref);
      this.settleCall(record.event, record.index, result((record.event.calls[record.index] as IterableCall).op, record.attempts));
    }
    const unsent = [...this.pendingBuffer, ...this.waiting];
    this.pendingBuffer = [];
    this.waiting.length = 0;
    this.bufferedGroups = new Map();
    this.settleEvents(unsent, result);
  }

  /** The latest deadline of any event without an outcome (clock ms). */
  latestDeadline(): number {
    let latest = this.options.clock.now();
    for (const { event } of this.records.values()) latest = Math.max(latest, event.deadlineAt);
    for (const event of this.pendingBuffer) latest = Math.max(latest, event.deadlineAt);
    return latest;
  }

  /** The view of the records that delivery settles them through; `checker` learns what was created. */
  recordBook(checker: ExistenceChecker | undefined): RecordBook {
    const records = this.records;
    return {
      deadline(refs) {
        let earliest = Number.POSITIVE_INFINITY;
        for (const ref of refs) earliest = Math.min(earliest, records.get(ref)?.event.deadlineAt ?? earliest);
        return earliest;
      },
      attempted(refs) {
        for (const ref of refs) {
          const record = records.get(ref);
          if (record) record.attempts += 1;
        }
      },
      settle: (ref, result, request: PlannedRequest) => {
        const record = records.get(ref);
        if (!record) return;
        records.delete(ref);
        const call = record.sent ?? (record.event.calls[record.index] as IterableCall);
        // What this destination created is known from now on (and a deletion makes the cache start over).
        if (checker && result.status === 'delivered' && result.code === undefined) checker.learned(call);
        this.settleCall(record.event, record.index, { ...result, op: call.op, endpoint: request.endpoint, attempts: record.attempts });
      },
    };
  }

  /** Gives `event` its one outcome, once: its calls' combined results, or one at once (refused, closed, breaker open). */
  finish(event: PendingEvent, raw: Outcome): void {
    if (event.done) return;
    event.done = true;
    // The one place outcomes leave the client: the keys go from every text field (Iterable echoes
    // the key it got in some `code` and `msg` fields).
    const outcome = redactFields(raw, this.options.secrets);
    this.options.stats.outcome(outcome.status, outcome.code);
    try {
      const returned: unknown = this.options.config.onOutcome?.(outcome, event.event);
      if (returned instanceof Promise) returned.catch(() => undefined);
    } catch {
      // The caller's callback must not break delivery for other events.
    }
    event.resolve(outcome);
    if (event.admitted) {
      this.admittedCount -= 1;
      this.admitWaiting();
    }
    this.updateLifetime();
  }

  private settleCall(event: PendingEvent, index: number, result: CallResult): void {
    if (event.done || event.results[index] !== undefined) return;
    event.results[index] = result;
    event.unsettled -= 1;
    if (result.code === SKIPPED_UNKNOWN_USER) this.skipped.unknownUser += 1;
    else if (result.code === SKIPPED_EXISTING_USER) this.skipped.existingUser += 1;
    if (event.unsettled === 0) this.finish(event, combine(event.results as CallResult[]));
  }

  private admit(event: PendingEvent): void {
    const { config, clock } = this.options;
    this.admittedCount += 1;
    event.admitted = true;
    event.deadlineAt = clock.now() + config.deadlineMs;
    this.pendingBuffer.push(event);
    let full = false;
    for (const call of event.calls) {
      const group = bulkGroup(call);
      if (group === undefined) continue;
      const count = (this.bufferedGroups.get(group) ?? 0) + 1;
      this.bufferedGroups.set(group, count);
      if (count >= config.maxBatchItems) full = true;
    }
    // A full request, or a full queue (nothing more can come in until something is answered).
    if (full || this.admittedCount >= config.maxQueuedEvents) this.options.flush();
    else this.updateLifetime();
  }

  /** Keeps Node alive exactly while some event has no outcome yet (the timer is the one handle). */
  private updateLifetime(): void {
    if (this.closedFlag) return; // close() cleared the timer; its own work (sockets, timers) keeps Node up
    this.options.keepAlive(this.admittedCount + this.waiting.length > 0);
  }
}
