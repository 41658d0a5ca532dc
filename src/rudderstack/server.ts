/**
 * The transformer HTTP service: RudderStack's Iterable routes over node:http, so that rudder-server
 * can use this package as its Iterable transformer. Stateless: run more copies to scale.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { Dispatcher } from 'undici';
import { isObject } from '../transform/values.js';
import { COMPACTED_FORMAT } from './compacted-request.js';
import { deleteUsers } from './delete-users.js';
import { proxy } from './proxy.js';
import type { ProxyRequest } from './proxy-response.js';
import { collectConfigKeys, redactReply } from './redact-keys.js';
import { readJsonBody } from './server-body.js';
import { acceptsGzip, sendReply, type Reply } from './server-reply.js';
import { notServed, processorRoute, routerRoute } from './server-transform-routes.js';
import { FEATURES, SERVICE_NAME, SERVICE_VERSION } from './service-info.js';

export interface ServerOptions {
  /** Largest request body accepted, in bytes (default 100 MB); larger ones get 413. */
  bodyLimitBytes?: number;
  /**
   * Requests handled at once (default 64). One more gets `503` with `Retry-After: 1` at once, body
   * unread: rudder-server retries a 503 with backoff, so load is shed instead of queued in memory.
   */
  maxConcurrentRequests?: number;
  /** Where the proxy and deleteUsers routes send Iterable calls instead of Iterable's hosts. */
  baseUrl?: string;
  dispatcher?: Dispatcher;
  /** Called once per finished request (the `serve` command logs it). */
  onResponse?: (entry: ResponseLogEntry) => void;
}

export interface ResponseLogEntry {
  method: string;
  path: string;
  status: number;
  /** From the request's arrival to the end of its reply (or the connection closing). */
  ms: number;
}

/** The largest request body the service accepts by default (100 MB), as RudderStack's transformer. */
export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 64;

interface RouteContext {
  compacted: boolean;
}
type Handler = (body: unknown, context: RouteContext) => Reply | Promise<Reply>;
type Route = { method: 'GET' | 'POST'; handle: Handler };

const PROCESSOR_PREFIX = '/v0/destinations/';
const PROXY_PREFIX = '/v1/destinations/';

function routeTable(options: ServerOptions): Map<string, Route> {
  const http = {
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
  };
  return new Map<string, Route>([
    ['/health', { method: 'GET', handle: () => ({ status: 200, body: { status: 'ok', name: SERVICE_NAME, version: SERVICE_VERSION } }) }],
    ['/features', { method: 'GET', handle: () => ({ status: 200, body: FEATURES }) }],
    [`${PROCESSOR_PREFIX}iterable`, { method: 'POST', handle: (body, context) => processorRoute(body, context.compacted) }],
    ['/routerTransform', { method: 'POST', handle: (body, context) => routerRoute(body, context.compacted) }],
    [`${PROXY_PREFIX}iterable/proxy`, { method: 'POST', handle: (body) => proxyRoute(body, http) }],
    ['/deleteUsers', { method: 'POST', handle: (body) => deleteUsersRoute(body, http) }],
  ]);
}

async function proxyRoute(body: unknown, http: { baseUrl?: string; dispatcher?: Dispatcher }): Promise<Reply> {
  if (!isObject(body)) return badRequest('Expected a delivery request object');
  // RudderStack's v1 proxy route always answers 200 with the delivery result under `output`.
  const output = await proxy(body as ProxyRequest, http);
  const keys = new Set<string>();
  const headers = isObject(body.headers) ? body.headers : {};
  if (typeof headers.api_key === 'string' && headers.api_key !== '') keys.add(headers.api_key);
  collectConfigKeys(body.destinationConfig, keys);
  redactReply(output, keys, true);
  return { status: 200, body: { output } };
}

