/**
 * A property over random event mixes and random fault schedules, against the emulator: every
 * event gets exactly one outcome, and no valid record is rejected (or lost) because another record
 * of its batch was bad or because the network misbehaved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDestination, type Outcome } from '../src/client/index.js';
import { startEmulator } from '../src/emulator/index.js';

const KEY = 'property-key-5e5e5e';

type Spec =
  | { kind: 'identify'; user: number; fault: 'none' | 'type' | 'email' }
  | { kind: 'track'; user: number; name: string }
  | { kind: 'invalid' };

const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('identify' as const), user: fc.integer({ min: 0, max: 3 }), fault: fc.constantFrom('none' as const, 'none' as const, 'type' as const, 'email' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('track' as const), user: fc.integer({ min: 0, max: 3 }), name: fc.constantFrom('Clicked', 'Viewed') }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalid' as const }) },
);

const faults = fc.record({
  endpoint: fc.constantFrom(undefined, 'bulkUpdateUsers' as const, 'trackBulk' as const),
  serverErrors: fc.integer({ min: 0, max: 5 }),
  status: fc.constantFrom(500 as const, 502 as const, 503 as const, 504 as const),
  bursts: fc.integer({ min: 0, max: 4 }),
  drops: fc.integer({ min: 0, max: 3 }),
  malformed: fc.integer({ min: 0, max: 3 }),
  malformedKind: fc.constantFrom('html' as const, 'empty' as const, 'truncated' as const),
  afterProcessing: fc.boolean(),
});

function toEvent(s: Spec, i: number): unknown {
  switch (s.kind) {
    case 'identify': {
      const email = s.fault === 'email' ? `broken${s.user}@bad.io` : `u${s.user}@x.io`;
      return { type: 'identify', userId: s.fault === 'email' ? `broken${s.user}` : `u${s.user}`, traits: { email, score: s.fault === 'type' ? 'oops' : i } };
    }
    case 'track':
      return { type: 'track', userId: `u${s.user}`, event: s.name, messageId: `m${i}`, properties: { i } };
    case 'invalid':
      return { type: 'track', userId: 'u0' }; // no event name
  }
}

function expected(s: Spec): Pick<Outcome, 'status' | 'code'> | Pick<Outcome, 'status'> {
  if (s.kind === 'invalid') return { status: 'rejected' };
  if (s.kind === 'identify' && s.fault === 'type') return { status: 'rejected', code: 'RequestFieldsTypesMismatched' };
  if (s.kind === 'identify' && s.fault === 'email') return { status: 'rejected', code: 'INVALID_EMAIL' };
  return { status: 'delivered' };
}

describe('delivery under random faults', () => {
  it('gives every event exactly one outcome and never rejects a valid record for its neighbours', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 14 }), faults, fc.integer({ min: 1, max: 6 }), async (specs, f, maxBatchItems) => {
        const emulator = await startEmulator({ port: 0, apiKeys: [KEY], rateLimits: false });
        let now = 0;
        const seen = new Map<unknown, Outcome[]>();
        const destination = createDestination({
          settings: { apiKey: KEY },
          baseUrl: emulator.url,
          maxBatchItems,
          maxAttempts: 30, // more than all injected faults together: nothing valid may fail
          deadlineMs: 1e9,
          flushIntervalMs: 60_000,
          rateLimits: { bulkUpdateUsers: 1000, trackBulk: 1000 },
          clock: { now: () => now, sleep: async (ms) => void (now += ms) },
          random: () => 0.3,
          onOutcome: (outcome, event) => seen.set(event, [...(seen.get(event) ?? []), outcome]),
        });
        try {
          // Type `score` as a number first, so only the 'oops' records mismatch.
          const seed = destination.send({ type: 'identify', userId: 'seed', traits: { email: 'seed@x.io', score: 0 } });
          await destination.flush();
          expect(await seed).toMatchObject({ status: 'delivered' });

          emulator.inject.failRecords({ emails: [0, 1, 2, 3].map((u) => `broken${u}@bad.io`), reason: 'invalidEmails', count: 1000 });
          if (f.serverErrors) emulator.inject.serverErrors({ count: f.serverErrors, status: f.status, endpoint: f.endpoint });
          if (f.bursts) emulator.inject.rateLimitBurst({ count: f.bursts, endpoint: f.endpoint });
          if (f.drops) emulator.inject.dropConnections({ count: f.drops, endpoint: f.endpoint, afterProcessing: f.afterProcessing });
          if (f.malformed) emulator.inject.malformedReplies({ count: f.malformed, kind: f.malformedKind, endpoint: f.endpoint, afterProcessing: f.afterProcessing });

          const events = specs.map(toEvent);
          const sent = events.map((event) => destination.send(event));
          await destination.close();
          const outcomes = await Promise.all(sent);
          specs.forEach((s, i) => {
            expect(seen.get(events[i])).toHaveLength(1);
            expect(outcomes[i]).toMatchObject(expected(s));
          });
          // Resends after lost replies upsert by id: each tracked event is stored once.
          const tracked = specs.flatMap((s, i) => (s.kind === 'track' ? [`m${i}`] : []));
          expect(emulator.state.events.map((e) => e.id).sort()).toEqual(tracked.sort());
        } finally {
          await destination.close();
          await emulator.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
