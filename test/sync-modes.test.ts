/**
 * Sync modes in the client, over real HTTP against the emulator on 127.0.0.1: what each mode
 * sends, skips and leaves unchanged in Iterable (emulator state), how users are looked up (the
 * emulator's request log), and what the outcomes say. Backoff never waits: the injected clock's
 * sleep resolves at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDestination, type DestinationOptions, type Outcome } from '../src/client/index.js';
import { decide, subjectsOf, unknownUserSkip, type Existence, type Subject } from '../src/client/subjects.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index.js';
import type { IterableCall } from '../src/transform/types.js';

const KEY = 'sync-key-5d81e2';

function instantClock() {
  let now = 1_700_000_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: (ms: number, signal?: AbortSignal) => {
        signal?.throwIfAborted();
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    },
  };
}

let running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((emulator) => emulator.close()));
  running = [];
});

async function startIterable(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false, lists: [{ id: 10 }], ...options });
  running.push(emulator);
  return emulator;
}

function destinationFor(emulator: RunningEmulator, settings: Record<string, unknown>, options: Partial<DestinationOptions> = {}) {
  const time = instantClock();
  const outcomes: Outcome[] = [];
  const destination = createDestination({
    settings: { apiKey: KEY, ...settings },
    baseUrl: emulator.url,
    clock: time.clock,
    random: () => 0.5,
    flushIntervalMs: 60_000, // the tests flush explicitly
    // Iterable's 5 and 10 requests/s would make the tests wait on wall time.
    rateLimits: { bulkUpdateUsers: 1000, trackBulk: 1000 },
    onOutcome: (outcome) => outcomes.push(outcome),
    ...options,
  });
  return { destination, time, outcomes };
}

/** Users that exist before the sync under test: created by an ordinary (upsert) destination. */
async function seed(emulator: RunningEmulator, users: Array<{ email?: string; userId?: string; traits: Record<string, unknown> }>) {
  const { destination } = destinationFor(emulator, {});
  const sent = users.map((user) => destination.send({ type: 'identify', userId: user.userId, traits: { ...(user.email ? { email: user.email } : {}), ...user.traits } }));
  await destination.close();
  const outcomes = await Promise.all(sent);
  expect(outcomes.map((o) => o.status)).toEqual(users.map(() => 'delivered'));
  emulator.state.requests.length = 0;
}

const identify = (email: string, traits: Record<string, unknown>, userId?: string) => ({ type: 'identify', ...(userId ? { userId } : {}), traits: { email, ...traits } });
const track = (email: string, event: string) => ({ type: 'track', event, messageId: `${email}-${event}`, properties: { email, n: 1 } });
const order = (email: string, orderId: string) => ({
  type: 'track',
  event: 'Order Completed',
  messageId: `order-${orderId}`,
  context: { traits: { email } },
  properties: { email, order_id: orderId, total: 10, products: [{ product_id: 'p1', name: 'Pen', price: 10, quantity: 1 }] },
});

function lookups(emulator: RunningEmulator) {
  return emulator.state.requests.filter((entry) => entry.endpoint === 'getUserByEmail' || entry.endpoint === 'getUserByUserId');
}

function sends(emulator: RunningEmulator) {
  return emulator.state.requests.filter((entry) => entry.endpoint !== 'getUserByEmail' && entry.endpoint !== 'getUserByUserId');
}

describe('syncMode upsert (default)', () => {
  it('creates and updates users without looking anyone up', async () => {
    const emulator = await startIterable();
    await seed(emulator, [{ email: 'old@x.io', traits: { plan: 'free' } }]);
    const { destination, outcomes } = destinationFor(emulator, {});
    await Promise.all([destination.send(identify('old@x.io', { plan: 'pro' })), destination.send(identify('new@x.io', { plan: 'trial' })), destination.close()]);
    expect(outcomes.map((o) => [o.status, o.code])).toEqual([
      ['delivered', undefined],
      ['delivered', undefined],
    ]);
    expect(emulator.state.users.byEmail.get('old@x.io')?.dataFields.plan).toBe('pro');
    expect(emulator.state.users.byEmail.get('new@x.io')?.dataFields.plan).toBe('trial');
    expect(lookups(emulator)).toHaveLength(0);
    expect(destination.stats().syncMode).toEqual({ lookups: 0, cacheHits: 0, lookupFailures: 0, cached: 0, skipped: { unknownUser: 0, existingUser: 0 } });
  });
});

