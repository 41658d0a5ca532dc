/**
 * The flushes of a destination. A flush takes the whole buffer, plans it (planRequests) and
 * delivers the plan phase by phase: every user update of the flush is answered before its events,
 * purchases, carts and list calls are sent. A sync mode that must know who exists (updateOnly +
 * lookup, createOnly) first looks the flush's users up and skips what the mode forbids
 * (sync-gate.ts, docs/sync-modes.md).
 *
 * Flushes run one after another; a flush asked for while one runs is chained after it, never
 * dropped. They are pipelined by phase: a flush takes the buffer once the previous one has
 * answered its user updates and email changes (phases 0–1), and runs each later phase only after
 * the previous flush finished the same phase. So profiles are still updated before the events of
 * their flush, each endpoint sees flushes in order, and a slow endpoint (purchases, one request per
 * event) does not hold back the next flush's bulk requests.
 */
import { planFlush, rejectedResult, selectCalls, supersededResult } from '../batch/flush-stages.js';
import { LAST_PROFILE_PHASE, PHASE_COUNT } from '../batch/shape.js';
import type { ResolvedSettings } from '../settings.js';
import { deliver, type DeliveryContext } from './deliver.js';
import type { ExistenceChecker } from './existence.js';
import { deferred, heldBy, inSequencePerEndpoint, type Deferred } from './flush-parts.js';
import type { FlushEntry, Ledger } from './ledger.js';
import type { Clock, ResolvedOptions } from './options.js';
import type { SyncMode } from './subjects.js';
import { gateCalls } from './sync-gate.js';

/** A sync mode that looks users up, with the checker that does it. */
export interface SyncGate {
  readonly mode: SyncMode;
  readonly checker: ExistenceChecker;
}

export interface FlushRunnerOptions {
  readonly ledger: Ledger;
  /** Shared by every request of every flush; each phase adds its own `troubled`. */
  readonly ctx: DeliveryContext;
  readonly settings: ResolvedSettings;
  readonly config: Pick<ResolvedOptions, 'maxBatchItems' | 'maxBatchBytes' | 'troubleHoldMs'>;
  readonly clock: Clock;
  readonly gate: SyncGate | undefined;
}

export class FlushRunner {
  private gate: Promise<void> = Promise.resolve();
  private lastPhases: Promise<void>[] = [];
  // Per phase: resolved once a request of that phase (in this flush or one before) failed an attempt.
  private lastTroubles: Promise<void>[] = [];
  private queuedFlush: Promise<void> | undefined;

  constructor(private readonly options: FlushRunnerOptions) {}

  /** Sends everything buffered; resolves when those events have their outcomes. */
  flush(): Promise<void> {
    if (this.queuedFlush) return this.queuedFlush;
    const previousGate = this.gate;
    const previousPhases = this.lastPhases;
    const previousTroubles = this.lastTroubles;
    const opened = deferred();
    const mine = Array.from({ length: PHASE_COUNT }, deferred);
    const troubles = Array.from({ length: PHASE_COUNT }, deferred);
    previousTroubles.forEach((trouble, phase) => void trouble.then(troubles[phase]?.resolve));
    this.gate = opened.promise;
    this.lastPhases = mine.map((phase) => phase.promise);
    this.lastTroubles = troubles.map((trouble) => trouble.promise);
    const next = previousGate.then(async () => {
      this.queuedFlush = undefined;
      try {
        await this.run(previousPhases, mine, troubles, opened.resolve);
      } finally {
        opened.resolve();
        // An empty (or failed) flush still ends after the flushes before it: close() relies on the
        // last flush meaning "everything sent so far is answered".
        await Promise.all(previousPhases);
        for (const phase of mine) phase.resolve();
      }
    });
    this.queuedFlush = next;
    return next;
  }

  private async run(previousPhases: readonly Promise<void>[], mine: readonly Deferred[], troubles: readonly Deferred[], openGate: () => void): Promise<void> {
    const { ledger, ctx, settings, config, gate } = this.options;
    const events = ledger.takeBuffer();
    if (events.length === 0) return;
    if (ctx.signal.aborted) {
      // Stopped (a fatal error) between the admission and this flush: the events still get an outcome.
      ledger.settleEvents(events, ledger.stoppedResult);
      return;
    }
    let entries = ledger.register(events);
    if (gate) {
      entries = await this.applySyncMode(entries, gate);
      if (ctx.signal.aborted) return;
    }
    entries = this.withoutSupersededListCalls(entries);
    const { byPhase, rejected } = planFlush(entries, { settings, maxBatchItems: config.maxBatchItems, maxBatchBytes: config.maxBatchBytes });
    for (const { ref, error } of rejected) ledger.settleUnsent(ref, (op) => rejectedResult(op, error));
    const running: Promise<void>[] = [];
    for (let phase = 0; phase < PHASE_COUNT; phase += 1) {
      // Each phase waits for the earlier ones of its flush (profiles before the events about them),
      // but an earlier phase in trouble (retrying, unreadable replies) holds it only a bounded time.
      await Promise.all(running.map((earlier, i) => heldBy(earlier, (troubles[i] as Deferred).promise, config.troubleHoldMs)));
      // The profiles of this flush are answered: the next flush may take the buffer.
      if (phase === LAST_PROFILE_PHASE + 1) openGate();
      await previousPhases[phase];
      const requests = byPhase[phase] ?? [];
      const phaseCtx: DeliveryContext = { ...ctx, troubled: (troubles[phase] as Deferred).resolve };
      // Profile writes (user updates, catalog items) of one endpoint go one request after another: the
      // same user can sit in two requests of a flush, and a retried first one must not land last.
      const sending = phase === 0 ? inSequencePerEndpoint(requests, (request) => deliver(request, phaseCtx)) : Promise.all(requests.map((request) => deliver(request, phaseCtx))).then(() => undefined);
      running.push(sending.then(() => mine[phase]?.resolve()));
    }
    await Promise.all(running);
  }

  /** Settles the list calls a later one replaces in this flush and returns the rest. */
  private withoutSupersededListCalls(entries: FlushEntry[]): FlushEntry[] {
    const { send, superseded } = selectCalls(entries);
    for (const ref of superseded) this.options.ledger.settleUnsent(ref, supersededResult);
    return send;
  }

  /** Looks the flush's users up and settles the calls the sync mode skips or cannot decide; returns the rest. */
  private async applySyncMode(entries: FlushEntry[], { mode, checker }: SyncGate): Promise<FlushEntry[]> {
    const { ledger, clock } = this.options;
    const gated = entries.map((entry) => ({ ...entry, deadline: ledger.record(entry.ref)?.event.deadlineAt ?? clock.now() }));
    const decisions = await gateCalls(gated, mode, checker);
    const kept: FlushEntry[] = [];
    decisions.forEach((decision, i) => {
      const { ref, call } = entries[i] as FlushEntry;
      const record = ledger.record(ref);
      if (!record) return; // settled meanwhile (closing past the deadline)
      if (decision.action === 'send') {
        if (decision.call !== call) record.sent = decision.call;
        kept.push({ ref, call: decision.call });
        return;
      }
      // `call` is the record's own call, so the op settleUnsent finds is `call.op`.
      ledger.settleUnsent(ref, (op) =>
        decision.action === 'skip'
          ? { status: 'delivered', op, code: decision.code, message: decision.message, attempts: 0 }
          : { status: 'failed', op, code: decision.code, message: decision.message, statusCode: decision.statusCode, attempts: 0 },
      );
    });
    return kept;
  }
}
