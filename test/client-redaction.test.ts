/**
 * The API keys never leave the client: whatever a reply echoes (in `code`, `msg`, `params`, a
 * bulk reply's failure lists, an HTML page), outcomes and stats carry no key. Property-based, over
 * real HTTP: a tiny server on 127.0.0.1 answers each request with a reply the test generated.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDestination } from '../src/client/index.js';
import { redactFields } from '../src/errors.js';

const KEY = 'k3y-Secret-0123456789abcdef';
const TOKEN_KEY = 'tok3n-Secret-fedcba9876543210';

let reply: { status: number; body: string } = { status: 200, body: '{}' };
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A string with one of the keys somewhere inside it (start, middle, end, or alone). */
const withKey = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(KEY, TOKEN_KEY), fc.string({ maxLength: 12 })).map(([a, key, b]) => `${a}${key}${b}`);
const maybeKey = fc.oneof(withKey, fc.string({ maxLength: 20 }));

const replies = fc.oneof(
  // Iterable's envelope on an error status, the key echoed in code, msg and params.
  fc.record({
    status: fc.constantFrom(400, 401, 403, 404, 409, 500, 503),
    body: fc.record({ code: maybeKey, msg: maybeKey, params: fc.dictionary(fc.string({ maxLength: 5 }), maybeKey, { maxKeys: 3 }) }).map((b) => JSON.stringify(b)),
  }),
  // A bulk reply naming the key as a failed identifier.
  fc.record({
    status: fc.constant(200),
    body: withKey.map((value) => JSON.stringify({ successCount: 0, failCount: 1, invalidEmails: [value], failedUpdates: { invalidDataEmails: [value] } })),
  }),
  // A body that is no JSON at all but carries the key.
  fc.record({ status: fc.constantFrom(200, 502), body: withKey.map((value) => `<html>${value}</html>`) }),
);

describe('redaction of the keys', () => {
  it('no outcome or stats field carries a key, whatever the reply echoes', async () => {
    await fc.assert(
      fc.asyncProperty(replies, fc.constantFrom('identify', 'token'), async (generated, kind) => {
        reply = generated;
        const destination = createDestination({
          settings: { apiKey: KEY, registerDeviceOrBrowserApiKey: TOKEN_KEY },
          baseUrl: url,
          maxAttempts: 2, // enough for a refused key to be confirmed and stop the destination
          clock: { now: () => Date.now(), sleep: () => Promise.resolve() },
          flushIntervalMs: 60_000,
        });
        const event =
          kind === 'identify'
            ? { type: 'identify', userId: 'u1', traits: { email: `${KEY}@x.io` } }
            : { type: 'identify', userId: 'u1', traits: { email: 'u1@x.io' }, context: { device: { token: 't', type: 'ios' }, app: { namespace: 'com.x' } } };
        const outcome = destination.send(event);
        await destination.close();
        const fatal = destination.fatalError();
        const text = JSON.stringify([await outcome, destination.stats(), fatal?.message ?? null, fatal?.toJSON() ?? null, String(fatal?.cause ?? '')]);
        expect(text).not.toContain(KEY);
        expect(text).not.toContain(TOKEN_KEY);
      }),
      { numRuns: 60 },
    );
  });

  it('redactFields cleans every string field and leaves the rest as it was', () => {
    fc.assert(
      fc.property(withKey, withKey, fc.integer(), (code, message, attempts) => {
        const record = { status: 'failed', code, message, attempts };
        const clean = redactFields(record, [KEY, TOKEN_KEY]);
        expect(JSON.stringify(clean)).not.toContain(KEY);
        expect(JSON.stringify(clean)).not.toContain(TOKEN_KEY);
        expect(clean.attempts).toBe(attempts);
        expect(record.code).toBe(code); // the input is not changed
      }),
    );
  });
});