describe('syncMode createOnly', () => {
  it("leaves an existing user's data unchanged, creates unknown users, and still sends events and lists", async () => {
    const emulator = await startIterable();
    await seed(emulator, [{ email: 'old@x.io', traits: { plan: 'free', score: 1 } }]);
    const { destination, outcomes } = destinationFor(emulator, { syncMode: 'createOnly', listId: 10 });
    const results = await Promise.all([
      destination.send(identify('old@x.io', { plan: 'pro', score: 99 })),
      destination.send(identify('new@x.io', { plan: 'trial' })),
      destination.send(track('old@x.io', 'Clicked')),
      destination.flush(),
    ]);

    expect(results.slice(0, 3).map((o) => o && [o.status, o.code])).toEqual([
      ['delivered', 'SKIPPED_EXISTING_USER'],
      ['delivered', undefined],
      ['delivered', undefined],
    ]);
    expect(results[0]?.message).toBe('syncMode createOnly: the user with email "old@x.io" already exists in Iterable, so its data was left unchanged');
    expect(emulator.state.users.byEmail.get('old@x.io')?.dataFields).toMatchObject({ plan: 'free', score: 1 });
    expect(emulator.state.users.byEmail.get('new@x.io')?.dataFields).toMatchObject({ plan: 'trial' });
    // Only the user updates are decided by a lookup; the existing user still joins the list and gets its event.
    expect(lookups(emulator).map((entry) => entry.path)).toEqual(['/api/users/getByEmail', '/api/users/getByEmail']);
    const members = [...(emulator.state.lists.get(10)?.members ?? [])].map((user) => user.email).sort();
    expect(members).toEqual(['new@x.io', 'old@x.io']);
    expect(emulator.state.events.map((event) => event.eventName)).toEqual(['Clicked']);

    // The user this destination just created is known now: skipped without another lookup.
    const again = await Promise.all([destination.send(identify('new@x.io', { plan: 'enterprise' })), destination.flush()]);
    expect(again[0]).toMatchObject({ status: 'delivered', code: 'SKIPPED_EXISTING_USER' });
    expect(emulator.state.users.byEmail.get('new@x.io')?.dataFields.plan).toBe('trial');
    expect(lookups(emulator)).toHaveLength(2);
    await destination.close();
    expect(destination.stats().syncMode).toMatchObject({ lookups: 2, cacheHits: 1, lookupFailures: 0, skipped: { unknownUser: 0, existingUser: 2 } });
    expect(outcomes).toHaveLength(4);
  });

  it('creates placeholder-email users as <userId>@placeholder.email, once', async () => {
    const emulator = await startIterable();
    const { destination } = destinationFor(emulator, { syncMode: 'createOnly', placeholderEmail: true });
    const first = await Promise.all([destination.send({ type: 'identify', userId: 'mp-77', traits: { tier: 'gold' } }), destination.flush()]);
    const second = await Promise.all([destination.send({ type: 'identify', userId: 'mp-77', traits: { tier: 'lead' } }), destination.flush()]);
    await destination.close();
    expect(first[0]).toMatchObject({ status: 'delivered' });
    expect(first[0].code).toBeUndefined();
    expect(second[0]).toMatchObject({ status: 'delivered', code: 'SKIPPED_EXISTING_USER' });
    const user = emulator.state.users.byEmail.get('mp-77@placeholder.email');
    expect(user).toMatchObject({ email: 'mp-77@placeholder.email', userId: 'mp-77' });
    expect(user?.dataFields.tier).toBe('gold');
    expect(emulator.state.users.size).toBe(1);
    // Looked up by the placeholder email, and only once: the created user was cached by both identifiers.
    expect(lookups(emulator).map((entry) => entry.path)).toEqual(['/api/users/getByEmail']);
  });
});

