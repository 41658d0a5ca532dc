/**
 * redisBudget in process, against a real redis-server and the bundled emulator (rate limits on):
 * two destinations stand for two processes of one project. Outages are real: the server is killed
 * and started again mid-run.
 */
import { Redis } from 'ioredis';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createDestination, type Destination, type Outcome } from '../src/client/index.js';
import { defaultProject, redisBudget, type RedisBudgetOptions } from '../src/client/redis-budget.js';
import { RATE_WINDOW_MARGIN_MS, type BudgetContext } from '../src/client/budget.js';
import { ENDPOINTS } from '../src/iterable/endpoints.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { describeRedis, maxPerRollingSecond, startRedis, watchEmulatorLoop, type RedisProcess } from './redis-server.js';

const KEY = 'redis-budget-test-key';
// trackBulk requests per second, on the emulator and in the client: runs take a few seconds, and the
// 100 ms window margin leaves room for a few requests that a busy event loop bunches on arrival.
const RATE = 100;
const track = (i: number) => ({ type: 'track', userId: `u${i}`, event: 'Clicked', messageId: `m-${i}`, properties: { n: i } });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The test's own connection, quiet while the server is down (its commands then fail, as they should). */
function testClient(url: string): Redis {
  const client = new Redis(url);
  client.on('error', () => undefined);
  return client;
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i += 1) {
    if (await check()) return;
    await delay(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Real servers on a shared machine: generous time limits (nothing here asserts a duration).
const SLOW = { timeout: 120_000 };

describeRedis('redisBudget against redis-server and the emulator', () => {
  let server: RedisProcess;
  let redis: Redis;
  let emulator: RunningEmulator;
  const destinations: Destination[] = [];

  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    redis = testClient(server.url);
    await redis.flushall();
    emulator = await startEmulator({ port: 0, apiKeys: [KEY, `${KEY}-2`], rateLimits: { trackBulk: RATE }, storeEvents: false });
  });
  afterEach(async () => {
    await Promise.all(destinations.splice(0).map((destination) => destination.close()));
    await emulator.close();
    redis.disconnect();
  });

  function sender(budget: RedisBudgetOptions, apiKey = KEY) {
    const outcomes: Outcome[] = [];
    const destination = createDestination({
      settings: { apiKey },
      baseUrl: emulator.url,
      maxBatchItems: 1,
      flushIntervalMs: 20,
      rateLimits: { trackBulk: RATE },
      rateBudget: redisBudget(budget),
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    destinations.push(destination);
    return { destination, outcomes };
  }

  const trackBulk = () => emulator.state.requests.filter((entry) => entry.endpoint === 'trackBulk');

  it('two destinations of one project together stay under the limit: no 429, no rolling second over it (but for a stalled loop), every event one outcome', SLOW, async () => {
    // Senders and emulator share this event loop: one stall both delays starts (up to the 50 ms at
    // which a start is booked again) and bunches arrivals, so half the margin is the threshold here.
    const stalls = watchEmulatorLoop(RATE_WINDOW_MARGIN_MS / 2);
    const a = sender({ url: server.url });
    const b = sender({ url: server.url });
    const events = range(120);
    const sent = [...events.map((i) => a.destination.send(track(i))), ...events.map((i) => b.destination.send(track(1000 + i)))];
    await Promise.all([a.destination.close(), b.destination.close()]);
    const outcomes = await Promise.all(sent);
    expect(outcomes.filter((o) => o.status === 'delivered')).toHaveLength(240);
    expect(a.outcomes).toHaveLength(120);
    expect(b.outcomes).toHaveLength(120);
    const allowed = stalls();
    expect(trackBulk().filter((entry) => entry.status === 429).length).toBeLessThanOrEqual(allowed);
    expect(trackBulk().filter((entry) => entry.status === 200)).toHaveLength(240);
    expect(maxPerRollingSecond(trackBulk().map((entry) => entry.at))).toBeLessThanOrEqual(RATE + allowed);
  });

  it('the project key is a digest of API key and data centre (never the key), and `project` overrides it', SLOW, async () => {
    const a = sender({ url: server.url });
    await a.destination.send(track(1)).then(() => a.destination.close());
    const keys = await redis.keys('*');
    expect(keys).toEqual([`iterable-destination:{${defaultProject(KEY, 'USDC')}}:trackBulk`]);
    expect(keys.join()).not.toContain(KEY);
    expect(defaultProject(KEY, 'EUDC')).not.toBe(defaultProject(KEY, 'USDC'));
    await redis.flushall();
    const b = sender({ url: server.url, project: 'shop-eu' }, `${KEY}-2`);
    await b.destination.send(track(2)).then(() => b.destination.close());
    expect(await redis.keys('*')).toEqual(['iterable-destination:{shop-eu}:trackBulk']);
  });

  it('a 429 seen by one process cools the endpoint down for the others (shared cool-down key)', SLOW, async () => {
    const sleeps: number[] = [];
    let now = 1_000_000;
    const context: BudgetContext = {
      apiKey: KEY,
      dataCenter: 'USDC',
      ratePerSecond: (endpoint) => ENDPOINTS[endpoint].ratePerSecond,
      clock: { now: () => now, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) },
    };
    const options = { client: redis, clock: () => now };
    const first = redisBudget(options)(context);
    const second = redisBudget(options)(context);
    const signal = new AbortController().signal;
    await second.acquire('trackBulk', 1, signal);
    expect(sleeps).toEqual([]);
    first.rateLimited('trackBulk', 5000);
    await until(async () => (await redis.exists(`iterable-destination:{${defaultProject(KEY, 'USDC')}}:trackBulk:cool-down`)) === 1, 'the cool-down key');
    now += 1000;
    const slept = () => sleeps.reduce((sum, ms) => sum + ms, 0);
    await second.acquire('trackBulk', 1, signal);
    expect(slept()).toBe(4000); // the rest of the cool-down the other budget reported
    // Another endpoint is not held.
    await second.acquire('bulkUpdateUsers', 1, signal);
    expect(slept()).toBe(4000);
    await Promise.all([first.close(), second.close()]);
    expect(redis.status).toBe('ready'); // a client of the caller's is never closed
  });

  it("Redis killed mid-run with onBudgetError 'local': everything is delivered, one warning, sharing resumes when Redis is back", SLOW, async () => {
    const warnings: string[] = [];
    const a = sender({ url: server.url, retryAfterMs: 50, onWarning: (message) => warnings.push(message) });
    const sent = range(200).map((i) => a.destination.send(track(i)));
    await until(() => trackBulk().length >= 10, 'ten requests');
    await server.stop();
    await until(() => warnings.length >= 1, 'the outage warning');
    await until(() => trackBulk().length >= 60, 'requests paced locally');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Redis is unreachable .*pacing this process alone at 1\/4 of each limit/);
    await server.start();
    redis.disconnect();
    redis = testClient(server.url);
    await until(() => warnings.length >= 2, 'sharing to resume');
    expect(warnings[1]).toMatch(/Redis answers again/);
    expect(await redis.keys('*')).toHaveLength(1); // the schedule lives in Redis again
    await a.destination.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes.map((o) => o.status)).toEqual(range(200).map(() => 'delivered'));
    expect(trackBulk().filter((entry) => entry.status === 429)).toHaveLength(0);
    expect(trackBulk()).toHaveLength(200);
    expect(warnings).toHaveLength(2);
  });

  it("Redis killed mid-run with onBudgetError 'fail': the rest fail with RATE_BUDGET_UNAVAILABLE, nothing is lost or sent twice", SLOW, async () => {
    const warnings: string[] = [];
    const a = sender({ url: server.url, onBudgetError: 'fail', retryAfterMs: 60_000, onWarning: (message) => warnings.push(message) });
    const sent = range(200).map((i) => a.destination.send(track(i)));
    await until(() => trackBulk().length >= 10, 'ten requests');
    await server.stop();
    await a.destination.close();
    const outcomes = await Promise.all(sent);
    const delivered = outcomes.filter((o) => o.status === 'delivered');
    const failed = outcomes.filter((o) => o.status === 'failed');
    expect(delivered.length + failed.length).toBe(200);
    expect(delivered.length).toBeGreaterThanOrEqual(10);
    expect(failed.length).toBeGreaterThan(0);
    for (const outcome of failed) expect(outcome).toMatchObject({ code: 'RATE_BUDGET_UNAVAILABLE', statusCode: 503, attempts: 0 });
    expect(failed[0]?.message).toMatch(/shared rate budget on Redis is unreachable .*onBudgetError is 'fail'/);
    // What Iterable accepted is exactly what was reported delivered.
    expect(trackBulk().filter((entry) => entry.status === 200)).toHaveLength(delivered.length);
    expect(warnings).toHaveLength(1);
    await server.start();
  });

  it('refuses bad options, naming the option and never echoing a URL', () => {
    expect(() => redisBudget({} as RedisBudgetOptions)).toThrow(/`url` .*exactly one/);
    expect(() => redisBudget({ url: 'http://:secret@host' })).toThrow(/redis:\/\//);
    expect(() => redisBudget({ url: 'http://:secret@host' })).not.toThrow(/secret/);
    expect(() => redisBudget({ url: server.url, project: 'a b' })).toThrow(/project/);
    expect(() => redisBudget({ url: server.url, project: '__proto__{x}' })).toThrow(/project/);
    expect(() => redisBudget({ url: server.url, onBudgetError: 'retry' as 'fail' })).toThrow(/onBudgetError/);
    expect(() => redisBudget({ url: server.url, assumedProcesses: 0 })).toThrow(/assumedProcesses/);
    expect(() => redisBudget({ url: server.url, colour: 1 } as RedisBudgetOptions)).toThrow(/Unknown redisBudget option `colour`/);
  });
});
