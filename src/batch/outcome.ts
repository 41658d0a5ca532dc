/**
 * One outcome per event. An event whose transform made several calls (an identify and a token
 * registration) gets the worst of its calls' results: `failed` (worth sending again later) over
 * `rejected` (permanent) over `delivered`; among equals, the first call's. `attempts` is the most
 * HTTP attempts any of its calls took.
 */
import type { CallOp, EndpointName } from '../iterable/endpoints.js';

export type OutcomeStatus = 'delivered' | 'rejected' | 'failed';

/**
 * What became of one sent event: `delivered`, `rejected` (Iterable or the transform refused it; do
 * not retry) or `failed` (could not be delivered; retrying later may help), with the code, message
 * and attempts.
 */
export interface Outcome {
  readonly status: OutcomeStatus;
  /** The call the outcome is about (for a rejected or failed event, the call that failed). */
  readonly op?: CallOp;
  readonly endpoint?: EndpointName;
  /** Why it was rejected or failed: Iterable's code (`BadParams`), a record reason (`INVALID_EMAIL`), ours (`TIMEOUT`, `CLOSED`…). */
  readonly code?: string;
  readonly message?: string;
  /** The HTTP-like status of the error (400 bad event, 429, 5xx, 504 timeout…). */
  readonly statusCode?: number;
  /** HTTP attempts made for this event (0 when nothing was sent). */
  readonly attempts: number;
}

/** The result of one call of an event. */
export interface CallResult {
  readonly status: OutcomeStatus;
  /** HTTP attempts that carried this call. */
  readonly attempts: number;
  readonly op: CallOp;
  readonly endpoint?: EndpointName;
  readonly code?: string;
  readonly message?: string;
  readonly statusCode?: number;
}

const RANK: Record<OutcomeStatus, number> = { delivered: 0, rejected: 1, failed: 2 };

export function combine(results: readonly CallResult[]): Outcome {
  let worst = results[0];
  let attempts = 0;
  for (const result of results) {
    if (worst === undefined || RANK[result.status] > RANK[worst.status]) worst = result;
    attempts = Math.max(attempts, result.attempts);
  }
  if (worst === undefined) return { status: 'delivered', attempts };
  return { ...worst, attempts };
}
