/**
 * The shared budget's Lua arithmetic, run by a real redis-server with an injected `now` (ARGV):
 * every number below is exact, and the properties hold for any arrival pattern fast-check finds.
 */
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ACQUIRE_LUA, COOL_DOWN_LUA } from '../src/client/redis-script.js';
import { describeRedis, startRedis, type RedisProcess } from './redis-server.js';

describeRedis('the budget scripts on redis-server', () => {
  let server: RedisProcess;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.flushall();
  });

  const acquire = async (now: number | '', interval = 220, count = 1, key = 'tat') => Number(await redis.eval(ACQUIRE_LUA, 2, key, `${key}:cool`, String(interval), String(count), String(now)));
  const coolDown = async (now: number, ms: number, key = 'tat') => Number(await redis.eval(COOL_DOWN_LUA, 1, `${key}:cool`, String(ms), String(now)));

  it('spaces starts one interval apart, whoever asks, and forgets a schedule that is in the past', async () => {
    expect(await acquire(1000)).toBe(0);
    expect(await acquire(1000)).toBe(220);
    expect(await acquire(1100)).toBe(340); // starts at 1440
    expect(await acquire(1440)).toBe(220); // the next free start is 1660
    expect(await acquire(5000)).toBe(0); // idle for seconds: no credit is saved up, no debt either
    expect(await acquire(5000)).toBe(220);
  });

  it('books `count` starts at once', async () => {
    expect(await acquire(0, 100, 3)).toBe(0);
    expect(await acquire(0, 100, 1)).toBe(300);
  });

  it('keys expire a second after their last booked start', async () => {
    await acquire(0, 220, 1);
    await acquire(0, 220, 1); // next free start: 440
    const ttl = await redis.pttl('tat');
    expect(ttl).toBeGreaterThan(1000);
    expect(ttl).toBeLessThanOrEqual(1440);
    await coolDown(0, 3000);
    expect(await redis.pttl('tat:cool')).toBeLessThanOrEqual(4000);
    expect(await redis.pttl('tat:cool')).toBeGreaterThan(3000);
  });

  it('a cool-down holds every start until it ends, and a shorter one never shortens it', async () => {
    expect(await coolDown(1000, 2000)).toBe(2000);
    expect(await coolDown(1500, 100)).toBe(1500); // still ends at 3000
    expect(await acquire(1500)).toBe(1500);
    expect(await acquire(1500)).toBe(1720);
  });

  it("with an empty `now` the script uses Redis's own clock", async () => {
    expect(await acquire('', 60_000)).toBe(0);
    const wait = await acquire('', 60_000);
    expect(wait).toBeGreaterThan(50_000); // the second start is a minute after the first, by Redis TIME
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it('property: for any arrivals, starts are at least one interval apart and no rolling second holds more than the rate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), count: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 60 }),
        async (rate, arrivals) => {
          await redis.flushall();
          const interval = 1100 / rate;
          let now = 0;
          const starts: number[] = [];
          for (const { gap, count } of arrivals) {
            now += gap;
            const wait = await acquire(now, interval, count);
            expect(wait).toBeGreaterThanOrEqual(0);
            // The first of `count` starts at now + wait; the rest follow one interval apart.
            for (let i = 0; i < count; i += 1) starts.push(now + wait + i * interval);
          }
          // Waits are rounded up to whole ms, so a start is never earlier than its booked moment.
          for (let i = 1; i < starts.length; i += 1) expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(interval - 1);
          for (let i = 0; i < starts.length; i += 1) {
            const inWindow = starts.filter((t) => t >= (starts[i] as number) && t < (starts[i] as number) + 1000).length;
            expect(inWindow).toBeLessThanOrEqual(Math.max(1, rate));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
