/**
 * The client and the RudderStack delivery path read Iterable's quirky replies right, over real
 * HTTP against the emulator: records accepted without change are delivered as NO_OP (and counted),
 * a catalog 404 of the catalogs API's own shape is a permanent failure naming the catalog, a bulk
 * BadJsonBody is a whole-batch refusal to bisect, and a 401 is a refused key whatever its code.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { classify, createDestination, type Outcome } from '../src/client/index.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index.js';
import { proxyResponse } from '../src/rudderstack/proxy-response.js';

const KEY = 'classify-key-51c0';

let running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((emulator) => emulator.close()));
  running = [];
});

async function emulatorWith(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ apiKeys: [KEY], rateLimits: false, ...options });
  running.push(emulator);
  return emulator;
}

function destinationFor(emulator: RunningEmulator, settings: Record<string, unknown> = {}) {
  return createDestination({
    settings: { apiKey: KEY, ...settings },
    baseUrl: emulator.url,
    clock: { now: () => 0, sleep: () => Promise.resolve() },
    random: () => 0.5,
    flushIntervalMs: 60_000,
  });
}

async function raw(emulator: RunningEmulator, method: string, path: string, body?: unknown, key = KEY) {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'Api-Key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text() };
}

const identify = (traits: Record<string, unknown>) => ({ type: 'identify', userId: 'same-user', traits: { email: 'same@example.com', ...traits } });

describe('the client classifies Iterable replies over HTTP', () => {
  it('a bulkUpdate record that changed nothing is delivered with code NO_OP and counted in stats', async () => {
    const emulator = await emulatorWith();
    const destination = destinationFor(emulator);
    const first = destination.send(identify({ plan: 'pro' }));
    await destination.flush();
    expect(await first).toMatchObject({ status: 'delivered' });
    expect((await first).code).toBeUndefined();
    const again = destination.send(identify({ plan: 'pro' }));
    await destination.flush();
    const outcome: Outcome = await again;
    expect(outcome).toMatchObject({ status: 'delivered', code: 'NO_OP', endpoint: 'bulkUpdateUsers' });
    const stats = destination.stats();
    expect(stats.outcomes.delivered).toBe(2);
    expect(stats.outcomesByCode.NO_OP).toBe(1);
    expect(emulator.state.requests.at(-1)).toMatchObject({ endpoint: 'bulkUpdateUsers', status: 200 });
    await destination.close();
  });

  it('an item for a catalog the project lacks is rejected once, naming the catalog', async () => {
    const emulator = await emulatorWith({ catalogs: ['products'] });
    const destination = destinationFor(emulator, { profile: 'rudderstack' });
    const item = (catalog: string, id: string) => ({
      type: 'identify',
      traits: { price: 3 },
      context: { mappedToDestination: true, externalId: [{ id, type: `ITERABLE-${catalog}` }] },
    });
    const known = destination.send(item('products', 'p1'));
    const unknown = destination.send(item('shoes', 's1'));
    await destination.flush();
    expect(await known).toMatchObject({ status: 'delivered' });
    const refused = await unknown;
    expect(refused).toMatchObject({ status: 'rejected', statusCode: 404, code: 'NotFound', attempts: 1 });
    expect(refused.message).toContain('Catalog not found: shoes');
    expect(emulator.state.catalogs.get('products')?.get('p1')).toEqual({ price: 3 });
    await destination.close();
  });

  it('a bulk BadJsonBody (a wrong JSON type in one record) is a whole-batch refusal to bisect', async () => {
    const emulator = await emulatorWith();
    const reply = await raw(emulator, 'POST', '/api/events/trackBulk', {
      events: [
        { email: 'a@example.com', eventName: 'ok' },
        { email: 'b@example.com', eventName: 'late', createdAt: 'yesterday' },
      ],
    });
    expect(reply.status).toBe(400);
    const verdict = classify(reply.status, reply.text, {});
    expect(verdict.action).toBe('split');
    if (verdict.action !== 'split') return;
    expect(verdict.error.code).toBe('BadJsonBody');
    expect(verdict.error.message).toContain('[/api/events/trackBulk] Invalid JSON body');
  });

  it('a 401 is a refused key even when its code says Success (DELETE with a bad key)', async () => {
    const emulator = await emulatorWith();
    const reply = await raw(emulator, 'DELETE', '/api/users/byUserId/u1', undefined, 'not-the-key');
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text)).toMatchObject({ code: 'Success' });
    const verdict = classify(reply.status, reply.text, {});
    expect(verdict.action).toBe('fatal');
    expect(verdict.action !== 'deliver' && verdict.error.code).toBe('FATAL_AUTH');
    expect(verdict.action !== 'deliver' && verdict.error.retryable).toBe(false);
  });
});

describe('the RudderStack delivery path classifies the same replies', () => {
  const jobs = [{ jobId: 1 }, { jobId: 2 }];

  it('noOp records are delivered (200) and a failed record is a 400, job by job', async () => {
    const emulator = await emulatorWith();
    await raw(emulator, 'POST', '/api/users/update', { email: 'same@example.com', dataFields: { plan: 'pro' } });
    const body = { users: [{ email: 'same@example.com', dataFields: { plan: 'pro' } }, { email: 'not-an-email' }] };
    const reply = await raw(emulator, 'POST', '/api/users/bulkUpdate', body);
    const parsed = JSON.parse(reply.text) as Record<string, unknown>;
    expect(parsed.noOpEmails).toEqual(['same@example.com']);
    const result = proxyResponse({ endpoint: `${emulator.url}/api/users/bulkUpdate`, body: { JSON: body }, metadata: jobs }, { status: reply.status, body: parsed });
    expect(result.response.map((job) => job.statusCode)).toEqual([200, 400]);
  });

  it('a bulk BadJsonBody, a 401 with code Success and a catalog 404 abort their jobs, saying why', async () => {
    const emulator = await emulatorWith({ catalogs: ['products'] });
    const cases = [
      { path: '/api/events/trackBulk', method: 'POST', body: { events: [{ email: 'a@example.com', eventName: 'x', createdAt: 'soon' }] }, status: 400, says: 'obj.events[0].createdAt' },
      { path: '/api/users/byUserId/u1', method: 'DELETE', key: 'not-the-key', status: 401, says: '/api/users/byUserId/u1' },
      { path: '/api/catalogs/shoes/items', method: 'POST', body: { documents: { s1: { price: 1 } }, replaceUploadedFieldsOnly: false }, status: 404, says: 'Catalog not found: shoes' },
    ];
    for (const c of cases) {
      const reply = await raw(emulator, c.method, c.path, c.body, c.key);
      expect(reply.status).toBe(c.status);
      const result = proxyResponse({ endpoint: `${emulator.url}${c.path}`, body: { JSON: c.body ?? {} }, metadata: jobs }, { status: reply.status, body: JSON.parse(reply.text) });
      expect(result.status).toBe(c.status);
      expect('statTags' in result && result.statTags.errorType).toBe('aborted');
      expect(result.message).toContain(c.says);
      expect(result.response.every((job) => job.statusCode === c.status)).toBe(true);
    }
  });
});
