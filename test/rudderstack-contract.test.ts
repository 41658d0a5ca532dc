/**
 * The contract suite: this test plays rudder-server's transformer client against the service over
 * real HTTP, with the headers it sends, the bodies it posts and the checks it makes on replies.
 *
 * Facts from rudderlabs/rudder-server at commit f2655fbbe2260deb4e01c2a54da1a827291713bb
 * (2026-08-19, "feat(processor): report duplicate events as dedup/filtered metrics (#7280)"):
 * - A 200 reply of the processor and router routes must carry the header `apiVersion` equal to
 *   SupportedTransformerApiVersion = 2, else rudder-server fails the batch / panics
 *   (processor/internal/transformer/destination_transformer/destination_transformer.go doPost,
 *   router/transformer/transformer.go Transform, utils/types/reporting_types.go). On the proxy
 *   route a reply without it is counted as not coming from the transformer (ProxyRequest).
 * - Processor requests go to DEST_TRANSFORM_URL + `/v0/destinations/` + the lower-cased type, with
 *   `Content-Type: application/json; charset=utf-8`, `X-Feature-Gzip-Support: ?1`,
 *   `X-Feature-Filter-Code: ?1` and, when compaction is on, `X-Content-Format: json+compactedv1`;
 *   batches of 100 events (destination_transformer.go destTransformURL, doPost, New).
 * - Processor statuses 200, 400, 404 and 413 are final; on any status other than 200 every event of
 *   the batch fails with that status and the reply body as its error; 2xx–4xx except 408 and 429 end
 *   the retries, anything else is retried (destination_transformer.go sendBatch,
 *   processor/internal/transformer/utils.go IsJobTerminated).
 * - A processor 200 body is an array of { output, metadata, statusCode, error, statTags } with
 *   statTags a map of strings (processor/types/types.go TransformerResponse).
 * - Router requests go to DEST_TRANSFORM_URL + `/routerTransform` as { input, destType } with the
 *   type lower-cased (router/transformer/transformer.go getRouterTransformURL, router/worker.go);
 *   the reply's `output` is read as [{ batchedRequest, metadata[], destination, batched,
 *   statusCode, error, statTags }] (router/types/types.go DestinationJobT). The job ids in the
 *   output must be those of the input, each once, with no empty metadata array, or every job is
 *   failed with 500; a non-200 reply fails every job with 500, or 404 for a 404 (Transform).
 * - Compacted bodies: { input: [{ message, metadata }], destinations: { <metadata.destinationId>:
 *   destination }, connections: { "<sourceId>:<destinationId>": connection } }, the router's with
 *   `destType` (processor/types/types.go CompactedTransformRequest, router/types/types.go
 *   CompactedTransformMessageT, testhelper/transformertest/builder.go).
 * - GET /features: on 200 the body is read for `routerTransform.<DESTINATION DEFINITION NAME>`,
 *   `regulations`, `supportDestTransformCompactedPayloadV1`, `supportTransformerProxyV1`, and must
 *   say `upgradedToSourceTransformV2` or `supportSourceTransformV1` (else panic); on 404 defaults
 *   without Iterable apply (services/transformer/features.go, features_impl.go; the key is the
 *   definition name, processor/processor.go).
 * - The v1 delivery proxy: DELIVERY_TRANSFORMER_URL or DEST_TRANSFORM_URL + `/v1/destinations/` +
 *   lower-cased type + `/proxy`, body = the router request plus `metadata: [...]` and
 *   `destinationConfig`; the reply needs a non-null `output` whose `response` has one
 *   { statusCode, metadata, error } per job, job ids matching (router/transformer/transformer.go
 *   ProxyRequest, transformer_proxy_adapter.go).
 * - The regulation worker posts [{ jobId, destType (lower-cased), config, userAttributes }] to
 *   /deleteUsers; 200 completes the job, 404 / 405 abort it as unsupported
 *   (regulation-worker/internal/delete/api/api.go).
 * - Its Go HTTP client leaves compression on, so it sends `Accept-Encoding: gzip` and inflates a
 *   gzip reply itself (internal/transformer-client/client.go: DisableCompression not set).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/rudderstack/index.js';
import { callService, compactLikeRudderServer, type ServiceReply } from './rudder-server-client.js';
import { startFakeIterable, type FakeIterable } from './rudderstack-fake-iterable.js';

const SUPPORTED_TRANSFORMER_API_VERSION = 2;
const FINAL_PROCESSOR_STATUSES = [200, 400, 404, 413];

/** rudder-server's version check on a 200 reply: strconv.Atoi of the header, compared with 2. */
function acceptedVersion(reply: ServiceReply): boolean {
  if (reply.status !== 200) return true;
  const header = reply.headers.apiversion;
  return typeof header === 'string' && /^\d+$/.test(header) && Number(header) === SUPPORTED_TRANSFORMER_API_VERSION;
}

