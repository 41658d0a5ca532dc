/**
 * The pure stages of a flush (src/batch/flush-stages.ts): which calls are selected, how the plan
 * splits by phase, the results of unsent calls, and that every call gets exactly one fate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFlush, rejectedResult, selectCalls, stageFlush, supersededResult } from '../src/batch/flush-stages.js';
import { PHASE_COUNT } from '../src/batch/shape.js';
import type { PlanEntry } from '../src/batch/types.js';
import { InstrumentationError } from '../src/errors.js';
import { parseSettings } from '../src/settings.js';
import type { IterableCall } from '../src/transform/types.js';

const settings = parseSettings({ apiKey: 'stage-key', registerDeviceOrBrowserApiKey: 'stage-token-key' });
const sub = (listId: number, email: string): IterableCall => ({ op: 'subscribeToList', body: { listId, subscribers: [{ email }] } });
const unsub = (listId: number, email: string): IterableCall => ({ op: 'unsubscribeFromList', body: { listId, subscribers: [{ email }] } });
const user = (email: string): IterableCall => ({ op: 'updateUser', body: { email, dataFields: {} } });
const track = (email: string): IterableCall => ({ op: 'trackEvent', body: { email, eventName: 'Clicked', dataFields: {} } });
const entries = (...calls: IterableCall[]): PlanEntry[] => calls.map((call, ref) => ({ ref, call }));

describe('selectCalls', () => {
  const table: { name: string; input: PlanEntry[]; superseded: number[] }[] = [
    { name: 'no list calls: everything is sent', input: entries(user('a@x.io'), track('a@x.io')), superseded: [] },
    { name: 'join then leave the same list: the join is superseded', input: entries(sub(1, 'a@x.io'), unsub(1, 'a@x.io')), superseded: [0] },
    { name: 'different lists: nothing superseded', input: entries(sub(1, 'a@x.io'), unsub(2, 'a@x.io')), superseded: [] },
    { name: 'different users: nothing superseded', input: entries(sub(1, 'a@x.io'), unsub(1, 'b@x.io')), superseded: [] },
    { name: 'three calls: only the last stays', input: entries(sub(1, 'a@x.io'), unsub(1, 'a@x.io'), sub(1, 'a@x.io')), superseded: [0, 1] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const before = structuredClone(row.input);
      const selected = selectCalls(row.input);
      expect(selected.superseded).toEqual(row.superseded);
      expect(selected.send.map((entry) => entry.ref)).toEqual(row.input.map((entry) => entry.ref).filter((ref) => !row.superseded.includes(ref)));
      expect(row.input).toEqual(before);
    });
  }
});

describe('planFlush', () => {
  it('splits the requests by phase: user updates before the events about them', () => {
    const planned = planFlush(entries(track('a@x.io'), user('a@x.io')), { settings });
    expect(planned.byPhase).toHaveLength(PHASE_COUNT);
    expect(planned.byPhase[0]?.map((request) => request.endpoint)).toEqual(['bulkUpdateUsers']);
    expect(planned.byPhase.slice(1).flat().map((request) => request.endpoint)).toEqual(['trackBulk']);
    expect(planned.byPhase.flat()).toEqual(expect.arrayContaining(planned.requests));
    expect(planned.byPhase.flat()).toHaveLength(planned.requests.length);
  });
});

describe('unsent results', () => {
  it('a superseded call is delivered with code SUPERSEDED and no attempt', () => {
    expect(supersededResult('subscribeToList')).toMatchObject({ status: 'delivered', op: 'subscribeToList', code: 'SUPERSEDED', attempts: 0 });
  });
  it('a rejected call carries the planner error code, message and status', () => {
    const error = new InstrumentationError('Field `body` is too large: 5000000 bytes', { code: 'INVALID_EVENT' });
    expect(rejectedResult('trackEvent', error)).toEqual({ status: 'rejected', op: 'trackEvent', code: error.code, message: error.message, statusCode: error.statusCode, attempts: 0 });
  });
});

const email = fc.constantFrom('a@x.io', 'b@x.io', 'bad', 'c@x.io');
const anyCall: fc.Arbitrary<IterableCall> = fc.oneof(
  email.map(user),
  email.map(track),
  fc.tuple(fc.integer({ min: 1, max: 3 }), email).map(([listId, e]) => sub(listId, e)),
  fc.tuple(fc.integer({ min: 1, max: 3 }), email).map(([listId, e]) => unsub(listId, e)),
  fc.tuple(email, fc.string({ minLength: 2000, maxLength: 3000 })).map(([e, big]): IterableCall => ({ op: 'trackEvent', body: { email: e, eventName: 'Big', dataFields: { big } } })),
);

describe('every call of a flush gets exactly one fate', () => {
  it('planned, rejected or superseded, never two and never none', () => {
    fc.assert(
      fc.property(fc.array(anyCall, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2500, max: 20_000 }), (calls, maxBatchItems, maxBatchBytes) => {
        const input = entries(...calls);
        const staged = stageFlush(input, { settings, maxBatchItems, maxBatchBytes });
        const fates = new Map<number, number>();
        const mark = (ref: number): void => void fates.set(ref, (fates.get(ref) ?? 0) + 1);
        for (const request of staged.requests) request.refs.forEach(mark);
        for (const { ref } of staged.rejected) mark(ref);
        staged.superseded.forEach(mark);
        expect([...fates.keys()].sort((a, b) => a - b)).toEqual(input.map((entry) => entry.ref));
        for (const count of fates.values()) expect(count).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
