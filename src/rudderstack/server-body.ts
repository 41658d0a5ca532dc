/**
 * Reading a JSON request body with a size limit, for the transformer HTTP service.
 */
import type { IncomingMessage } from 'node:http';

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
    const onEnd = (): void => resolve(parseJson(Buffer.concat(parts).toString('utf8')));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => resolve({ ok: false, status: 400, error: 'Request body could not be read' }));
  });
}

function parseJson(text: string): BodyResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 400, error: `Request body is not valid JSON: ${reason}` };
  }
}