/** IsJobTerminated: a status that ends rudder-server's retries. */
function isJobTerminated(status: number): boolean {
  if (status === 429 || status === 408) return false;
  return status >= 200 && status < 500;
}

const destination = (ID: string, Config: Record<string, unknown>) => ({
  ID,
  Name: `iterable ${ID}`,
  DestinationDefinition: { ID: 'def-iterable', Name: 'ITERABLE', DisplayName: 'Iterable', Config: {} },
  Config,
  Enabled: true,
  WorkspaceID: 'ws-1',
  Transformations: [],
  IsProcessorEnabled: true,
  RevisionID: 'rev-1',
  hasDynamicConfig: false,
});
const US = destination('dest-us', { apiKey: '0123456789abcdef0123456789abcdef', trackAllPages: true });
const EU = destination('dest-eu', { apiKey: 'abcdefabcdefabcdefabcdefabcdef01', dataCenter: 'EUDC' });

function job(jobId: number, dest: typeof US, message: Record<string, unknown>, sourceId = 'src-1') {
  return {
    message: { messageId: `m-${jobId}`, ...message },
    metadata: { jobId, sourceId, destinationId: dest.ID, workspaceId: 'ws-1', messageId: `m-${jobId}`, destinationType: 'ITERABLE' },
    destination: dest,
    connection: { sourceId, destinationId: dest.ID, enabled: true, config: {}, processorEnabled: true },
    libraries: [],
    credentials: null,
  };
}

const EVENTS = [
  job(1, US, { type: 'identify', userId: 'u1', traits: { email: 'u1@example.com' } }),
  job(2, US, { type: 'track', userId: 'u1', event: 'Clicked' }),
  job(3, EU, { type: 'page', userId: 'u2', name: 'Home', context: { traits: { email: 'u2@example.com' } } }, 'src-2'),
  job(4, US, { type: 'group', userId: 'u3', groupId: 'g' }),
  job(5, EU, { type: 'identify', userId: 'u4', traits: { email: 'u4@example.com' } }),
  job(6, US, { type: 'alias', userId: 'b@example.com', previousId: 'a@example.com' }),
];
const routerInput = EVENTS.map(({ message, metadata, destination: d, connection }) => ({ message, metadata, destination: d, connection }));

function expectStringMap(value: unknown, where: string): void {
  if (value === undefined) return;
  expect(value, where).toBeTypeOf('object');
  for (const [key, tag] of Object.entries(value as object)) expect(typeof tag, `${where}.${key}`).toBe('string');
}

