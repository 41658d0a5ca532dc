/**
 * The service under hostile input: bodies nested 10,000 levels deep, more requests at once than
 * allowed, and API keys that would surface in error text. Over real HTTP on 127.0.0.1.
 */
import { request as httpRequest, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type ServerOptions } from '../src/rudderstack/server.js';
import { depthExceededAt, MAX_JSON_DEPTH } from '../src/rudderstack/json-depth.js';
import { REDACTED } from '../src/rudderstack/redact-keys.js';
import { callService } from './rudder-server-client.js';
import { startFakeIterable, type FakeIterable } from './rudderstack-fake-iterable.js';

const KEY = '0123456789abcdef0123456789abcdef';
const DEVICE_KEY = 'fedcba9876543210fedcba9876543210';
const DEST = { ID: 'dest-1', Config: { apiKey: KEY, registerDeviceOrBrowserApiKey: DEVICE_KEY } };

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

async function start(options: ServerOptions = {}): Promise<{ url: string; server: Server }> {
  const server = createServer(options);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  opened.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Nesting depth of a parsed JSON value (reference for the byte scan; small values only). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depthOf(child)), 0);
}

describe('deep nesting', () => {
  it.each([
    ['a bare array', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['inside an event', JSON.stringify([{ message: { type: 'track', userId: 'u', event: 'e', properties: { deep: 'HOLE' } }, destination: DEST }]).replace('"HOLE"', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`)],
  ])('answers 400 (never a 500 or a crash) to %s nested 10,000 levels', async (_case, text) => {
    const { url } = await start();
    for (const path of ['/v0/destinations/iterable', '/routerTransform']) {
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end(text);
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error).toMatch(new RegExp(`^Request body nests deeper than ${MAX_JSON_DEPTH} levels \\(at byte \\d+\\)$`));
    }
    // The service still answers afterwards.
    expect((await callService(url, '/health')).status).toBe(200);
  });

  it('the byte scan agrees with the parsed depth, brackets and escaped quotes in strings included (property)', () => {
    const tricky = fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\"', 'a', '\\\\"');
    const text = fc.array(tricky, { maxLength: 12 }).map((parts) => parts.join(''));
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(text, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (json, limit) => {
        const bytes = Buffer.from(JSON.stringify(json));
        expect(depthExceededAt(bytes, limit) >= 0).toBe(depthOf(json) > limit);
      }),
      { numRuns: 2000, seed: 10 },
    );
  });
});

describe('concurrent requests', () => {
  it('above maxConcurrentRequests answers 503 with Retry-After at once, and serves again once the others finish', async () => {
    const { url, server } = await start({ maxConcurrentRequests: 2 });
    const body = JSON.stringify({ input: [], destType: 'iterable' });
    const held: ClientRequest[] = [];
    const answers: Array<Promise<number>> = [];
    let arrived = 0;
    const bothArrived = new Promise<void>((resolve) => server.on('request', () => ++arrived === 2 && resolve()));
    for (let i = 0; i < 2; i += 1) {
      answers.push(
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${url}/routerTransform`, { method: 'POST', agent: false, headers: { 'content-length': String(body.length) } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.write(body.slice(0, 3));
          held.push(req);
        }),
      );
    }
    await bothArrived;
    const refused = await callService(url, '/routerTransform', { input: [], destType: 'iterable' });
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(JSON.parse(refused.text).error).toContain('maxConcurrentRequests');
    for (const req of held) req.end(body.slice(3));
    expect(await Promise.all(answers)).toEqual([200, 200]);
    expect((await callService(url, '/routerTransform', { input: [], destType: 'iterable' })).status).toBe(200);
  });
});

describe('API keys in replies', () => {
  const withKeyAsType = (jobId: number) => ({ message: { type: KEY, userId: 'u' }, metadata: { jobId }, destination: DEST });

  it('an error message that would quote the key is redacted on the processor and router routes; requests keep their key', async () => {
    const { url } = await start();
    const ok = { message: { type: 'identify', userId: 'u', traits: { email: 'u@example.com' } }, metadata: { jobId: 2 }, destination: DEST };
    const processor = await callService(url, '/v0/destinations/iterable', [withKeyAsType(1), ok]);
    const [failed, delivered] = JSON.parse(processor.text);
    expect(failed.error).toContain(REDACTED);
    expect(failed.error).not.toContain(KEY);
    expect(delivered.output.headers.api_key).toBe(KEY);
    const router = await callService(url, '/routerTransform', { input: [withKeyAsType(1), ok], destType: 'iterable' });
    const entries = JSON.parse(router.text).output as Array<{ error?: string }>;
    const errors = entries.filter((entry) => entry.error !== undefined);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.error).toContain(REDACTED);
    expect(errors[0]!.error).not.toContain(KEY);
  });

  it("Iterable echoing the key in its reply is redacted from the proxy's and deleteUsers' answers", async () => {
    const iterable: FakeIterable = await startFakeIterable(() => ({ status: 400, body: { msg: `bad key ${KEY}`, code: `InvalidApiKey ${KEY}`, params: null } }));
    opened.push(iterable);
    const { url } = await start({ baseUrl: iterable.url });
    const delivery = {
      endpoint: 'https://api.iterable.com/api/users/update',
      headers: { 'Content-Type': 'application/json', api_key: KEY },
      body: { JSON: { userId: 'u1' } },
      metadata: [{ jobId: 1 }],
      destinationConfig: DEST.Config,
    };
    const proxied = await callService(url, '/v1/destinations/iterable/proxy', delivery);
    expect(proxied.status).toBe(200);
    expect(proxied.text).not.toContain(KEY);
    expect(JSON.parse(proxied.text).output.response[0].error).toContain(REDACTED);
    const deleted = await callService(url, '/deleteUsers', [{ jobId: '1', destType: 'iterable', config: DEST.Config, userAttributes: [{ userId: 'u1' }] }]);
    expect(deleted.status).toBe(400);
    expect(deleted.text).not.toContain(KEY);
    expect(deleted.text).toContain(REDACTED);
  });

  it('a body that is not JSON is refused without quoting it (it may hold a key)', async () => {
    const { url } = await start();
    const reply = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${url}/routerTransform`, { method: 'POST' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end(`{"input":[{"destination":{"Config":{"apiKey":"${KEY}"}} oops`);
    });
    expect(reply).not.toContain(KEY);
    expect(JSON.parse(reply).error).toMatch(/^Request body is not valid JSON/);
  });
});
