/**
 * The transformer HTTP service over real HTTP on 127.0.0.1 (port 0): routes, error statuses,
 * body limit, and graceful close with a request in flight.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, routerTransform } from '../src/rudderstack/index.js';
import { configResolver } from '../src/rudderstack/config-cache.js';
import { startFakeIterable, type FakeIterable } from './rudderstack-fake-iterable.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** One request with node:http, body sent whole (string) or not at all; resolves with the parsed reply. */
function call(url: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

const DEST = { ID: 'dest-1', Config: { apiKey: 'testApiKey', trackAllPages: true } };
const identify = (jobId: number) => ({
  message: { type: 'identify', userId: `u${jobId}`, traits: { email: `u${jobId}@example.com` } },
  metadata: { jobId, destinationId: 'dest-1', workspaceId: 'ws-1' },
  destination: DEST,
});

describe('transformer HTTP service', () => {
  let server: Server;
  let url: string;
  let iterable: FakeIterable;

  beforeAll(async () => {
    iterable = await startFakeIterable(({ url: path }) =>
      path.includes('byUserId') ? { status: 400, body: { msg: 'no such user' } } : { status: 200, body: { msg: '', code: 'Success' } },
    );
    server = createServer({ bodyLimitBytes: 4096, baseUrl: iterable.url });
    url = await listen(server);
  });
  afterAll(async () => {
    await closeServer(server);
    await iterable.close();
  });

  it('GET /health answers 200 JSON with the package name and version', async () => {
    const reply = await call(url, 'GET', '/health');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    expect(reply).toMatchObject({ status: 200, body: { status: 'ok', name: 'iterable-destination', version: pkg.version } });
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers.apiversion).toBe('2');
  });

  it('GET /features answers the capability document', async () => {
    const reply = await call(url, 'GET', '/features');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      routerTransform: { ITERABLE: true },
      regulations: ['ITERABLE'],
      upgradedToSourceTransformV2: true,
      supportDestTransformCompactedPayloadV1: true,
      supportTransformerProxyV1: true,
    });
  });

  it('takes the destination type in the processor path in any case, and refuses the v0 proxy and sources with a 404', async () => {
    const upper = await call(url, 'POST', '/v0/destinations/ITERABLE', JSON.stringify([identify(1)]));
    expect(upper.status).toBe(200);
    expect(upper.body).toEqual((await call(url, 'POST', '/v0/destinations/iterable', JSON.stringify([identify(1)]))).body);
    const v0proxy = await call(url, 'POST', '/v0/destinations/iterable/proxy', '{}');
    expect(v0proxy.status).toBe(404);
    const other = await call(url, 'POST', '/v1/destinations/braze/proxy', '{}');
    expect(other).toMatchObject({ status: 404, body: { error: expect.stringContaining('"braze" is not served here') } });
    const source = await call(url, 'POST', '/v2/sources/webhook', '[]');
    expect(source).toMatchObject({ status: 404, body: { error: expect.stringContaining('only Iterable') } });
  });

  it('POST /v0/destinations/iterable runs the processor contract', async () => {
    const reply = await call(url, 'POST', '/v0/destinations/iterable', JSON.stringify([identify(1)]));
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      expect.objectContaining({
        statusCode: 200,
        metadata: identify(1).metadata,
        output: expect.objectContaining({ endpoint: 'https://api.iterable.com/api/users/update', userId: '' }),
      }),
    ]);
  });

  it('POST /routerTransform answers what routerTransform returns', async () => {
    const body = { input: [identify(1), identify(2)], destType: 'iterable' };
    const reply = await call(url, 'POST', '/routerTransform', JSON.stringify(body));
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(JSON.parse(JSON.stringify(routerTransform(body))));
    expect((reply.body as { output: unknown[] }).output).toHaveLength(1);
  });

  it('POST /v1/destinations/iterable/proxy delivers and answers 200 with { output }', async () => {
    const delivery = {
      endpoint: 'https://api.iterable.com/api/users/update',
      headers: { 'Content-Type': 'application/json', api_key: 'testApiKey' },
      body: { JSON: { userId: 'u1' } },
      metadata: [{ jobId: 1 }],
    };
    const reply = await call(url, 'POST', '/v1/destinations/iterable/proxy', JSON.stringify(delivery));
    expect(reply).toMatchObject({
      status: 200,
      body: { output: { status: 200, response: [{ statusCode: 200, metadata: { jobId: 1 }, error: 'success' }] } },
    });
    expect(iterable.received.at(-1)).toMatchObject({ method: 'POST', url: '/api/users/update' });
  });

  it('POST /deleteUsers answers with the first result status', async () => {
    const ok = await call(url, 'POST', '/deleteUsers', JSON.stringify([{ destType: 'ITERABLE', config: { apiKey: 'k' }, userAttributes: [] }]));
    expect(ok).toMatchObject({ status: 200, body: [{ statusCode: 200, status: 'successful' }] });
    const failed = await call(url, 'POST', '/deleteUsers', JSON.stringify([{ config: { apiKey: 'k' }, userAttributes: [{ userId: 'x' }] }]));
    expect(failed).toMatchObject({ status: 400, body: [{ statusCode: 400, error: expect.stringContaining('"Reason":"no such user"') }] });
  });

  it.each([
    ['invalid JSON', 'POST', '/routerTransform', '{"input": [', 400],
    ['a router body without input', 'POST', '/routerTransform', '{"destType":"iterable"}', 400],
    ['a processor body that is not an array', 'POST', '/v0/destinations/iterable', '{}', 400],
    ['a deleteUsers body that is not an array', 'POST', '/deleteUsers', '{}', 400],
    ['an unknown route', 'POST', '/v0/destinations/braze', '[]', 404],
    ['a wrong method', 'GET', '/routerTransform', undefined, 405],
    ['a wrong method on health', 'POST', '/health', '{}', 405],
  ])('answers %s with a JSON error', async (_case, method, path, body, status) => {
    const reply = await call(url, method, path, body);
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ error: expect.any(String) });
    if (status === 405) expect(reply.headers.allow).toBe(method === 'GET' ? 'POST' : 'GET');
  });

  it('answers 413 to a declared body over the limit without reading it', async () => {
    const reply = await call(url, 'POST', '/routerTransform', JSON.stringify({ input: [], pad: 'x'.repeat(5000) }));
    expect(reply).toMatchObject({ status: 413, body: { error: expect.stringContaining('4096') } });
  });

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(`${url}/routerTransform`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(parts).toString()) }));
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i += 1) req.write('x'.repeat(1000));
      req.end();
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
  });
});

