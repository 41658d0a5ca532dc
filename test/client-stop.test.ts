/**
 * close({ drainMs }) and abort(): a bounded drain, then every event without an outcome is
 * `failed` / `ABORTED`; abort() settles them before it returns. The emulator holds every request
 * (latency), so nothing can be answered in time; no test waits on a measured time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDestination, type Outcome } from '../src/client/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';

const KEY = 'stop-key-7777';
let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function slowDestination() {
  emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false });
  emulator.inject.latency(60_000, { count: 1000 });
  const destination = createDestination({ settings: { apiKey: KEY }, baseUrl: emulator.url, flushIntervalMs: 60_000 });
  const outcomes = Array.from({ length: 20 }, (_, i) => destination.send({ type: 'track', userId: `u${i}`, event: 'Read', messageId: `m${i}` }));
  void destination.flush();
  const started = emulator;
  // The requests are out and held: wait for the emulator to have them (bounded polling).
  for (let i = 0; i < 500 && started.state.requests.length === 0 && destination.stats().requests.trackBulk === undefined; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { destination, outcomes };
}

describe('stopping a destination', () => {
  it('close({ drainMs: 0 }) gives what is still in flight failed / ABORTED', async () => {
    const { destination, outcomes } = await slowDestination();
    await destination.close({ drainMs: 0 });
    const settled: Outcome[] = await Promise.all(outcomes);
    expect(settled.every((o) => o.status === 'failed' && o.code === 'ABORTED')).toBe(true);
    expect(settled[0]!.message).toMatch(/stopped before Iterable confirmed/);
  });

  it('abort() settles every pending event before it returns, and later sends are refused', async () => {
    const { destination, outcomes } = await slowDestination();
    const seen: string[] = [];
    outcomes.forEach((outcome) => void outcome.then((o) => seen.push(o.code ?? '')));
    const stopped = destination.abort('shutting down');
    await Promise.resolve(); // the outcome promises resolve on the next microtask
    await Promise.resolve();
    expect(seen).toHaveLength(20);
    await stopped;
    expect((await outcomes[0])!.message).toMatch(/shutting down/);
    expect(await destination.send({ type: 'track', userId: 'late', event: 'Read' })).toMatchObject({ status: 'rejected', code: 'CLOSED' });
  });

  it('a later close({ drainMs }) shortens a close() already waiting', async () => {
    const { destination, outcomes } = await slowDestination();
    const waiting = destination.close(); // would wait up to deadlineMs (120 s)
    await destination.close({ drainMs: 0 });
    await waiting;
    expect((await Promise.all(outcomes)).every((o) => o.code === 'ABORTED')).toBe(true);
  });

  it('refuses a drainMs that is not a number of milliseconds', async () => {
    const destination = createDestination({ settings: { apiKey: KEY }, baseUrl: 'http://127.0.0.1:9' });
    await expect(destination.close({ drainMs: -1 })).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'drainMs' });
    await destination.close();
  });
});
