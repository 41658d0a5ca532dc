/**
 * `destination.sendAll(events)`: a stream of events in, a stream of outcomes out, with
 * backpressure end to end. At most `window` events are read and not yet consumed as outcomes, so
 * the source is pulled only as fast as Iterable answers and the caller takes the answers: memory is
 * flat whatever the length of the input.
 */
import type { Outcome } from './outcome.js';

export interface SentOutcome {
  /** 0-based position of the event in the input. */
  readonly index: number;
  readonly event: unknown;
  readonly outcome: Outcome;
}

export interface SendAllOptions {
  /** Most events read whose outcome has not been consumed yet. */
  readonly window: number;
  /**
   * Stops reading when it aborts; what was read still gets its outcome. A `next()` already asked
   * of the source is awaited, so end a source that can block (destroy the stream) as well.
   */
  readonly signal?: AbortSignal | undefined;
}

export async function* sendAll(
  send: (event: unknown) => Promise<Outcome>,
  events: AsyncIterable<unknown> | Iterable<unknown>,
  options: SendAllOptions,
): AsyncGenerator<SentOutcome> {
  const iterator = Symbol.asyncIterator in events ? (events as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (events as Iterable<unknown>)[Symbol.iterator]();
  const ready: SentOutcome[] = [];
  let head = 0; // ready[head..] not yet yielded (compacted now and then: no O(n) shift per outcome)
  let inFlight = 0;
  let reading = true;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let room: (() => void) | undefined;
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const pump = async (): Promise<void> => {
    let index = 0;
    try {
      while (reading && !options.signal?.aborted) {
        while (inFlight + ready.length - head >= options.window) {
          await new Promise<void>((resolve) => {
            room = resolve;
          });
          if (!reading) return;
        }
        // Not raced with the signal: an event the source hands over is read, so it is sent and
        // answered. A source that may block (an idle pipe) should be ended along with the signal.
        const next = await iterator.next();
        if (next.done) break;
        const position = index++;
        const event = next.value;
        inFlight += 1;
        void send(event).then((outcome) => {
          inFlight -= 1;
          ready.push({ index: position, event, outcome });
          notify();
        });
      }
    } catch (error) {
      failure = { error };
    } finally {
      reading = false;
      notify();
    }
  };
  const pumping = pump();

  try {
    for (;;) {
      if (head < ready.length) {
        const item = ready[head] as SentOutcome;
        head += 1;
        if (head > 1024 && head * 2 > ready.length) {
          ready.splice(0, head);
          head = 0;
        }
        const resolve = room;
        room = undefined;
        resolve?.();
        yield item;
        continue;
      }
      if (!reading && inFlight === 0) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    await pumping;
    if (failure) throw failure.error;
  } finally {
    // The caller stopped early, or the input ended: stop reading and let the source clean up.
    reading = false;
    room?.();
    // Not awaited: a source blocked in next() (an idle stdin) finishes its return() only after that.
    if (!options.signal?.aborted) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
