#!/usr/bin/env node
/**
 * The floor for the serve bench: a bare node:http server that reads each body as Buffers, parses
 * it once and writes it back re-serialised with its length. Nothing else, so its requests/s is what
 * any JSON-over-HTTP service on this machine can reach with these bodies.
 */
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const parts = [];
  req.on('data', (chunk) => parts.push(chunk));
  req.on('end', () => {
    const text = JSON.stringify(JSON.parse(Buffer.concat(parts).toString('utf8')));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