async function deleteUsersRoute(body: unknown, http: { baseUrl?: string; dispatcher?: Dispatcher }): Promise<Reply> {
  if (!Array.isArray(body)) return badRequest('Expected an array of { destType, userAttributes, config }');
  const results = await deleteUsers(body, http);
  const keys = new Set<string>();
  for (const request of body) if (isObject(request)) collectConfigKeys(request.config, keys);
  redactReply(results, keys, true);
  return { status: results[0]?.statusCode ?? 200, body: results };
}

/**
 * The route for a path. Destination types compare case-insensitively (rudder-server lower-cases
 * them, other callers may not); another destination's route is a 404 that says so.
 */
function findRoute(table: Map<string, Route>, path: string): Route | Reply {
  const exact = table.get(path);
  if (exact) return exact;
  const lower = path.toLowerCase();
  const folded = table.get(lower);
  if (folded && lower.startsWith('/v')) return folded;
  if (lower.startsWith(PROCESSOR_PREFIX) && !lower.includes('/', PROCESSOR_PREFIX.length)) {
    return notServed(path.slice(PROCESSOR_PREFIX.length));
  }
  if (lower.startsWith(PROXY_PREFIX) && lower.endsWith('/proxy')) {
    return notServed(path.slice(PROXY_PREFIX.length, -'/proxy'.length));
  }
  return { status: 404, body: { error: `No route for ${path}: this service answers only Iterable's transformer routes` } };
}

/**
 * The RudderStack-compatible transformer service as a `node:http` server (not yet listening):
 * processor and router transforms, proxy, deleteUsers and a health route.
 *
 * @param options - body limit and the base URL that proxy and deleteUsers calls go to
 * @returns the server; call `listen(port, host)` on it
 * @example
 * ```ts
 * createServer({ baseUrl: emulator.url }).listen(9090, '127.0.0.1');
 * ```
 */
export function createServer(options: ServerOptions = {}): Server {
  const table = routeTable(options);
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const maxInFlight = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  let inFlight = 0;
  const server = createHttpServer((req, res) => {
    const started = performance.now();
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (options.onResponse) {
      const log = options.onResponse;
      res.once('close', () => log({ method: req.method ?? '', path, status: res.statusCode, ms: performance.now() - started }));
    }
    const gzip = acceptsGzip(req);
    if (inFlight >= maxInFlight) {
      // The body is not read: the connection closes once the reply is out.
      sendReply(res, busy(maxInFlight), { gzip: false, closing: true });
      return;
    }
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    handle(req, path, table, limit).then(
      (reply) => sendReply(res, reply, { gzip, closing: !server.listening || reply.status === 413 }),
      (error: unknown) => {
        // Only a bug gets here; its message is not echoed, as it might quote a value of the request.
        const name = error instanceof Error ? error.name : typeof error;
        sendReply(res, { status: 500, body: { error: `Internal error (${name}) while handling ${path}` } }, { gzip: false, closing: true });
      },
    );
  });
  return server;
}

async function handle(req: IncomingMessage, path: string, table: Map<string, Route>, limit: number): Promise<Reply> {
  const route = findRoute(table, path);
  if (!('handle' in route)) return route;
  if (req.method !== route.method) {
    return {
      status: 405,
      headers: { Allow: route.method },
      body: { error: `Method ${req.method ?? ''} not allowed on ${path}; use ${route.method}` },
    };
  }
  if (route.method === 'GET') return route.handle(undefined, { compacted: false });
  const body = await readJsonBody(req, limit);
  if (!body.ok) return { status: body.status, body: { error: body.error } };
  return route.handle(body.value, { compacted: req.headers['x-content-format'] === COMPACTED_FORMAT });
}

function busy(limit: number): Reply {
  return {
    status: 503,
    headers: { 'Retry-After': '1' },
    body: { error: `Busy: ${limit} requests are already being handled (maxConcurrentRequests); retry shortly` },
  };
}

function badRequest(error: string): Reply {
  return { status: 400, body: { error } };
}
