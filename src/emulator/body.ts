/**
 * Reads a request body while counting its bytes. Past `maxBytes` the rest is drained and discarded
 * (memory stays bounded), and the reply can still be sent once the client finished writing.
 */
import type { IncomingMessage } from 'node:http';

export interface ReadBody {
  bytes: number;
  /** The body as UTF-8 text; undefined when it was over the limit. */
  text: string | undefined;
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve({ bytes, text: bytes > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
  });
}
