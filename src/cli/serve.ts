/**
 * `iterable-destination serve`: runs the RudderStack transformer HTTP service until SIGTERM or
 * SIGINT, then stops accepting connections, lets in-flight requests finish and resolves with
 * 143 (SIGTERM) or 130 (SIGINT). A second signal closes every connection at once.
 */
import type { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, type ResponseLogEntry } from '../rudderstack/server.js';
import { integerFlag, parseCommandArgs, stringFlag } from './args.js';
import { SERVE_HELP } from './help.js';
import { EXIT, UsageError } from './usage-error.js';

import { BYTES_PER_MB, DEFAULT_BODY_LIMIT_MB, DEFAULT_HOST, DEFAULT_MAX_CONCURRENT, DEFAULT_PORT, SIGNAL_EXIT } from './serve-defaults.js';

export { DEFAULT_BODY_LIMIT_MB, DEFAULT_HOST, DEFAULT_MAX_CONCURRENT, DEFAULT_PORT, SIGNAL_EXIT };

export interface ServeIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  /** Where SIGTERM / SIGINT arrive (the process by default; tests pass an emitter). */
  signals: Pick<EventEmitter, 'once' | 'off'>;
  /** Called with the listening server (for embedding and tests: e.g. to watch its requests). */
  onListening?: (server: Server) => void;
}

export interface ServeOptions {
  port: number;
  host: string;
  bodyLimitBytes: number;
  maxConcurrentRequests: number;
  baseUrl: string | undefined;
  quiet: boolean;
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'body-limit-mb': { type: 'string' },
  'max-concurrent': { type: 'string' },
  'base-url': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
} as const;

type StopSignal = keyof typeof SIGNAL_EXIT;

/** One line per request on stderr: `POST /routerTransform 200 12.3ms`. */
export function requestLogLine(entry: ResponseLogEntry): string {
  return `${entry.method} ${entry.path} ${entry.status} ${entry.ms.toFixed(1)}ms\n`;
}

/** Bad usage throws UsageError (main.ts prints it and exits 2), like every other command. */
export async function serveCommand(argv: string[], io: ServeIo = { out: process.stdout, err: process.stderr, signals: process }): Promise<number> {
  const parsed = parseServeArgs(argv);
  if (parsed === 'help') {
    io.out.write(SERVE_HELP);
    return EXIT.ok;
  }
  const server = createServer({
    bodyLimitBytes: parsed.bodyLimitBytes,
    maxConcurrentRequests: parsed.maxConcurrentRequests,
    ...(parsed.baseUrl === undefined ? {} : { baseUrl: parsed.baseUrl }),
    ...(parsed.quiet ? {} : { onResponse: (entry: ResponseLogEntry) => io.err.write(requestLogLine(entry)) }),
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
    io.err.write(`iterable-destination serve: cannot listen on ${parsed.host}:${parsed.port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.someFailed;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = parsed.host.includes(':') ? `[${parsed.host}]` : parsed.host;
  io.out.write(`listening on http://${shownHost}:${port}\n`);
  io.onListening?.(server);
  return new Promise<number>((resolve) => {
    let first: StopSignal | undefined;
    const onSignal = (signal: StopSignal) => (): void => {
      if (first !== undefined) {
        // A second signal: stop waiting for requests in flight.
        detach();
        server.closeAllConnections();
        return;
      }
      first = signal;
      // close() stops accepting and calls back once in-flight requests have been answered.
      server.close(() => {
        detach();
        resolve(SIGNAL_EXIT[signal]);
      });
      server.closeIdleConnections();
    };
    const handlers = { SIGTERM: onSignal('SIGTERM'), SIGINT: onSignal('SIGINT') };
    const detach = (): void => {
      io.signals.off('SIGTERM', handlers.SIGTERM);
      io.signals.off('SIGINT', handlers.SIGINT);
    };
    io.signals.once('SIGTERM', handlers.SIGTERM);
    io.signals.once('SIGINT', handlers.SIGINT);
  });
}

/** The options, or 'help' for --help; throws UsageError naming the bad flag. */
export function parseServeArgs(argv: string[]): ServeOptions | 'help' {
  const args = parseCommandArgs('serve', argv, OPTIONS);
  if (args.values.help) return 'help';
  const port = integerFlag('serve', args, 'port', { min: 0, max: 65535 }) ?? DEFAULT_PORT;
  const rawLimit = stringFlag(args, 'body-limit-mb');
  // A fraction is allowed (0.5 MB), so this is not integerFlag.
  const limitMb = rawLimit === undefined ? DEFAULT_BODY_LIMIT_MB : Number(rawLimit);
  if (rawLimit?.trim() === '' || !Number.isFinite(limitMb) || limitMb <= 0) {
    throw new UsageError(`serve: --body-limit-mb must be a positive number, got ${JSON.stringify(rawLimit)}`);
  }
  const maxConcurrentRequests = integerFlag('serve', args, 'max-concurrent', { min: 1 }) ?? DEFAULT_MAX_CONCURRENT;
  const baseUrl = stringFlag(args, 'base-url');
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) {
    throw new UsageError(`serve: --base-url must be a URL such as http://127.0.0.1:8080, got ${JSON.stringify(baseUrl)}`);
  }
  const host = stringFlag(args, 'host') ?? DEFAULT_HOST;
  if (host === '') throw new UsageError('serve: --host must be a host name or address, got ""');
  return { port, host, bodyLimitBytes: Math.floor(limitMb * BYTES_PER_MB), maxConcurrentRequests, baseUrl, quiet: args.values.quiet === true };
}
