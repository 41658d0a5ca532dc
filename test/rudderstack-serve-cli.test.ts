/**
 * `iterable-destination serve`: argument parsing, the listening line, bad usage (exit 2), and a
 * graceful stop on SIGTERM / SIGINT with a request in flight (signals come from an emitter).
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES } from '../src/rudderstack/server.js';
import { DEFAULT_BODY_LIMIT_MB, DEFAULT_MAX_CONCURRENT, DEFAULT_PORT, parseServeArgs, requestLogLine, serveCommand, SIGNAL_EXIT } from '../src/cli/serve.js';
import { UsageError } from '../src/cli/usage-error.js';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const servers: Server[] = [];
  const io = { out: { write: (t: string) => out.push(t) }, err: { write: (t: string) => err.push(t) }, signals, onListening: (s: Server) => servers.push(s) };
  return { io, out, err, signals, servers };
}

/** Resolves with the first line written to `out` (serveCommand writes it once listening). */
async function listeningUrl(out: string[]): Promise<string> {
  for (let tries = 0; tries < 2000 && out.length === 0; tries += 1) await new Promise((resolve) => setImmediate(resolve));
  const match = /^listening on (http:\/\/\S+)\n$/.exec(out[0] ?? '');
  if (!match) throw new Error(`no listening line: ${JSON.stringify(out)}`);
  return match[1]!;
}

describe('parseServeArgs', () => {
  it("defaults to 127.0.0.1:9090 and the server's own body limit (100 MB)", () => {
    expect(parseServeArgs([])).toEqual({
      port: DEFAULT_PORT,
      host: '127.0.0.1',
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      maxConcurrentRequests: DEFAULT_MAX_CONCURRENT,
      baseUrl: undefined,
      quiet: false,
    });
    expect(DEFAULT_MAX_CONCURRENT).toBe(64);
    expect(DEFAULT_PORT).toBe(9090);
    expect(DEFAULT_BODY_LIMIT_MB).toBe(100);
  });

  it('answers --help and -h', () => {
    expect(parseServeArgs(['--help'])).toBe('help');
    expect(parseServeArgs(['-h'])).toBe('help');
  });

  it('reads every option', () => {
    expect(
      parseServeArgs(['--port', '0', '--host', '::1', '--body-limit-mb', '0.5', '--max-concurrent', '3', '--base-url', 'http://127.0.0.1:1', '--quiet']),
    ).toEqual({
      port: 0,
      host: '::1',
      bodyLimitBytes: 524288,
      maxConcurrentRequests: 3,
      baseUrl: 'http://127.0.0.1:1',
      quiet: true,
    });
    expect(parseServeArgs(['-q'])).toMatchObject({ quiet: true });
  });

  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--port', '-1'], '--port'],
    [['--body-limit-mb', '0'], '--body-limit-mb'],
    [['--base-url', 'not a url'], '--base-url'],
    [['--verbose'], 'unknown flag --verbose'],
    [['extra'], 'unexpected argument "extra"'],
    [['--body-limit-mb', ''], '--body-limit-mb'],
    [['--max-concurrent', '0'], '--max-concurrent'],
    [['--max-concurrent', '1.5'], '--max-concurrent'],
  ])('rejects %j with a usage error naming %s', (argv, named) => {
    let thrown: unknown;
    try {
      parseServeArgs(argv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).message).toMatch(/^serve: /);
    expect((thrown as UsageError).message).toContain(named);
  });
});

describe('serveCommand', () => {
  it('throws a usage error (exit 2 in main.ts) for bad usage, and listens on nothing', async () => {
    const { io, out, servers } = captureIo();
    await expect(serveCommand(['--port', 'x'], io)).rejects.toThrow(/serve: --port must be a whole number between 0 and 65535, got "x"/);
    expect(out).toEqual([]);
    expect(servers).toEqual([]);
  });

  it('prints its help on stdout and returns 0 without listening', async () => {
    const { io, out, servers } = captureIo();
    expect(await serveCommand(['--help'], io)).toBe(0);
    expect(out.join('')).toMatch(/^usage: iterable-destination serve[\s\S]*--body-limit-mb N .*default 100/);
    expect(servers).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('prints its URL, serves, and on %s finishes the request in flight, then resolves 128 + the signal number', async (signal) => {
    const { io, out, signals, servers } = captureIo();
    const done = serveCommand(['--port', '0'], io);
    const url = await listeningUrl(out);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const body = JSON.stringify({ input: [], destType: 'iterable' });
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${url}/routerTransform`, { method: 'POST', headers: { 'content-length': String(body.length) } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 5));
      // Once the server is handling it, signal while the body is half sent, then send the rest.
      servers[0]!.once('request', () => {
        signals.emit(signal);
        setImmediate(() => req.end(body.slice(5)));
      });
    });
    expect(await reply).toEqual({ status: 200, text: '{"output":[]}' });
    expect(await done).toBe(SIGNAL_EXIT[signal]);
    expect(SIGNAL_EXIT).toEqual({ SIGINT: 130, SIGTERM: 143 });
    expect(out).toHaveLength(1);
    expect(signals.listenerCount('SIGTERM') + signals.listenerCount('SIGINT')).toBe(0);
  });

  it('returns 1 when the port is taken', async () => {
    const first = captureIo();
    const running = serveCommand(['--port', '0'], first.io);
    const port = new URL(await listeningUrl(first.out)).port;
    const second = captureIo();
    expect(await serveCommand(['--port', port], second.io)).toBe(1);
    expect(second.err.join('')).toContain('EADDRINUSE');
    first.signals.emit('SIGTERM');
    expect(await running).toBe(143);
  });

  it('logs one line per request on stderr (method, path, status, ms), and none with --quiet', async () => {
    for (const quiet of [false, true]) {
      const { io, out, err, signals } = captureIo();
      const done = serveCommand(['--port', '0', ...(quiet ? ['--quiet'] : [])], io);
      const url = await listeningUrl(out);
      expect((await fetch(`${url}/health?probe=1`)).status).toBe(200);
      expect((await fetch(`${url}/nowhere`, { method: 'POST', body: '{}' })).status).toBe(404);
      signals.emit('SIGTERM');
      await done;
      if (quiet) expect(err).toEqual([]);
      else {
        expect(err).toHaveLength(2);
        expect(err[0]).toMatch(/^GET \/health 200 \d+\.\dms\n$/);
        expect(err[1]).toMatch(/^POST \/nowhere 404 \d+\.\dms\n$/);
      }
    }
    expect(requestLogLine({ method: 'POST', path: '/routerTransform', status: 200, ms: 12.345 })).toBe('POST /routerTransform 200 12.3ms\n');
  });

  it('closes the connections in flight at a second signal, still resolving with the first signal\'s code', async () => {
    const { io, out, signals, servers } = captureIo();
    const done = serveCommand(['--port', '0', '--quiet'], io);
    const url = await listeningUrl(out);
    const stuck = new Promise<string>((resolve) => {
      const req = httpRequest(`${url}/routerTransform`, { method: 'POST', headers: { 'content-length': '100' } });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.on('response', () => resolve('answered'));
      req.write('{"input":');
      servers[0]!.once('request', () => {
        signals.emit('SIGINT');
        setImmediate(() => signals.emit('SIGTERM'));
      });
    });
    expect(await stuck).toBe('ECONNRESET');
    expect(await done).toBe(130);
  });
});
