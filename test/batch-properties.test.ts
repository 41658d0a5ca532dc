/**
 * Invariants of the planner and of bulk-reply attribution, over random mixes of calls and limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeBulkReply, planRequests, type PlanEntry, type PlannedRequest } from '../src/batch/index.js';
import { ENDPOINTS, MAX_BODY_BYTES, type EndpointSpec } from '../src/iterable/endpoints.js';
import { parseSettings } from '../src/settings.js';
import type { IterableCall } from '../src/transform/types.js';

const settings = parseSettings({ apiKey: 'property-key', registerDeviceOrBrowserApiKey: 'property-token-key' });
const BULK = new Set(['bulkUpdateUsers', 'trackBulk', 'subscribeToList', 'unsubscribeFromList', 'upsertCatalogItem']);

const email = fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io', 'dé@x.io', 'bad');
const userId = fc.constantFrom('u1', 'u2', 'ü3');
const identity = fc.oneof(
  email.map((e) => ({ email: e })),
  userId.map((u) => ({ userId: u })),
  fc.tuple(email, userId).map(([e, u]) => ({ email: e, userId: u })),
);
const data = fc.dictionary(fc.constantFrom('a', 'b', 'name', 'n'), fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer()), { maxKeys: 3 });

const call: fc.Arbitrary<IterableCall> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(identity, data).map(([id, dataFields]): IterableCall => ({ op: 'updateUser', body: { ...id, dataFields } })) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(identity, fc.constantFrom('Clicked', 'Bad', 'Viewed'), data)
      .map(([id, eventName, dataFields]): IterableCall => ({ op: 'trackEvent', body: { ...id, eventName, dataFields } })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.array(identity, { minLength: 0, maxLength: 3 }), fc.option(fc.boolean(), { nil: undefined }))
      .map(([listId, subscribers, only]): IterableCall =>
        only === undefined ? { op: 'subscribeToList', body: { listId, subscribers } } : { op: 'subscribeToList', body: { listId, subscribers, updateExistingUsersOnly: only } },
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.array(identity, { minLength: 1, maxLength: 2 }))
      .map(([listId, subscribers]): IterableCall => ({ op: 'unsubscribeFromList', body: { listId, subscribers, channelUnsubscribe: false } })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('products', 'stores', null), fc.constantFrom('p1', 'p2', 3, undefined), data)
      .map(([catalog, catalogId, update]): IterableCall => ({ op: 'upsertCatalogItem', catalog, body: catalogId === undefined ? { update } : { update, catalogId } })),
  },
  { weight: 1, arbitrary: identity.map((user): IterableCall => ({ op: 'trackPurchase', body: { user, items: [], total: 0 } })) },
  { weight: 1, arbitrary: userId.map((u): IterableCall => ({ op: 'deleteUser', body: { userId: u } })) },
  { weight: 1, arbitrary: identity.map((id): IterableCall => ({ op: 'registerBrowserToken', key: 'token', body: { browserToken: 't', ...id } })) },
);

const entries = fc.array(call, { maxLength: 40 }).map((calls) => calls.map((c, ref): PlanEntry => ({ ref, call: c })));
const limits = fc.record({ maxBatchItems: fc.integer({ min: 1, max: 6 }), maxBatchBytes: fc.integer({ min: 40, max: 400 }) });

function itemCount(request: PlannedRequest): number {
  const spec: EndpointSpec = ENDPOINTS[request.endpoint];
  const items = request.body[spec.itemsKey ?? ''] as unknown;
  if (Array.isArray(items)) return items.length;
  if (items && typeof items === 'object') return Object.keys(items).length;
  return 1;
}

/** Everything but the records: requests with equal envelopes could have been merged. */
function envelopeKey(request: PlannedRequest): string {
  const { users: _u, events: _e, subscribers: _s, documents: _d, ...rest } = request.body as Record<string, unknown>;
  return JSON.stringify([request.endpoint, request.path, request.keyRole, rest]);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

describe('planRequests properties', () => {
  it('keeps every request within the count and byte limits, never empty, bytes exact', () => {
    fc.assert(
      fc.property(entries, limits, (input, options) => {
        const { requests } = planRequests(input, { settings, ...options });
        for (const request of requests) {
          expect(request.calls.length).toBeGreaterThan(0);
          expect(request.bytes).toBe(Buffer.byteLength(request.json));
          if (request.method !== 'DELETE') expect(JSON.parse(request.json)).toEqual({ ...request.body });
          if (BULK.has(request.endpoint)) {
            expect(itemCount(request)).toBeGreaterThan(0);
            expect(itemCount(request)).toBeLessThanOrEqual(options.maxBatchItems);
            expect(request.bytes).toBeLessThanOrEqual(options.maxBatchBytes);
          } else {
            expect(request.calls).toHaveLength(1);
            expect(request.bytes).toBeLessThanOrEqual(MAX_BODY_BYTES);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('puts every call in exactly one request or rejects it, keeping input order inside a request', () => {
    fc.assert(
      fc.property(entries, limits, (input, options) => {
        const { requests, rejected } = planRequests(input, { settings, ...options });
        const seen = [...requests.flatMap((r) => r.refs), ...rejected.map((r) => r.ref)].sort((a, b) => a - b);
        expect(seen).toEqual(input.map((e) => e.ref));
        for (const request of requests) {
          expect([...request.refs].sort((a, b) => a - b)).toEqual(request.refs);
          request.refs.forEach((ref, i) => expect(request.calls[i]).toBe(input[ref]!.call));
        }
        const phases = requests.map((r) => r.phase);
        expect([...phases].sort((a, b) => a - b)).toEqual(phases);
      }),
      { numRuns: 300 },
    );
  });

  it('makes no more requests than the limits force: a request was closed only because the next call did not fit', () => {
    fc.assert(
      fc.property(entries, limits, (input, options) => {
        const { requests } = planRequests(input, { settings, ...options });
        const lastByGroup = new Map<string, PlannedRequest>();
        for (const request of requests) {
          if (!BULK.has(request.endpoint)) continue;
          const key = envelopeKey(request);
          const previous = lastByGroup.get(key);
          if (previous) {
            const merged = planRequests(
              [...previous.refs, request.refs[0]!].map((ref) => ({ ref, call: input[ref]!.call })),
              { settings, ...options },
            );
            expect(merged.requests.length).toBeGreaterThan(1);
          }
          lastByGroup.set(key, request);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic and never mutates its input', () => {
    fc.assert(
      fc.property(entries, limits, (input, options) => {
        const copy = structuredClone(input);
        const first = planRequests(deepFreeze(input), { settings, ...options });
        const second = planRequests(input, { settings, ...options });
        expect(input).toEqual(copy);
        expect(second.requests.map((r) => r.json)).toEqual(first.requests.map((r) => r.json));
        expect(second.rejected.map((r) => [r.ref, r.error.code])).toEqual(first.rejected.map((r) => [r.ref, r.error.code]));
      }),
      { numRuns: 200 },
    );
  });

  it('never puts an API key in a planned request', () => {
    fc.assert(
      fc.property(entries, (input) => {
        for (const request of planRequests(input, { settings }).requests) {
          expect(JSON.stringify(request)).not.toMatch(/property-(token-)?key/);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('attributeBulkReply properties', () => {
  const failures = fc.record(
    {
      failCount: fc.integer({ min: 0, max: 6 }),
      failedUpdates: fc.record(
        {
          invalidEmails: fc.array(email, { maxLength: 2 }),
          invalidDataEmails: fc.array(email, { maxLength: 2 }),
          invalidDataUserIds: fc.array(userId, { maxLength: 2 }),
          forgottenUserIds: fc.array(userId, { maxLength: 1 }),
          notFoundEmails: fc.array(email, { maxLength: 1 }),
        },
        { requiredKeys: [] },
      ),
      disallowedEventNames: fc.array(fc.constantFrom('Bad', 'Viewed'), { maxLength: 1 }),
    },
    { requiredKeys: ['failCount'] },
  );

  it('gives exactly one result per call, rejects only named records and never asks to resend a lone record', () => {
    fc.assert(
      fc.property(entries, failures, (input, reply) => {
        for (const request of planRequests(input, { settings, maxBatchItems: 8 }).requests) {
          const results = attributeBulkReply(request, { successCount: 0, ...reply });
          expect(results).toHaveLength(request.calls.length);
          results.forEach((result, i) => {
            if (result.status === 'resend-singly') expect(request.calls.length).toBeGreaterThan(1);
            if (result.status === 'rejected' && result.code !== 'RECORD_FAILED') {
              const [list, value] = result.message.split(': ');
              expect(JSON.stringify(request.calls[i]!.body)).toContain(JSON.stringify(value));
              expect(list).toMatch(/invalid|forgotten|notFound|disallowed/);
            }
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('delivers every record of a reply that names no failure and counts none', () => {
    fc.assert(
      fc.property(entries, (input) => {
        for (const request of planRequests(input, { settings }).requests) {
          expect(attributeBulkReply(request, { successCount: request.calls.length, failCount: 0 }).every((r) => r.status === 'delivered')).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
