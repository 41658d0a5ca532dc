/**
 * User deletion end to end over real HTTP against the emulator on 127.0.0.1: `deleteUser` on the
 * destination (by userId and by email), a user Iterable does not have (idempotent success), and the
 * tombstones of syncMode `mirror`; in the other modes a tombstone is a 400 naming `mirror`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDestination, type Outcome } from '../src/client/index.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { transform } from '../src/transform/index.js';
import { startFakeIterable } from './rudderstack-fake-iterable.js';

const KEY = 'delete-key-71c0';
let running: RunningEmulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function seeded(): Promise<RunningEmulator> {
  running = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false });
  const seed = createDestination({ settings: { apiKey: KEY }, baseUrl: running.url, flushIntervalMs: 5 });
  await Promise.all([
    seed.send({ type: 'identify', userId: 'u1', traits: { email: 'one@example.com' } }),
    seed.send({ type: 'identify', userId: 'u2', traits: { email: 'two@example.com' } }),
    seed.send({ type: 'identify', traits: { email: 'three@example.com' } }),
  ]);
  await seed.close();
  return running;
}

function summary(outcome: Outcome): string {
  return [outcome.status, outcome.op, outcome.code].filter(Boolean).join(' ');
}

describe('destination.deleteUser', () => {
  it('deletes by userId and by email; an unknown user is delivered as ALREADY_DELETED', async () => {
    const iterable = await seeded();
    const destination = createDestination({ settings: { apiKey: KEY }, baseUrl: iterable.url, flushIntervalMs: 5 });
    const outcomes = await Promise.all([
      destination.deleteUser({ userId: 'u1' }),
      destination.deleteUser({ email: 'three@example.com' }),
      destination.deleteUser({ userId: 'nobody' }),
      destination.deleteUser({ email: 'ghost@example.com' }),
    ]);
    await destination.close();
    expect(outcomes.map(summary)).toEqual(['delivered deleteUser', 'delivered deleteUser', 'delivered deleteUser ALREADY_DELETED', 'delivered deleteUser ALREADY_DELETED']);
    // The emulator answers an unknown user as Iterable does: 400 BadParams "User does not exist. Email:  UserId: <id>".
    expect(outcomes[2]?.message).toContain('no such user (User does not exist. Email:  UserId: nobody)');
    expect(iterable.state.users.byUserId.has('u1')).toBe(false);
    expect(iterable.state.users.byEmail.has('three@example.com')).toBe(false);
    expect(iterable.state.users.byUserId.has('u2')).toBe(true);
    expect(iterable.state.deletedUsers.map((user) => user.userId ?? user.email)).toEqual(['u1', 'three@example.com']);
    const paths = iterable.state.requests.filter((request) => request.method === 'DELETE').map((request) => request.path).sort();
    expect(paths).toEqual(['/api/users/byUserId/nobody', '/api/users/byUserId/u1', '/api/users/ghost%40example.com', '/api/users/three%40example.com']);
    expect(destination.stats().requests).toMatchObject({ deleteUser: 2, deleteUserByEmail: 2 });
  });

  it('takes a 400 BadParams "User does not exist" as already deleted too; other 400s stay rejections', async () => {
    const fake = await startFakeIterable((request) =>
      request.url.includes('ghost')
        ? { status: 400, body: { msg: 'User does not exist: ghost@example.com', code: 'BadParams', params: null } }
        : { status: 400, body: { msg: 'Invalid email: bad', code: 'InvalidEmailAddressError', params: null } },
    );
    try {
      const destination = createDestination({ settings: { apiKey: KEY }, baseUrl: fake.url, flushIntervalMs: 5 });
      const [ghost, bad] = await Promise.all([destination.deleteUser({ email: 'ghost@example.com' }), destination.deleteUser({ email: 'bad' })]);
      await destination.close();
      expect(summary(ghost!)).toBe('delivered deleteUser ALREADY_DELETED');
      expect(summary(bad!)).toBe('rejected deleteUser InvalidEmailAddressError');
      expect(fake.received.map((request) => `${request.method} ${request.url}`).sort()).toEqual(['DELETE /api/users/bad', 'DELETE /api/users/ghost%40example.com']);
    } finally {
      await fake.close();
    }
  });

  it('rejects a malformed user without a request, and after close()', async () => {
    const iterable = await seeded();
    const destination = createDestination({ settings: { apiKey: KEY }, baseUrl: iterable.url });
    const both = await destination.deleteUser({ userId: 'u1', email: 'one@example.com' } as never);
    const neither = await destination.deleteUser({} as never);
    const empty = await destination.deleteUser({ userId: '' });
    await destination.close();
    const late = await destination.deleteUser({ userId: 'u2' });
    expect([both, neither, empty, late].map((o) => `${o.status} ${o.code}`)).toEqual(['rejected INVALID_FIELD', 'rejected MISSING_IDENTITY', 'rejected INVALID_FIELD', 'rejected CLOSED']);
    expect(late.message).toContain('deleteUser() was called after close()');
    expect(iterable.state.requests.some((request) => request.method === 'DELETE')).toBe(false);
  });
});

describe('syncMode mirror', () => {
  it('deletes the user on a tombstone track or an identify with context.removed, after the flush\'s updates', async () => {
    const iterable = await seeded();
    const mirror = createDestination({ settings: { apiKey: KEY, syncMode: 'mirror' }, baseUrl: iterable.url, flushIntervalMs: 5 });
    const outcomes = await Promise.all([
      mirror.send({ type: 'identify', userId: 'u1', traits: { plan: 'pro' } }),
      mirror.send({ type: 'track', userId: 'u1', event: 'Record Removed', messageId: 'm-1' }),
      mirror.send({ type: 'identify', traits: { email: 'two@example.com' }, context: { removed: true } }),
      mirror.send({ type: 'identify', userId: 'u4', traits: { email: 'four@example.com' } }),
    ]);
    await mirror.close();
    expect(outcomes.map(summary)).toEqual(['delivered updateUser', 'delivered deleteUser', 'delivered deleteUser', 'delivered updateUser']);
    expect(iterable.state.users.byUserId.has('u1')).toBe(false);
    expect(iterable.state.users.byEmail.has('two@example.com')).toBe(false);
    expect(iterable.state.users.byUserId.has('u4')).toBe(true);
    // The update of u1 went first (phase 0), the deletion last (phase 3): u1 is gone, not re-created.
    const order = iterable.state.requests.map((request) => `${request.method} ${request.path}`);
    expect(order.indexOf('POST /api/users/bulkUpdate')).toBeLessThan(order.indexOf('DELETE /api/users/byUserId/u1'));
  });

  it('a configured tombstone name; in the other modes a tombstone is a 400 naming mirror', () => {
    const mirrored = transform({ type: 'track', userId: 'u9', event: 'row deleted' }, { apiKey: KEY, syncMode: 'mirror', tombstoneEvent: 'Row Deleted' });
    expect(mirrored).toEqual({ ok: true, calls: [{ op: 'deleteUser', body: { userId: 'u9' } }] });
    for (const syncMode of ['upsert', 'updateOnly', 'createOnly'] as const) {
      const result = transform({ type: 'track', userId: 'u9', event: 'Record Removed' }, { apiKey: KEY, syncMode });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect([result.error.statusCode, result.error.code]).toEqual([400, 'TOMBSTONE_NEEDS_MIRROR']);
      expect(result.error.message).toContain(`only in syncMode "mirror"; this destination's syncMode is "${syncMode}"`);
    }
    // RudderStack's profile keeps its behaviour unless mirror is asked for: a plain custom event.
    const reference = transform({ type: 'track', userId: 'u9', event: 'Record Removed' }, { apiKey: KEY, profile: 'rudderstack' });
    expect(reference.ok && reference.calls.map((call) => call.op)).toEqual(['trackEvent']);
  });
});
