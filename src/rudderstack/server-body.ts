/**
 * Reading a JSON request body for the transformer HTTP service: collected as Buffers up to a limit,
 * checked for nesting depth on the raw bytes, then parsed once.
 */
import type { IncomingMessage } from 'node:http';
import { depthExceededAt, MAX_JSON_DEPTH } from './json-depth.js';

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; error: string };

/**
 * Collects the body up to `limitBytes`. A declared `Content-Length` over the limit is refused
 * before a byte is read; a chunked body stops being buffered as soon as it passes the limit.
 */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, error: `Request body exceeds the limit of ${limitBytes} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limitBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        parts.length = 0;
        resolve(tooLarge);
        return;
      }
      parts.push(chunk);
    };
    const onEnd = (): void => resolve(parseJsonBytes(parts.length === 1 ? parts[0]! : Buffer.concat(parts, received)));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => resolve({ ok: false, status: 400, error: 'Request body could not be read' }));
  });
}

/** Parses a complete body; too deep or not JSON is a 400 that says where. */
export function parseJsonBytes(bytes: Buffer): BodyResult {
  const deepAt = depthExceededAt(bytes);
  if (deepAt >= 0) {
    return { ok: false, status: 400, error: `Request body nests deeper than ${MAX_JSON_DEPTH} levels (at byte ${deepAt})` };
  }
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch (error) {
    // V8's message quotes a slice of the body, which may hold an API key: only the position is kept.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return { ok: false, status: 400, error: `Request body is not valid JSON${position === undefined ? '' : ` (at position ${position})`}` };
  }
}