describe('syncMode updateOnly, existenceCheck flag (Iterable decides)', () => {
  it('sends updateOnly / updateExistingUsersOnly, updates known users, and reports unknown ones as skipped', async () => {
    const emulator = await startIterable();
    await seed(emulator, [{ email: 'old@x.io', userId: 'old-1', traits: { plan: 'free' } }]);
    const { destination } = destinationFor(emulator, { syncMode: 'updateOnly', listId: 10 });
    const [known, unknown] = await Promise.all([
      destination.send(identify('old@x.io', { plan: 'pro' }, 'old-1')),
      destination.send(identify('ghost@x.io', { plan: 'pro' }, 'ghost-1')),
      destination.flush(),
    ]);
    await destination.close();

    expect(known).toMatchObject({ status: 'delivered' });
    expect(known?.code).toBeUndefined();
    expect(unknown).toMatchObject({ status: 'delivered', code: 'SKIPPED_UNKNOWN_USER', op: 'updateUser' });
    expect(unknown?.message).toContain('failedUpdates.notFoundEmails: ghost@x.io');
    expect(emulator.state.users.byEmail.get('old@x.io')?.dataFields.plan).toBe('pro');
    expect(emulator.state.users.find('ghost@x.io')).toBeUndefined();
    expect(emulator.state.users.find('ghost-1')).toBeUndefined();
    expect(emulator.state.users.size).toBe(1);
    expect([...(emulator.state.lists.get(10)?.members ?? [])].map((user) => user.email)).toEqual(['old@x.io']);
    expect(lookups(emulator)).toHaveLength(0);
    // Both calls of the unknown user (bulkUpdate and subscribe) were skipped by Iterable's flags.
    expect(destination.stats().syncMode.skipped).toEqual({ unknownUser: 2, existingUser: 0 });
  });

  it('a not-found record on a request without the flag stays a rejection', () => {
    const rejected = { status: 'rejected', code: 'NOT_FOUND', message: 'failedUpdates.notFoundEmails: a@x.io' };
    expect(unknownUserSkip('subscribeToList', { listId: 1, subscribers: [] }, rejected)).toBeUndefined();
    expect(unknownUserSkip('bulkUpdateUsers', { users: [] }, rejected)).toBeUndefined();
    expect(unknownUserSkip('bulkUpdateUsers', { users: [], updateOnly: true }, { ...rejected, code: 'FORGOTTEN_USER' })).toBeUndefined();
    expect(unknownUserSkip('bulkUpdateUsers', { users: [], updateOnly: true }, rejected)).toMatchObject({ status: 'delivered', code: 'SKIPPED_UNKNOWN_USER' });
    expect(unknownUserSkip('subscribeToList', { listId: 1, subscribers: [], updateExistingUsersOnly: true }, rejected)).toMatchObject({ code: 'SKIPPED_UNKNOWN_USER' });
  });
});

