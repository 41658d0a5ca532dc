/**
 * The emulator's bulk semantics over real HTTP: per-record failures in 200 replies, the whole-batch
 * field-type mismatch, updateOnly, lists (the invalid-list quirk, membership,
 * updateExistingUsersOnly, notFound on unsubscribe), and a property: bulk reply counts add up.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILED_UPDATE_KEYS } from '../src/iterable/responses.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index.js';

let emu: RunningEmulator | undefined;

async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  emu = await startEmulator({ rateLimits: false, ...options });
  return emu;
}

afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Api-Key': 'k-123456' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A failedUpdates object with every key empty but the given ones. */
function failed(lists: Record<string, string[]>): Record<string, string[]> {
  return { ...Object.fromEntries(FAILED_UPDATE_KEYS.map((key) => [key, []])), ...lists };
}

describe('users/bulkUpdate', () => {
  it('reports malformed, forgotten and conflicting records by identifier and stores the rest', async () => {
    await start({ forgotten: ['gone@b.co', 'gone-id'] });
    await post('/api/users/update', { email: 'owner@b.co', userId: 'owned' });
    const res = await post('/api/users/bulkUpdate', {
      users: [
        { email: 'ok@b.co', dataFields: { plan: 'pro' } },
        { email: 'bad-email' },
        { email: 'gone@b.co' },
        { userId: 'gone-id' },
        { email: 'new@b.co', userId: 'owned' },
        { userId: 'ok-id' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      successCount: 2,
      failCount: 4,
      createdFields: ['plan'],
      filteredOutFields: [],
      invalidEmails: ['bad-email'],
      invalidUserIds: [],
      failedUpdates: failed({
        invalidEmails: ['bad-email'],
        forgottenEmails: ['gone@b.co'],
        forgottenUserIds: ['gone-id'],
        conflictEmails: ['new@b.co'],
      }),
      noOpEmails: [],
      noOpUserIds: [],
    });
    expect(emu!.state.users.find('ok@b.co')?.dataFields).toEqual({ plan: 'pro' });
    expect(emu!.state.users.find('ok-id')).toBeDefined();
    expect(emu!.state.users.find('new@b.co')).toBeUndefined();
    expect(emu!.state.requests.at(-1)).toMatchObject({ endpoint: 'bulkUpdateUsers', status: 200, records: 6 });
  });

  it('a field whose type differs from its first value fails the WHOLE batch with 400 RequestFieldsTypesMismatched', async () => {
    await start();
    await post('/api/users/update', { email: 'a@b.co', dataFields: { age: 30, address: { city: 'Oslo' } } });
    const res = await post('/api/users/bulkUpdate', {
      users: [
        { email: 'b@b.co', dataFields: { age: 31 } },
        { email: 'c@b.co', dataFields: { age: 'thirty', address: { city: 7 } } },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('RequestFieldsTypesMismatched');
    expect(res.body.params.validationErrors).toEqual({
      '1:::age': { incomingTypes: ['string'], expectedType: 'long', category: 'user', offendingValue: 'thirty', _type: 'UnexpectedType' },
      '1:::address.city': { incomingTypes: ['long'], expectedType: 'string', category: 'user', offendingValue: '7', _type: 'UnexpectedType' },
    });
    expect(emu!.state.users.find('b@b.co')).toBeUndefined();
    expect(emu!.state.users.find('c@b.co')).toBeUndefined();
  });

  it('two records of one batch disagreeing on a new field fail it too; integers fit double fields', async () => {
    await start();
    const clash = await post('/api/users/bulkUpdate', { users: [{ email: 'a@b.co', dataFields: { x: true } }, { email: 'b@b.co', dataFields: { x: 'yes' } }] });
    expect(clash.status).toBe(400);
    expect(emu!.state.fieldTypes.has('x')).toBe(false);
    const numbers = await post('/api/users/bulkUpdate', { users: [{ email: 'a@b.co', dataFields: { score: 1.5 } }, { email: 'b@b.co', dataFields: { score: 2 } }] });
    expect(numbers.status).toBe(200);
    expect(emu!.state.fieldTypes.get('score')).toBe('double');
  });

  it('single users/update with a mismatched type is the same 400 and stores nothing', async () => {
    await start();
    await post('/api/users/update', { email: 'a@b.co', dataFields: { vip: true } });
    const res = await post('/api/users/update', { email: 'a@b.co', dataFields: { vip: 'yes', other: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('RequestFieldsTypesMismatched');
    expect(emu!.state.users.find('a@b.co')?.dataFields).toEqual({ vip: true });
  });

  it('updateOnly: unknown users are not created and come back as notFound', async () => {
    await start();
    await post('/api/users/update', { email: 'known@b.co' });
    const res = await post('/api/users/bulkUpdate', {
      updateOnly: true,
      users: [{ email: 'known@b.co', dataFields: { a: 1 } }, { email: 'unknown@b.co' }, { userId: 'unknown-id' }],
    });
    expect(res.body).toMatchObject({ successCount: 1, failCount: 2 });
    expect(res.body.failedUpdates).toMatchObject({ notFoundEmails: ['unknown@b.co'], notFoundUserIds: ['unknown-id'] });
    expect(emu!.state.users.size).toBe(1);
  });

  it('createNewFields false filters unknown fields and reports them', async () => {
    await start();
    await post('/api/users/update', { email: 'a@b.co', dataFields: { known: 1 } });
    const res = await post('/api/users/bulkUpdate', { createNewFields: false, users: [{ email: 'a@b.co', dataFields: { known: 2, fresh: 'x' } }] });
    expect(res.body.filteredOutFields).toEqual(['fresh']);
    expect(emu!.state.users.find('a@b.co')?.dataFields).toEqual({ known: 2 });
  });

  it('a record without email or userId is a 400 BadParams naming it', async () => {
    await start();
    const res = await post('/api/users/bulkUpdate', { users: [{ email: 'a@b.co' }, { dataFields: {} }] });
    expect(res.status).toBe(400);
    expect(res.body.msg).toContain('users[1]');
    expect(emu!.state.users.size).toBe(0);
  });
});

describe('events/trackBulk', () => {
  it('reports disallowed names, malformed and forgotten records; upserts ids', async () => {
    await start({ disallowedEventNames: ['Blocked'], forgotten: ['gone-id'] });
    const res = await post('/api/events/trackBulk', {
      events: [
        { email: 'a@b.co', eventName: 'Ok', id: 'e1', dataFields: { v: 1 } },
        { email: 'a@b.co', eventName: 'Blocked' },
        { email: 'nope', eventName: 'Ok' },
        { userId: 'gone-id', eventName: 'Ok' },
        { email: 'a@b.co', eventName: 'Ok', id: 'e1', dataFields: { v: 2 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      successCount: 2,
      failCount: 3,
      createdFields: [],
      filteredOutFields: [],
      disallowedEventNames: ['Blocked'],
      invalidEmails: ['nope'],
      invalidUserIds: [],
      failedUpdates: {
        forgottenEmails: [],
        forgottenUserIds: ['gone-id'],
        invalidEmails: ['nope'],
        invalidUserIds: [],
        notFoundEmails: [],
        notFoundUserIds: [],
      },
    });
    expect(emu!.state.events).toHaveLength(1);
    expect(emu!.state.events[0]).toMatchObject({ id: 'e1', dataFields: { v: 2 }, updates: 1, via: 'trackBulk' });
  });

  it('storeEvents false counts events without keeping them', async () => {
    await start({ storeEvents: false });
    const res = await post('/api/events/trackBulk', { events: [{ email: 'a@b.co', eventName: 'A' }] });
    expect(res.body.successCount).toBe(1);
    expect(emu!.state.events).toHaveLength(0);
    expect(emu!.state.counters.trackBulk.records).toBe(1);
  });
});

describe('lists', () => {
  it('an unknown listId is 400 with code Success and msg error.lists.invalidListId(<id>)', async () => {
    await start({ lists: [{ id: 1 }] });
    for (const path of ['/api/lists/subscribe', '/api/lists/unsubscribe']) {
      const res = await post(path, { listId: 999, subscribers: [{ email: 'a@b.co' }] });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ msg: 'error.lists.invalidListId(999)', code: 'Success', params: { listId: 999 } });
    }
    expect(emu!.state.users.size).toBe(0);
  });

  it('subscribe creates members (merging dataFields); unsubscribe removes them and reports non-members', async () => {
    await start({ lists: [{ id: 7, name: 'Newsletter' }] });
    const sub = await post('/api/lists/subscribe', {
      listId: 7,
      subscribers: [{ email: 'a@b.co', dataFields: { src: 'web' } }, { userId: 'u2' }, { email: 'bad' }],
    });
    expect(sub.body).toMatchObject({ successCount: 2, failCount: 1, failedUpdates: { invalidEmails: ['bad'] } });
    const list = emu!.state.lists.get(7)!;
    expect([...list.members].map((u) => u.email ?? u.userId).sort()).toEqual(['a@b.co', 'u2']);
    expect(emu!.state.users.find('a@b.co')?.dataFields).toEqual({ src: 'web' });

    await post('/api/users/update', { email: 'outsider@b.co' });
    const unsub = await post('/api/lists/unsubscribe', {
      listId: 7,
      subscribers: [{ email: 'a@b.co' }, { email: 'outsider@b.co' }, { userId: 'nobody' }],
    });
    expect(unsub.body).toMatchObject({
      successCount: 1,
      failCount: 2,
      failedUpdates: { notFoundEmails: ['outsider@b.co'], notFoundUserIds: ['nobody'] },
    });
    expect([...list.members].map((u) => u.userId)).toEqual(['u2']);
    const lookup = await fetch(`${emu!.url}/api/users/byUserId/u2`, { headers: { 'Api-Key': 'k-123456' } });
    expect(((await lookup.json()) as any).user.dataFields.emailListIds).toEqual([7]);
  });

  it('updateExistingUsersOnly skips unknown users and reports them as notFound', async () => {
    await start({ lists: [{ id: 7 }] });
    await post('/api/users/update', { email: 'known@b.co' });
    const res = await post('/api/lists/subscribe', {
      listId: 7,
      updateExistingUsersOnly: true,
      subscribers: [{ email: 'known@b.co' }, { email: 'new@b.co' }, { userId: 'new-id' }],
    });
    expect(res.body).toMatchObject({
      successCount: 1,
      failCount: 2,
      failedUpdates: { notFoundEmails: ['new@b.co'], notFoundUserIds: ['new-id'] },
    });
    expect(emu!.state.users.size).toBe(1);
    expect(emu!.state.lists.get(7)?.members.size).toBe(1);
  });

  it('subscribe with a mismatched dataField type fails whole', async () => {
    await start({ lists: [{ id: 7 }] });
    await post('/api/users/update', { email: 'a@b.co', dataFields: { n: 1 } });
    const res = await post('/api/lists/subscribe', { listId: 7, subscribers: [{ email: 'b@b.co' }, { email: 'c@b.co', dataFields: { n: 'x' } }] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('RequestFieldsTypesMismatched');
    expect(emu!.state.lists.get(7)?.members.size).toBe(0);
  });
});

describe('property: bulk replies add up', () => {
  it('successCount + failCount = records, and every failed identifier is one the batch sent', async () => {
    await start({ forgotten: ['f@b.co'] });
    const identifier = fc.constantFrom('a@b.co', 'b@b.co', 'f@b.co', 'bad', 'c@b.co');
    await fc.assert(
      fc.asyncProperty(fc.array(identifier, { minLength: 1, maxLength: 12 }), fc.boolean(), async (emails, updateOnly) => {
        const res = await post('/api/users/bulkUpdate', { updateOnly, users: emails.map((email) => ({ email })) });
        expect(res.status).toBe(200);
        expect(res.body.successCount + res.body.failCount).toBe(emails.length);
        const reported = Object.values(res.body.failedUpdates as Record<string, string[]>).flat();
        for (const email of reported) expect(emails).toContain(email);
        expect(res.body.failedUpdates.forgottenEmails).toEqual(emails.includes('f@b.co') ? ['f@b.co'] : []);
      }),
      { numRuns: 40, seed: 7 },
    );
  });
});
