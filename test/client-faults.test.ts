/**
 * The client over real HTTP against the emulator on 127.0.0.1, one test per fault. Backoff never
 * waits on wall time: the injected clock's sleep resolves at once (advancing a virtual now) and
 * records the delay, or is held by the test to observe what waits behind it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createDestination, type DestinationOptions, type Outcome } from '../src/client/index.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index.js';

const KEY = 'test-key-7f3a9c';

/** A clock whose sleeps return at once (advancing `now`), unless `hold()` parks them until `release()`. */
function testClock() {
  let now = 1_700_000_000_000;
  let held = false;
  const sleeps: number[] = [];
  const parked: Array<() => void> = [];
  return {
    sleeps,
    parked,
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const resume of parked.splice(0)) resume();
    },
    clock: {
      now: () => now,
      sleep: (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted();
        sleeps.push(ms);
        if (!held) {
          now += ms;
          return Promise.resolve();
        }
        return new Promise<void>((resolve) => parked.push(() => ((now += ms), resolve())));
      },
    },
  };
}

let running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((emulator) => emulator.close()));
  running = [];
});

async function setup(options: { emulator?: EmulatorOptions; destination?: Partial<DestinationOptions> } = {}) {
  const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false, lists: [{ id: 1 }], ...options.emulator });
  running.push(emulator);
  const time = testClock();
  const outcomes: Array<{ outcome: Outcome; event: unknown }> = [];
  const destination = createDestination({
    settings: { apiKey: KEY },
    baseUrl: emulator.url,
    clock: time.clock,
    random: () => 0.5,
    flushIntervalMs: 60_000, // tests flush explicitly
    // Iterable's 5 and 10 requests/s would make these tests wait on real time; one test keeps real limits.
    rateLimits: { bulkUpdateUsers: 1000, trackBulk: 1000 },
    onOutcome: (outcome, event) => outcomes.push({ outcome, event }),
    ...options.destination,
  });
  return { emulator, destination, time, outcomes };
}

