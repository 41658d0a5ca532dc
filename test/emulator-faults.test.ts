/**
 * Rate limits (driven by an injected clock: no sleeping) and every injected fault kind, over real
 * HTTP on 127.0.0.1; plus the request log, counters and `onRequest`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors.js';
import { ENDPOINTS } from '../src/iterable/endpoints.js';
import { startEmulator, type EmulatorOptions, type RequestLogEntry, type RunningEmulator } from '../src/emulator/index.js';

const KEY = 'fault-key-98765';
const running: RunningEmulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emu = await startEmulator(options);
  running.push(emu);
  return emu;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

async function post(emu: RunningEmulator, path: string, body: unknown, key = KEY): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Api-Key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const user = (email = 'a@b.co') => ({ users: [{ email }] });

describe('rate limits (sliding 1 s window on the injected clock)', () => {
  it('the catalogue limit per project and endpoint: 429 RateLimitExceeded past it, admitted again once the window slides', async () => {
    let now = 10_000;
    const emu = await start({ clock: () => now });
    const limit = ENDPOINTS.bulkUpdateUsers.ratePerSecond;
    for (let i = 0; i < limit; i += 1) expect((await post(emu, '/api/users/bulkUpdate', user())).status).toBe(200);
    const refused = await post(emu, '/api/users/bulkUpdate', user());
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text)).toEqual({ msg: 'Exceeded rate limit.', code: 'RateLimitExceeded' });
    expect(refused.headers.get('retry-after')).toBeNull();
    // The limit is the project's: another key of the project shares it. Another endpoint has its own.
    expect((await post(emu, '/api/users/bulkUpdate', user(), 'other-key-1')).status).toBe(429);
    expect((await post(emu, '/api/events/trackBulk', { events: [{ email: 'a@b.co', eventName: 'x' }] })).status).toBe(200);
    now += 999;
    expect((await post(emu, '/api/users/bulkUpdate', user())).status).toBe(429);
    now += 1;
    expect((await post(emu, '/api/users/bulkUpdate', user())).status).toBe(200);
    expect(emu.state.counters.bulkUpdateUsers.byStatus).toEqual({ 200: limit + 1, 429: 3 });
  });

  it('overrides per endpoint, and false disables limits', async () => {
    const now = 0;
    const limited = await start({ clock: () => now, rateLimits: { trackEvent: 2 } });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post(limited, '/api/events/track', { email: 'a@b.co', eventName: 'x' })).status);
    expect(statuses).toEqual([200, 200, 429]);

    const open = await start({ clock: () => now, rateLimits: false });
    for (let i = 0; i < ENDPOINTS.bulkUpdateUsers.ratePerSecond * 3; i += 1) {
      expect((await post(open, '/api/users/bulkUpdate', user())).status).toBe(200);
    }
  });
});

describe('inject', () => {
  it('latency delays the next matching request, then stops', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.latency(30, { endpoint: 'updateUser' });
    expect(emu.inject.pending()).toBe(1);
    expect((await post(emu, '/api/users/update', { email: 'a@b.co' })).status).toBe(200);
    expect((await post(emu, '/api/users/update', { email: 'a@b.co' })).status).toBe(200);
    expect(emu.state.requests.map((r) => r.fault)).toEqual(['latency', undefined]);
    expect(emu.inject.pending()).toBe(0);
  });

  it('close() does not wait for a request held by latency', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.latency(60_000);
    const pending = post(emu, '/api/users/update', { email: 'a@b.co' });
    // Wait (bounded) until the server has taken the request into the latency fault.
    for (let i = 0; i < 400 && emu.inject.pending() > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(emu.inject.pending()).toBe(0);
    await emu.close();
    await expect(pending).rejects.toThrow();
  });

  it('serverErrors: count replies with the status, only on the named endpoint, without touching state', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.serverErrors({ count: 2, status: 503, endpoint: '/api/users/update' });
    expect((await post(emu, '/api/events/track', { email: 'a@b.co', eventName: 'x' })).status).toBe(200);
    const first = await post(emu, '/api/users/update', { email: 'z@b.co' });
    expect(first.status).toBe(503);
    expect(JSON.parse(first.text).code).toBe('GenericError');
    expect((await post(emu, '/api/users/update', { email: 'z@b.co' })).status).toBe(503);
    expect(emu.state.users.find('z@b.co')).toBeUndefined();
    expect((await post(emu, '/api/users/update', { email: 'z@b.co' })).status).toBe(200);
  });

  it('serverErrors with a rate is deterministic for a seed and mixes errors with successes', async () => {
    const run = async (seed: number) => {
      const emu = await start({ rateLimits: false, seed });
      emu.inject.serverErrors({ rate: 0.5, count: 30, status: 502 });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i += 1) statuses.push((await post(emu, '/api/users/update', { email: 'a@b.co' })).status);
      return statuses;
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect(a).toContain(502);
    expect(a).toContain(200);
  });

  it('rateLimitBurst: the next N requests get 429 with Retry-After when asked', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.rateLimitBurst({ count: 2, retryAfterSeconds: 3, endpoint: 'trackBulk' });
    const body = { events: [{ email: 'a@b.co', eventName: 'x' }] };
    for (let i = 0; i < 2; i += 1) {
      const res = await post(emu, '/api/events/trackBulk', body);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
    }
    expect((await post(emu, '/api/events/trackBulk', body)).status).toBe(200);
    expect(emu.state.events).toHaveLength(1);
  });

  it('dropConnections: no reply at all; afterProcessing drops after the write happened', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.dropConnections({ count: 1 });
    await expect(post(emu, '/api/events/track', { email: 'a@b.co', eventName: 'x', id: 'e1' })).rejects.toThrow();
    expect(emu.state.events).toHaveLength(0);
    emu.inject.dropConnections({ count: 1, afterProcessing: true });
    await expect(post(emu, '/api/events/track', { email: 'a@b.co', eventName: 'x', id: 'e1' })).rejects.toThrow();
    expect(emu.state.events).toHaveLength(1);
    expect(emu.state.requests.map((r) => [r.status, r.fault])).toEqual([
      [0, 'dropConnection'],
      [0, 'dropConnection'],
    ]);
    expect((await post(emu, '/api/events/track', { email: 'a@b.co', eventName: 'x', id: 'e1' })).status).toBe(200);
    expect(emu.state.events).toHaveLength(1);
  });

  it.each([
    [
      'html',
      undefined,
      (text: string, type: string | null) => {
        expect(type).toMatch(/html/);
        expect(text).toMatch(/<html>/);
      },
    ],
    ['empty', 502, (text: string) => expect(text).toBe('')],
    ['truncated', undefined, (text: string) => expect(() => JSON.parse(text)).toThrow()],
  ] as const)('malformedReplies %s (status %s)', async (kind, status, check) => {
    const emu = await start({ rateLimits: false });
    emu.inject.malformedReplies({ count: 1, kind, ...(status === undefined ? {} : { status }) });
    const res = await post(emu, '/api/users/update', { email: 'a@b.co' });
    expect(res.status).toBe(status ?? 200);
    check(res.text, res.headers.get('content-type'));
    expect(emu.state.users.size).toBe(0);
    expect((await post(emu, '/api/users/update', { email: 'a@b.co' })).text).toBe('{"msg":"","code":"Success","params":null}');
  });

  it('malformedReplies afterProcessing truncates the real reply of a stored write', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.malformedReplies({ count: 1, kind: 'truncated', afterProcessing: true });
    const res = await post(emu, '/api/events/trackBulk', { events: [{ email: 'a@b.co', eventName: 'x' }] });
    expect(res.text.startsWith('{"successCount":1')).toBe(true);
    expect(() => JSON.parse(res.text)).toThrow();
    expect(emu.state.events).toHaveLength(1);
  });

  it('failRecords: bulk failedUpdates[reason] (flavour follows the identifier), single-endpoint 4xx, counts down', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.failRecords({ emails: ['x@b.co'], userIds: ['u9'], reason: 'invalidDataEmails' });
    const bulk = JSON.parse((await post(emu, '/api/users/bulkUpdate', { users: [{ email: 'x@b.co' }, { userId: 'u9' }, { email: 'y@b.co' }] })).text);
    expect(bulk).toMatchObject({ successCount: 1, failCount: 2, failedUpdates: { invalidDataEmails: ['x@b.co'], invalidDataUserIds: ['u9'] } });
    expect((await post(emu, '/api/users/bulkUpdate', user('x@b.co'))).text).toContain('"successCount":1');

    emu.inject.failRecords({ emails: ['x@b.co'], reason: 'forgottenEmails', count: 2 });
    for (let i = 0; i < 2; i += 1) {
      const res = await post(emu, '/api/events/track', { email: 'x@b.co', eventName: 'x' });
      expect(res.status).toBe(409);
      expect(JSON.parse(res.text).code).toBe('ForgottenUserError');
    }
    expect((await post(emu, '/api/events/track', { email: 'x@b.co', eventName: 'x' })).status).toBe(200);
    emu.inject.failRecords({ emails: ['x@b.co'], reason: 'invalidEmails' });
    expect(JSON.parse((await post(emu, '/api/users/update', { email: 'x@b.co' })).text).code).toBe('InvalidEmailAddressError');
  });

  it('reset() disarms everything; bad arguments throw ConfigurationError', async () => {
    const emu = await start({ rateLimits: false });
    emu.inject.serverErrors({ count: 5 });
    emu.inject.dropConnections({ count: 5 });
    emu.inject.failRecords({ emails: ['a@b.co'], reason: 'conflictEmails' });
    expect(emu.inject.pending()).toBe(3);
    emu.inject.reset();
    expect(emu.inject.pending()).toBe(0);
    expect((await post(emu, '/api/users/update', { email: 'a@b.co' })).status).toBe(200);
    expect(() => emu.inject.serverErrors({ rate: 2 })).toThrow(ConfigurationError);
    expect(() => emu.inject.serverErrors({ status: 418 as 500 })).toThrow(/status/);
    expect(() => emu.inject.latency(-1)).toThrow(/latency/);
    expect(() => emu.inject.rateLimitBurst({ count: 0 })).toThrow(/count/);
    expect(() => emu.inject.dropConnections({ count: 1, endpoint: 'nope' as 'trackBulk' })).toThrow(/endpoint/);
    expect(() => emu.inject.failRecords({ emails: ['a'], reason: 'weird' as 'invalidEmails' })).toThrow(/reason/);
  });
});

describe('request log', () => {
  it('logs method, path, endpoint, status, bytes and records, calls onRequest, never holds the key', async () => {
    const seen: RequestLogEntry[] = [];
    const emu = await start({ rateLimits: false, onRequest: (entry) => seen.push(entry), clock: () => 5 });
    const body = JSON.stringify({ events: [{ email: 'a@b.co', eventName: 'x' }, { email: 'b@b.co', eventName: 'y' }] });
    await fetch(`${emu.url}/api/events/trackBulk?api_key=${KEY}`, { method: 'POST', headers: { 'Api-Key': KEY }, body });
    expect(emu.state.requests).toEqual([
      { at: 5, method: 'POST', path: '/api/events/trackBulk', endpoint: 'trackBulk', status: 200, bytes: Buffer.byteLength(body), records: 2 },
    ]);
    expect(seen).toEqual(emu.state.requests);
    expect(JSON.stringify(emu.state.requests)).not.toContain(KEY);
    expect(emu.state.counters.trackBulk).toEqual({ requests: 1, records: 2, byStatus: { 200: 1 } });
  });

  it('keeps at least the latest maxLoggedRequests entries', async () => {
    const emu = await start({ rateLimits: false, maxLoggedRequests: 3 });
    for (let i = 0; i < 10; i += 1) await post(emu, '/api/users/update', { email: `u${i}@b.co` });
    expect(emu.state.requests.length).toBeGreaterThanOrEqual(3);
    expect(emu.state.requests.length).toBeLessThanOrEqual(4);
    expect(emu.state.counters.updateUser.requests).toBe(10);
  });
});
