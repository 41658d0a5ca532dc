/**
 * Writing a reply of the transformer HTTP service: JSON with its length, the `apiVersion` header
 * rudder-server checks, and a gzip body when the client accepts one and the body is large.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzip } from 'node:zlib';
import { TRANSFORMER_API_VERSION } from './service-info.js';

/** Bodies smaller than this go out plain: compressing them costs more than it saves. */
export const GZIP_THRESHOLD_BYTES = 1024;

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * rudder-server sends `X-Feature-Gzip-Support: ?1`; its Go HTTP client also sends
 * `Accept-Encoding: gzip` and inflates the reply itself. Either header is taken as consent.
 */
export function acceptsGzip(req: IncomingMessage): boolean {
  if (req.headers['x-feature-gzip-support'] === '?1') return true;
  const accepted = req.headers['accept-encoding'];
  return typeof accepted === 'string' && accepted.includes('gzip');
}

/** Sends `reply`; `closing` asks the client to drop the connection afterwards. */
export function sendReply(res: ServerResponse, reply: Reply, options: { gzip: boolean; closing: boolean }): void {
  if (res.headersSent) return;
  const text = JSON.stringify(reply.body) ?? 'null';
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    apiVersion: TRANSFORMER_API_VERSION,
    ...reply.headers,
  };
  if (options.closing) headers.Connection = 'close';
  const bytes = Buffer.from(text, 'utf8');
  if (!options.gzip || bytes.length < GZIP_THRESHOLD_BYTES) {
    res.writeHead(reply.status, { ...headers, 'Content-Length': bytes.length });
    res.end(bytes);
    return;
  }
  // On libuv's thread pool, so a large reply does not hold the event loop while it compresses.
  gzip(bytes, (error, compressed) => {
    if (res.headersSent || res.destroyed) return;
    if (error) {
      res.writeHead(reply.status, { ...headers, 'Content-Length': bytes.length });
      res.end(bytes);
      return;
    }
    res.writeHead(reply.status, { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Content-Length': compressed.length });
    res.end(compressed);
  });
}
