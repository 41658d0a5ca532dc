/**
 * Delivery proxy (rudderstack-profile.md §9): the pure interpretation over fixtures/proxy/*.json,
 * then the same fixtures over real HTTP against a scripted Iterable on 127.0.0.1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxy, proxyResponse, type ProxyRequest } from '../src/rudderstack/index.js';
import { startFakeIterable, type FakeIterable, type ScriptedReply } from './rudderstack-fake-iterable.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'proxy');

interface ProxyFixture {
  name: string;
  spec: string;
  request: ProxyRequest & { endpoint: string; body: { JSON: unknown } };
  reply: ScriptedReply;
  expected: unknown;
}

const fixtures = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(DIR, file), 'utf8')) as ProxyFixture] as const);

describe('proxyResponse fixtures', () => {
  it('has fixtures to run', () => expect(fixtures.length).toBeGreaterThanOrEqual(10));

  it.each(fixtures)('%s', (_file, fixture) => {
    const before = structuredClone(fixture.request);
    expect(proxyResponse(fixture.request, fixture.reply)).toEqual(fixture.expected);
    expect(fixture.request).toEqual(before);
  });

  it('reads a single metadata object as one job, and no metadata as none', () => {
    const request = { endpoint: 'https://api.iterable.com/api/users/update', body: { JSON: {} } };
    const one = proxyResponse({ ...request, metadata: { jobId: 7 } }, { status: 200, body: {} });
    expect(one.response).toEqual([{ statusCode: 200, metadata: { jobId: 7 }, error: 'success' }]);
    expect(proxyResponse(request, { status: 200, body: {} }).response).toEqual([]);
  });
});

describe('proxy over HTTP', () => {
  let iterable: FakeIterable;
  let nextReply: ScriptedReply = { status: 200, body: {} };

  beforeAll(async () => {
    iterable = await startFakeIterable(() => nextReply);
  });
  afterAll(() => iterable.close());

  it.each(fixtures)('%s: sends the request and reads the reply', async (_file, fixture) => {
    nextReply = fixture.reply;
    const sent = iterable.received.length;
    const result = await proxy(fixture.request, { baseUrl: iterable.url });
    expect(result).toEqual(fixture.expected);
    expect(iterable.received).toHaveLength(sent + 1);
    const received = iterable.received[sent]!;
    expect(received.method).toBe('POST');
    expect(received.url).toBe(new URL(fixture.request.endpoint).pathname);
    expect(received.headers['api_key']).toBe('testApiKey');
    expect(received.headers['content-type']).toBe('application/json');
    expect(JSON.parse(received.body)).toEqual(fixture.request.body.JSON);
  });

  it('reports a delivery that got no reply as a retryable 500 for every job', async () => {
    const port = await closedPort();
    const request = {
      endpoint: 'https://api.iterable.com/api/users/update',
      headers: { 'Content-Type': 'application/json', api_key: 'secretApiKey' },
      body: { JSON: { userId: 'u1' } },
      metadata: [{ jobId: 1, destinationId: 'd', workspaceId: 'w' }],
    };
    const result = await proxy(request, { baseUrl: `http://127.0.0.1:${port}` });
    expect(result).toEqual({
      response: [{ error: '"ECONNREFUSED"', statusCode: 500, metadata: request.metadata[0] }],
      statTags: expect.objectContaining({ errorCategory: 'network', errorType: 'retryable', feature: 'dataDelivery', destinationId: 'd', workspaceId: 'w' }),
      message: 'ITERABLE: Error transformer proxy during ITERABLE response transformation. unknown error format',
      status: 500,
    });
    expect(JSON.stringify(result)).not.toContain('secretApiKey');
  });

  it('never throws on a request without an endpoint', async () => {
    const result = await proxy({ metadata: [{ jobId: 1 }] });
    expect(result.status).toBe(500);
    expect(result.response).toHaveLength(1);
  });
});

/** A port on 127.0.0.1 that nothing listens on (bound, read, released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
