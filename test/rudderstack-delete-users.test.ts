/**
 * User deletion (rudderstack-profile.md §10): fixtures/delete-users/*.json against a scripted
 * Iterable on 127.0.0.1, the ten-at-a-time concurrency, and the data-centre URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deletionEndpoint } from '../src/rudderstack/delete-users.js';
import { deleteUsers } from '../src/rudderstack/index.js';
import { startFakeIterable, type FakeIterable, type ScriptedReply } from './rudderstack-fake-iterable.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'delete-users');
const PATH_PREFIX = '/api/users/byUserId/';

interface DeleteFixture {
  name: string;
  request: unknown[];
  /** Iterable's reply per userId; unlisted users get 200. */
  replies: Record<string, ScriptedReply>;
  expected: unknown[];
  expectedPaths: string[];
}

const fixtures = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(DIR, file), 'utf8')) as DeleteFixture] as const);

let iterable: FakeIterable | undefined;
afterEach(async () => {
  await iterable?.close();
  iterable = undefined;
});

describe('deleteUsers fixtures', () => {
  it('has fixtures to run', () => expect(fixtures.length).toBeGreaterThanOrEqual(6));

  it.each(fixtures)('%s', async (_file, fixture) => {
    iterable = await startFakeIterable(({ url }) => fixture.replies[url.slice(PATH_PREFIX.length)] ?? { status: 200, body: { msg: '', code: 'Success' } });
    const results = await deleteUsers(fixture.request, { baseUrl: iterable.url });
    expect(results).toEqual(fixture.expected);
    expect(iterable.received.map((r) => r.url).sort()).toEqual([...fixture.expectedPaths].sort());
    for (const received of iterable.received) {
      expect(received.method).toBe('DELETE');
      expect(received.headers['api_key']).toBe('testApiKey');
      expect(received.headers['content-type']).toBe('application/json');
    }
  });
});

describe('deleteUsers concurrency', () => {
  const request = (count: number) => [
    { destType: 'ITERABLE', config: { apiKey: 'testApiKey' }, userAttributes: Array.from({ length: count }, (_, i) => ({ userId: `u${i}` })) },
  ];

  it('deletes ten at a time: the next ten start only when the previous ten are answered', async () => {
    const total = 23;
    const held: Array<() => void> = [];
    const waves: number[] = [];
    let answered = 0;
    let mostHeld = 0;
    iterable = await startFakeIterable(
      () =>
        new Promise<ScriptedReply>((resolve) => {
          held.push(() => resolve({ status: 200, body: {} }));
          mostHeld = Math.max(mostHeld, held.length);
          // Release a wave once it is complete (exactly ten, or what is left), a moment later: a
          // client that sent more than ten at once has its eleventh arrive meanwhile. One that sent
          // fewer would stall here (and time out).
          if (held.length === Math.min(10, total - answered)) {
            const wave = held.length;
            answered += wave;
            setTimeout(() => {
              waves.push(wave);
              held.splice(0, wave).forEach((release) => release());
            }, 25);
          }
        }),
    );
    expect(await deleteUsers(request(total), { baseUrl: iterable.url })).toEqual([{ statusCode: 200, status: 'successful' }]);
    expect(waves).toEqual([10, 10, 3]);
    expect(mostHeld).toBe(10);
  });

  it('stops after the ten in flight when one of them fails hard', async () => {
    iterable = await startFakeIterable(({ url }) => (url.endsWith('/u3') ? { status: 503, body: { msg: 'busy' } } : { status: 200, body: {} }));
    const results = await deleteUsers(request(25), { baseUrl: iterable.url });
    expect(results).toEqual([{ statusCode: 503, error: 'User deletion request failed : busy' }]);
    expect(iterable.received).toHaveLength(10);
  });
});

describe('deleteUsers URL and failures without a reply', () => {
  it('uses the data centre of the config; anything but EUDC is the US host', () => {
    expect(deletionEndpoint('u 1', { dataCenter: 'EUDC' })).toBe('https://api.eu.iterable.com/api/users/byUserId/u 1');
    expect(deletionEndpoint('u1', { dataCenter: 'eudc' })).toBe('https://api.iterable.com/api/users/byUserId/u1');
    expect(deletionEndpoint(42, {})).toBe('https://api.iterable.com/api/users/byUserId/42');
  });

  it('reports a connection failure as a 500 naming the transport error, without the key', async () => {
    iterable = await startFakeIterable(() => ({ status: 200, body: {} }));
    const url = iterable.url;
    await iterable.close();
    iterable = undefined;
    const results = await deleteUsers([{ config: { apiKey: 'secretApiKey' }, userAttributes: [{ userId: 'u1' }] }], { baseUrl: url });
    expect(results).toEqual([{ statusCode: 500, error: 'User deletion request failed : ECONNREFUSED' }]);
    expect(JSON.stringify(results)).not.toContain('secretApiKey');
  });

  it('reports missing userAttributes as a 400 and never throws on odd input', async () => {
    expect(await deleteUsers([{ config: { apiKey: 'k' } }])).toEqual([{ statusCode: 400, error: 'userAttributes for deletion not present' }]);
    expect(await deleteUsers(null)).toEqual([{ statusCode: 400, error: 'Config for deletion not present' }]);
  });
});
