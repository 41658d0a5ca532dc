/**
 * Part "serve": requests/s of `iterable-destination serve` on the processor and router routes
 * against a bare node:http server that only parses and re-serialises the same bodies
 * (bench/serve-bare.mjs). Both run as child processes on 127.0.0.1 and are driven by autocannon
 * (8 connections, a fixed duration per run, rounds interleaved so load on the machine
 * hits both alike); the headline is the ratio of medians. Bodies: 100 events of about 2 KB, each
 * carrying its own destination copy, as rudder-server sends them. Also: the compacted form of the
 * same processor body, and the event-loop delay while a 293 KB body (a 200 KB user agent with
 * systemFields) and a 4 MB body are handled. Beside requests/s, each server's CPU time per request
 * (from /proc): less disturbed by other load on a shared machine. Nothing here asserts a duration.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { CLI, ROOT, fmt } from './lib.mjs';

const CONFIG = { apiKey: '0123456789abcdef0123456789abcdef', registerDeviceOrBrowserApiKey: 'fedcba9876543210fedcba9876543210', trackAllPages: true };
const DESTINATION = {
  ID: 'dest-bench',
  Name: 'iterable bench',
  DestinationDefinition: { ID: 'def-iterable', Name: 'ITERABLE', DisplayName: 'Iterable', Config: {} },
  Config: CONFIG,
  Enabled: true,
  WorkspaceID: 'ws-bench',
  Transformations: [],
  IsProcessorEnabled: true,
  RevisionID: 'rev-1',
  hasDynamicConfig: false,
};

/** A deterministic event of about `bytes` bytes: identify / track / page in turn. */
function benchEvent(index, bytes = 2000) {
  const kind = ['identify', 'track', 'track', 'page'][index % 4];
  const userId = `user-${index % 37}`;
  const pad = 'x'.repeat(Math.max(0, bytes - 700));
  const context = { traits: { email: `${userId}@example.com` }, library: { name: 'rudder-js', version: '3.0.0' }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', note: pad };
  const common = { messageId: `m-${index}`, anonymousId: `anon-${index}`, userId, context, originalTimestamp: '2026-11-30T10:00:00.000Z', sentAt: '2026-11-30T10:00:01.000Z', channel: 'web' };
  if (kind === 'identify') return { ...common, type: 'identify', traits: { email: `${userId}@example.com`, plan: 'pro', visits: index } };
  if (kind === 'page') return { ...common, type: 'page', name: 'Pricing', properties: { path: '/pricing', url: 'https://example.com/pricing' } };
  return { ...common, type: 'track', event: 'Product Viewed', properties: { product_id: `p-${index}`, price: 9.99, currency: 'USD' } };
}

function fullEvents(count, start = 0, bytes) {
  return Array.from({ length: count }, (_, offset) => {
    const jobId = start + offset + 1;
    return {
      message: benchEvent(jobId, bytes),
      metadata: { jobId, sourceId: 'src-bench', destinationId: DESTINATION.ID, workspaceId: 'ws-bench', messageId: `m-${jobId}`, destinationType: 'ITERABLE' },
      destination: DESTINATION,
      connection: { sourceId: 'src-bench', destinationId: DESTINATION.ID, enabled: true, config: {}, processorEnabled: true },
    };
  });
}

function compacted(events) {
  return {
    input: events.map(({ message, metadata }) => ({ message, metadata })),
    destinations: { [DESTINATION.ID]: DESTINATION },
    connections: { [`src-bench:${DESTINATION.ID}`]: events[0].connection },
  };
}

function startChild(args) {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start within 10 s`)), 10_000);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], cpuMs: () => cpuMsOf(child.pid), stop: () => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM'))) });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited early (code ${code})`)));
  });
}

/**
 * CPU time (user + system) a process has used, in ms, from /proc (Linux; undefined elsewhere).
 * Less disturbed by other load on the machine than requests/s: it counts only the server's work.
 */
