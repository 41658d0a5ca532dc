/**
 * Part "scale": 1, 2 and 4 `iterable-destination send --redis` processes on one redis-server
 * against one emulator (in this process, Iterable's rate limits on), all sending purchases
 * (trackPurchase, one request per event). Per N: aggregate accepted requests/s as a fraction of
 * the endpoint's limit, 429s, Redis commands per request (from Redis's own INFO commandstats),
 * and the smallest process's share of the requests against the fair 1/N. The same N processes
 * without --redis show what the shared budget is for. Needs `redis-server` on the PATH.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT } from './lib.mjs';

// The emulator is its own entry point (a test tool, not in the root entry).
const { startEmulator } = await import(join(ROOT, 'dist', 'emulator.js'));

const REQUESTS_PER_RUN = 600;
const KEY = 'bench-scale-key';

export async function benchScale(dist) {
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) {
    return { skipped: 'redis-server is not installed (apt-get install -y redis-server)' };
  }
  const limit = dist.ENDPOINTS.trackPurchase.ratePerSecond;
  const redis = await startRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  try {
    const runs = [];
    for (const processes of [1, 2, 4]) runs.push(await run(dist, { processes, shared: true, redis, dir, limit }));
    for (const processes of [2, 4]) runs.push(await run(dist, { processes, shared: false, redis, dir, limit }));
    return { endpoint: 'trackPurchase', limit, requestsPerRun: REQUESTS_PER_RUN, runs };
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(dist, { processes, shared, redis, dir, limit }) {
  const emulator = await startEmulator({ port: 0, apiKeys: [KEY], storeEvents: false });
  const before = await redisCommands(redis.port);
  try {
    const perProcess = Math.ceil(REQUESTS_PER_RUN / processes);
    const exits = await Promise.all(
      Array.from({ length: processes }, (_, p) => {
        const file = join(dir, `events-${processes}-${p}.jsonl`);
        writeFileSync(file, purchases(p, perProcess));
        const args = [CLI, 'send', file, '--endpoint', emulator.url, '--api-key', KEY, ...(shared ? ['--redis', `redis://127.0.0.1:${redis.port}`] : [])];
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
        const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
        return new Promise((resolve) => child.once('exit', (code) => (clearTimeout(timer), resolve(code))));
      }),
    );
    const requests = emulator.state.requests.filter((r) => r.endpoint === 'trackPurchase');
    const accepted = requests.filter((r) => r.status === 200);
    const span = accepted.length > 1 ? accepted.at(-1).at - accepted[0].at : 0;
    const perSecond = span > 0 ? ((accepted.length - 1) * 1000) / span : 0;
    // Each process pads its purchases differently: body size tells whose a request was. Shares are
    // counted while every process was sending (each sends the same number in the end).
    const times = new Map();
    for (const r of accepted) times.set(r.bytes, [...(times.get(r.bytes) ?? []), r.at]);
    const from = Math.max(...[...times.values()].map((t) => t[0]));
    const to = Math.min(...[...times.values()].map((t) => t.at(-1)));
    const inCommon = [...times.values()].map((t) => t.filter((at) => at >= from && at <= to).length);
    const smallestShare = Math.min(...inCommon) / Math.max(1, inCommon.reduce((a, b) => a + b, 0));
    const commands = (await redisCommands(redis.port)) - before;
    return {
      processes,
      shared,
      exitCodes: exits,
      accepted: accepted.length,
      rateLimited429: requests.filter((r) => r.status === 429).length,
      acceptedPerSecond: Math.round(perSecond * 10) / 10,
      fractionOfLimit: Math.round((perSecond / limit) * 1000) / 1000,
      redisRoundTripsPerRequest: shared ? Math.round((commands / Math.max(1, accepted.length)) * 100) / 100 : 0,
      smallestShareVsFair: Math.round(smallestShare * processes * 100) / 100,
    };
  } finally {
    await emulator.close();
  }
}

function purchases(p, count) {
  const lines = Array.from({ length: count }, (_, n) =>
    JSON.stringify({
      type: 'track',
      event: 'Order Completed',
      userId: `u${p}`,
      properties: { order_id: `o-${p}-${String(n).padStart(6, '0')}`, total: 5, pad: 'x'.repeat(40 * p), products: [{ product_id: 'p', name: 'P', price: 5, quantity: 1 }] },
    }),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Round trips Redis has served so far: every command a client sent, without the INFO calls (ours
 * and ioredis's ready checks) and without the GET/SET/TIME that the scripts run inside Redis.
 */
async function redisCommands(port) {
  const out = spawnSync('redis-cli', ['-p', String(port), 'info', 'commandstats'], { encoding: 'utf8' }).stdout ?? '';
  let total = 0;
  for (const line of out.split('\n')) {
    const match = /^cmdstat_([a-z|]+):calls=(\d+)/.exec(line);
    if (match && !['info', 'get', 'set', 'time'].includes(match[1])) total += Number(match[2]);
  }
  return total;
}

async function startRedisServer() {
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout.resume();
        resolve();
      }
    });
  });
  return { port, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}
