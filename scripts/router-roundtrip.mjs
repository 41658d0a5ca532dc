#!/usr/bin/env node
/**
 * Measures one round trip of a mixed 1,000-event router request through the transformer HTTP
 * service (built package, dist/): POST /routerTransform on 127.0.0.1, time and output requests.
 *
 *   npx tsup && node scripts/router-roundtrip.mjs [--events 1000] [--runs 5]
 *
 * Mix: 40% identify (a quarter of them with a device token), 40% track, 10% page,
 * 5% Order Completed, 5% alias. One warm-up run, then the median of the measured runs.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createServer } from '../dist/rudderstack.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } } });
const count = Number(values.events);
const runs = Number(values.runs);

const destination = {
  ID: 'dest-1',
  Config: { apiKey: 'benchApiKey', registerDeviceOrBrowserApiKey: 'benchTokenKey', dataCenter: 'USDC', trackAllPages: true },
};
const timestamp = '2026-05-18T10:00:00.000Z';

function message(i) {
  const slot = i % 20; // 8 identify, 8 track, 2 page, 1 purchase, 1 alias per 20 events
  const userId = `user-${i}`;
  if (slot < 8) {
    const context = slot < 2 ? { device: { token: `token-${i}`, type: 'ios' } } : {};
    return { type: 'identify', userId, traits: { email: `${userId}@example.com`, plan: 'pro', visits: i }, context, timestamp };
  }
  if (slot < 16) return { type: 'track', event: 'Button Clicked', userId, properties: { button: 'buy', position: slot }, timestamp };
  if (slot < 18) return { type: 'page', name: 'Pricing', userId, properties: { path: '/pricing', referrer: 'search' }, timestamp };
  if (slot < 19) {
    return {
      type: 'track',
      event: 'Order Completed',
      userId,
      properties: { order_id: `o-${i}`, total: 42.5, products: [{ product_id: 'p1', name: 'Shoe', price: 42.5, quantity: 1, category: 'shoes' }] },
      context: { traits: { email: `${userId}@example.com` } },
      timestamp,
    };
  }
  return { type: 'alias', previousId: `old-${i}@example.com`, userId: `${userId}@example.com` };
}

const body = JSON.stringify({
  input: Array.from({ length: count }, (_, i) => ({ message: message(i), metadata: { jobId: i + 1, destinationId: 'dest-1', workspaceId: 'ws-1' }, destination })),
  destType: 'iterable',
});

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/routerTransform`;

async function roundTrip() {
  const started = performance.now();
  const reply = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const result = await reply.json();
  return { ms: performance.now() - started, status: reply.status, output: result.output };
}

await roundTrip(); // warm-up
const timings = [];
let last;
for (let run = 0; run < runs; run += 1) {
  last = await roundTrip();
  timings.push(last.ms);
}
server.close();

const byEndpoint = {};
let requests = 0;
for (const entry of last.output) {
  const list = Array.isArray(entry.batchedRequest) ? entry.batchedRequest : entry.batchedRequest ? [entry.batchedRequest] : [];
  requests += list.length;
  for (const request of list) byEndpoint[request.endpointPath] = (byEndpoint[request.endpointPath] ?? 0) + 1;
  if (entry.error) byEndpoint.error = (byEndpoint.error ?? 0) + 1;
}
timings.sort((a, b) => a - b);
console.log(`events: ${count}, request body: ${(Buffer.byteLength(body) / 1024).toFixed(0)} KiB, status ${last.status}`);
console.log(`round trip (median of ${runs}): ${timings[Math.floor(runs / 2)].toFixed(1)} ms (min ${timings[0].toFixed(1)}, max ${timings.at(-1).toFixed(1)})`);
console.log(`output entries: ${last.output.length}, requests to Iterable: ${requests}`);
console.log(`by endpoint: ${JSON.stringify(byEndpoint)}`);
