/**
 * The client's connections to Iterable: one connection pool per origin (an `Agent`, or the caller's
 * dispatcher), a total time limit per request, and typed network errors, over the package's one
 * undici request (src/http/undici-request.ts).
 * The API key travels in the `Api-Key` header only; no error built here can contain it.
 */
import { Agent, type Dispatcher } from 'undici';
import { NetworkError } from '../errors.js';
import { sendRaw } from '../http/undici-request.js';
import type { Headers } from './retry.js';

export interface HttpRequest {
  readonly url: string;
  readonly method: 'POST' | 'GET' | 'DELETE';
  readonly apiKey: string;
  /** JSON text, or '' for no body. */
  readonly body: string;
  /** Aborts the request (closing past the deadline). */
  readonly signal: AbortSignal;
}

export interface HttpReply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export interface HttpClient {
  /** Resolves with any reply the server sent; rejects only with a `NetworkError`. */
  send(req: HttpRequest): Promise<HttpReply>;
  /** Closes the pools this client created (a caller's dispatcher is left open). */
  close(force: boolean): Promise<void>;
}

export function createHttpClient(options: { dispatcher: Dispatcher | undefined; requestTimeoutMs: number }): HttpClient {
  const owned = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 10_000 });
  const dispatcher = options.dispatcher ?? (owned as Agent);
  return {
    async send(req) {
      const timeout = AbortSignal.timeout(options.requestTimeoutMs);
      const signal = AbortSignal.any([req.signal, timeout]);
      const headers: Record<string, string> = { 'Api-Key': req.apiKey };
      if (req.body !== '') headers['Content-Type'] = 'application/json';
      try {
        return await sendRaw({ url: req.url, method: req.method, headers, body: req.body === '' ? undefined : req.body, dispatcher, signal, timeoutMs: options.requestTimeoutMs });
      } catch (cause) {
        throw networkError(cause, req, timeout.aborted, options.requestTimeoutMs);
      }
    },
    async close(force) {
      if (!owned) return;
      await (force ? owned.destroy() : owned.close());
    },
  };
}

function networkError(cause: unknown, req: HttpRequest, timedOut: boolean, timeoutMs: number): NetworkError {
  const path = new URL(req.url).pathname;
  const code = (cause as { code?: unknown } | null)?.code;
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new NetworkError(`${req.method} ${path} got no complete reply within requestTimeoutMs (${timeoutMs} ms)`, { code: 'TIMEOUT', cause, statusCode: 504 });
  }
  if (req.signal.aborted) return new NetworkError(`${req.method} ${path} was aborted: the destination closed past its deadline`, { code: 'ABORTED', cause });
  const reason = typeof code === 'string' ? code : cause instanceof Error ? cause.name : 'unknown error';
  return new NetworkError(`${req.method} ${path} failed before a complete reply: ${reason}`, { code: 'CONNECTION_ERROR', cause, unreachable: isUnreachable(cause) });
}

/** Codes that mean no connection was made at all: the name does not resolve or nothing listens. */
const UNREACHABLE_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** undici wraps the socket error (sometimes twice, sometimes in an AggregateError of every address tried). */
function isUnreachable(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
  if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isUnreachable(inner, depth + 1))) return true;
  return isUnreachable(cause, depth + 1);
}
