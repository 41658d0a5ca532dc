/**
 * The emulator's HTTP edge: one node:http server on loopback that runs each request through
 * route → injected faults → API key → rate limit → body size → JSON → handler, and logs it.
 * It prints nothing; `onRequest` is the only window onto traffic.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IterableDestinationError } from '../errors.js';
import { endpointDef, type EndpointName, type RegistryHandlerName } from '../ops/index.js';
import { readBody } from './body.js';
import { FaultBook, seededRandom, type ReplyFault } from './faults.js';
import * as handlers from './handlers/index.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import {
  actionNotFound,
  apiReply,
  badApiKey,
  badJsonBody,
  bodyTooLarge,
  disabledApiKey,
  rateLimited,
  renderBody,
  serverError,
  success,
  type Reply,
} from './replies.js';
import { checkedReply } from './reply-check.js';
import { matchRoute } from './routes.js';
import { Store } from './store.js';
import type { EmulatorOptions, RequestLogEntry, RunningEmulator } from './types.js';

/** The key from `Api-Key` or `Api_Key` (node lower-cases header names). */
function apiKeyOf(req: IncomingMessage): string {
  const value = req.headers['api-key'] ?? req.headers['api_key'];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every handler name an op declares is exported by handlers/index.ts (a compile-time check). */
const registryHandlers: Record<RegistryHandlerName, (typeof handlers)[keyof typeof handlers]> = handlers;

function countRecords(endpoint: EndpointName, body: unknown): number {
  const spec = endpointDef(endpoint);
  if (spec.method === 'GET') return 0;
  if (spec.itemsKey === undefined) return 1;
  const items = (body as Record<string, unknown> | undefined)?.[spec.itemsKey];
  if (Array.isArray(items)) return items.length;
  return typeof items === 'object' && items !== null ? Object.keys(items).length : 0;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (text.trim() === '') return { ok: false, reply: badJsonBody('the body is empty') };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reply: badJsonBody((error as Error).message) };
  }
}

