/**
 * The pieces of a flush: which bulk request a call joins (to know when one is full), the plan's
 * requests by phase, the promises that chain one flush's phases to the next one's, and the bounded
 * wait of a phase behind an earlier one in trouble.
 */
import { PHASE_COUNT } from '../batch/shape.js';
import type { PlannedRequest } from '../batch/types.js';
import { opSpec } from '../ops/index.js';
import type { IterableCall } from '../transform/types.js';

/**
 * The bulk request a call will travel in (endpoint, and list or catalog), or undefined for calls
 * sent one per request. Flushing when one group is full, rather than when the buffer holds
 * `maxBatchItems` calls of any kind, keeps bulk requests full on a mixed stream.
 */
export function bulkGroup(call: IterableCall): string | undefined {
  const rule = opSpec(call.op).bulk;
  if (rule === undefined) return undefined;
  return rule.groupKey ? `${rule.endpoint}:${rule.groupKey(call)}` : rule.endpoint;
}


/** Requests indexed by their planner phase. */
export function requestsByPhase(requests: readonly PlannedRequest[]): PlannedRequest[][] {
  const byPhase: PlannedRequest[][] = Array.from({ length: PHASE_COUNT }, () => []);
  for (const request of requests) (byPhase[Math.min(request.phase, PHASE_COUNT - 1)] as PlannedRequest[]).push(request);
  return byPhase;
}

export interface Deferred {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Runs `send` on the requests of each endpoint one after another (in plan order), endpoints side by side. */
export async function inSequencePerEndpoint(requests: readonly PlannedRequest[], send: (request: PlannedRequest) => Promise<void>): Promise<void> {
  const byEndpoint = new Map<string, PlannedRequest[]>();
  for (const request of requests) byEndpoint.set(request.endpoint, [...(byEndpoint.get(request.endpoint) ?? []), request]);
  await Promise.all(
    [...byEndpoint.values()].map(async (sequence) => {
      for (const request of sequence) await send(request);
    }),
  );
}

/**
 * Resolves when `phase` is done, or, once `trouble` has resolved (a failed attempt in that phase),
 * at most `holdMs` later. A wall-clock timer, not the clock seam: it only bounds a wait, and it is
 * cleared as soon as the phase ends.
 */
export function heldBy(phase: Promise<void>, trouble: Promise<void>, holdMs: number): Promise<void> {
  let hold: NodeJS.Timeout | undefined;
  let finished = false;
  const done = phase.then(() => {
    finished = true;
    clearTimeout(hold);
  });
  const released = trouble.then(() =>
    finished
      ? undefined
      : new Promise<void>((resolve) => {
          hold = setTimeout(resolve, holdMs);
        }),
  );
  return Promise.race([done, released]);
}
