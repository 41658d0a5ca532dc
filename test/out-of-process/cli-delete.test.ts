/**
 * `iterable-destination delete`, run as users run it: the built CLI (`node dist/cli.js`) in a
 * child process, reading a real file or stdin, against an emulator this test starts on 127.0.0.1.
 * Checked: what is gone from the emulator, the --log lines, the summary and the exit codes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const KEY = 'cli-delete-key-55';

function run(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ITERABLE_API_KEY: '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function seeded(): Promise<RunningEmulator> {
  emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false });
  const users = [{ userId: 'u1', email: 'one@example.com' }, { userId: 'u2', email: 'two@example.com' }, { email: 'three@example.com' }];
  const res = await fetch(`${emulator.url}/api/users/bulkUpdate`, { method: 'POST', headers: { 'Api-Key': KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ users }) });
  expect(res.status).toBe(200);
  return emulator;
}

describe('iterable-destination delete (built CLI, child process)', () => {
  it('deletes the users of a file (bare ids and JSON lines), logs one line per user, exit 0', async () => {
    const iterable = await seeded();
    const dir = mkdtempSync(join(tmpdir(), 'cli-delete-'));
    const file = join(dir, 'users.txt');
    const log = join(dir, 'log.jsonl');
    writeFileSync(file, 'u1\n\n{"email":"three@example.com"}\nnever-seen\n');
    const result = await run(['delete', file, '--endpoint', iterable.url, '--api-key', KEY, '--log', log]);
    expect(result.stderr).toContain(`deleting at ${iterable.url}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/delete: 3 events/);
    expect(iterable.state.users.byUserId.has('u1')).toBe(false);
    expect(iterable.state.users.byEmail.has('three@example.com')).toBe(false);
    expect(iterable.state.users.byUserId.has('u2')).toBe(true);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { index: number; status: string; code: string | null });
    expect(lines.sort((a, b) => a.index - b.index).map((line) => `${line.index} ${line.status} ${line.code ?? ''}`.trim())).toEqual([
      '0 delivered',
      '1 delivered',
      '2 delivered ALREADY_DELETED',
    ]);
  });

  it('reads stdin with --by email; a bad line is rejected alone and the exit code is 1', async () => {
    const iterable = await seeded();
    const result = await run(['delete', '--by', 'email', '--endpoint', iterable.url, '--api-key', KEY], 'two@example.com\n{"userId": ""}\n');
    expect(result.code).toBe(1);
    expect(iterable.state.users.byEmail.has('two@example.com')).toBe(false);
    expect(iterable.state.deletedUsers.map((user) => user.email)).toEqual(['two@example.com']);
    expect(result.stdout).toMatch(/rejected/);
  });

  it('refuses to run without a target (exit 2) and names the choices of --by', async () => {
    const nowhere = await run(['delete'], 'u1\n');
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('delete: say where to delete');
    const badBy = await run(['delete', '--by', 'phone', '--endpoint', 'http://127.0.0.1:9'], 'u1\n');
    expect(badBy.code).toBe(2);
    expect(badBy.stderr).toContain('--by must be one of userId, email, got "phone"');
    const help = await run(['delete', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('DELETE /api/users/byUserId/{userId}');
  });
});
