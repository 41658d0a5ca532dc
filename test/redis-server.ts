/**
 * A real `redis-server` for the Redis suites: started on a free loopback port with no persistence,
 * stopped (and startable again on the same port, for outage tests) by the test that owns it.
 *
 * Where redis-server is not installed the suites are skipped with a loud line saying how to get
 * it; with `CI` set its absence fails the run instead, so CI can never pass by skipping.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe } from 'vitest';
import { RATE_WINDOW_MARGIN_MS } from '../src/client/budget.js';

function findRedisServer(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
}

export const REDIS_SERVER = findRedisServer();

if (!REDIS_SERVER) {
  const line = '!!! redis-server is not installed: the Redis suites are SKIPPED. Install it with `apt-get install -y redis-server` (Debian/Ubuntu) to run them. !!!';
  if (process.env.CI) throw new Error(`${line} (CI is set, so this fails instead of skipping)`);
  console.warn(`\n${line}\n`);
}

/** `describe` when redis-server exists, else `describe.skip` (the loud line above says why). */
export const describeRedis = REDIS_SERVER ? describe : describe.skip;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  /** Starts the server (again) on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const handle: RedisProcess = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (!REDIS_SERVER) throw new Error('redis-server is not installed');
      const started = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      await new Promise<void>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${output}`)), 10_000);
        started.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}: ${output}`));
        });
      });
      started.stdout?.resume();
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGKILL');
      });
    },
  };
  await handle.start();
  return handle;
}

/** The most timestamps in any rolling second (t - 1000, t], as the emulator counts them. */
export function maxPerRollingSecond(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let tail = 0;
  for (let head = 0; head < sorted.length; head += 1) {
    while ((sorted[tail] as number) <= (sorted[head] as number) - 1000) tail += 1;
    most = Math.max(most, head - tail + 1);
  }
  return most;
}

/**
 * The emulator (in this process) stamps a request when its event loop gets to it. When that loop
 * stalls for longer than the window margin (a machine far busier than its cores), requests that
 * arrived during the stall are stamped together and a couple can land in one second: that is the
 * machine, not the budget, and it is allowed (loudly) only then. Without a shared budget, three
 * senders get dozens of 429s, so the check still fails for a budget that does not hold.
 */
export function watchEmulatorLoop(thresholdMs: number = RATE_WINDOW_MARGIN_MS) {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  return () => {
    lag.disable();
    const maxMs = lag.max / 1e6;
    if (maxMs <= thresholdMs) return 0;
    console.warn(`!!! the emulator's event loop stalled ${Math.round(maxMs)} ms, more than ${thresholdMs} ms of the ${RATE_WINDOW_MARGIN_MS} ms window margin: up to 2 bunched arrivals may get a 429 !!!`);
    return 2;
  };
}

