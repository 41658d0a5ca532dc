/**
 * Compacted requests (`X-Content-Format: json+compactedv1`) on the processor and router routes:
 * a recorded request answers exactly as its full form, over HTTP; a property shows the same for
 * generated requests; malformed compacted bodies get a 400.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/rudderstack/index.js';
import { PROCESSOR_SLICE, processorRoute, routerRoute } from '../src/rudderstack/server-transform-routes.js';
import { processorTransform } from '../src/rudderstack/processor.js';
import { callService, compactLikeRudderServer } from './rudder-server-client.js';

interface Recorded {
  processor: { full: Record<string, any>[]; compacted: Record<string, unknown> };
  router: { full: { input: Record<string, any>[]; destType: string }; compacted: Record<string, unknown> };
  expected: { processor: unknown[]; router: unknown[] };
}
const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/rudderstack-compacted/two-destinations.json', import.meta.url), 'utf8'),
) as Recorded;

/** What the Iterable side receives: per entry its status, request endpoints (or error) and jobs. */
function processorSummary(entries: any[]): unknown[] {
  return entries.map((e) => (e.statusCode === 200 ? [e.metadata.jobId, e.output.endpoint] : [e.metadata.jobId, e.statusCode, e.error]));
}
function routerSummary(output: any[]): unknown[] {
  return output.map((e) => [
    e.statusCode,
    Array.isArray(e.batchedRequest) ? e.batchedRequest.map((r: any) => r.endpoint) : e.batchedRequest ? [e.batchedRequest.endpoint] : [e.error],
    e.metadata.map((m: any) => m.jobId),
  ]);
}

describe('a recorded compacted request', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is what rudder-server makes of the full form (one destination per id, one connection per source:destination)', () => {
    expect(recorded.processor.compacted).toEqual(compactLikeRudderServer(recorded.processor.full));
    expect(recorded.router.compacted).toEqual(compactLikeRudderServer(recorded.router.full.input, 'iterable'));
    expect(Object.keys(recorded.router.compacted.destinations as object)).toEqual(['dest-us', 'dest-eu']);
  });

  it('on the processor route produces the same Iterable requests as its full form', async () => {
    const full = await callService(url, '/v0/destinations/iterable', recorded.processor.full);
    const compacted = await callService(url, '/v0/destinations/iterable', recorded.processor.compacted, { compacted: true });
    expect([full.status, compacted.status]).toEqual([200, 200]);
    expect(compacted.text).toBe(full.text);
    expect(processorSummary(JSON.parse(compacted.text))).toEqual(recorded.expected.processor);
  });

  it('on the router route produces the same batches as its full form, destType in either case', async () => {
    const full = await callService(url, '/routerTransform', recorded.router.full);
    const compacted = await callService(url, '/routerTransform', recorded.router.compacted, { compacted: true });
    const upper = await callService(url, '/routerTransform', { ...recorded.router.compacted, destType: 'ITERABLE' }, { compacted: true });
    expect([full.status, compacted.status, upper.status]).toEqual([200, 200, 200]);
    expect(compacted.text).toBe(full.text);
    expect(upper.text).toBe(full.text);
    expect(routerSummary(JSON.parse(compacted.text).output)).toEqual(recorded.expected.router);
  });

  it('without the X-Content-Format header a compacted body is refused as a full one (400)', async () => {
    const reply = await callService(url, '/v0/destinations/iterable', recorded.processor.compacted);
    expect(reply.status).toBe(400);
  });

  it.each([
    ['input is not an array', { input: {}, destinations: {} }],
    ['destinations is not an object', { input: [], destinations: [] }],
    ['connections is not an object', { input: [], destinations: {}, connections: 'x' }],
    ['the body is an array', []],
  ])('answers 400 when %s', async (_case, body) => {
    for (const path of ['/v0/destinations/iterable', '/routerTransform']) {
      const reply = await callService(url, path, body, { compacted: true });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.text).error).toMatch(/^Expected a compacted request/);
    }
  });
});

describe('compacted and full forms agree (property)', () => {
  const destinations = recorded.processor.full.map((event) => event.destination as Record<string, any>);
  const distinct = [...new Map(destinations.map((d) => [d.ID, d])).values()];
  const messages = recorded.processor.full.map((event) => event.message);
  const event = fc.record({
    message: fc.constantFrom(...messages),
    destination: fc.constantFrom(...distinct, { ...distinct[0]!, ID: 'dest-no-key', Config: { dataCenter: 'USDC' } }),
    sourceId: fc.constantFrom('src-a', 'src-b'),
  });

  it('for any mix of events, destinations and sources, processor and router answers are identical', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 25 }), async (drawn) => {
        const full = drawn.map((e, index) => {
          const metadata = { jobId: index + 1, sourceId: e.sourceId, destinationId: e.destination.ID, workspaceId: 'ws-1' };
          // As from JSON.parse of a full body: every event its own copy of the destination.
          return JSON.parse(JSON.stringify({ message: e.message, metadata, destination: e.destination, connection: { sourceId: e.sourceId } }));
        });
        const processorFull = await processorRoute(full, false);
        const processorCompacted = await processorRoute(JSON.parse(JSON.stringify(compactLikeRudderServer(full))), true);
        expect(processorFull.status).toBe(200);
        expect(JSON.stringify(processorCompacted)).toBe(JSON.stringify(processorFull));
        const routerFull = routerRoute({ input: full, destType: 'iterable' }, false);
        const routerCompacted = routerRoute(JSON.parse(JSON.stringify(compactLikeRudderServer(full, 'iterable'))), true);
        expect(JSON.stringify(routerCompacted)).toBe(JSON.stringify(routerFull));
      }),
      { numRuns: 150, seed: 15 },
    );
  });

  it('a big processor body, handled in slices, answers exactly as processorTransform of the whole', async () => {
    const many = Array.from({ length: PROCESSOR_SLICE * 2 + 7 }, (_, index) => {
      const e = recorded.processor.full[index % recorded.processor.full.length]!;
      return { ...e, metadata: { ...e.metadata, jobId: index + 1 } };
    });
    const reply = processorRoute(many, false);
    expect(reply).toBeInstanceOf(Promise);
    expect(JSON.stringify((await reply).body)).toBe(JSON.stringify(processorTransform(many)));
  });

  it('an id such as "__proto__" finds no destination and pollutes nothing', async () => {
    const body = { input: [{ message: messages[0], metadata: { jobId: 1, sourceId: 's', destinationId: '__proto__' } }], destinations: {}, connections: {} };
    const reply = await processorRoute(JSON.parse(JSON.stringify(body)), true);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([expect.objectContaining({ statusCode: 500, error: "Cannot read properties of undefined (reading 'Config')" })]);
    expect(Object.prototype).not.toHaveProperty('Config');
  });
});
