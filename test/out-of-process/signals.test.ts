/**
 * `iterable-destination send` stopped by SIGINT / SIGTERM mid-run: it stops reading, drains within
 * --drain-ms, gives every event it read exactly one line in --log (delivered, failed, ABORTED), and
 * exits 130 / 143. A second signal exits at once with the same guarantee. The emulator in this
 * process is made slow (latency on every request) so that the run is mid-way when the signal comes;
 * the test waits for request counts, never for a time.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLI, eventLines, logLines, scratchProject, start, until } from './helpers.js';

const KEY = 'signals-key-1234';
const EVENTS = 3000;
let emulator: RunningEmulator;
const project = scratchProject();
const input = project.write('events.jsonl', eventLines(EVENTS));

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, apiKeys: [KEY], storeEvents: false });
  // Every request waits: the run cannot finish before the signal.
  emulator.inject.latency(2000, { count: 1_000_000 });
});
afterEach(async () => {
  await emulator.close();
});

const requests = () => emulator.state.requests.length;

function send(log: string, extra: string[]) {
  return start([CLI, 'send', input, '--endpoint', emulator.url, '--api-key', KEY, '--log', log, ...extra]);
}

/** Every index appears once, and they are exactly 0..n-1 (the events read, in input order). */
function expectOneLinePerEventRead(lines: Array<{ index: number }>): void {
  const indexes = lines.map((line) => line.index).sort((a, b) => a - b);
  expect(new Set(indexes).size).toBe(indexes.length);
  expect(indexes).toEqual(indexes.map((_, i) => i));
}

describe('send under signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: drains, logs one line per input event, exits %i', async (signal, exitCode) => {
    const log = `${project.dir}/${signal}.log`;
    const running = send(log, ['--drain-ms', '500']);
    await until(() => requests() >= 2, 'the first requests');
    running.child.kill(signal);
    const result = await running.exited;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(exitCode);
    const lines = logLines(readFileSync(log, 'utf8'));
    // 3,000 events fit under --max-queued (10,000): all were read before the signal.
    expect(lines).toHaveLength(EVENTS);
    expectOneLinePerEventRead(lines);
    expect(lines.some((line) => line.code === 'ABORTED')).toBe(true);
    expect(result.stdout).toMatch(/send: 3,000 events/);
    expect(result.stdout).toMatch(/ABORTED/);
  });

  it('stops reading: with a small --max-queued, fewer events are read, each with one line', async () => {
    const log = `${project.dir}/stop-reading.log`;
    const running = send(log, ['--drain-ms', '200', '--max-queued', '50']);
    await until(() => requests() >= 2, 'the first requests');
    running.child.kill('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(130);
    const lines = logLines(readFileSync(log, 'utf8'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(EVENTS);
    expectOneLinePerEventRead(lines);
  });

  it('a second signal exits at once, and still every event read has its line', async () => {
    const log = `${project.dir}/twice.log`;
    // A drain window far longer than the test: only the second signal can end this run.
    const running = send(log, ['--drain-ms', '600000']);
    await until(() => requests() >= 2, 'the first requests');
    running.child.kill('SIGINT');
    await until(() => running.stderr().includes('draining'), 'the drain notice');
    running.child.kill('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(130);
    const lines = logLines(readFileSync(log, 'utf8'));
    expect(lines).toHaveLength(EVENTS);
    expectOneLinePerEventRead(lines);
    expect(lines.filter((line) => line.code === 'ABORTED').length).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/send \(stopped\): 3,000 events/);
  });
});
