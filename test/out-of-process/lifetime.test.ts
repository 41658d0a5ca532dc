/**
 * Process lifetime, out of process: a script that sends and closes delivers and exits 0 in ESM and
 * CJS with no timer tricks; a destination with nothing pending does not keep Node alive; the CLI
 * with --max-queued below the batch size delivers everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLI, eventLines, run, scratchProject } from './helpers.js';

const KEY = 'lifetime-key-1234';
let emulator: RunningEmulator;
const project = scratchProject();

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKeys: [KEY] });
});
afterAll(async () => {
  await emulator.close();
  project.remove();
});

const body = (api: string) => `
const d = createDestination({ settings: { apiKey: ${JSON.stringify(KEY)} }, baseUrl: process.env.BASE_URL });
const outcome = await d.send({ type: 'identify', userId: process.env.USER_ID, traits: { email: process.env.USER_ID + '@example.com' } });
await d.close();
console.log(JSON.stringify(outcome));
`;

describe('a standalone script against the built package', () => {
  it('ESM: send, close, exit 0, and the event arrived', async () => {
    const file = project.write('send.mjs', `import { createDestination } from 'iterable-destination';\n${body('esm')}`);
    const result = await run([file], { cwd: project.dir, env: { BASE_URL: emulator.url, USER_ID: 'esm-user' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'delivered' });
    expect(emulator.state.users.byUserId.has('esm-user')).toBe(true);
  });

  it('CJS: require, send, close, exit 0, and the event arrived', async () => {
    const file = project.write(
      'send.cjs',
      `const { createDestination } = require('iterable-destination');\n(async () => {${body('cjs')}})();\n`,
    );
    const result = await run([file], { cwd: project.dir, env: { BASE_URL: emulator.url, USER_ID: 'cjs-user' } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'delivered' });
    expect(emulator.state.users.byUserId.has('cjs-user')).toBe(true);
  });

  it('a send that is never awaited still goes out before Node exits', async () => {
    const file = project.write(
      'fire-and-forget.mjs',
      `import { createDestination } from 'iterable-destination';
const d = createDestination({ settings: { apiKey: ${JSON.stringify(KEY)} }, baseUrl: process.env.BASE_URL });
d.send({ type: 'identify', userId: 'forgotten-user', traits: { email: 'forgotten@example.com' } });
`,
    );
    const result = await run([file], { cwd: project.dir, env: { BASE_URL: emulator.url } });
    expect(result.code).toBe(0);
    expect(emulator.state.users.byUserId.has('forgotten-user')).toBe(true);
  });

  it('an idle destination (nothing sent, never closed) lets Node exit', async () => {
    const file = project.write(
      'idle.mjs',
      `import { createDestination } from 'iterable-destination';
const d = createDestination({ settings: { apiKey: ${JSON.stringify(KEY)} }, baseUrl: process.env.BASE_URL, flushIntervalMs: 100 });
const settled = await d.send({ type: 'identify' }); // rejected at once: no identity, nothing pending
console.log(settled.status);
`,
    );
    // Were a ref'd handle left behind, the child would never exit and this test would time out.
    const result = await run([file], { cwd: project.dir, env: { BASE_URL: emulator.url } });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('rejected');
  });
});

describe('the CLI', () => {
  it('send --max-queued below the batch size delivers every event and exits 0', async () => {
    const before = emulator.state.users.size;
    const file = project.write('small-queue.jsonl', eventLines(40));
    const result = await run([CLI, 'send', file, '--endpoint', emulator.url, '--api-key', KEY, '--max-queued', '3']);
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/send: 40 events/);
    // 20 identifies with new users, 20 tracks of the odd users (tracks create their users too).
    expect(emulator.state.users.size - before).toBe(40);
  });
});
