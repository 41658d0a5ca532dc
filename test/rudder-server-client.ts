/**
 * The calls rudder-server's transformer client makes, for the service tests: the headers it sets
 * on every processor and router request (Content-Type with charset, X-Feature-Gzip-Support,
 * X-Feature-Filter-Code, X-Content-Format for compacted bodies) and the Accept-Encoding its Go
 * HTTP client adds, which also inflates a gzip reply before the caller reads it.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface ServiceReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as sent on the wire (possibly gzip). */
  wireBytes: number;
  text: string;
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  compacted?: boolean;
  /** As rudder-server: `X-Feature-Gzip-Support: ?1` and `Accept-Encoding: gzip` (default true). */
  gzip?: boolean;
}

export function callService(baseUrl: string, path: string, body?: unknown, options: CallOptions = {}): Promise<ServiceReply> {
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  const gzip = options.gzip ?? true;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {};
  if (payload) {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = String(payload.length);
    headers['X-Feature-Filter-Code'] = '?1';
    if (gzip) headers['X-Feature-Gzip-Support'] = '?1';
    if (options.compacted) headers['X-Content-Format'] = 'json+compactedv1';
  }
  if (gzip) headers['Accept-Encoding'] = 'gzip';
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        const wire = Buffer.concat(parts);
        const plain = res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes: wire.length, text: plain.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** rudder-server's compaction of a full-form request: the first destination / connection per key wins. */
export function compactLikeRudderServer(events: ReadonlyArray<Record<string, any>>, destType?: string): Record<string, unknown> {
  const destinations: Record<string, unknown> = {};
  const connections: Record<string, unknown> = {};
  const input = events.map((event) => {
    const { destinationId, sourceId } = event.metadata;
    if (!Object.hasOwn(destinations, destinationId)) destinations[destinationId] = event.destination;
    const key = `${sourceId}:${destinationId}`;
    if (!Object.hasOwn(connections, key)) connections[key] = event.connection;
    return { message: event.message, metadata: event.metadata };
  });
  return destType === undefined ? { input, destinations, connections } : { input, destType, destinations, connections };
}
