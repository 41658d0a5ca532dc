/**
 * sendAll: one outcome per event, indexes in input order, and backpressure: never more than
 * `window` events read ahead of the outcomes consumed. A fake `send` decides when outcomes come.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Breaker } from '../src/client/breaker.js';
import type { Outcome } from '../src/client/outcome.js';
import { sendAll } from '../src/client/send-all.js';
import { IterableApiError, NetworkError } from '../src/errors.js';

/** A source that counts how far it has been read. */
function counted(total: number) {
  const state = { read: 0 };
  async function* source(): AsyncGenerator<number> {
    for (let i = 0; i < total; i += 1) {
      state.read = i + 1;
      yield i;
    }
  }
  return { state, source };
}

const delivered: Outcome = { status: 'delivered', attempts: 1 };

describe('sendAll', () => {
  it('gives every event one outcome and never reads more than the window ahead of the consumer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.array(fc.nat(3), { minLength: 1, maxLength: 20 }), async (total, window, delays) => {
        const { state, source } = counted(total);
        let sent = 0;
        const send = async (): Promise<Outcome> => {
          const wait = delays[sent % delays.length] as number;
          sent += 1;
          for (let i = 0; i < wait; i += 1) await Promise.resolve();
          return delivered;
        };
        const seen: number[] = [];
        for await (const { index, event } of sendAll(send, source(), { window })) {
          expect(event).toBe(index);
          seen.push(index);
          // Read so far, minus consumed (this one included): within the window.
          expect(state.read - seen.length).toBeLessThanOrEqual(window);
        }
        expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
      }),
      { numRuns: 80 },
    );
  });

  it('stops reading when the signal aborts, and still answers what was read', async () => {
    const { state, source } = counted(1000);
    const stop = new AbortController();
    const outcomes: number[] = [];
    for await (const { index } of sendAll(async () => delivered, source(), { window: 10, signal: stop.signal })) {
      outcomes.push(index);
      if (outcomes.length === 25) stop.abort();
    }
    expect(state.read).toBeLessThan(1000);
    expect(outcomes.length).toBe(state.read);
  });

  it('reads plain iterables too, and rethrows a failing source after answering what it gave', async () => {
    const results: number[] = [];
    for await (const { index } of sendAll(async () => delivered, [10, 20, 30], { window: 2 })) results.push(index);
    expect(results.sort()).toEqual([0, 1, 2]);
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      yield 2;
      throw new Error('disk gone');
    }
    const answered: number[] = [];
    await expect(
      (async () => {
        for await (const { index } of sendAll(async () => delivered, broken(), { window: 5 })) answered.push(index);
      })(),
    ).rejects.toThrow('disk gone');
    expect(answered.sort()).toEqual([0, 1]);
  });
});

describe('Breaker', () => {
  const refused = () => new IterableApiError('Iterable answered 401 (BadApiKey: Invalid API key)', { statusCode: 401, retryable: false, code: 'FATAL_AUTH', iterableCode: 'BadApiKey' });
  const refusedConnection = () => new NetworkError('POST /api/users/bulkUpdate failed before a complete reply: ECONNREFUSED', { code: 'CONNECTION_ERROR', unreachable: true });

  it('trips on the second refusal of the main key, once', () => {
    const trips: string[] = [];
    const breaker = new Breaker((error) => trips.push(error.code));
    expect(breaker.refused(refused(), 'main')).toBeUndefined();
    expect(breaker.refused(refused(), 'main')).toMatchObject({ code: 'FATAL_AUTH', statusCode: 401 });
    breaker.refused(refused(), 'main');
    expect(trips).toEqual(['FATAL_AUTH']);
  });

  it('a refused token key stops token requests only', () => {
    const breaker = new Breaker(() => undefined);
    breaker.refused(refused(), 'token');
    breaker.refused(refused(), 'token');
    expect(breaker.trippedFor('token')).toMatchObject({ code: 'FATAL_AUTH' });
    expect(breaker.trippedFor('main')).toBeUndefined();
    expect(breaker.tripped).toBeUndefined();
  });

  it('trips after three unreachable attempts in a row; any reply in between starts the count again', () => {
    const breaker = new Breaker(() => undefined);
    breaker.failedToConnect(refusedConnection());
    breaker.failedToConnect(refusedConnection());
    breaker.reached();
    breaker.failedToConnect(refusedConnection());
    breaker.failedToConnect(refusedConnection());
    expect(breaker.tripped).toBeUndefined();
    expect(breaker.failedToConnect(refusedConnection())).toMatchObject({ code: 'ENDPOINT_UNREACHABLE' });
  });

  it('timeouts and resets never count as unreachable', () => {
    const breaker = new Breaker(() => undefined);
    for (let i = 0; i < 10; i += 1) breaker.failedToConnect(new NetworkError('timeout', { code: 'TIMEOUT' }));
    expect(breaker.tripped).toBeUndefined();
  });
});