describe('syncMode updateOnly, existenceCheck lookup', () => {
  it('never creates a user: every call of an unknown user is skipped, known users go as usual', async () => {
    const emulator = await startIterable();
    await seed(emulator, [{ email: 'old@x.io', traits: { plan: 'free' } }]);
    const { destination } = destinationFor(emulator, { syncMode: 'updateOnly', existenceCheck: 'lookup', listId: 10 });
    const events = [
      identify('old@x.io', { plan: 'pro' }),
      track('old@x.io', 'Clicked'),
      identify('ghost@x.io', { plan: 'pro' }),
      track('ghost@x.io', 'Clicked'),
      order('ghost@x.io', 'o-1'),
      { type: 'track', event: 'Opened', messageId: 'uid-1', userId: 'ghost-9', properties: {} },
    ];
    const results = await Promise.all([...events.map((event) => destination.send(event)), destination.flush()]);
    await destination.close();

    expect(results.slice(0, 6).map((o) => o && [o.status, o.code])).toEqual([
      ['delivered', undefined],
      ['delivered', undefined],
      ['delivered', 'SKIPPED_UNKNOWN_USER'],
      ['delivered', 'SKIPPED_UNKNOWN_USER'],
      ['delivered', 'SKIPPED_UNKNOWN_USER'],
      ['delivered', 'SKIPPED_UNKNOWN_USER'],
    ]);
    expect(emulator.state.users.size).toBe(1);
    expect(emulator.state.users.byEmail.get('old@x.io')?.dataFields.plan).toBe('pro');
    expect(emulator.state.events.map((event) => event.email)).toEqual(['old@x.io']);
    expect(emulator.state.purchases).toHaveLength(0);
    // A user known only by userId is looked up by userId.
    expect(lookups(emulator).map((entry) => entry.path).sort()).toEqual([
      '/api/users/byUserId/ghost-9',
      '/api/users/getByEmail',
      '/api/users/getByEmail',
    ]);
    // The unknown user's calls never left: only the known user's update, event and list call went out.
    const sent = sends(emulator).map((entry) => `${entry.endpoint} ${entry.records}`);
    expect(sent[0]).toBe('bulkUpdateUsers 1'); // user updates first; the rest of a phase goes in parallel
    expect(sent.slice(1).sort()).toEqual(['subscribeToList 1', 'trackBulk 1']);
    // The bulk update does not need Iterable's updateOnly flag in this mode.
    expect(destination.stats().syncMode).toMatchObject({ lookups: 3, skipped: { unknownUser: 5, existingUser: 0 } });
  });

  it('looks each distinct user up once per flush, and caches answers across flushes', async () => {
    const emulator = await startIterable();
    await seed(emulator, [{ email: 'old@x.io', traits: { n: 0 } }]);
    const { destination } = destinationFor(emulator, { syncMode: 'updateOnly', existenceCheck: 'lookup' });
    const burst = (round: number) =>
      Array.from({ length: 20 }, (_, i) => destination.send(i % 2 === 0 ? track('old@x.io', `E${round}-${i}`) : track('ghost@x.io', `E${round}-${i}`)));
    const first = await Promise.all([...burst(1), destination.flush()]);
    expect(lookups(emulator)).toHaveLength(2);
    const second = await Promise.all([...burst(2), destination.flush()]);
    await destination.close();

    expect(lookups(emulator)).toHaveLength(2);
    expect(emulator.state.counters.getUserByEmail.requests).toBe(2);
    const codes = [...first, ...second].filter((o): o is Outcome => o !== undefined).map((o) => o.code ?? 'sent');
    expect(codes.filter((code) => code === 'sent')).toHaveLength(20);
    expect(codes.filter((code) => code === 'SKIPPED_UNKNOWN_USER')).toHaveLength(20);
    expect(emulator.state.events).toHaveLength(20);
    expect(destination.stats().syncMode).toMatchObject({ lookups: 2, cacheHits: 38, lookupFailures: 0, cached: 2 });
  });

  it('retries a lookup on 5xx and 429 like any other request', async () => {
    const emulator = await startIterable();
    await seed(emulator, [{ email: 'old@x.io', traits: {} }]);
    const { destination, time } = destinationFor(emulator, { syncMode: 'updateOnly', existenceCheck: 'lookup' });
    emulator.inject.serverErrors({ count: 2, status: 503, endpoint: 'getUserByEmail' });
    emulator.inject.rateLimitBurst({ count: 1, endpoint: 'getUserByEmail' });
    const [outcome] = await Promise.all([destination.send(track('old@x.io', 'Clicked')), destination.flush()]);
    await destination.close();
    expect(outcome).toMatchObject({ status: 'delivered' });
    expect(outcome?.code).toBeUndefined();
    expect(emulator.state.counters.getUserByEmail.byStatus).toEqual({ 200: 1, 429: 1, 503: 2 });
    expect(emulator.inject.pending()).toBe(0);
    expect(time.sleeps.length).toBeGreaterThanOrEqual(3); // backoff went through the injected clock
    expect(destination.stats()).toMatchObject({ rateLimited: 1, syncMode: { lookups: 1, lookupFailures: 0 } });
  });

  it('a lookup that fails for good fails its events and sends nothing for them', async () => {
    const emulator = await startIterable();
    const { destination } = destinationFor(emulator, { syncMode: 'updateOnly', existenceCheck: 'lookup' }, { maxAttempts: 3 });
    emulator.inject.serverErrors({ count: 3, status: 500, endpoint: 'getUserByEmail' });
    const results = await Promise.all([destination.send(identify('a@x.io', { n: 1 })), destination.send(track('a@x.io', 'Clicked')), destination.flush()]);
    await destination.close();
    for (const outcome of results.slice(0, 2)) {
      expect(outcome).toMatchObject({ status: 'failed', statusCode: 500, attempts: 0 });
      expect(outcome?.message).toMatch(/^Could not check whether the user with email "a@x.io" exists: Iterable answered 500 .*gave up after 3 failed attempts$/);
      expect(JSON.stringify(outcome)).not.toContain(KEY);
    }
    expect(sends(emulator)).toHaveLength(0);
    expect(lookups(emulator)).toHaveLength(3);
    expect(destination.stats().syncMode).toMatchObject({ lookups: 1, lookupFailures: 1, cached: 0 });
  });

  it('a lookup still waiting when close() passes the deadline fails its event, and close() returns', async () => {
    const emulator = await startIterable();
    const { destination } = destinationFor(emulator, { syncMode: 'createOnly' }, { deadlineMs: 50 });
    emulator.inject.latency(20_000, { endpoint: 'getUserByEmail' });
    const sent = destination.send(identify('slow@x.io', {}));
    await destination.close();
    expect(await sent).toMatchObject({ status: 'failed', code: 'DEADLINE_EXCEEDED' });
    expect(sends(emulator)).toHaveLength(0);
    expect(emulator.state.users.size).toBe(0);
  });

  it('a refused lookup (bad API key) is confirmed once, then stops the destination and fails the event', async () => {
    const emulator = await startIterable();
    const time = instantClock();
    const destination = createDestination({
      settings: { apiKey: 'wrong-key-0000', syncMode: 'createOnly' },
      baseUrl: emulator.url,
      clock: time.clock,
      flushIntervalMs: 60_000,
    });
    const [outcome] = await Promise.all([destination.send(identify('a@x.io', {})), destination.flush()]);
    await destination.close();
    expect(outcome).toMatchObject({ status: 'failed', code: 'FATAL_AUTH', statusCode: 401 });
    expect(JSON.stringify(outcome)).not.toContain('wrong-key-0000');
    expect(lookups(emulator)).toHaveLength(2);
    expect(emulator.state.users.size).toBe(0);
  });
});

