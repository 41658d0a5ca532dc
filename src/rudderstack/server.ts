/**
 * The transformer HTTP service: RudderStack's Iterable routes over node:http, so that a RudderStack
 * data plane can use this package as its Iterable transformer. Stateless: run more copies to scale.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isObject } from '../transform/values.js';
import type { Dispatcher } from 'undici';
import { deleteUsers } from './delete-users.js';
import { processorTransform } from './processor.js';
import { proxy } from './proxy.js';
import type { ProxyRequest } from './proxy-response.js';
import { routerTransform } from './router.js';
import { readJsonBody } from './server-body.js';

export interface ServerOptions {
  /** Largest request body accepted, in bytes (default 100 MB); larger ones get 413. */
  bodyLimitBytes?: number;
  /** Where the proxy and deleteUsers routes send Iterable calls instead of Iterable's hosts. */
  baseUrl?: string;
  dispatcher?: Dispatcher;
}

/** The largest request body the service accepts by default (100 MB), as RudderStack's transformer. */
export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024 * 1024;

type Reply = { status: number; body: unknown };
type Route = { method: 'GET' | 'POST'; handle: (body: unknown) => Reply | Promise<Reply> };

function routes(options: ServerOptions): Record<string, Route> {
  const http = {
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }),
  };
  return {
    '/health': { method: 'GET', handle: () => ({ status: 200, body: { status: 'ok' } }) },
    '/v0/destinations/iterable': {
      method: 'POST',
      handle: (body) =>
        Array.isArray(body)
          ? { status: 200, body: processorTransform(body) }
          : badRequest('Expected an array of { message, metadata, destination }'),
    },
    '/routerTransform': {
      method: 'POST',
      handle: (body) =>
        isObject(body) && Array.isArray(body.input)
          ? { status: 200, body: routerTransform(body) }
          : badRequest('Expected { input: [{ message, metadata, destination }, ...], destType }'),
    },
    '/v1/destinations/iterable/proxy': {
      method: 'POST',
      // RudderStack's v1 proxy route always answers 200 with the delivery result under `output`.
      handle: async (body) =>
        isObject(body) ? { status: 200, body: { output: await proxy(body as ProxyRequest, http) } } : badRequest('Expected a delivery request object'),
    },
    '/deleteUsers': {
      method: 'POST',
      handle: async (body) => {
        if (!Array.isArray(body)) return badRequest('Expected an array of { destType, userAttributes, config }');
        const results = await deleteUsers(body, http);
        return { status: results[0]?.statusCode ?? 200, body: results };
      },
    },
  };
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
  const table = routes(options);
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const server = createHttpServer((req, res) => {
    handle(req, res, table, limit, server).catch((error: unknown) => {
      send(res, server, { status: 500, body: { error: error instanceof Error ? error.message : 'Internal error' } });
    });
  });
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, table: Record<string, Route>, limit: number, server: Server): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const route = Object.prototype.hasOwnProperty.call(table, path) ? table[path] : undefined;
  if (!route) return send(res, server, { status: 404, body: { error: `No route for ${req.method ?? ''} ${path}` } });
  if (req.method !== route.method) {
    res.setHeader('Allow', route.method);
    return send(res, server, { status: 405, body: { error: `Method ${req.method ?? ''} not allowed on ${path}; use ${route.method}` } });
  }
  if (route.method === 'GET') return send(res, server, await route.handle(undefined));
  const body = await readJsonBody(req, limit);
  if (!body.ok) {
    // The rest of an oversize body is not read: close the connection once the reply is out.
    if (body.status === 413) res.setHeader('Connection', 'close');
    return send(res, server, { status: body.status, body: { error: body.error } });
  }
  return send(res, server, await route.handle(body.value));
}

function send(res: ServerResponse, server: Server, reply: Reply): void {
  if (res.headersSent) return;
  const text = JSON.stringify(reply.body);
  // While shutting down, finished requests release their connections instead of idling.
  if (!server.listening) res.setHeader('Connection', 'close');
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function badRequest(error: string): Reply {
  return { status: 400, body: { error } };
}