describe('transformer HTTP service shutdown', () => {
  it('finishes a request in flight after close(), and refuses new connections', async () => {
    const server = createServer();
    const url = await listen(server);
    const body = JSON.stringify({ input: [identify(1)], destType: 'iterable' });
    let closing: Promise<void> | undefined;
    const inFlight = new Promise<Reply>((resolve, reject) => {
      const req = httpRequest(`${url}/routerTransform`, { method: 'POST', headers: { 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(parts).toString()) }));
      });
      req.on('error', reject);
      // Half the body now; the rest once the server is closing.
      req.write(body.slice(0, 10));
      server.once('request', () => {
        closing = closeServer(server);
        setImmediate(() => req.end(body.slice(10)));
      });
    });
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect((reply.body as { output: unknown[] }).output).toHaveLength(1);
    expect(reply.headers.connection).toBe('close');
    await expect(call(url, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED/);
    // close() resolves only once the in-flight connection is gone.
    await closing;
    expect(server.listening).toBe(false);
  });
});

describe('configResolver (processor and router)', () => {
  it('resolves equal Configs once, keeps different ones apart, and leaves the input untouched', () => {
    const resolve = configResolver();
    const configs = [{ apiKey: 'testApiKey', trackAllPages: true }, { trackAllPages: true, apiKey: 'testApiKey' }, { apiKey: 'otherKey' }];
    const before = structuredClone(configs);
    const [first, second, third] = configs.map((config) => resolve(config));
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    expect(first!.ok && first!.settings.apiKey).toBe('testApiKey');
    expect(third!.ok && third!.settings.apiKey).toBe('otherKey');
    expect(configs).toEqual(before);
  });
});
