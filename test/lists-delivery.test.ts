/**
 * List subscribe / unsubscribe from event to Iterable: transform makes one call per list and
 * event, the planner merges them per list (count cap and byte limit), the client reads the reply
 * record by record. End to end over real HTTP against the emulator on 127.0.0.1; the request
 * counts of a realistic mix are checked against their lower bound with the pure planner.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planRequests } from '../src/batch/plan.js';
import type { PlanEntry } from '../src/batch/types.js';
import { createDestination, type DestinationOptions, type Outcome } from '../src/client/index.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index.js';
import { ENDPOINTS } from '../src/iterable/endpoints.js';
import { parseSettings } from '../src/settings.js';
import { transformWith } from '../src/transform/transform.js';
import type { IterableCall } from '../src/transform/types.js';

const KEY = 'lists-key-93b1c0';
const AUDIENCES = { alpha: 1, beta: 2, gamma: 3 };

let running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((emulator) => emulator.close()));
  running = [];
});

async function setup(emulatorOptions: EmulatorOptions = {}, options: Partial<DestinationOptions> = {}) {
  const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false, lists: [{ id: 1 }, { id: 2 }, { id: 3 }], ...emulatorOptions });
  running.push(emulator);
  let now = 1_700_000_000_000;
  const destination = createDestination({
    settings: { apiKey: KEY, audienceLists: AUDIENCES },
    baseUrl: emulator.url,
    clock: { now: () => now, sleep: (ms) => ((now += ms), Promise.resolve()) },
    random: () => 0.5,
    flushIntervalMs: 60_000, // the tests flush explicitly
    rateLimits: { bulkUpdateUsers: 1000, trackBulk: 1000 },
    ...options,
  });
  return { emulator, destination };
}

const enter = (user: string, audience: string) => ({
  type: 'track',
  event: 'Audience Entered',
  userId: user,
  context: { traits: { email: `${user}@x.io` } },
  properties: { audience_key: audience },
});
const exit = (user: string, audience: string) => ({ ...enter(user, audience), event: 'Audience Exited' });
const toList = (user: string, listId: number) => ({ ...enter(user, 'unused'), properties: { list_id: listId } });

function listRequests(emulator: RunningEmulator, endpoint: 'subscribeToList' | 'unsubscribeFromList') {
  return emulator.state.requests.filter((entry) => entry.endpoint === endpoint);
}

function members(emulator: RunningEmulator, listId: number): string[] {
  return [...(emulator.state.lists.get(listId)?.members ?? [])].map((user) => user.email ?? '').sort();
}

describe('list delivery, end to end', () => {
  it('merges subscribers per list, never over the count cap, and every user lands on its list', async () => {
    const { emulator, destination } = await setup({}, { maxBatchItems: 100 });
    const audiences = Object.keys(AUDIENCES);
    // 250 users per audience, interleaved so each list's records are spread over the whole input.
    const sent = Array.from({ length: 750 }, (_, i) => destination.send(enter(`user-${i}`, audiences[i % 3] as string)));
    await destination.close();
    const outcomes = await Promise.all(sent);

    expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
    const requests = listRequests(emulator, 'subscribeToList');
    expect(requests.every((entry) => entry.status === 200 && entry.records <= 100)).toBe(true);
    // One flush of 750 calls: ceil(250 / 100) requests for each of the 3 lists, the lower bound.
    expect(requests).toHaveLength(9);
    expect(requests.map((entry) => entry.records).reduce((a, b) => a + b, 0)).toBe(750);
    for (const [index, listId] of [1, 2, 3].entries()) {
      expect(members(emulator, listId)).toEqual(
        Array.from({ length: 250 }, (_, k) => `user-${k * 3 + index}@x.io`).sort(),
      );
    }
  });

  it('within one flush, the last list call per user and list wins: enter then exit leaves, exit then enter stays', async () => {
    const { emulator, destination } = await setup();
    // bo is a member of alpha before the flush; ann is not.
    const before = destination.send(enter('bo', 'alpha'));
    await destination.flush();
    expect((await before).status).toBe('delivered');
    const sent = [
      destination.send(enter('ann', 'alpha')),
      destination.send(exit('ann', 'alpha')),
      destination.send(exit('bo', 'alpha')),
      destination.send(enter('bo', 'alpha')),
    ];
    await destination.close();
    const outcomes = await Promise.all(sent);
    expect(outcomes.map((o) => `${o.status} ${o.code ?? ''}`.trim())).toEqual(['delivered SUPERSEDED', 'delivered', 'delivered SUPERSEDED', 'delivered']);
    expect(members(emulator, 1)).toEqual(['bo@x.io']);
  });

  it('splits a list request at the byte limit, envelope included', async () => {
    const { emulator, destination } = await setup({}, { maxBatchBytes: 2_000 });
    const sent = Array.from({ length: 120 }, (_, i) => destination.send(enter(`user-${i}`, i < 60 ? 'alpha' : 'beta')));
    await destination.close();
    expect((await Promise.all(sent)).every((o) => o.status === 'delivered')).toBe(true);
    const requests = listRequests(emulator, 'subscribeToList');
    expect(requests.every((entry) => entry.bytes <= 2_000)).toBe(true);
    // Each subscriber is about 60 bytes, so ~30 fit; far more than one request per list is needed.
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.map((entry) => entry.records).reduce((a, b) => a + b, 0)).toBe(120);
    expect(members(emulator, 1)).toHaveLength(60);
    expect(members(emulator, 2)).toHaveLength(60);
  });

  it('gives each record its own outcome: forgotten rejected, not-found unsubscribe delivered, unknown list rejected with Iterable msg', async () => {
    const { emulator, destination } = await setup({ forgotten: ['gone@x.io'] });
    const sent = [
      destination.send(enter('ann', 'alpha')),
      destination.send(enter('gone', 'alpha')),
      destination.send(enter('bob', 'beta')),
      destination.send(exit('nobody', 'beta')), // never on the list
      destination.send(toList('cid', 99)),
      destination.send(toList('dan', 99)),
    ];
    await destination.flush();
    const outcomes: Outcome[] = await Promise.all(sent);

    expect(outcomes.map((o) => [o.status, o.code])).toEqual([
      ['delivered', undefined],
      ['rejected', 'FORGOTTEN_USER'],
      ['delivered', undefined],
      ['delivered', undefined],
      ['rejected', 'HTTP_400'],
      ['rejected', 'HTTP_400'],
    ]);
    expect(outcomes[1]?.message).toBe('failedUpdates.forgottenEmails: gone@x.io');
    for (const outcome of outcomes.slice(4)) {
      expect(outcome).toMatchObject({ statusCode: 400, attempts: 1, endpoint: 'subscribeToList' });
      expect(outcome.message).toBe('Iterable answered 400 (Success: error.lists.invalidListId(99))');
    }
    // The invalid list's request went once (not retried, not split) and carried both records.
    const refused = emulator.state.requests.filter((entry) => entry.status === 400);
    expect(refused.map((entry) => [entry.endpoint, entry.records])).toEqual([['subscribeToList', 2]]);
    expect(members(emulator, 1)).toEqual(['ann@x.io']);
    expect(members(emulator, 2)).toEqual(['bob@x.io']);

    // Leaving an audience takes the user off its list; the other list keeps its member.
    const [left] = await Promise.all([destination.send(exit('ann', 'alpha')), destination.flush()]);
    await destination.close();
    expect(left).toMatchObject({ status: 'delivered' });
    expect(members(emulator, 1)).toEqual([]);
    expect(members(emulator, 2)).toEqual(['bob@x.io']);
    expect(destination.stats().outcomesByCode).toEqual({ FORGOTTEN_USER: 1, HTTP_400: 2 });
  });

  it('in updateOnly mode an unknown subscriber is skipped, not created, and a known one joins', async () => {
    // bo exists in the project before the sync; ghost does not.
    const seed = await setup();
    const seeded = seed.destination.send({ type: 'identify', userId: 'bo', traits: { email: 'bo@x.io' } });
    await seed.destination.close();
    expect((await seeded).status).toBe('delivered');
    const destination = createDestination({
      settings: { apiKey: KEY, audienceLists: AUDIENCES, syncMode: 'updateOnly' },
      baseUrl: seed.emulator.url,
      flushIntervalMs: 60_000,
    });
    const sent = [destination.send(enter('ghost', 'alpha')), destination.send(enter('bo', 'alpha'))];
    await destination.close();
    const [ghost, bo] = await Promise.all(sent);
    expect(ghost).toMatchObject({ status: 'delivered', code: 'SKIPPED_UNKNOWN_USER' });
    expect(bo).toMatchObject({ status: 'delivered' });
    expect(bo?.code).toBeUndefined();
    expect(seed.emulator.state.users.size).toBe(1);
    expect(members(seed.emulator, 1)).toEqual(['bo@x.io']);
  });
});

describe('requests per 1,000 events against the lower bound (planner)', () => {
  const settings = parseSettings({ apiKey: KEY, audienceLists: AUDIENCES });
  const audiences = Object.keys(AUDIENCES);

  /** 20 % audience enter / exit over 3 lists, 40 % identify, 30 % track, 10 % page; deterministic. */
  function mixedEvent(i: number): unknown {
    const user = `user-${i % 700}`;
    const slot = i % 10;
    if (slot < 2) return slot === 0 ? enter(user, audiences[i % 3] as string) : exit(user, audiences[(i >> 1) % 3] as string);
    if (slot < 6) return { type: 'identify', userId: user, traits: { email: `${user}@x.io`, plan: i % 2 ? 'pro' : 'free', seen: i } };
    if (slot < 9) return { type: 'track', userId: user, event: `Clicked ${i % 5}`, messageId: `m-${i}`, properties: { n: i } };
    return { type: 'page', userId: user, name: 'Home', messageId: `p-${i}`, properties: { url: 'https://x.io/' } };
  }

  function entriesFor(count: number): PlanEntry[] {
    const entries: PlanEntry[] = [];
    for (let i = 0; i < count; i += 1) {
      const result = transformWith(mixedEvent(i), settings);
      if (!result.ok) throw result.error;
      for (const call of result.calls) entries.push({ ref: i, call });
    }
    return entries;
  }

  /** Sum over (bulk endpoint, list) of ceil(records / cap): no plan can use fewer requests. */
  function lowerBound(calls: readonly IterableCall[]): number {
    const records = new Map<string, number>();
    for (const call of calls) {
      const group =
        call.op === 'subscribeToList' || call.op === 'unsubscribeFromList'
          ? `${call.op}:${call.body.listId}`
          : call.op === 'updateUser' ? 'bulkUpdateUsers' : call.op === 'trackEvent' ? 'trackBulk' : `${call.op}:${records.size}`;
      const count = call.op === 'subscribeToList' || call.op === 'unsubscribeFromList' ? call.body.subscribers.length : 1;
      records.set(group, (records.get(group) ?? 0) + count);
    }
    return [...records.values()].reduce((sum, n) => sum + Math.ceil(n / ENDPOINTS.subscribeToList.maxItems), 0);
  }

  it.each([1_000, 10_000])('%i mixed events: as few requests as the limits allow', (count) => {
    const entries = entriesFor(count);
    const plan = planRequests(entries, { settings });
    expect(plan.rejected).toEqual([]);
    expect(plan.requests.length).toBe(lowerBound(entries.map((entry) => entry.call)));
    for (const request of plan.requests) {
      expect(request.calls.length).toBeLessThanOrEqual(1000);
      expect(request.bytes).toBeLessThanOrEqual(4_000_000);
      // A list request carries one list only.
      if (request.endpoint === 'subscribeToList' || request.endpoint === 'unsubscribeFromList') {
        expect(new Set(request.calls.map((call) => (call.body as { listId: number }).listId)).size).toBe(1);
      }
    }
    // 1,000 events: 1 bulkUpdate + 1 trackBulk + 3 subscribe + 3 unsubscribe.
    if (count === 1_000) expect(plan.requests.map((r) => r.endpoint).sort()).toEqual([
      'bulkUpdateUsers',
      'subscribeToList',
      'subscribeToList',
      'subscribeToList',
      'trackBulk',
      'unsubscribeFromList',
      'unsubscribeFromList',
      'unsubscribeFromList',
    ]);
  });

  it('3 lists x 2,500 subscribers: 3 requests per list, none over 1,000', () => {
    const entries: PlanEntry[] = Array.from({ length: 7_500 }, (_, i) => {
      const result = transformWith(enter(`user-${i}`, audiences[i % 3] as string), settings);
      if (!result.ok) throw result.error;
      return { ref: i, call: result.calls[0] as IterableCall };
    });
    const plan = planRequests(entries, { settings });
    expect(plan.requests).toHaveLength(9);
    expect(plan.requests.map((r) => r.calls.length).sort((a, b) => a - b)).toEqual([500, 500, 500, 1000, 1000, 1000, 1000, 1000, 1000]);
  });
});