/** The checks rudder-server makes on a processor 200 body (the Go types it unmarshals into). */
function expectProcessorShape(entries: unknown, jobIds: number[]): void {
  expect(Array.isArray(entries)).toBe(true);
  const seen = new Set<number>();
  for (const [index, entry] of (entries as Array<Record<string, any>>).entries()) {
    expect(typeof entry.statusCode, `[${index}].statusCode`).toBe('number');
    expect(entry.metadata, `[${index}].metadata`).toBeTypeOf('object');
    if (entry.statusCode === 200) expect(entry.output, `[${index}].output`).toBeTypeOf('object');
    else expect(typeof entry.error, `[${index}].error`).toBe('string');
    expectStringMap(entry.statTags, `[${index}].statTags`);
    seen.add(entry.metadata.jobId);
  }
  expect([...seen].sort()).toEqual([...jobIds].sort());
}

/** The router reply validation of rudder-server's Transform: same job ids in and out, once each. */
function expectRouterShape(body: unknown, jobIds: number[]): void {
  const output = (body as { output: Array<Record<string, any>> }).output;
  expect(Array.isArray(output)).toBe(true);
  const out: number[] = [];
  for (const [index, entry] of output.entries()) {
    expect(typeof entry.batched, `[${index}].batched`).toBe('boolean');
    expect(typeof entry.statusCode, `[${index}].statusCode`).toBe('number');
    expect(entry.metadata.length, `[${index}].metadata`).toBeGreaterThan(0);
    if (entry.statusCode === 200) expect(entry.batchedRequest, `[${index}].batchedRequest`).toBeTypeOf('object');
    else expect(typeof entry.error, `[${index}].error`).toBe('string');
    expectStringMap(entry.statTags, `[${index}].statTags`);
    out.push(...new Set<number>(entry.metadata.map((m: { jobId: number }) => m.jobId)));
  }
  expect(out.sort()).toEqual([...jobIds].sort());
}