const identify = (i: number | string, traits: Record<string, unknown> = {}) => ({ type: 'identify', userId: `u${i}`, traits: { email: `u${i}@x.io`, ...traits } });
const track = (i: number | string, event = 'Clicked') => ({ type: 'track', userId: `u${i}`, event, messageId: `m-${i}-${event}`, properties: { n: 1 } });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Polls (bounded) until `check` holds; for waiting on the emulator or a parked sleep, never on backoff. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if (check()) return;
    await delay(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('createDestination against the emulator', () => {
  it('delivers identify and track, user updates before events, one bulk request each', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.latency(150, { endpoint: 'bulkUpdateUsers' });
    const sent = [destination.send(track(1)), destination.send(identify(1, { plan: 'pro' })), destination.send(track(2))];
    await destination.flush();
    const outcomes = await Promise.all(sent);
    expect(outcomes.map((o) => o.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(outcomes[1]).toMatchObject({ op: 'updateUser', endpoint: 'bulkUpdateUsers', attempts: 1 });
    // Without phases the unslowed trackBulk would have been answered first.
    expect(emulator.state.requests.map((r) => `${r.endpoint}:${r.records}`)).toEqual(['bulkUpdateUsers:1', 'trackBulk:2']);
    expect(emulator.state.users.find('u1@x.io')?.dataFields).toMatchObject({ plan: 'pro' });
    await destination.close();
  });

  it('flushes when one bulk request group is full, not when the buffer holds maxBatchItems calls of any kind', async () => {
    const { emulator, destination } = await setup({ destination: { maxBatchItems: 10 } });
    // 9 users and 9 events: 18 calls, but neither bulk request is full yet, so nothing is sent.
    const sent = range(9).flatMap((i) => [destination.send(identify(i)), destination.send(track(i))]);
    // A triggered flush takes the buffer within microtasks; after a macrotask it would be empty.
    await new Promise((resolve) => setImmediate(resolve));
    expect(destination.stats().events.buffered).toBe(18);
    expect(emulator.state.requests).toHaveLength(0);
    // The tenth user fills users/bulkUpdate: the flush sends both groups, each in one request.
    sent.push(destination.send(identify(9)));
    await Promise.all(sent);
    expect(emulator.state.requests.map((r) => `${r.endpoint}:${r.records}`)).toEqual(['bulkUpdateUsers:10', 'trackBulk:9']);
    expect(destination.stats().recordsByEndpoint).toEqual({ bulkUpdateUsers: 10, trackBulk: 9 });
    await destination.close();
  });

  it('keeps a user\'s updates in order when a flush holds the user twice and the first request is retried', async () => {
    const { emulator, destination } = await setup({ destination: { maxBatchItems: 2 } });
    emulator.inject.serverErrors({ count: 1, status: 503, endpoint: 'bulkUpdateUsers' });
    const sent = [destination.send(identify('a', { plan: 'old' })), destination.send(identify('b')), destination.send(identify('a', { plan: 'new' }))];
    await destination.close();
    expect((await Promise.all(sent)).map((o) => o.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(emulator.state.requests.map((r) => `${r.endpoint}:${r.status}`)).toEqual(['bulkUpdateUsers:503', 'bulkUpdateUsers:200', 'bulkUpdateUsers:200']);
    expect(emulator.state.users.find('ua@x.io')?.dataFields).toMatchObject({ plan: 'new' });
  });

  it('keeps an endpoint under its rate limit without a single 429', async () => {
    // The client's limit is half the emulator's: request arrival times jitter on a loaded machine,
    // and a limiter that did not hold back at all would still send these 50 requests well above 40/s.
    const { emulator, destination } = await setup({
      emulator: { rateLimits: { trackBulk: 40 } },
      destination: { rateLimits: { trackBulk: 20 }, maxBatchItems: 1 },
    });
    const sent = range(50).map((i) => destination.send(track(i)));
    await destination.close();
    expect((await Promise.all(sent)).every((o) => o.status === 'delivered')).toBe(true);
    expect(emulator.state.counters.trackBulk.byStatus).toEqual({ 200: 50 });
  });

  it('rejects a bad event without any request, with the transform error', async () => {
    const { emulator, destination } = await setup();
    const outcome = await destination.send({ type: 'track', userId: 'u1' });
    expect(outcome).toMatchObject({ status: 'rejected', attempts: 0, statusCode: 400 });
    expect(outcome.code).toBeTruthy();
    expect(outcome.message).toMatch(/event/i);
    await destination.close();
    expect(emulator.state.requests).toHaveLength(0);
  });

  it('retries a share of 5xx replies with jittered backoff until every event is delivered', async () => {
    // More attempts than faulty replies: user updates go one request after another, so one request
    // may meet a long run of the 503s.
    const { emulator, destination, time } = await setup({ destination: { maxBatchItems: 2, maxAttempts: 21 } });
    emulator.inject.serverErrors({ rate: 0.5, count: 20, status: 503 });
    const sent = range(20).map((i) => destination.send(identify(i)));
    await destination.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
    const errors = emulator.state.counters.bulkUpdateUsers.byStatus[503] ?? 0;
    expect(errors).toBeGreaterThan(0);
    expect(destination.stats().retries).toBe(errors);
    expect(time.sleeps).toHaveLength(errors);
    // Full jitter with random() = 0.5: half of base·2^(n-1).
    const jittered = range(21).map((k) => Math.min(250 * 2 ** k, 15_000));
    expect(time.sleeps.filter((ms) => !jittered.includes(ms))).toEqual([]);
    expect(emulator.state.users.size).toBe(20);
  });

  it('fails with the last error once maxAttempts is spent, never retrying past it', async () => {
    const { emulator, destination } = await setup({ destination: { maxAttempts: 3 } });
    emulator.inject.serverErrors({ count: 10, status: 502, endpoint: 'trackBulk' });
    const outcome = destination.send(track(1));
    await destination.close();
    // The emulator's 502 carries Iterable's envelope, so its code is Iterable's.
    expect(await outcome).toMatchObject({ status: 'failed', code: 'GenericError', statusCode: 502, attempts: 3 });
    expect((await outcome).message).toMatch(/gave up after 3 failed attempts/);
    expect(emulator.state.counters.trackBulk.requests).toBe(3);
  });

  it('on a 429 burst honours Retry-After and holds the whole endpoint queue, not only the request that got it', async () => {
    const { emulator, destination, time } = await setup({ destination: { maxBatchItems: 1, maxConcurrentRequests: 1 } });
    emulator.inject.rateLimitBurst({ count: 1, endpoint: 'trackBulk', retryAfterSeconds: 2 });
    time.hold();
    const sent = range(4).map((i) => destination.send(track(i)));
    const flushed = destination.flush();
    await until(() => time.parked.length > 0, 'the 429 pause');
    expect(time.sleeps).toEqual([2000]);
    await delay(100); // room for the next request to go out, were the queue not paused
    expect(emulator.state.counters.trackBulk.requests).toBe(1);
    expect(destination.stats().events.inFlight).toBe(4);
    time.release();
    await flushed;
    const outcomes = await Promise.all(sent);
    expect(outcomes.map((o) => o.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(outcomes[0]!.attempts).toBe(2);
    expect(emulator.state.counters.trackBulk.byStatus).toEqual({ 200: 4, 429: 1 });
    expect(destination.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
    await destination.close();
  });

  it('does not count 429s against maxAttempts', async () => {
    const { emulator, destination } = await setup({ destination: { maxAttempts: 2 } });
    emulator.inject.rateLimitBurst({ count: 4, endpoint: 'bulkUpdateUsers' });
    const outcome = destination.send(identify(1));
    await destination.close();
    expect(await outcome).toMatchObject({ status: 'delivered', attempts: 5 });
  });

  it('retries dropped connections', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.dropConnections({ count: 2, endpoint: 'bulkUpdateUsers' });
    const outcome = destination.send(identify(1));
    await destination.close();
    expect(await outcome).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(emulator.state.users.size).toBe(1);
  });

  it('times out a slow request after requestTimeoutMs and retries it', async () => {
    const { emulator, destination } = await setup({ destination: { requestTimeoutMs: 150 } });
    emulator.inject.latency(1000, { endpoint: 'trackBulk', count: 1 });
    const outcome = destination.send(track(1));
    await destination.close();
    expect(await outcome).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('reports TIMEOUT when every attempt is too slow', async () => {
    const { emulator, destination } = await setup({ destination: { requestTimeoutMs: 100, maxAttempts: 2 } });
    emulator.inject.latency(1000, { endpoint: 'trackBulk', count: 2 });
    const outcome = destination.send(track(1));
    await destination.close();
    expect(await outcome).toMatchObject({ status: 'failed', code: 'TIMEOUT', attempts: 2 });
  });

  it.each(['html', 'empty', 'truncated'] as const)('retries an unreadable %s 200 reply to a bulk call', async (kind) => {
    const { emulator, destination } = await setup();
    emulator.inject.malformedReplies({ count: 1, kind, endpoint: 'bulkUpdateUsers' });
    const outcome = destination.send(identify(1));
    await destination.close();
    expect(await outcome).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('resends an event whose reply was lost after processing without duplicating it (its id upserts)', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.malformedReplies({ count: 1, kind: 'truncated', endpoint: 'trackBulk', afterProcessing: true });
    const outcome = destination.send(track(1));
    await destination.close();
    expect(await outcome).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(emulator.state.events.filter((e) => e.id === 'm-1-Clicked')).toHaveLength(1);
  });

  it('judges an unreadable error reply by its status: 502 HTML is retried, 400 HTML is rejected', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.malformedReplies({ count: 1, kind: 'html', status: 502, endpoint: 'trackBulk' });
    const retried = destination.send(track(1));
    await destination.flush();
    expect(await retried).toMatchObject({ status: 'delivered', attempts: 2 });
    emulator.inject.malformedReplies({ count: 1, kind: 'html', status: 400, endpoint: 'trackBulk' });
    const rejected = destination.send(track(2));
    await destination.close();
    expect(await rejected).toMatchObject({ status: 'rejected', code: 'HTTP_400', attempts: 1 });
    expect((await rejected).message).toMatch(/HTML/);
  });

  it('rejects only the records a 200 bulk reply names, with Iterable reason', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.failRecords({ emails: ['u2@x.io'], reason: 'invalidDataEmails' });
    const sent = range(4).map((i) => destination.send(identify(i)));
    await destination.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes.map((o) => o.status)).toEqual(['delivered', 'delivered', 'rejected', 'delivered']);
    expect(outcomes[2]).toMatchObject({ code: 'INVALID_DATA', message: 'failedUpdates.invalidDataEmails: u2@x.io', attempts: 1 });
    expect(emulator.state.counters.bulkUpdateUsers.requests).toBe(1);
  });

  it('splits a batch refused for a mismatched field type until only the bad record is rejected', async () => {
    const { emulator, destination } = await setup();
    // The first value stored types the field: `age` becomes a number.
    const seed = destination.send(identify('seed', { age: 31 }));
    await destination.flush();
    await seed;
    const sent = range(8).map((i) => destination.send(identify(i, { age: i === 5 ? 'old' : 20 + i })));
    await destination.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes.map((o) => o.status)).toEqual(range(8).map((i) => (i === 5 ? 'rejected' : 'delivered')));
    expect(outcomes[5]).toMatchObject({ code: 'RequestFieldsTypesMismatched', statusCode: 400 });
    expect(destination.stats().splits).toBe(3);
    expect(emulator.state.users.find('u4@x.io')?.dataFields).toMatchObject({ age: 24 });
  });

  it('resends singly the records whose repeated identifier makes a failure ambiguous', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.failRecords({ emails: ['dup@x.io'], reason: 'invalidDataEmails', count: 1 });
    const dup = (n: number) => ({ type: 'identify', userId: 'd', traits: { email: 'dup@x.io', n } });
    const sent = [destination.send(dup(1)), destination.send(identify(9)), destination.send(dup(2))];
    await destination.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes.map((o) => [o.status, o.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 1],
      ['delivered', 2],
    ]);
    expect(destination.stats().resentSingly).toBe(2);
    expect(emulator.state.requests.map((r) => r.records)).toEqual([3, 1, 1]);
  });

  it('close() waits for requests in flight, is idempotent, and rejects later sends with CLOSED', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.latency(200, { endpoint: 'bulkUpdateUsers' });
    const sent = range(3).map((i) => destination.send(identify(i)));
    void destination.flush();
    await until(() => destination.stats().events.inFlight === 3 && destination.stats().events.buffered === 0, 'the flush to start');
    const closing = destination.close();
    expect(destination.close()).toBe(closing);
    await closing;
    expect((await Promise.all(sent)).map((o) => o.status)).toEqual(['delivered', 'delivered', 'delivered']);
    const late = await destination.send(identify(4));
    expect(late).toMatchObject({ status: 'rejected', code: 'CLOSED', attempts: 0 });
    expect(emulator.state.counters.bulkUpdateUsers.requests).toBe(1);
  });

  it('close() past the deadline fails what is still pending instead of hanging', async () => {
    const { emulator, destination } = await setup({ destination: { deadlineMs: 200, requestTimeoutMs: 10_000 } });
    emulator.inject.latency(5_000, { endpoint: 'trackBulk' });
    const sent = [destination.send(track(1)), destination.send(identify(1))];
    await destination.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes[0]).toMatchObject({ status: 'failed', code: 'DEADLINE_EXCEEDED' });
    expect(outcomes[1]).toMatchObject({ status: 'delivered' });
  });

  it('applies backpressure: past maxQueuedEvents, send waits instead of dropping', async () => {
    const { emulator, destination } = await setup({ destination: { maxQueuedEvents: 3 } });
    emulator.inject.latency(50, { endpoint: 'bulkUpdateUsers', count: 10 });
    const sent = range(10).map((i) => destination.send(identify(i)));
    expect(destination.stats().events).toMatchObject({ waiting: 7, buffered: 3 });
    // Each outcome makes room for a held event, and held events are flushed without waiting for the timer.
    const outcomes = await Promise.all(sent);
    expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
    expect(emulator.state.users.size).toBe(10);
    expect(emulator.state.requests.map((r) => r.records)).toEqual([3, 3, 3, 1]);
    await destination.close();
  });

  it('chains a flush asked for during a running flush instead of dropping it', async () => {
    const { emulator, destination } = await setup();
    emulator.inject.latency(100, { endpoint: 'bulkUpdateUsers', count: 1 });
    const first = [destination.send(identify(1)), destination.send(identify(2))];
    const running = destination.flush();
    expect(destination.flush()).toBe(running); // not started yet: the queued flush will take both
    await until(() => destination.stats().events.inFlight === 2, 'the first flush to start');
    const second = [destination.send(identify(3))];
    const chained = destination.flush();
    expect(destination.flush()).toBe(chained);
    expect(chained).not.toBe(running);
    await chained;
    const settled = await Promise.race([Promise.all([...first, ...second]), delay(0).then(() => 'pending')]);
    expect(settled).not.toBe('pending');
    expect(emulator.state.requests.map((r) => r.records)).toEqual([2, 1]);
    await destination.close();
  });

  it('pipelines flushes: the next flush updates its users while the previous one still sends purchases', async () => {
    const { emulator, destination } = await setup();
    const purchase = { type: 'track', event: 'Order Completed', userId: 'u1', properties: { order_id: 'o-1', total: 5, products: [{ product_id: 'p', name: 'P', price: 5, quantity: 1 }] } };
    emulator.inject.latency(400, { endpoint: 'trackPurchase', count: 1 });
    const first = [destination.send(identify(1)), destination.send(purchase)];
    void destination.flush();
    await until(() => emulator.state.requests.some((r) => r.endpoint === 'bulkUpdateUsers'), 'the first user update');
    const second = destination.send(identify(2));
    void destination.flush();
    await until(() => emulator.state.requests.filter((r) => r.endpoint === 'bulkUpdateUsers').length === 2, 'the second flush');
    // The second flush's user update was answered while the first flush's purchase was still held.
    expect(emulator.state.purchases).toHaveLength(0);
    expect((await Promise.all([...first, second])).map((o) => o.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(emulator.state.purchases).toHaveLength(1);
    await destination.close();
  });

  it('close() right after a flush waits for that flush, even when nothing is left to send', async () => {
    // One request at a time: the second purchase is still waiting in its queue when close() is called.
    const { emulator, destination } = await setup({ destination: { maxConcurrentRequests: 1 } });
    const purchase = (id: string) => ({ type: 'track', event: 'Order Completed', userId: 'u1', properties: { order_id: id, total: 5, products: [{ product_id: 'p', name: 'P', price: 5, quantity: 1 }] } });
    emulator.inject.latency(200, { endpoint: 'trackPurchase', count: 1 });
    const sent = [destination.send(identify(1)), destination.send(purchase('o-2')), destination.send(purchase('o-3'))];
    void destination.flush();
    await until(() => emulator.state.requests.some((r) => r.endpoint === 'bulkUpdateUsers'), 'the user update');
    // The buffer is empty now: close()'s own flush has nothing to send, but must not end (and close
    // the connection pool) before the queued purchase is sent.
    await destination.close();
    expect((await Promise.all(sent)).map((o) => `${o.status}${o.code ? ` ${o.code}` : ''}`)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(emulator.state.purchases).toHaveLength(2);
  });

  it('close() leaves no timer behind: a long 429 pause of an endpoint is cancelled', async () => {
    const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false });
    running.push(emulator);
    emulator.inject.rateLimitBurst({ count: 1, endpoint: 'trackBulk', retryAfterSeconds: 600 });
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    // The system clock: the pause is a real 10-minute timer, which must not outlive close().
    const destination = createDestination({ settings: { apiKey: KEY }, baseUrl: emulator.url, flushIntervalMs: 60_000, deadlineMs: 1000 });
    const sent = destination.send(track(1));
    await destination.close();
    expect(await sent).toMatchObject({ status: 'failed' });
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('gives an identify with a device token one outcome, the worst of its two calls', async () => {
    const { emulator, destination, outcomes } = await setup({
      destination: { settings: { apiKey: KEY, registerDeviceOrBrowserApiKey: 'other-key-55aa' } },
    });
    const event = { type: 'identify', userId: 'u1', traits: { email: 'u1@x.io' }, context: { device: { token: 'tok', type: 'ios' }, app: { namespace: 'com.x' } } };
    const outcome = destination.send(event);
    await destination.close();
    // The emulator accepts only KEY, so the token call (sent with the other key) is refused: twice
    // (the confirmation), then token registration stops; the user update with the main key went through.
    expect(await outcome).toMatchObject({ status: 'failed', op: 'registerDeviceToken', code: 'FATAL_AUTH', statusCode: 401, attempts: 2 });
    expect(destination.fatalError()).toBeUndefined();
    expect(outcomes).toHaveLength(1);
    expect(emulator.state.users.size).toBe(1);
    expect(JSON.stringify(outcomes)).not.toContain('other-key-55aa');
  });

  it('never shows the API key in outcomes or stats, even when Iterable refuses it', async () => {
    const { destination, outcomes } = await setup({ destination: { settings: { apiKey: 'wrong-key-0c0c0c' } } });
    const outcome = await Promise.all([destination.send(identify(1)), destination.flush()]);
    expect(outcome[0]).toMatchObject({ status: 'failed', code: 'FATAL_AUTH', statusCode: 401, attempts: 2 });
    await destination.close();
    expect(JSON.stringify([outcomes, destination.stats()])).not.toContain('wrong-key-0c0c0c');
  });

  it('redacts the API key when Iterable echoes it back in a reply', async () => {
    // An event whose email is the key itself: Iterable names the malformed email in its reply.
    const { destination, outcomes } = await setup();
    const sent = destination.send({ type: 'identify', userId: 'u-echo', traits: { email: KEY } });
    await destination.close();
    const outcome = await sent;
    expect(outcome).toMatchObject({ status: 'rejected' });
    expect(outcome.message).toContain('[redacted]');
    // (the event itself holds the key as its email; only what the destination produced is checked)
    expect(JSON.stringify([outcomes.map((o) => o.outcome), destination.stats()])).not.toContain(KEY);
  });
});
