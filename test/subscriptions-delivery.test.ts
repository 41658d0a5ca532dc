/**
 * Subscription preferences end to end over real HTTP against the emulator on 127.0.0.1: identify
 * traits become bulkUpdateSubscriptions requests, Iterable's overwrite semantics hold in the
 * emulator's state, and the reply's own shape is attributed record by record (an invalid email
 * rejects only its event). The single endpoint answers like Iterable too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDestination } from '../src/client/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';

const KEY = 'subs-key-3f9a';
let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('subscription preferences', () => {
  it('overwrite list membership and preferences in one bulk request; an invalid email is rejected alone', async () => {
    const iterable = (running = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false, lists: [{ id: 1 }, { id: 2 }, { id: 3 }] }));
    const plain = createDestination({ settings: { apiKey: KEY, listId: 3 }, baseUrl: iterable.url, flushIntervalMs: 5 });
    await plain.send({ type: 'identify', userId: 'u1', traits: { email: 'ann@example.com' } });
    await plain.close();
    expect(iterable.state.lists.get(3)?.members.size).toBe(1);

    const destination = createDestination({ settings: { apiKey: KEY, subscriptionPreferences: true }, baseUrl: iterable.url, flushIntervalMs: 5 });
    const outcomes = await Promise.all([
      destination.send({ type: 'identify', userId: 'u1', traits: { email: 'ann@example.com', emailListIds: [1, 2], unsubscribedChannelIds: [9] } }),
      destination.send({ type: 'identify', traits: { email: 'not-an-email', emailListIds: [1] } }),
      destination.send({ type: 'identify', userId: 'u3', traits: { email: 'cy@example.com', subscribedMessageTypeIds: [40] } }),
    ]);
    await destination.close();
    expect(outcomes.map((o) => `${o.status} ${o.op} ${o.code ?? ''}`.trim())).toEqual([
      'delivered updateUser',
      'rejected updateUser INVALID_EMAIL',
      'delivered updateUser',
    ]);
    const ann = iterable.state.users.find('ann@example.com')!;
    // Overwritten, not merged: ann left list 3 because it is not in emailListIds.
    expect([1, 2, 3].map((id) => iterable.state.lists.get(id)!.members.has(ann))).toEqual([true, true, false]);
    expect(ann.subscriptions).toEqual({ unsubscribedChannelIds: [9] });
    expect(iterable.state.users.find('cy@example.com')!.subscriptions).toEqual({ subscribedMessageTypeIds: [40] });
    const bulk = iterable.state.requests.filter((request) => request.endpoint === 'bulkUpdateSubscriptions');
    expect(bulk.map((request) => request.records)).toEqual([3]);
    expect(destination.stats().requests).toMatchObject({ bulkUpdateSubscriptions: 1 });
  });

  it('a record Iterable cannot apply is resent alone through a bulk request of one, then rejected', async () => {
    const iterable = (running = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false, lists: [{ id: 1 }] }));
    const destination = createDestination({ settings: { apiKey: KEY, subscriptionPreferences: true }, baseUrl: iterable.url, flushIntervalMs: 5 });
    const outcomes = await Promise.all([
      destination.send({ type: 'identify', userId: 'u1', traits: { emailListIds: [1] } }),
      destination.send({ type: 'identify', userId: 'u2', traits: { emailListIds: [404] } }),
    ]);
    await destination.close();
    expect(outcomes.map((o) => `${o.status} ${o.code ?? ''}`.trim())).toEqual(['delivered', 'rejected SUBSCRIPTION_UPDATE_FAILED']);
    expect(outcomes[1]?.message).toContain('validUserIdFailures: u2');
    expect(iterable.state.requests.filter((request) => request.endpoint === 'bulkUpdateSubscriptions').map((request) => request.records)).toEqual([2, 1]);
  });

  it('the emulator answers the single endpoint like Iterable', async () => {
    const iterable = (running = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false, lists: [{ id: 1 }] }));
    const post = async (body: unknown) => {
      const res = await fetch(`${iterable.url}/api/users/updateSubscriptions`, { method: 'POST', headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { code: string; msg: string } };
    };
    expect(await post({ email: 'z@example.com', emailListIds: [1] })).toMatchObject({ status: 200, body: { code: 'Success' } });
    expect(iterable.state.lists.get(1)!.members.has(iterable.state.users.find('z@example.com')!)).toBe(true);
    expect(await post({ email: 'z@example.com', emailListIds: [2] })).toMatchObject({ status: 400, body: { code: 'BadParams', msg: 'error.lists.invalidListId(2)' } });
    expect((await post({ emailListIds: [1] })).status).toBe(400);
    expect(await post({ email: 'z@example.com', emailListIds: [] })).toMatchObject({ status: 200 });
    expect(iterable.state.lists.get(1)!.members.size).toBe(0);
  });
});
