/**
 * A scripted stand-in for Iterable on 127.0.0.1 (port 0), for the RudderStack delivery and
 * deletion tests: answers each request with what the test says and records what it received.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedReply {
  status: number;
  /** A string is sent as text; anything else as JSON. */
  body: unknown;
}

export interface FakeIterable {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startFakeIterable(answer: (request: Received) => ScriptedReply | Promise<ScriptedReply>): Promise<FakeIterable> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') };
      received.push(request);
      void Promise.resolve(answer(request)).then((reply) => {
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'Content-Type': typeof reply.body === 'string' ? 'text/plain' : 'application/json' });
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
