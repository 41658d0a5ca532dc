/**
 * Where the RudderStack contract talks to Iterable (delivery proxy and user deletion): the
 * package's one undici request (src/http/undici-request.ts), its reply read as JSON when it is
 * JSON, else as text. Never throws.
 */
import type { Dispatcher } from 'undici';
import { sendRaw } from '../http/undici-request.js';
import { withoutTrailingSlashes } from '../util/trailing-slashes.js';

export interface IterableHttpOptions {
  /** Replaces scheme, host and port of every endpoint (e.g. the emulator's URL); paths are kept. */
  baseUrl?: string;
  /** undici dispatcher (pool, agent, mock) to send through; the global one by default. */
  dispatcher?: Dispatcher;
  /** Bound on waiting for response headers and body, in milliseconds (default 30,000). */
  timeoutMs?: number;
}

export type HttpOutcome =
  | { ok: true; status: number; body: unknown }
  /** No HTTP reply. `code` is the transport's code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`…). */
  | { ok: false; code: string };

const DEFAULT_TIMEOUT_MS = 30_000;

/** `https://api.iterable.com/api/x?y` with baseUrl `http://127.0.0.1:9` → `http://127.0.0.1:9/api/x?y`. */
export function targetUrl(endpoint: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return endpoint;
  const url = new URL(endpoint);
  return `${withoutTrailingSlashes(baseUrl)}${url.pathname}${url.search}`;
}

/** Header values as strings; `undefined` ones (an absent api key) are left out, as axios does. */
function headerValues(headers: unknown): Record<string, string> {
  // Header names come from the request object: no prototype, so a name such as `__proto__` stays a name.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (headers === null || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) out[name] = String(value);
  }
  return out;
}

export function parseReplyText(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function sendToIterable(
  endpoint: string,
  init: { method: string; headers: unknown; json?: unknown },
  options: IterableHttpOptions = {},
): Promise<HttpOutcome> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const reply = await sendRaw({
      url: targetUrl(endpoint, options.baseUrl),
      method: init.method,
      headers: headerValues(init.headers),
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
      timeoutMs: timeout,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    return { ok: true, status: reply.status, body: parseReplyText(reply.body) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' ? code : error instanceof Error ? error.name : 'NETWORK_ERROR' };
  }
}
