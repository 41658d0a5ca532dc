/**
 * The RudderStack contract against the bundled Iterable emulator over real HTTP on 127.0.0.1:
 * router output delivered through the proxy, record-level failures, throttling and 5xx, user deletion.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/emulator/index.js';
import type { RunningEmulator } from '../src/emulator/index.js';
import { deleteUsers, proxy, routerTransform, type ProxyRequest } from '../src/rudderstack/index.js';

const TS = '2020-08-28T16:26:06.468Z';
const DEST = { ID: 'dest-1', Config: { apiKey: 'testApiKey', registerDeviceOrBrowserApiKey: 'tokenKey', trackAllPages: true } };
const meta = (jobId: number) => ({ jobId, destinationId: 'dest-1', workspaceId: 'ws-1' });
const event = (jobId: number, message: Record<string, unknown>) => ({ message, metadata: meta(jobId), destination: DEST });

type Entry = { batchedRequest: ProxyRequest | ProxyRequest[]; metadata: unknown[] };

/** What rudder-server does with a router output: each request of an entry goes to the proxy with the entry's jobs. */
async function deliverAll(output: Entry[], baseUrl: string) {
  const results = [];
  for (const entry of output) {
    const requests = Array.isArray(entry.batchedRequest) ? entry.batchedRequest : [entry.batchedRequest];
    for (const request of requests) results.push(await proxy({ ...request, metadata: entry.metadata }, { baseUrl }));
  }
  return results;
}

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterEach(() => emulator.close());

describe('router output delivered to the emulator', () => {
  it('creates the users and events, and every job succeeds', async () => {
    const input = [
      event(1, { type: 'identify', userId: 'u1', traits: { email: 'u1@example.com', plan: 'pro' }, context: { os: { token: 'browser-1' } } }),
      event(2, { type: 'track', event: 'Clicked', userId: 'u1', properties: { button: 'buy' }, timestamp: TS }),
      event(3, { type: 'page', name: 'Home', userId: 'u1', properties: { path: '/' }, timestamp: TS }),
      event(4, { type: 'identify', userId: 'u2', traits: { email: 'u2@example.com' } }),
    ];
    const { output } = routerTransform({ input, destType: 'iterable' }) as { output: Entry[] };
    const results = await deliverAll(output, emulator.url);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.response.every((job) => job.statusCode === 200 && job.error === 'success')).toBe(true);
    }
    const { users, events } = emulator.state;
    expect(users.byUserId.get('u1')).toMatchObject({ email: 'u1@example.com', dataFields: expect.objectContaining({ plan: 'pro' }) });
    expect(users.byUserId.get('u1')!.browserTokens).toEqual(['browser-1']);
    expect(users.byEmail.get('u2@example.com')?.userId).toBe('u2');
    expect(events.map((e) => e.eventName).sort()).toEqual(['Clicked', 'Home page']);
    expect(emulator.state.counters.bulkUpdateUsers.requests).toBe(1);
    expect(emulator.state.counters.trackBulk.requests).toBe(1);
  });

  it('fails only the job whose record Iterable refused', async () => {
    emulator.inject.failRecords({ emails: ['bad@example.com'], reason: 'invalidEmails' });
    const input = [
      event(1, { type: 'identify', userId: 'u1', traits: { email: 'bad@example.com' } }),
      event(2, { type: 'identify', userId: 'u2', traits: { email: 'ok@example.com' } }),
    ];
    const { output } = routerTransform({ input }) as { output: Entry[] };
    const [result] = await deliverAll(output, emulator.url);
    expect(result!.response).toEqual([
      { statusCode: 400, metadata: meta(1), error: 'email error:"bad@example.com" in "invalidEmails,failedUpdates.invalidEmails".' },
      { statusCode: 200, metadata: meta(2), error: 'success' },
    ]);
  });

  it.each([
    ['429', (e: RunningEmulator) => e.inject.rateLimitBurst({ count: 1 }), 429, 'throttled'],
    ['503', (e: RunningEmulator) => e.inject.serverErrors({ count: 1, status: 503 }), 503, 'retryable'],
  ] as const)('reports a %s for every job of the batch', async (_name, arm, status, errorType) => {
    arm(emulator);
    const { output } = routerTransform({ input: [event(1, { type: 'identify', userId: 'u1' }), event(2, { type: 'identify', userId: 'u2' })] }) as {
      output: Entry[];
    };
    const [result] = await deliverAll(output, emulator.url);
    expect(result).toMatchObject({ status, statTags: { errorCategory: 'network', errorType, feature: 'dataDelivery' } });
    expect(result!.response.map((job) => job.statusCode)).toEqual([status, status]);
  });

  it('reports a wrong API key as an aborted 401', async () => {
    await emulator.close();
    emulator = await startEmulator({ port: 0, apiKeys: ['otherKey'] });
    const { output } = routerTransform({ input: [event(1, { type: 'identify', userId: 'u1' })] }) as { output: Entry[] };
    const [result] = await deliverAll(output, emulator.url);
    expect(result).toMatchObject({ status: 401, statTags: { errorType: 'aborted' } });
    expect(JSON.stringify(result)).not.toContain('testApiKey');
  });
});

describe('deleteUsers against the emulator', () => {
  it('deletes existing users; an unknown one (Iterable: 400 "User does not exist") is a collected failure, as RudderStack reports it', async () => {
    const { output } = routerTransform({ input: [event(1, { type: 'identify', userId: 'u1', traits: { email: 'u1@example.com' } })] }) as {
      output: Entry[];
    };
    await deliverAll(output, emulator.url);
    expect(emulator.state.users.byUserId.has('u1')).toBe(true);
    const results = await deleteUsers(
      [{ destType: 'ITERABLE', config: { apiKey: 'testApiKey' }, userAttributes: [{ userId: 'u1' }, { userId: 'never-seen' }] }],
      { baseUrl: emulator.url },
    );
    expect(results).toEqual([
      {
        statusCode: 400,
        error: `User deletion request failed for userIds : ${JSON.stringify([{ userId: 'never-seen', Reason: 'User does not exist. Email:  UserId: never-seen' }])}`,
      },
    ]);
    expect(emulator.state.users.byUserId.has('u1')).toBe(false);
    expect(emulator.state.deletedUsers.map((user) => user.userId)).toEqual(['u1']);
  });
});
