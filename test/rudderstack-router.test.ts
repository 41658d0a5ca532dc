/**
 * routerTransform (rudderstack-profile.md §8): one runner over fixtures/router/*.json, whose
 * expected outputs are written from the spec, plus the full-size cases and properties.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routerTransform, type RouterOptions } from '../src/rudderstack/index.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'router');

interface RouterFixture {
  name: string;
  spec: string;
  input: unknown;
  options?: RouterOptions;
  expected: unknown;
}

const fixtures = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(DIR, file), 'utf8')) as RouterFixture] as const);

/** What goes over the wire: JSON drops undefined keys exactly as the HTTP service does. */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('routerTransform fixtures', () => {
  it('has fixtures to run', () => expect(fixtures.length).toBeGreaterThanOrEqual(10));

  it.each(fixtures)('%s', (_file, fixture) => {
    const before = structuredClone(fixture.input);
    const result = routerTransform(fixture.input, fixture.options);
    expect(wire(result)).toEqual(fixture.expected);
    expect(fixture.input).toEqual(before);
  });
});

const DEST = { ID: 'dest-1', Config: { apiKey: 'testApiKey', registerDeviceOrBrowserApiKey: 'tokenKey' } };
const meta = (jobId: number) => ({ jobId, destinationId: 'dest-1', workspaceId: 'ws-1' });

/** An identify whose users/update body is exactly `bytes` bytes long (checked below). */
function bigIdentify(jobId: number, bytes: number) {
  const userId = `u${jobId}`;
  const skeleton = { userId, dataFields: { pad: '' }, preferUserId: true, mergeNestedObjects: true };
  const pad = 'x'.repeat(bytes - Buffer.byteLength(JSON.stringify(skeleton)));
  return {
    message: { type: 'identify', userId, traits: { pad }, context: { device: { token: `tok${jobId}`, type: 'ios' } } },
    metadata: meta(jobId),
    destination: DEST,
  };
}

type Entry = { batchedRequest: unknown; metadata: unknown[]; batched: boolean; error?: string };
const requestsOf = (entry: Entry): Array<{ endpoint: string; body: { JSON: Record<string, unknown[]> } }> =>
  (Array.isArray(entry.batchedRequest) ? entry.batchedRequest : [entry.batchedRequest]) as never;

describe('routerTransform at production limits', () => {
  it('puts two 3,000,000-byte users in two batches, each with its own registration (§13)', () => {
    const input = [bigIdentify(1, 3_000_000), bigIdentify(2, 3_000_000)];
    const bodySize = Buffer.byteLength(JSON.stringify({ userId: 'u1', dataFields: { pad: input[0]!.message.traits.pad }, preferUserId: true, mergeNestedObjects: true }));
    expect(bodySize).toBe(3_000_000);
    const { output } = routerTransform({ input, destType: 'iterable' }) as { output: Entry[] };
    expect(output).toHaveLength(2);
    output.forEach((entry, index) => {
      const [bulk, registration, ...rest] = requestsOf(entry);
      expect(rest).toEqual([]);
      expect(entry.metadata).toEqual([meta(index + 1)]);
      expect(bulk!.endpoint).toBe('https://api.iterable.com/api/users/bulkUpdate');
      expect(bulk!.body.JSON.users).toHaveLength(1);
      expect(registration!.endpoint).toBe('https://api.iterable.com/api/users/registerDeviceToken');
      expect(registration!.body.JSON).toMatchObject({ userId: `u${index + 1}`, device: { token: `tok${index + 1}`, platform: 'APNS' } });
    });
  });

  it('packs 2,500 small tracks into chunks of 1000, 1000, 500', () => {
    const input = Array.from({ length: 2500 }, (_, i) => ({
      message: { type: 'track', event: 'E', userId: `u${i}` },
      metadata: meta(i),
      destination: DEST,
    }));
    const { output } = routerTransform({ input }) as { output: Entry[] };
    expect(output.map((entry) => entry.metadata.length)).toEqual([1000, 1000, 500]);
    expect(output.flatMap((entry) => entry.metadata)).toEqual(input.map((event) => event.metadata));
  });

  it('fits a user of exactly 4,000,000 bytes alone, with no empty batch, first or second', () => {
    const withoutToken = (event: ReturnType<typeof bigIdentify>) => ({ ...event, message: { ...event.message, context: {} } });
    for (const input of [
      [bigIdentify(1, 4_000_000), bigIdentify(2, 100)].map(withoutToken),
      [bigIdentify(1, 100), bigIdentify(2, 4_000_000)].map(withoutToken),
    ]) {
      const { output } = routerTransform({ input }) as { output: Entry[] };
      expect(output.map((entry) => entry.metadata)).toEqual([[meta(1)], [meta(2)]]);
      expect(output.every((entry) => !Array.isArray(entry.batchedRequest))).toBe(true);
    }
  });
});

describe('routerTransform invariants', () => {
  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.record({ message: fc.anything(), metadata: fc.anything(), destination: fc.anything() })), (body, input) => {
        expect(Array.isArray(routerTransform(body).output)).toBe(true);
        expect(Array.isArray(routerTransform({ input }).output)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const arbEvent = fc.oneof(
    fc.record({ type: fc.constant('identify'), userId: fc.string({ minLength: 1, maxLength: 8 }), traits: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 30 })) }),
    fc.record({ type: fc.constant('track'), event: fc.string({ minLength: 1, maxLength: 8 }), userId: fc.string({ minLength: 1, maxLength: 8 }) }),
    fc.record({ type: fc.constant('alias'), previousId: fc.string({ minLength: 1, maxLength: 8 }), userId: fc.string({ minLength: 1, maxLength: 8 }) }),
    fc.record({ type: fc.constant('group'), userId: fc.string({ maxLength: 8 }) }),
  );

  it('reports every job exactly once and never packs a multi-record batch past the byte limit', () => {
    fc.assert(
      fc.property(
        fc.array(arbEvent, { maxLength: 40 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 40, max: 400 }),
        (messages, chunkSize, maxBytes) => {
          const input = messages.map((message, i) => ({ message, metadata: meta(i), destination: DEST }));
          const { output } = routerTransform({ input }, { chunkSize, maxBytes }) as { output: Entry[] };
          const jobs = output.flatMap((entry) => entry.metadata.map((m) => (m as { jobId: number }).jobId));
          expect([...jobs].sort((a, b) => a - b)).toEqual(input.map((_, i) => i));
          for (const entry of output.filter((e) => e.batched)) {
            const records = Object.values(requestsOf(entry)[0]!.body.JSON)[0]!;
            expect(records.length).toBeLessThanOrEqual(chunkSize);
            const bytes = records.reduce((sum: number, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0);
            if (records.length > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never puts the API key in an error message', () => {
    const input = [{ message: { type: 'identify' }, metadata: meta(1), destination: DEST }];
    const [entry] = routerTransform({ input }).output as Entry[];
    expect(entry!.error).toBe('userId or email is mandatory for this request');
    expect(entry!.error).not.toContain('testApiKey');
  });
});