function cpuMsOf(pid) {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * Drives one server for `seconds` with 8 connections. autocannon checks for completion on a
 * one-second tick, so a run bounded by request count is rounded to whole seconds: a run bounded
 * by time, counting the replies, resolves finer. Returns replies per second and the reply count.
 */
async function load(url, path, body, seconds, headers = {}) {
  const result = await autocannon({
    url: `${url}${path}`,
    method: 'POST',
    connections: 8,
    duration: seconds,
    timeout: 60,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const ok = result['2xx'];
  if (result.non2xx > 0 || ok === 0) throw new Error(`${path}: ${result.errors} errors, ${result.non2xx} non-2xx replies`);
  return { rate: ok / result.duration, replies: ok };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Max event-loop delay of this process while `dist`'s server handles one request of `body`. */
async function loopDelay(dist, body) {
  const server = dist.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/v0/destinations/iterable`;
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const options = { method: 'POST', headers: { 'content-type': 'application/json' }, body };
  await fetch(url, options).then((reply) => reply.arrayBuffer()); // warm-up
  histogram.enable();
  const started = performance.now();
  const reply = await fetch(url, options);
  await reply.arrayBuffer();
  const handledMs = performance.now() - started;
  histogram.disable();
  await new Promise((resolve) => server.close(resolve));
  return { status: reply.status, bytes: Buffer.byteLength(body), maxDelayMs: Math.round(histogram.max / 1e5) / 10, handledMs: Math.round(handledMs) };
}

export async function benchServe(_dist, { rounds = 5, seconds = 8 } = {}) {
  const processorBody = JSON.stringify(fullEvents(100));
  const routerBody = JSON.stringify({ input: fullEvents(100), destType: 'iterable' });
  const compactedBody = JSON.stringify(compacted(fullEvents(100)));
  const ours = await startChild([CLI, 'serve', '--port', '0', '--quiet', '--max-concurrent', '1000']);
  const bare = await startChild([join(ROOT, 'bench', 'serve-bare.mjs')]);
  const samples = { processor: { ours: [], bare: [] }, router: { ours: [], bare: [] }, compacted: { ours: [] } };
  const cpu = { processor: { ours: [], bare: [] }, router: { ours: [], bare: [] }, compacted: { ours: [] } };
  try {
    // Warm-up, not counted.
    await load(ours.url, '/v0/destinations/iterable', processorBody, 2);
    await load(bare.url, '/', processorBody, 2);
    for (let round = 0; round < rounds; round += 1) {
      for (const [route, path, body] of [['processor', '/v0/destinations/iterable', processorBody], ['router', '/routerTransform', routerBody]]) {
        // Alternate which server goes first, so a drift in machine load does not favour one.
        const order = round % 2 === 0 ? ['bare', 'ours'] : ['ours', 'bare'];
        for (const who of order) {
          const server = who === 'ours' ? ours : bare;
          const cpuBefore = server.cpuMs();
          const { rate, replies } = await load(server.url, who === 'ours' ? path : '/', body, seconds);
          const cpuAfter = server.cpuMs();
          samples[route][who].push(rate);
          if (cpuBefore !== undefined) cpu[route][who].push((cpuAfter - cpuBefore) / replies);
        }
      }
      const cpuBefore = ours.cpuMs();
      const { rate, replies } = await load(ours.url, '/v0/destinations/iterable', compactedBody, seconds, { 'x-content-format': 'json+compactedv1' });
      samples.compacted.ours.push(rate);
      if (cpuBefore !== undefined) cpu.compacted.ours.push((ours.cpuMs() - cpuBefore) / replies);
    }
  } finally {
    await ours.stop();
    await bare.stop();
  }
  const summary = (route) => {
    const oursRate = median(samples[route].ours);
    const bareRate = median(samples[route].bare);
    const perRound = samples[route].ours.map((rate, i) => rate / samples[route].bare[i]);
    const oursCpu = cpu[route].ours.length ? median(cpu[route].ours) : undefined;
    const bareCpu = cpu[route].bare.length ? median(cpu[route].bare) : undefined;
    return {
      oursRequestsPerSecond: Math.round(oursRate),
      bareRequestsPerSecond: Math.round(bareRate),
      ratio: Math.round((oursRate / bareRate) * 100) / 100,
      perRoundRatios: perRound.map((r) => Math.round(r * 100) / 100),
      // Server CPU per request; bare ÷ ours is the requests/s ratio a CPU-bound server would reach.
      oursCpuMsPerRequest: oursCpu === undefined ? undefined : Math.round(oursCpu * 100) / 100,
      bareCpuMsPerRequest: bareCpu === undefined ? undefined : Math.round(bareCpu * 100) / 100,
      cpuRatio: oursCpu === undefined ? undefined : Math.round((bareCpu / oursCpu) * 100) / 100,
    };
  };
  const processor = summary('processor');
  const router = summary('router');
  const compactedRate = median(samples.compacted.ours);

  const dist = await import(join(ROOT, 'dist', 'rudderstack.js'));
  const hugeAgent = fullEvents(1, 0, 2000).map((event) => ({
    ...event,
    message: { ...event.message, context: { ...event.message.context, userAgent: `Mozilla/5.0 (${'a; '.repeat(70_000)})` } },
    destination: { ...event.destination, Config: { ...CONFIG, systemFields: true } },
  }));
  const delays = [
    { body: `293 KB-class body (200 KB user agent, systemFields)`, ...(await loopDelay(dist, JSON.stringify([...hugeAgent, ...fullEvents(45, 1)]))) },
    { body: '4 MB body (2,000 events)', ...(await loopDelay(dist, JSON.stringify(fullEvents(2000)))) },
  ];
  return {
    rounds,
    secondsPerRun: seconds,
    connections: 8,
    bodyBytes: { processor: processorBody.length, router: routerBody.length, compacted: compactedBody.length },
    processor,
    router,
    compacted: {
      requestsPerSecond: Math.round(compactedRate),
      cpuMsPerRequest: cpu.compacted.ours.length ? Math.round(median(cpu.compacted.ours) * 100) / 100 : undefined,
      vsFullForm: Math.round((compactedRate / processor.oursRequestsPerSecond) * 100) / 100,
      vsBare: Math.round((compactedRate / processor.bareRequestsPerSecond) * 100) / 100,
    },
    loopDelay: delays,
  };
}

function cpuText(route) {
  if (route.cpuRatio === undefined) return 'not measured (no /proc)';
  return `${route.oursCpuMsPerRequest} ms vs bare ${route.bareCpuMsPerRequest} ms: bare ÷ ours ${route.cpuRatio}x`;
}

/** The rows of this part in the bench table. */
export function serveRows(r) {
  const kb = (bytes) => `${fmt(bytes / 1024)} KB`;
  return [
    ['serve', `processor, ${kb(r.bodyBytes.processor)} bodies`, `${fmt(r.processor.oursRequestsPerSecond)} req/s vs bare ${fmt(r.processor.bareRequestsPerSecond)}: ${r.processor.ratio}x (rounds ${r.processor.perRoundRatios.join(', ')})`],
    ['serve', '  server CPU per request', cpuText(r.processor)],
    ['serve', `router, ${kb(r.bodyBytes.router)} bodies`, `${fmt(r.router.oursRequestsPerSecond)} req/s vs bare ${fmt(r.router.bareRequestsPerSecond)}: ${r.router.ratio}x (rounds ${r.router.perRoundRatios.join(', ')})`],
    ['serve', '  server CPU per request', cpuText(r.router)],
    ['serve', `processor compacted, ${kb(r.bodyBytes.compacted)} bodies`, `${fmt(r.compacted.requestsPerSecond)} req/s: ${r.compacted.vsFullForm}x the full form, ${r.compacted.vsBare}x bare (full bodies)${r.compacted.cpuMsPerRequest === undefined ? '' : `; ${r.compacted.cpuMsPerRequest} ms CPU per request`}`],
    ...r.loopDelay.map((d) => ['serve', `event-loop delay, ${d.body}`, `max ${d.maxDelayMs} ms while handled in ${fmt(d.handledMs)} ms (${kb(d.bytes)}, status ${d.status})`]),
  ];
}
