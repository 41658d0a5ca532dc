/**
 * The emulator over real HTTP on 127.0.0.1: routing, auth, body checks, every single-record route's
 * success and validation error, lookups, options. Bulk semantics: emulator-bulk.test.ts; rate
 * limits and faults: emulator-faults.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index.js';

const KEY = 'test-key-1234';
let emu: RunningEmulator | undefined;

async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  emu = await startEmulator({ rateLimits: false, ...options });
  return emu;
}

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

interface Sent {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = { 'Api-Key': KEY }): Promise<Sent> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${emu!.url}${path}`, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}
const post = (path: string, body: unknown, headers?: Record<string, string>) => send('POST', path, body, headers);

describe('startEmulator', () => {
  it('listens on 127.0.0.1 with a url without trailing slash or /api, and closes', async () => {
    const e = await start();
    expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(e.port).toBeGreaterThan(0);
    await e.close();
    await e.close(); // idempotent
    await expect(fetch(`${e.url}/api/users/update`, { method: 'POST' })).rejects.toThrow();
    emu = undefined;
  });

  it.each([
    [{ port: -1 }, /port/],
    [{ rateLimits: { nope: 3 } as never }, /rateLimits/],
    [{ rateLimits: { trackBulk: 0 } }, /rateLimits\.trackBulk/],
    [{ lists: [{ id: 0 }] }, /lists/],
    [{ apiKeys: [''] }, /apiKeys/],
    [{ oversizeStatus: 401 as never }, /oversizeStatus/],
    [{ maxBodyBytes: 0 }, /maxBodyBytes/],
  ])('refuses bad options %j', async (options, message) => {
    await expect(startEmulator(options as EmulatorOptions)).rejects.toThrow(message);
  });
});

describe('routing and auth', () => {
  it('answers unknown routes with an HTML 404 "Action not found"', async () => {
    await start();
    for (const [method, path] of [
      ['POST', '/api/users/nope'],
      ['GET', '/api/users/update'],
      ['POST', '/users/update'],
    ] as const) {
      const res = await send(method, path, method === 'POST' ? {} : undefined);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.text).toContain('Action not found');
    }
    expect(emu!.state.counters.unmatched.requests).toBe(3);
  });

  it('accepts the key in Api-Key or api_key, any header-name case', async () => {
    await start();
    for (const header of ['Api-Key', 'api-key', 'API-KEY', 'api_key', 'Api_Key']) {
      const res = await post('/api/users/update', { email: 'a@b.co' }, { [header]: KEY });
      expect(res.status, header).toBe(200);
      expect(res.body).toEqual({ msg: '', code: 'Success', params: null });
    }
  });

  it('401 BadApiKey naming the caller address and the endpoint for a missing or refused key, never echoing the key', async () => {
    await start({ apiKeys: [KEY] });
    const missing = await post('/api/events/track', { email: 'a@b.co', eventName: 'x' }, {});
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ msg: 'Invalid API key', code: 'BadApiKey', params: { ip: '127.0.0.1', endpoint: '/api/events/track' } });
    const wrong = await post('/api/events/track', { email: 'a@b.co', eventName: 'x' }, { 'Api-Key': 'wrong-secret-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('wrong-secret-key');
    expect((await post('/api/events/track', { email: 'a@b.co', eventName: 'x' })).status).toBe(200);
    expect(emu!.state.events).toHaveLength(1);
  });

  it('without apiKeys any non-empty key is valid, an empty one is not', async () => {
    await start();
    expect((await post('/api/users/update', { email: 'a@b.co' }, { 'Api-Key': 'anything' })).status).toBe(200);
    expect((await post('/api/users/update', { email: 'a@b.co' }, { 'Api-Key': '' })).status).toBe(401);
  });
});

describe('body checks', () => {
  it('400 BadJsonBody for invalid or empty JSON', async () => {
    await start();
    for (const raw of ['{"email":', '']) {
      const res = await post('/api/users/update', raw);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BadJsonBody');
    }
  });

  it('refuses a body over 4,000,000 bytes with 400 BatchTooLarge and stores nothing; exactly the limit passes', async () => {
    await start();
    const envelope = JSON.stringify({ users: [{ email: 'a@b.co', dataFields: { pad: '' } }] });
    const atLimit = JSON.stringify({ users: [{ email: 'a@b.co', dataFields: { pad: 'x'.repeat(4_000_000 - envelope.length) } }] });
    expect(Buffer.byteLength(atLimit)).toBe(4_000_000);
    const ok = await post('/api/users/bulkUpdate', atLimit);
    expect(ok.status).toBe(200);
    const over = JSON.stringify({ users: [{ email: 'c@d.co', dataFields: { pad: 'x'.repeat(4_000_001 - envelope.length) } }] });
    const res = await post('/api/users/bulkUpdate', over);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BatchTooLarge', params: { bytes: 4_000_001, maxBytes: 4_000_000 } });
    expect(emu!.state.users.find('c@d.co')).toBeUndefined();
    expect(emu!.state.requests.at(-1)).toMatchObject({ status: 400, bytes: 4_000_001 });
  });

  it('oversizeStatus 413 answers with an HTML 413 instead', async () => {
    await start({ maxBodyBytes: 100, oversizeStatus: 413 });
    const res = await post('/api/events/track', { email: 'a@b.co', eventName: 'x'.repeat(200) });
    expect(res.status).toBe(413);
    expect(res.text).toContain('413');
  });

  it('ignores unknown keys by default and names them with strictBodies', async () => {
    await start();
    expect((await post('/api/users/update', { email: 'a@b.co', leaked: 1 })).status).toBe(200);
    await emu!.close();
    await start({ strictBodies: true });
    const res = await post('/api/users/update', { email: 'a@b.co', leaked: 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BadParams');
    expect(res.body.msg).toContain('leaked');
  });
});

const item = { id: 'sku-1', name: 'Shoe', price: 10, quantity: 1 };

/** One success body and one invalid body per single-record route. */
const SINGLE_ROUTES: Array<{ path: string; ok: unknown; bad: unknown; badMessage: RegExp }> = [
  { path: '/api/users/update', ok: { email: 'a@b.co', dataFields: { plan: 'pro' } }, bad: { dataFields: { plan: 'pro' } }, badMessage: /email or userId/ },
  { path: '/api/events/track', ok: { userId: 'u1', eventName: 'Signed Up' }, bad: { userId: 'u1' }, badMessage: /eventName/ },
  { path: '/api/commerce/trackPurchase', ok: { user: { email: 'a@b.co' }, items: [item], total: 10 }, bad: { user: { email: 'a@b.co' }, items: [item] }, badMessage: /total/ },
  { path: '/api/commerce/updateCart', ok: { user: { userId: 'u1' }, items: [item] }, bad: { user: {}, items: [item] }, badMessage: /user: one of email or userId/ },
  { path: '/api/users/registerDeviceToken', ok: { email: 'a@b.co', device: { token: 't1', platform: 'GCM', applicationName: 'app' } }, bad: { email: 'a@b.co', device: { token: 't1', platform: 'FCM', applicationName: 'app' } }, badMessage: /device\.platform/ },
  { path: '/api/users/registerBrowserToken', ok: { userId: 'u1', browserToken: 'bt1' }, bad: { userId: 'u1' }, badMessage: /browserToken/ },
  { path: '/api/users/updateEmail', ok: { currentEmail: 'old@b.co', newEmail: 'new@b.co' }, bad: { newEmail: 'new@b.co' }, badMessage: /currentEmail or currentUserId/ },
  { path: '/api/catalogs/shoes/items', ok: { documents: { 'sku-1': { price: 3 } }, replaceUploadedFieldsOnly: false }, bad: { documents: { 'sku.1': {} }, replaceUploadedFieldsOnly: false }, badMessage: /item id/ },
];

