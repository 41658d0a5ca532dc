/**
 * Malformed 2xx replies, over real HTTP against the emulator: on every endpoint a 2xx whose body
 * is not that endpoint's reply (an HTML page, counts as strings) is `MALFORMED_REPLY`, never
 * delivered, retried like a 5xx and never resent record by record; and an endpoint answering
 * garbage does not hold back the others.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDestination, type Outcome } from '../src/client/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { ENDPOINTS, type EndpointName } from '../src/iterable/endpoints.js';
import { opSpec, type CallOp } from '../src/ops/index.js';
import type { IterableCall } from '../src/transform/types.js';

const KEY = 'malformed-key-5e5e';

interface Fixture {
  name: string;
  settings: Record<string, unknown>;
  input: unknown;
  expected: { ok: boolean; calls?: Array<{ op: string; body?: { listId?: number } }> };
}

function fixtures(dir: string): Fixture[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return fixtures(path);
    if (!name.endsWith('.json')) return [];
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Fixture>;
    return parsed.settings && parsed.input !== undefined && parsed.expected?.ok && parsed.expected.calls?.length === 1 ? [parsed as Fixture] : [];
  });
}

/** One fixture event per op the transforms emit: the first that makes exactly that one call. */
const byOp = new Map<string, Fixture>();
for (const fixture of fixtures(join(import.meta.dirname, '..', 'fixtures'))) {
  const op = fixture.expected.calls?.[0]?.op as string;
  if (!byOp.has(op)) byOp.set(op, fixture);
}

// A token registration always comes with its user update: the worst of the two is the outcome.
byOp.set('registerDeviceToken', {
  name: 'identify with a device token',
  settings: { apiKey: KEY },
  input: { type: 'identify', userId: 'tok-user', traits: { email: 'tok@x.io' }, context: { device: { token: 'tok', type: 'ios' }, app: { namespace: 'com.x' } } },
  expected: { ok: true, calls: [{ op: 'registerDeviceToken' }] },
});

let running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((emulator) => emulator.close()));
  running = [];
});

const instant = { now: () => Date.now(), sleep: (_ms: number, signal?: AbortSignal) => (signal?.throwIfAborted(), Promise.resolve()) };

describe('a malformed 2xx on each endpoint', () => {
  const cases = [...byOp.entries()].flatMap(([op, fixture]) => (['html', 'wrongTypes'] as const).map((kind) => [op, kind, fixture] as const));

  it('covers every op a transform emits', () => {
    expect([...byOp.keys()].sort()).toEqual(expect.arrayContaining(['trackEvent', 'trackPurchase', 'updateCart', 'updateEmail', 'updateUser', 'registerDeviceToken', 'subscribeToList', 'upsertCatalogItem']));
  });

  it.each(cases)('%s, %s body: MALFORMED_REPLY after maxAttempts, two requests, not delivered', async (op, kind, fixture) => {
    // The endpoint the call travels to: its bulk endpoint, the one its op routes it to, or its own.
    const call = fixture.expected.calls?.[0] as IterableCall;
    const routed = opSpec(op as CallOp).single?.route?.(call as never)?.endpoint;
    const endpoint = ((ENDPOINTS[op as EndpointName] as { batchInto?: string }).batchInto ?? routed ?? op) as EndpointName;
    const listId = fixture.expected.calls?.[0]?.body?.listId;
    const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false, ...(listId === undefined ? {} : { lists: [{ id: listId }] }) });
    running.push(emulator);
    emulator.inject.malformedReplies({ count: 100, kind, endpoint });
    const destination = createDestination({
      settings: { ...fixture.settings, apiKey: KEY, registerDeviceOrBrowserApiKey: KEY },
      baseUrl: emulator.url,
      clock: instant,
      maxAttempts: 2,
      flushIntervalMs: 60_000,
    });
    const outcome = destination.send(fixture.input);
    await destination.close();
    expect(await outcome).toMatchObject({ status: 'failed', code: 'MALFORMED_REPLY', attempts: 2 });
    expect(emulator.state.counters[endpoint].requests).toBe(2);
    expect(destination.stats().resentSingly).toBe(0);
  });

  it('a bulk request answered with counts as strings is retried whole, never record by record', async () => {
    const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false });
    running.push(emulator);
    emulator.inject.malformedReplies({ count: 100, kind: 'wrongTypes', endpoint: 'bulkUpdateUsers' });
    const destination = createDestination({ settings: { apiKey: KEY }, baseUrl: emulator.url, clock: instant, maxAttempts: 3, flushIntervalMs: 60_000 });
    const outcomes = Array.from({ length: 300 }, (_, i) => destination.send({ type: 'identify', userId: `u${i}`, traits: { email: `u${i}@x.io` } }));
    await destination.close();
    const settled = await Promise.all(outcomes);
    expect(settled.every((o) => o.status === 'failed' && o.code === 'MALFORMED_REPLY')).toBe(true);
    // One request of 300 users, three attempts: no resend of each user alone.
    expect(emulator.state.counters.bulkUpdateUsers.requests).toBe(3);
    expect(emulator.state.users.size).toBe(0);
  });
});

describe('no head-of-line blocking across endpoints', () => {
  it('tracks on trackBulk are delivered while users/bulkUpdate answers garbage', async () => {
    const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false });
    running.push(emulator);
    emulator.inject.malformedReplies({ count: 1_000_000, kind: 'html', endpoint: 'bulkUpdateUsers' });
    const order: Outcome['code'][] = [];
    const settledOps: string[] = [];
    const destination = createDestination({
      settings: { apiKey: KEY },
      baseUrl: emulator.url,
      // bulkUpdate keeps failing far longer than the tracks need (many attempts, every one refused).
      maxAttempts: 40,
      clock: { now: () => Date.now(), sleep: (_ms, signal) => new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 25);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      }) },
      troubleHoldMs: 0,
      flushIntervalMs: 60_000,
      onOutcome: (outcome) => {
        order.push(outcome.code);
        settledOps.push(outcome.op ?? '');
      },
    });
    const users = Array.from({ length: 300 }, (_, i) => destination.send({ type: 'identify', userId: `u${i}`, traits: { email: `u${i}@x.io` } }));
    const tracks = Array.from({ length: 200 }, (_, i) => destination.send({ type: 'track', userId: `t${i}`, event: 'Clicked', messageId: `m${i}` }));
    void destination.flush();
    const delivered = await Promise.all(tracks);
    expect(delivered.every((o) => o.status === 'delivered')).toBe(true);
    // Every track was answered while every user update was still being retried.
    expect(settledOps.filter((op) => op === 'updateUser')).toHaveLength(0);
    expect(emulator.state.counters.trackBulk.requests).toBeGreaterThan(0);
    await destination.abort('test over');
    expect((await Promise.all(users)).every((o) => o.status === 'failed')).toBe(true);
  });
});
