/**
 * The end of close()'s wait: a promise that resolves with why the wait ended (the events'
 * deadline, or a `drainMs` window / abort), at the earliest time any caller asked for. Later calls
 * can only bring the end closer. A wall-clock timer: it bounds how long Node waits on a socket.
 */
import type { IterableCall } from '../transform/types.js';
import type { CallResult } from './outcome.js';

export type StopReason = 'DEADLINE_EXCEEDED' | 'ABORTED';

export class DrainWindow {
  readonly ended: Promise<StopReason>;
  private end!: (why: StopReason) => void;
  private timer: NodeJS.Timeout | undefined;
  private endsAt = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number) {
    this.ended = new Promise<StopReason>((resolve) => {
      this.end = resolve;
    });
  }

  /** Ends the wait after `ms` with `why`, unless it already ends sooner. */
  atMost(ms: number, why: StopReason): void {
    const at = this.now() + Math.max(0, ms);
    if (at >= this.endsAt) return;
    this.endsAt = at;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.end(why), Math.max(0, ms));
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** The result of a call that close() or abort() ended before Iterable confirmed it. */
export function stoppedCall(op: IterableCall['op'], attempts: number, why: StopReason, reason?: string): CallResult {
  if (why === 'DEADLINE_EXCEEDED') {
    return { status: 'failed', op, attempts, code: why, message: 'close() waited past deadlineMs: the event was abandoned before Iterable confirmed it', statusCode: 504 };
  }
  const because = reason ? ` (${reason})` : '';
  return { status: 'failed', op, attempts, code: why, message: `The destination was stopped before Iterable confirmed the event${because}`, statusCode: 503 };
}
