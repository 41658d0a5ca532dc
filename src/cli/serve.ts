/**
 * `iterable-destination serve`: runs the RudderStack transformer HTTP service until SIGTERM or
 * SIGINT, then stops accepting connections, lets in-flight requests finish and resolves with 0.
 */
import type { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createServer } from '../rudderstack/server.js';

/** RudderStack's transformer listens on 9090 too, so a data plane config needs no change. */
export const DEFAULT_PORT = 9090;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_BODY_LIMIT_MB = 100;

const USAGE =
  'usage: iterable-destination serve [--port N (default 9090)] [--host H (default 127.0.0.1)] ' +
  '[--body-limit-mb N (default 100)] [--base-url URL (send proxy and deleteUsers calls there instead of Iterable)]';

export interface ServeIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  /** Where SIGTERM / SIGINT arrive (the process by default; tests pass an emitter). */
  signals: Pick<EventEmitter, 'once' | 'off'>;
  /** Called with the listening server (for embedding and tests: e.g. to watch its requests). */
  onListening?: (server: Server) => void;
}

interface ServeOptions {
  port: number;
  host: string;
  bodyLimitBytes: number;
  baseUrl: string | undefined;
}

export async function serveCommand(argv: string[], io: ServeIo = { out: process.stdout, err: process.stderr, signals: process }): Promise<number> {
  const parsed = parseServeArgs(argv);
  if (typeof parsed === 'string') {
    io.err.write(`${parsed}\n${USAGE}\n`);
    return 2;
  }
  const server = createServer({
    bodyLimitBytes: parsed.bodyLimitBytes,
    ...(parsed.baseUrl === undefined ? {} : { baseUrl: parsed.baseUrl }),
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(parsed.port, parsed.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    io.err.write(`cannot listen on ${parsed.host}:${parsed.port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  io.out.write(`listening on http://${shownHost}:${port}\n`);
  io.onListening?.(server);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      io.signals.off('SIGTERM', stop);
      io.signals.off('SIGINT', stop);
      // close() stops accepting and resolves once in-flight requests have been answered.
      server.close(() => resolve());
      server.closeIdleConnections();
    };
    io.signals.once('SIGTERM', stop);
    io.signals.once('SIGINT', stop);
  });
  return 0;
}

/** The options, or a message saying what is wrong with the command line. */
export function parseServeArgs(argv: string[]): ServeOptions | string {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'body-limit-mb': { type: 'string' },
        'base-url': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!/^\d+$/.test(values.port ?? String(DEFAULT_PORT)) || port > 65535) {
    return `Expected \`--port\` to be an integer from 0 to 65535, got ${JSON.stringify(values.port)}`;
  }
  const limitMb = values['body-limit-mb'] === undefined ? DEFAULT_BODY_LIMIT_MB : Number(values['body-limit-mb']);
  if (!Number.isFinite(limitMb) || limitMb <= 0) {
    return `Expected \`--body-limit-mb\` to be a positive number, got ${JSON.stringify(values['body-limit-mb'])}`;
  }
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) {
    return `Expected \`--base-url\` to be a URL such as http://127.0.0.1:8080, got ${JSON.stringify(baseUrl)}`;
  }
  const host = values.host ?? DEFAULT_HOST;
  if (host === '') return 'Expected `--host` to be a host name or address, got ""';
  return { port, host, bodyLimitBytes: Math.floor(limitMb * 1024 * 1024), baseUrl };
}
