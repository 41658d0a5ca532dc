/**
 * The pure stages of one flush, shared by the delivering client and `send --dry-run`:
 *
 *   select  which calls are sent (a list call replaced by a later one for the same list and user
 *           is not: it is settled as delivered with code SUPERSEDED);
 *   plan    the selected calls as requests (planRequests), split by phase, plus the calls the
 *           planner refused;
 *   results the per-call result of every call that is not sent (superseded or rejected);
 *   outcome the results of an event's calls combined into its outcome (outcome.ts).
 *
 * Replies are attributed to calls by attribute.ts. No clock, no I/O, inputs left untouched: every
 * call of a flush ends in exactly one of `requests` (by its ref), `rejected` or `superseded`.
 */
import type { InstrumentationError } from '../errors.js';
import type { CallOp } from '../iterable/endpoints.js';
import { SUPERSEDED, SUPERSEDED_MESSAGE, supersededListCalls } from './list-order.js';
import type { CallResult } from './outcome.js';
import { planRequests } from './plan.js';
import { PHASE_COUNT } from './shape.js';
import type { PlanEntry, PlanOptions, PlannedRequest } from './types.js';

export interface SelectedCalls {
  /** The entries to plan, in input order. */
  readonly send: PlanEntry[];
  /** Refs of the list calls a later one replaces, ascending. */
  readonly superseded: number[];
}

/** Stage 1: the calls of a flush that go to the planner, and the list calls that a later one replaces. */
export function selectCalls(entries: readonly PlanEntry[]): SelectedCalls {
  const replaced = supersededListCalls(entries);
  if (replaced.size === 0) return { send: [...entries], superseded: [] };
  return { send: entries.filter((entry) => !replaced.has(entry.ref)), superseded: [...replaced].sort((a, b) => a - b) };
}

export interface PlannedFlush {
  /** In send order (by phase, then input position). */
  readonly requests: PlannedRequest[];
  /** The same requests indexed by phase (`PHASE_COUNT` slots, some empty). */
  readonly byPhase: PlannedRequest[][];
  readonly rejected: { ref: number; error: InstrumentationError }[];
}

/** Stage 2: the selected calls as requests, split by phase. */
export function planFlush(entries: readonly PlanEntry[], options: PlanOptions): PlannedFlush {
  const plan = planRequests(entries, options);
  return { requests: plan.requests, byPhase: requestsByPhase(plan.requests), rejected: plan.rejected };
}

/** Requests indexed by their planner phase. */
export function requestsByPhase(requests: readonly PlannedRequest[]): PlannedRequest[][] {
  const byPhase: PlannedRequest[][] = Array.from({ length: PHASE_COUNT }, () => []);
  for (const request of requests) (byPhase[Math.min(request.phase, PHASE_COUNT - 1)] as PlannedRequest[]).push(request);
  return byPhase;
}

export interface StagedFlush extends PlannedFlush {
  readonly superseded: number[];
}

/** Stages 1 and 2 in one: what a flush sends and what it settles without sending. */
export function stageFlush(entries: readonly PlanEntry[], options: PlanOptions): StagedFlush {
  const selected = selectCalls(entries);
  return { ...planFlush(selected.send, options), superseded: selected.superseded };
}

/** Stage 3: the result of a list call that a later one in the same flush replaced (never sent). */
export function supersededResult(op: CallOp): CallResult {
  return { status: 'delivered', op, code: SUPERSEDED, message: SUPERSEDED_MESSAGE, attempts: 0 };
}

/** Stage 3: the result of a call the planner refused (too large, no catalog name…); never sent. */
export function rejectedResult(op: CallOp, error: InstrumentationError): CallResult {
  return { status: 'rejected', op, code: error.code, message: error.message, statusCode: error.statusCode, attempts: 0 };
}
