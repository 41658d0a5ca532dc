#!/usr/bin/env node
/**
 * `node bench/trust.mjs` (needs a build): the figures of the fatal-error and shutdown rules, from
 * the built CLI against an emulator in this process. Not a test: it measures and prints.
 *
 * - requests for 2,000 events with a refused key (the emulator counts what arrives);
 * - seconds to fail 1,000 events on a port where nothing listens;
 * - --log lines after a SIGINT in the middle of 3,000 events (the emulator is slowed down).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, loadDist } from './lib.mjs';

const dist = await loadDist();
const dir = mkdtempSync(join(tmpdir(), 'iterable-destination-trust-'));

function events(count) {
  const lines = [];
  for (let i = 0; i < count; i += 1) {
    lines.push(JSON.stringify(i % 2 === 0 ? { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` } } : { type: 'track', userId: `u${i}`, event: 'Read', messageId: `m${i}` }));
  }
  const file = join(dir, `events-${count}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function send(args, { onStart } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'send', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    onStart?.(child);
    child.on('close', (code) => resolve({ code, seconds: (performance.now() - started) / 1000, stderr }));
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const lines = (file) => readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').length;
const results = {};

{
  const emulator = await dist.startEmulator({ port: 0, apiKeys: ['right-key-1234'], storeEvents: false });
  const log = join(dir, 'auth.log');
  const run = await send([events(2000), '--endpoint', emulator.url, '--api-key', 'wrong-key-1234', '--log', log]);
  results.badKey = { events: 2000, requests: emulator.state.requests.length, exitCode: run.code, logLines: lines(log) };
  await emulator.close();
}
{
  const port = await freePort();
  const log = join(dir, 'refused.log');
  const summary = join(dir, 'refused.json');
  const run = await send([events(1000), '--endpoint', `http://127.0.0.1:${port}`, '--api-key', 'any-key-1234', '--log', log, '--summary-json', summary]);
  const { elapsedMs, requests } = JSON.parse(readFileSync(summary, 'utf8'));
  results.refusedPort = {
    events: 1000,
    // From reading the first event to the last outcome (the run's own clock), and the whole process.
    deliverySeconds: Math.round(elapsedMs / 10) / 100,
    processSeconds: Math.round(run.seconds * 100) / 100,
    requests: Object.values(requests).reduce((sum, count) => sum + count.requests, 0),
    exitCode: run.code,
    logLines: lines(log),
  };
}
{
  const emulator = await dist.startEmulator({ port: 0, apiKeys: ['right-key-1234'], storeEvents: false });
  emulator.inject.latency(2000, { count: 1_000_000 });
  const log = join(dir, 'sigint.log');
  const run = await send([events(3000), '--endpoint', emulator.url, '--api-key', 'right-key-1234', '--log', log, '--drain-ms', '1000'], {
    onStart(child) {
      const poll = setInterval(() => {
        if (emulator.state.requests.length >= 1) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
    },
  });
  const outcomes = readFileSync(log, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
  results.sigint = {
    events: 3000,
    exitCode: run.code,
    logLines: outcomes.length,
    distinctIndexes: new Set(outcomes.map((o) => o.index)).size,
    aborted: outcomes.filter((o) => o.code === 'ABORTED').length,
    delivered: outcomes.filter((o) => o.status === 'delivered').length,
  };
  await emulator.close();
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
