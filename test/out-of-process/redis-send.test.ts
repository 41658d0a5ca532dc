/**
 * Several `iterable-destination send --redis` processes (the built CLI, real files, real signals)
 * on one redis-server against one emulator with Iterable's rate limits on. Each process pads its
 * purchases differently, so the emulator's request log (sizes and arrival times) tells whose each
 * request was without asking the processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { ENDPOINTS } from '../../src/iterable/endpoints.js';
import { describeRedis, maxPerRollingSecond, startRedis, watchEmulatorLoop, type RedisProcess } from '../redis-server.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const KEY = 'several-processes-key';
const LIMIT = ENDPOINTS.trackPurchase.ratePerSecond;

/** Purchases of process `p`: the same body size for all of them, a different one for each process. */
function purchases(p: number, count: number): string {
  const lines = Array.from({ length: count }, (_, n) => {
    const id = `o-${p}-${String(n).padStart(5, '0')}`;
    return JSON.stringify({ type: 'track', event: 'Order Completed', userId: `u${p}`, properties: { order_id: id, total: 5, pad: 'x'.repeat(40 * p), products: [{ product_id: 'p', name: 'P', price: 5, quantity: 1 }] } });
  });
  return `${lines.join('\n')}\n`;
}

interface Sender {
  readonly child: ChildProcess;
  readonly log: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

// Child processes on a shared machine: generous time limits (nothing here asserts a duration).
const SLOW = { timeout: 120_000 };

describeRedis('send --redis: several processes, one project', () => {
  let server: RedisProcess;
  let emulator: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    server = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'redis-send-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function send(p: number, count: number): Sender {
    const file = join(dir, `events-${p}.jsonl`);
    const log = join(dir, `outcomes-${p}.jsonl`);
    writeFileSync(file, purchases(p, count));
    const child = spawn(process.execPath, [CLI, 'send', file, '--endpoint', emulator.url, '--api-key', KEY, '--redis', server.url, '--log', log], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, log, exited };
  }

  /** The trackPurchase requests the emulator saw from process `p` (told apart by body size). */
  const requestsOf = (sizes: Map<number, number>, p: number) => emulator.state.requests.filter((r) => r.endpoint === 'trackPurchase' && sizes.get(r.bytes) === p);
  const purchasesSeen = () => emulator.state.requests.filter((r) => r.endpoint === 'trackPurchase');

  /** Body size → process, learned from the first request of each (every purchase of a process has the same size). */
  function sizesByProcess(processes: number): Map<number, number> {
    const sizes = new Map<number, number>();
    const all = purchasesSeen();
    const distinct = [...new Set(all.map((r) => r.bytes))].sort((a, b) => a - b);
    // Padding grows with p, so the sizes sort in process order.
    expect(distinct).toHaveLength(processes);
    distinct.forEach((bytes, p) => sizes.set(bytes, p));
    return sizes;
  }

  function outcomesOf(log: string): Array<{ index: number; status: string }> {
    return readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { index: number; status: string });
  }

  it('3 processes: no 429 and no rolling second over the limit (but for a stalled emulator), every event exactly one outcome, none starves', SLOW, async () => {
    emulator = await startEmulator({ port: 0, apiKeys: [KEY], storeEvents: false });
    try {
      const count = 150;
      const stalls = watchEmulatorLoop();
      const senders = [0, 1, 2].map((p) => send(p, count));
      const exits = await Promise.all(senders.map((s) => s.exited));
      const allowed = stalls();
      for (const exit of exits) expect(exit).toMatchObject({ code: 0, signal: null });
      for (const sender of senders) {
        const outcomes = outcomesOf(sender.log);
        expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
      }
      const seen = purchasesSeen();
      expect(seen.filter((r) => r.status === 429).length).toBeLessThanOrEqual(allowed);
      expect(seen.filter((r) => r.status === 200)).toHaveLength(3 * count);
      // Every arrival, refused ones included (accepted ones alone are within the limit by construction).
      expect(maxPerRollingSecond(seen.map((r) => r.at))).toBeLessThanOrEqual(LIMIT + allowed);
      // While all three were sending, each got at least 1/(2N) of the requests.
      const sizes = sizesByProcess(3);
      const spans = [0, 1, 2].map((p) => requestsOf(sizes, p).map((r) => r.at));
      const from = Math.max(...spans.map((times) => Math.min(...times)));
      const to = Math.min(...spans.map((times) => Math.max(...times)));
      const inCommon = spans.map((times) => times.filter((t) => t >= from && t <= to).length);
      const total = inCommon.reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(0);
      for (const share of inCommon) expect(share / total).toBeGreaterThanOrEqual(1 / 6);
    } finally {
      await emulator.close();
    }
  });