/** The reply a malformed-reply fault sends instead of `real` (a success when nothing was handled). */
function malformed(fault: Extract<ReplyFault, { kind: 'malformedReply' }>, real: Reply | undefined): Reply {
  const status = fault.status ?? 200;
  if (fault.shape === 'html') {
    return { status, contentType: 'text/html; charset=utf-8', body: '<html><body><h1>Bad Gateway</h1><p>The upstream replied in an unexpected way.</p></body></html>' };
  }
  if (fault.shape === 'empty') return { status, contentType: 'application/json', body: '' };
  // Valid JSON that is no reply of any endpoint: what a proxy or a changed API could send.
  if (fault.shape === 'wrongTypes') return { status, contentType: 'application/json', body: '{"successCount":"500","failCount":"0"}' };
  const text = renderBody(real ?? success()).text;
  return { status, contentType: 'application/json', body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
}

class Emulator {
  readonly store: Store;
  readonly faults: FaultBook;
  private readonly limiter: SlidingWindowLimiter;
  private readonly sleeps = new Map<NodeJS.Timeout, () => void>();
  closed = false;

  constructor(private readonly options: ResolvedOptions) {
    this.store = new Store({
      lists: options.lists,
      forgotten: options.forgotten,
      storeEvents: options.storeEvents,
      maxLoggedRequests: options.maxLoggedRequests,
      clock: options.clock,
    });
    this.faults = new FaultBook(seededRandom(options.seed));
    this.limiter = new SlidingWindowLimiter(options.clock);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const route = matchRoute(method, url.pathname);
    const body = await readBody(req, this.options.maxBodyBytes);
    const entry: RequestLogEntry = { at: this.options.clock(), method, path: url.pathname, status: 0, bytes: body.bytes, records: 0 };
    if (!route) return this.finish(res, entry, actionNotFound());
    const endpoint = route.endpoint;
    entry.endpoint = endpoint;

    const delay = this.faults.takeLatency(endpoint);
    if (delay > 0) {
      entry.fault = 'latency';
      await this.sleep(delay);
      if (this.closed) return this.drop(req, entry);
    }
    const fault = this.faults.takeBefore(endpoint);
    if (fault) return this.applyFault(fault, req, res, entry, undefined);

    const key = apiKeyOf(req);
    const refusal = this.refuseKey(key, method, url.pathname, req.socket.remoteAddress ?? '');
    if (refusal) return this.finish(res, entry, refusal);
    // Iterable counts most limits per project (every key of the emulated project shares them), and
    // some per API key (catalogs): the catalogue says which.
    const bucket = endpointDef(endpoint).rateScope === 'apiKey' ? `${endpoint}\u0000${key}` : endpoint;
    if (!this.limiter.tryAcquire(bucket, this.options.rateLimit(endpoint))) {
      return this.finish(res, entry, rateLimited());
    }
    if (body.text === undefined) return this.finish(res, entry, bodyTooLarge(this.options.oversizeStatus, body.bytes, this.options.maxBodyBytes));

    let parsed: unknown;
    if (method === 'POST') {
      const json = parseJson(body.text);
      if (!json.ok) return this.finish(res, entry, json.reply);
      parsed = json.value;
    }
    entry.records = countRecords(endpoint, parsed);
    const reply = registryHandlers[endpointDef(endpoint).handler as RegistryHandlerName]({
      body: parsed,
      params: route.params,
      query: url.searchParams,
      store: this.store,
      faults: this.faults,
      strictBodies: this.options.strictBodies,
      disallowedEventNames: this.options.disallowedEventNames,
      catalogs: this.options.catalogs,
    });
    const after = this.faults.takeAfter(endpoint);
    if (after) return this.applyFault(after, req, res, entry, reply);
    this.finish(res, entry, checkedReply(endpoint, reply));
  }

  /**
   * The 401 for a key the project does not accept, or undefined. Iterable's DELETE endpoints send
   * it with code `Success`; a disabled key is named by a hash prefix, never by the key.
   */
  private refuseKey(key: string, method: string, path: string, ip: string): Reply | undefined {
    const code = method === 'DELETE' ? 'Success' : 'BadApiKey';
    if (key !== '' && this.options.disabledApiKeys.has(key)) {
      return disabledApiKey(path, ip, createHash('sha256').update(key).digest('hex').slice(0, 8), code);
    }
    const accepted = key !== '' && (this.options.apiKeys === undefined || this.options.apiKeys.has(key));
    return accepted ? undefined : badApiKey(path, ip, code);
  }

  /** Last resort for a bug in a handler: answer like Iterable's own 500 and keep serving. */
  fail(res: ServerResponse, req: IncomingMessage): void {
    if (res.headersSent || res.destroyed) return;
    const entry: RequestLogEntry = { at: this.options.clock(), method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', status: 0, bytes: 0, records: 0 };
    this.finish(res, entry, apiReply(500, 'GenericError', 'Internal emulator error'));
  }

  closeAll(): void {
    this.closed = true;
    for (const [timer, wake] of this.sleeps) {
      clearTimeout(timer);
      wake();
    }
    this.sleeps.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeps.delete(timer);
        resolve();
      }, ms);
      this.sleeps.set(timer, resolve);
    });
  }

  private applyFault(fault: ReplyFault, req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry, handled: Reply | undefined): void {
    entry.fault = fault.kind;
    switch (fault.kind) {
      case 'dropConnection':
        return this.drop(req, entry);
      case 'serverError':
        return this.finish(res, entry, serverError(fault.status));
      case 'rateLimitBurst':
        return this.finish(res, entry, rateLimited(fault.retryAfterSeconds));
      case 'malformedReply':
        return this.finish(res, entry, malformed(fault, handled));
    }
  }

  private drop(req: IncomingMessage, entry: RequestLogEntry): void {
    req.socket.destroy();
    this.record(entry);
  }

  private finish(res: ServerResponse, entry: RequestLogEntry, reply: Reply): void {
    const { text, contentType } = renderBody(reply);
    res.writeHead(reply.status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      ...reply.headers,
    });
    res.end(text);
    entry.status = reply.status;
    this.record(entry);
  }

  private record(entry: RequestLogEntry): void {
    this.store.log(entry);
    this.options.onRequest?.(entry);
  }
}

/** Starts the emulator on `host:port` (default 127.0.0.1, a free port). */
export async function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const emulator = new Emulator(resolved);
  const server = createServer((req, res) => {
    emulator.handle(req, res).catch(() => emulator.fail(res, req));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => {
      reject(
        new IterableDestinationError(`The emulator could not listen on ${resolved.host}:${resolved.port}: ${error.message}`, {
          code: 'EMULATOR_LISTEN_FAILED',
          statusCode: 500,
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    state: emulator.store.state,
    inject: emulator.faults.api(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        emulator.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
