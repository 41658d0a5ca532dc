/**
 * `iterable-destination serve` as users run it: the built CLI in a child `node` process. A request
 * in flight when SIGTERM / SIGINT arrives still gets its whole reply, then the process exits 143 /
 * 130; two processes answer the same request identically (the service is stateless); one log line
 * per request on stderr unless --quiet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callService } from '../rudder-server-client.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const recorded = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'rudderstack-compacted', 'two-destinations.json'), 'utf8')) as {
  processor: { full: unknown[]; compacted: unknown };
  router: { full: unknown; compacted: unknown };
};

interface Serving {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts the built CLI's `serve` on a free port; resolves once it printed its URL. */
function serve(args: string[] = []): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^listening on (http:\/\/\S+)\n/.exec(stdout);
      if (match) resolve({ child, url: match[1]!, stderr: () => stderr, exited });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${stderr}`)));
  });
}

/** Resolves once the port refuses connections (the server stopped accepting); bounded by tries. */
async function untilRefused(url: string): Promise<void> {
  const { port } = new URL(url);
  for (let tries = 0; tries < 500; tries += 1) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the server kept accepting connections after the signal');
}

describe('serve in its own process', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('on %s finishes the request in flight with its full reply, stops accepting, then exits %i', async (signal, exitCode) => {
    const { child, url, stderr, exited } = await serve();
    const body = Buffer.from(JSON.stringify(recorded.router.full));
    const expected = (await callService(url, '/routerTransform', recorded.router.full, { gzip: false })).text;
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      // Expect: 100-continue makes the server confirm it is handling the request before the body is sent.
      const req = httpRequest(`${url}/routerTransform`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(body.length), expect: '100-continue' },
      });
      req.on('continue', () => {
        child.kill(signal);
        untilRefused(url).then(() => req.end(body), reject);
      });
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }));
      });
      req.on('error', reject);
    });
    const answered = await reply;
    expect(answered.status).toBe(200);
    expect(answered.text).toBe(expected);
    expect(await exited).toEqual({ code: exitCode, signal: null });
    // One log line per request: the warm-up and the one in flight.
    expect(stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^POST \/routerTransform 200 \d+\.\dms$/),
      expect.stringMatching(/^POST \/routerTransform 200 \d+\.\dms$/),
    ]);
  });

  it('two replicas answer the same requests identically, full or compacted (stateless), and --quiet logs nothing', async () => {
    const [first, second] = await Promise.all([serve(['--quiet']), serve(['--quiet'])]);
    const asked = [
      ['/v0/destinations/iterable', recorded.processor.full, false],
      ['/v0/destinations/iterable', recorded.processor.compacted, true],
      ['/routerTransform', recorded.router.full, false],
      ['/routerTransform', recorded.router.compacted, true],
    ] as const;
    for (const [path, body, compacted] of asked) {
      const a = await callService(first!.url, path, body, { compacted });
      const b = await callService(second!.url, path, body, { compacted });
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(b.text).toBe(a.text);
      expect(b.headers.apiversion).toBe('2');
    }
    // The second replica answers a compacted request exactly as the first answered its full form.
    const fullOnFirst = await callService(first!.url, '/routerTransform', recorded.router.full);
    const compactedOnSecond = await callService(second!.url, '/routerTransform', recorded.router.compacted, { compacted: true });
    expect(compactedOnSecond.text).toBe(fullOnFirst.text);
    first!.child.kill('SIGTERM');
    second!.child.kill('SIGTERM');
    expect(await first!.exited).toEqual({ code: 143, signal: null });
    expect(await second!.exited).toEqual({ code: 143, signal: null });
    expect(first!.stderr() + second!.stderr()).toBe('');
  });
});