describe('single-record routes', () => {
  it.each(SINGLE_ROUTES)('$path: success, then 400 BadParams naming the field', async ({ path, ok, bad, badMessage }) => {
    await start();
    await post('/api/users/update', { email: 'old@b.co' });
    const good = await post(path, ok);
    expect(good.status).toBeLessThan(300);
    expect(good.body.code).toBe('Success');
    const res = await post(path, bad);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BadParams');
    expect(res.body.msg).toMatch(badMessage);
  });

  it('users/update merges dataFields: keys replace, null clears, mergeNestedObjects merges one level', async () => {
    await start();
    await post('/api/users/update', { email: 'a@b.co', dataFields: { plan: 'free', age: 3, prefs: { sms: true } } });
    await post('/api/users/update', { email: 'a@b.co', dataFields: { plan: 'pro', age: null, prefs: { email: true } } });
    expect(emu!.state.users.byEmail.get('a@b.co')?.dataFields).toEqual({ plan: 'pro', prefs: { email: true } });
    await post('/api/users/update', { email: 'a@b.co', dataFields: { prefs: { push: false } }, mergeNestedObjects: true });
    expect(emu!.state.users.byEmail.get('a@b.co')?.dataFields.prefs).toEqual({ email: true, push: false });
  });

  it('users/update links email and userId of one user; dataFields.email changes the email', async () => {
    await start();
    await post('/api/users/update', { userId: 'u1' });
    await post('/api/users/update', { userId: 'u1', email: 'a@b.co' });
    expect(emu!.state.users.size).toBe(1);
    expect(emu!.state.users.byEmail.get('a@b.co')).toBe(emu!.state.users.byUserId.get('u1'));
    await post('/api/users/update', { userId: 'u1', dataFields: { email: 'z@b.co' } });
    expect(emu!.state.users.byEmail.has('a@b.co')).toBe(false);
    expect(emu!.state.users.byEmail.get('z@b.co')?.userId).toBe('u1');
  });

  it('single endpoints: malformed email 400 InvalidEmailAddressError, forgotten 409, conflicting identifiers 409', async () => {
    await start({ forgotten: ['gone@b.co', 'gone-id'] });
    const bad = await post('/api/events/track', { email: 'not-an-email', eventName: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'InvalidEmailAddressError', msg: 'Invalid email: not-an-email' });
    expect((await post('/api/users/update', { userId: 'bad id ' })).body.code).toBe('InvalidUserIdError');
    for (const body of [{ email: 'gone@b.co' }, { userId: 'gone-id' }]) {
      const res = await post('/api/users/update', body);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ForgottenUserError');
    }
    await post('/api/users/update', { email: 'a@b.co', userId: 'ua' });
    await post('/api/users/update', { email: 'b@b.co', userId: 'ub' });
    const conflict = await post('/api/users/update', { email: 'a@b.co', userId: 'ub' });
    expect(conflict.status).toBe(409);
    expect(emu!.state.users.byEmail.get('a@b.co')?.userId).toBe('ua');
  });

  it('track disallowed event names 400 "is disallowed from tracking"', async () => {
    await start({ disallowedEventNames: ['Blocked'] });
    const res = await post('/api/events/track', { email: 'a@b.co', eventName: 'Blocked' });
    expect(res.status).toBe(400);
    expect(res.body.msg).toMatch(/is disallowed from tracking/);
    expect(emu!.state.events).toHaveLength(0);
  });

  it('events and purchases upsert by id; a purchase clears the cart updateCart replaced', async () => {
    await start();
    const first = await post('/api/events/track', { email: 'a@b.co', eventName: 'A', id: 'e1', dataFields: { n: 1 } });
    expect(first.body).toEqual({ msg: 'Event with id: e1 tracked.', code: 'Success', params: { id: 'e1' } });
    await post('/api/events/track', { email: 'a@b.co', eventName: 'A', id: 'e1', dataFields: { n: 2 } });
    const generated = await post('/api/events/track', { email: 'a@b.co', eventName: 'B' });
    expect(emu!.state.events).toHaveLength(2);
    expect(emu!.state.events[0]).toMatchObject({ id: 'e1', dataFields: { n: 2 }, updates: 1, via: 'track' });
    expect(emu!.state.events[1]?.id).toBe(generated.body.params.id);

    await post('/api/commerce/updateCart', { user: { email: 'a@b.co' }, items: [item, { ...item, id: 'sku-2' }] });
    expect(emu!.state.users.byEmail.get('a@b.co')?.cart).toHaveLength(2);
    await post('/api/commerce/trackPurchase', { id: 'p1', user: { email: 'a@b.co' }, items: [item], total: 10 });
    await post('/api/commerce/trackPurchase', { id: 'p1', user: { email: 'a@b.co' }, items: [item], total: 12 });
    expect(emu!.state.purchases).toHaveLength(1);
    expect(emu!.state.purchases[0]).toMatchObject({ id: 'p1', total: 12, updates: 1, email: 'a@b.co' });
    expect(emu!.state.users.byEmail.get('a@b.co')?.cart).toEqual([]);
  });

  it('tokens: device upserted by token, browser tokens deduplicated, user created when unknown', async () => {
    await start();
    const device = { token: 't1', platform: 'APNS', applicationName: 'app' };
    await post('/api/users/registerDeviceToken', { userId: 'u1', device });
    await post('/api/users/registerDeviceToken', { userId: 'u1', device: { ...device, dataFields: { v: 2 } } });
    await post('/api/users/registerBrowserToken', { userId: 'u1', browserToken: 'b1' });
    await post('/api/users/registerBrowserToken', { userId: 'u1', browserToken: 'b1' });
    const user = emu!.state.users.byUserId.get('u1')!;
    expect(user.devices).toEqual([{ ...device, dataFields: { v: 2 } }]);
    expect(user.browserTokens).toEqual(['b1']);
  });

  it('updateEmail: migrates the user and its events; unknown user and taken email are 400', async () => {
    await start();
    await post('/api/events/track', { email: 'old@b.co', eventName: 'A' });
    await post('/api/users/update', { email: 'taken@b.co' });
    const unknown = await post('/api/users/updateEmail', { currentEmail: 'nobody@b.co', newEmail: 'x@b.co' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.msg).toMatch(/user does not exist/i);
    const taken = await post('/api/users/updateEmail', { currentEmail: 'old@b.co', newEmail: 'taken@b.co' });
    expect(taken.status).toBe(400);
    expect(taken.body.code).toBe('EmailAlreadyExists');
    const moved = await post('/api/users/updateEmail', { currentEmail: 'old@b.co', newEmail: 'new@b.co' });
    expect(moved.status).toBe(200);
    expect(emu!.state.users.byEmail.has('old@b.co')).toBe(false);
    expect(emu!.state.users.byEmail.get('new@b.co')).toBeDefined();
    expect(emu!.state.events[0]?.email).toBe('new@b.co');
  });

  it('catalog items: 200, replaceUploadedFieldsOnly merges, otherwise replaces; names case-insensitive', async () => {
    await start();
    const res = await post('/api/catalogs/Shoes/items', { documents: { a1: { size: 4, color: 'red' } }, replaceUploadedFieldsOnly: false });
    expect(res.status).toBe(200);
    expect(res.body.msg).toBe('Request to bulk-upload documents into Shoes processed successfully');
    await post('/api/catalogs/shoes/items', { documents: { a1: { size: 5 } }, replaceUploadedFieldsOnly: true });
    expect(emu!.state.catalogs.get('shoes')?.get('a1')).toEqual({ size: 5, color: 'red' });
    await post('/api/catalogs/shoes/items', { documents: { a1: { size: 6 } }, replaceUploadedFieldsOnly: false });
    expect(emu!.state.catalogs.get('shoes')?.get('a1')).toEqual({ size: 6 });
  });
});

describe('lookups and deletion', () => {
  it('getByEmail and byUserId return {user} or 200 {} for unknown and forgotten users', async () => {
    await start({ forgotten: ['gone@b.co'] });
    await post('/api/users/update', { email: 'a@b.co', userId: 'u1', dataFields: { plan: 'pro' } });
    const byEmail = await send('GET', '/api/users/getByEmail?email=a%40b.co');
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.user).toMatchObject({ email: 'a@b.co', userId: 'u1', dataFields: { plan: 'pro', email: 'a@b.co', userId: 'u1' } });
    expect((await send('GET', '/api/users/byUserId/u1')).body.user.email).toBe('a@b.co');
    for (const path of ['/api/users/getByEmail?email=x%40b.co', '/api/users/byUserId/nobody', '/api/users/getByEmail?email=gone%40b.co']) {
      const res = await send('GET', path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({});
    }
    expect((await send('GET', '/api/users/getByEmail')).status).toBe(400);
  });

  it('DELETE byUserId removes the user (from lists too) and records it; unknown userId is 400 BadParams "User does not exist"', async () => {
    await start({ lists: [{ id: 7 }] });
    await post('/api/lists/subscribe', { listId: 7, subscribers: [{ email: 'a@b.co', userId: 'u 1' }] });
    const res = await send('DELETE', '/api/users/byUserId/u%201', undefined, { api_key: KEY });
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('Success');
    expect(emu!.state.users.size).toBe(0);
    expect(emu!.state.lists.get(7)?.members.size).toBe(0);
    expect(emu!.state.deletedUsers).toEqual([{ userId: 'u 1', email: 'a@b.co', at: expect.any(Number) }]);
    const again = await send('DELETE', '/api/users/byUserId/u%201');
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ msg: 'User does not exist. Email:  UserId: u 1', code: 'BadParams', params: null });
  });
});