  it('SIGKILL one of 3 mid-run: the others finish without a 429 and the budget holds nothing for the dead one', SLOW, async () => {
    emulator = await startEmulator({ port: 0, apiKeys: [KEY], storeEvents: false });
    const redis = new Redis(server.url);
    try {
      await redis.flushall();
      const count = 200;
      const stalls = watchEmulatorLoop();
      const senders = [0, 1, 2].map((p) => send(p, count));
      for (let i = 0; i < 3000 && purchasesSeen().length < 120; i += 1) await delay(10);
      expect(purchasesSeen().length).toBeGreaterThanOrEqual(120);
      senders[0]?.child.kill('SIGKILL');
      const killed = await senders[0]?.exited;
      expect(killed?.signal).toBe('SIGKILL');
      const killedAt = Date.now();
      const exits = await Promise.all(senders.slice(1).map((s) => s.exited));
      for (const exit of exits) expect(exit).toMatchObject({ code: 0, signal: null });
      for (const sender of senders.slice(1)) {
        const outcomes = outcomesOf(sender.log);
        expect(outcomes).toHaveLength(count);
        expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
      }
      const allowed = stalls();
      const seen = purchasesSeen();
      expect(seen.filter((r) => r.status === 429).length).toBeLessThanOrEqual(allowed);
      // Every arrival, refused ones included (accepted ones alone are within the limit by construction).
      expect(maxPerRollingSecond(seen.map((r) => r.at))).toBeLessThanOrEqual(LIMIT + allowed);
      // No lease exists to leak: the only keys are the schedule, and it is never far ahead of now.
      const keys = await redis.keys('*');
      expect(keys.every((key) => key.endsWith(':trackPurchase'))).toBe(true);
      // After the kill the two survivors had the whole limit between them: they got well over the
      // two thirds that 3 processes with one dead holding its share would leave.
      const after = seen.filter((r) => r.at >= killedAt + 1000);
      if (after.length > 20) {
        const span = (after.at(-1)?.at as number) - (after[0]?.at as number);
        const perSecond = ((after.length - 1) * 1000) / span;
        console.log(`survivors after the kill: ${perSecond.toFixed(1)} requests/s of a ${LIMIT}/s limit`);
        expect(perSecond / LIMIT).toBeGreaterThan(0.7);
      }
    } finally {
      redis.disconnect();
      await emulator.close();
    }
  });

  it('Redis killed mid-run: both processes warn once, pace themselves locally and deliver every event', SLOW, async () => {
    emulator = await startEmulator({ port: 0, apiKeys: [KEY], storeEvents: false });
    try {
      const count = 100;
      const senders = [0, 1].map((p) => send(p, count));
      for (let i = 0; i < 3000 && purchasesSeen().length < 60; i += 1) await delay(10);
      await server.stop();
      const exits = await Promise.all(senders.map((s) => s.exited));
      for (const exit of exits) {
        expect(exit).toMatchObject({ code: 0, signal: null });
        expect(exit.stderr.match(/Redis is unreachable/g)).toHaveLength(1);
      }
      for (const sender of senders) {
        const outcomes = outcomesOf(sender.log);
        expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        expect(outcomes.every((o) => o.status === 'delivered')).toBe(true);
      }
      expect(purchasesSeen().filter((r) => r.status === 200)).toHaveLength(2 * count);
    } finally {
      await emulator.close();
      await server.start();
    }
  });
});