describe('rudder-server as the client (contract)', () => {
  let server: Server;
  let url: string;
  let iterable: FakeIterable;
  const replies: ServiceReply[] = [];
  const call = async (...args: Parameters<typeof callService>) => {
    const reply = await callService(...args);
    replies.push(reply);
    return reply;
  };

  beforeAll(async () => {
    iterable = await startFakeIterable(({ url: path }) =>
      path.includes('bulkUpdate')
        ? { status: 200, body: { successCount: 1, failCount: 0 } }
        : { status: 200, body: { msg: '', code: 'Success', params: null } },
    );
    server = createServer({ baseUrl: iterable.url, bodyLimitBytes: 64 * 1024 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await iterable.close();
  });

  it('GET /features: a 200 document that sends Iterable through the router and passes the start-up checks', async () => {
    const reply = await call(url, '/features');
    expect(reply.status).toBe(200);
    const features = JSON.parse(reply.text);
    // gjson paths rudder-server reads; the key is the destination definition name.
    expect(features.routerTransform.ITERABLE).toBe(true);
    expect(features.regulations).toContain('ITERABLE');
    expect(features.upgradedToSourceTransformV2 === true || features.supportSourceTransformV1 === true).toBe(true);
    expect(features.supportDestTransformCompactedPayloadV1).toBe(true);
    expect(features.supportTransformerProxyV1).toBe(true);
  });

  it.each([
    ['full', false],
    ['compacted', true],
  ])('processor, %s body: a 200 with apiVersion 2 and one answer per job in the shape rudder-server reads', async (_form, compacted) => {
    const body = compacted ? compactLikeRudderServer(EVENTS) : EVENTS;
    const reply = await call(url, '/v0/destinations/iterable', body, { compacted });
    expect(reply.status).toBe(200);
    expect(acceptedVersion(reply)).toBe(true);
    expect(reply.headers['content-type']).toBe('application/json');
    expectProcessorShape(JSON.parse(reply.text), EVENTS.map((e) => e.metadata.jobId));
  });

  it.each([
    ['full, lower-case destType', false, 'iterable'],
    ['full, upper-case destType', false, 'ITERABLE'],
    ['compacted, lower-case destType', true, 'iterable'],
    ['compacted, upper-case destType', true, 'ITERABLE'],
  ])('router, %s: a 200 with apiVersion 2 whose output passes the in/out job check', async (_case, compacted, destType) => {
    const body = compacted ? compactLikeRudderServer(routerInput, destType) : { input: routerInput, destType };
    const reply = await call(url, '/routerTransform', body, { compacted });
    expect(reply.status).toBe(200);
    expect(acceptedVersion(reply)).toBe(true);
    expectRouterShape(JSON.parse(reply.text), EVENTS.map((e) => e.metadata.jobId));
  });

  it('another destination type: 404 (final), with a body that says why, on both routes', async () => {
    const processor = await call(url, '/v0/destinations/braze', EVENTS);
    const router = await call(url, '/routerTransform', { input: routerInput, destType: 'braze' });
    for (const reply of [processor, router]) {
      expect(reply.status).toBe(404);
      expect(isJobTerminated(reply.status)).toBe(true);
      expect(JSON.parse(reply.text).error).toMatch(/"braze" is not served here: this service transforms only Iterable/);
    }
  });

  it('a body over the limit: 413, which the processor treats as final', async () => {
    const big = Array.from({ length: 400 }, (_, i) => job(100 + i, US, { type: 'track', userId: `u${i}`, event: 'x'.repeat(100) }));
    const reply = await call(url, '/v0/destinations/iterable', big);
    expect(reply.status).toBe(413);
    expect(FINAL_PROCESSOR_STATUSES).toContain(reply.status);
  });

  it('gzip: a large reply comes compressed with content-encoding, a small one and one not asked for come plain', async () => {
    const many = Array.from({ length: 40 }, (_, i) => job(i + 1, US, { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` } }));
    const zipped = await call(url, '/v0/destinations/iterable', many);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.wireBytes).toBeLessThan(Buffer.byteLength(zipped.text) / 2);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.wireBytes);
    const plain = await call(url, '/v0/destinations/iterable', many, { gzip: false });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(zipped.text);
    const small = await call(url, '/features');
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('the v1 proxy: 200 with apiVersion 2 and a non-null output holding one response per job', async () => {
    const { output } = JSON.parse((await call(url, '/routerTransform', { input: routerInput.slice(0, 2), destType: 'iterable' })).text);
    const batch = output[0];
    // ProxyRequestPayload: the router request plus the jobs' metadata and the destination's Config.
    const payload = {
      ...batch.batchedRequest,
      metadata: batch.metadata.map((m: { jobId: number }) => ({ jobId: m.jobId, attemptNum: 0, userId: '', sourceId: 'src-1', destinationId: 'dest-us', workspaceId: 'ws-1', secret: null, dontBatch: false })),
      destinationConfig: US.Config,
    };
    const reply = await call(url, '/v1/destinations/iterable/proxy', payload);
    expect(reply.status).toBe(200);
    expect(acceptedVersion(reply)).toBe(true);
    const body = JSON.parse(reply.text);
    expect(body.output).not.toBeNull();
    const ids = body.output.response.map((r: { metadata: { jobId: number } }) => r.metadata.jobId);
    expect(ids.sort()).toEqual(payload.metadata.map((m: { jobId: number }) => m.jobId).sort());
    for (const entry of body.output.response) {
      expect(typeof entry.statusCode).toBe('number');
      expect(typeof entry.error).toBe('string');
    }
  });

  it('the regulation worker: /deleteUsers with its payload answers 200 (job complete) with apiVersion 2', async () => {
    const reply = await call(url, '/deleteUsers', [{ jobId: '7', destType: 'iterable', config: US.Config, userAttributes: [{ userId: 'u1' }] }]);
    expect(reply.status).toBe(200);
    expect(acceptedVersion(reply)).toBe(true);
  });

  it('every 200 reply of this suite carried apiVersion: 2 (health included)', async () => {
    await call(url, '/health');
    const ok = replies.filter((reply) => reply.status === 200);
    expect(ok.length).toBeGreaterThan(10);
    expect(ok.filter((reply) => !acceptedVersion(reply))).toEqual([]);
  });
});
