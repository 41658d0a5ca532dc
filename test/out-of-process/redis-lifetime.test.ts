/**
 * The built package in a child `node` (ESM and CJS): a destination on redisBudget must let the
 * process end by itself, idle or closed; the Redis connection is no reason to stay alive.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { describeRedis, startRedis, type RedisProcess } from '../redis-server.js';

const ROOT = join(import.meta.dirname, '..', '..');

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Bounded: a process kept alive by a socket is killed and the test fails on its exit code.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Sends one event, prints its status, and then either closes or just stops doing anything. */
const body = (close: boolean) => `
const destination = createDestination({ settings: { apiKey: 'k' }, baseUrl: process.env.EMULATOR, rateBudget: redisBudget({ url: process.env.REDIS }) });
const sent = destination.send({ type: 'track', userId: 'u1', event: 'Clicked' });
destination.${close ? 'close' : 'flush'}().then(async () => console.log((await sent).status));
`;

describeRedis('redisBudget in a child process', () => {
  let server: RedisProcess;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    server = await startRedis();
    emulator = await startEmulator({ port: 0, storeEvents: false });
    process.env.EMULATOR = emulator.url;
    process.env.REDIS = server.url;
  });
  afterAll(async () => {
    await emulator?.close();
    await server?.stop();
  });

  for (const close of [true, false]) {
    it(`ESM: the process exits by itself once the destination is ${close ? 'closed' : 'idle'}`, async () => {
      const script = `import { createDestination, redisBudget } from './dist/index.js';\n${body(close)}`;
      const result = await runNode(['--input-type=module', '-e', script]);
      expect(result).toMatchObject({ code: 0, stdout: 'delivered\n' });
    });
  }

  it('CJS: require() of the build gives redisBudget, and the process exits once closed', async () => {
    const script = `const { createDestination, redisBudget } = require('./dist/index.cjs');\n${body(true)}`;
    const result = await runNode(['-e', script]);
    expect(result).toMatchObject({ code: 0, stdout: 'delivered\n' });
  });
});