describe('the docs/sync-modes.md example', () => {
  it('gives the outcome and stats the page shows', async () => {
    const emulator = await startIterable({ lists: [{ id: 5150 }] });
    const { destination } = destinationFor(emulator, { syncMode: 'updateOnly', existenceCheck: 'lookup', listId: 5150 });
    const [outcome] = await Promise.all([destination.send({ type: 'identify', userId: 'cust-1', traits: { email: 'ivy@example.com', plan: 'pro' } }), destination.flush()]);
    await destination.close();
    expect(outcome).toEqual({
      status: 'delivered',
      code: 'SKIPPED_UNKNOWN_USER',
      op: 'updateUser',
      message: 'syncMode updateOnly: the user with email "ivy@example.com" does not exist in Iterable, so nothing was sent for it',
      attempts: 0,
    });
    expect(destination.stats().syncMode).toEqual({ lookups: 1, cacheHits: 1, lookupFailures: 0, cached: 1, skipped: { unknownUser: 2, existingUser: 0 } });
  });
});

describe('sync-mode decisions (pure)', () => {
  const known = (...keys: string[]) => (subject: Subject): Existence => ({ exists: keys.includes(subject.key) });
  const subscribe = (emails: string[]): IterableCall => ({ op: 'subscribeToList', body: { listId: 1, subscribers: emails.map((email) => ({ email })) } });
  const update: IterableCall = { op: 'updateUser', body: { email: 'a@x.io', userId: 'a', dataFields: { n: 1 } } };

  it.each([
    ['upsert sends everything', 'upsert', update, known(), 'send'],
    ['createOnly skips an existing user', 'createOnly', update, known('e:a@x.io'), 'skip'],
    ['createOnly sends an unknown user', 'createOnly', update, known(), 'send'],
    ['createOnly sends list calls of existing users', 'createOnly', subscribe(['a@x.io']), known('e:a@x.io'), 'send'],
    ['updateOnly skips an unknown user', 'updateOnly', update, known(), 'skip'],
    ['updateOnly looks up by email when both identifiers are there', 'updateOnly', update, known('u:a'), 'skip'],
    ['updateOnly sends a known user', 'updateOnly', update, known('e:a@x.io'), 'send'],
    ['updateOnly sends catalog items', 'updateOnly', { op: 'upsertCatalogItem', catalog: 'c', body: { update: {}, catalogId: '1' } } as IterableCall, known(), 'send'],
  ] as const)('%s', (_name, mode, call, existence, action) => {
    expect(decide(call, mode, existence).action).toBe(action);
  });

  it('updateOnly keeps only the known subscribers of a list call, without touching the input', () => {
    const call = subscribe(['a@x.io', 'b@x.io']);
    const before = structuredClone(call);
    const decision = decide(call, 'updateOnly', known('e:b@x.io'));
    expect(decision).toEqual({ action: 'send', call: { op: 'subscribeToList', body: { listId: 1, subscribers: [{ email: 'b@x.io' }] } } });
    expect(call).toEqual(before);
  });

  it('a lookup error fails the call with the error named', () => {
    const decision = decide(update, 'createOnly', () => ({ error: { code: 'TIMEOUT', message: 'GET /api/users/getByEmail timed out', statusCode: 504 } }));
    expect(decision).toEqual({
      action: 'fail',
      code: 'TIMEOUT',
      statusCode: 504,
      message: 'Could not check whether the user with email "a@x.io" exists: GET /api/users/getByEmail timed out',
    });
  });

  it('names purchase users, the current email of an email change, and every subscriber', () => {
    expect(subjectsOf({ op: 'trackPurchase', body: { user: { userId: 'u1' }, items: [], total: 1 } } as IterableCall).map((s) => s?.key)).toEqual(['u:u1']);
    expect(subjectsOf({ op: 'updateEmail', body: { currentEmail: 'a@x.io', currentUserId: 'a', newEmail: 'b@x.io' } }).map((s) => s?.key)).toEqual(['e:a@x.io']);
    expect(subjectsOf(subscribe(['a@x.io', 'b@x.io'])).map((s) => s?.key)).toEqual(['e:a@x.io', 'e:b@x.io']);
    expect(subjectsOf({ op: 'deleteUser', body: { userId: 'u1' } })).toEqual([]);
  });
});
