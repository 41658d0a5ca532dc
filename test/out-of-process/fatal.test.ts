/**
 * Fatal errors, out of process: a refused key and a port where nothing listens stop the CLI run
 * after a few confirming requests, fail every event with one code, and exit 3 / 4.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { CLI, eventLines, logLines, refusedPort, run, scratchProject } from './helpers.js';

let emulator: RunningEmulator;
const project = scratchProject();
const input = project.write('events.jsonl', eventLines(2000));

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, apiKeys: ['the-right-key-1234'], storeEvents: false });
});
afterAll(async () => {
  await emulator.close();
  project.remove();
});

/** Requests sent by the client, from its own counters in --summary-json. */
function clientRequests(summaryFile: string): number {
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { requests: Record<string, { requests: number }> };
  return Object.values(summary.requests).reduce((sum, count) => sum + count.requests, 0);
}

describe('fatal errors stop the run', () => {
  it('a refused key (401 BadApiKey): a handful of requests for 2,000 events, every event FATAL_AUTH, exit 3', async () => {
    const log = `${project.dir}/auth.log`;
    const summary = `${project.dir}/auth.json`;
    const result = await run([CLI, 'send', input, '--endpoint', emulator.url, '--api-key', 'a-wrong-key-5678', '--log', log, '--summary-json', summary]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/FATAL_AUTH/);
    expect(result.stderr + result.stdout).not.toContain('a-wrong-key-5678');
    const lines = logLines(readFileSync(log, 'utf8'));
    expect(lines).toHaveLength(2000);
    expect(lines.every((line) => line.status === 'failed' && line.code === 'FATAL_AUTH')).toBe(true);
    const received = emulator.state.requests.length;
    expect(received).toBeGreaterThanOrEqual(2);
    expect(received).toBeLessThanOrEqual(4);
    expect(clientRequests(summary)).toBe(received);
  });

  it('a refused port: every event ENDPOINT_UNREACHABLE after a few attempts, exit 4', async () => {
    const port = await refusedPort();
    const log = `${project.dir}/refused.log`;
    const summary = `${project.dir}/refused.json`;
    const result = await run([CLI, 'send', input, '--endpoint', `http://127.0.0.1:${port}`, '--api-key', 'any-key-1234', '--log', log, '--summary-json', summary]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/ENDPOINT_UNREACHABLE/);
    const lines = logLines(readFileSync(log, 'utf8'));
    expect(lines).toHaveLength(2000);
    expect(lines.every((line) => line.status === 'failed' && line.code === 'ENDPOINT_UNREACHABLE')).toBe(true);
    expect(clientRequests(summary)).toBeLessThanOrEqual(6);
  });
});
