/**
 * The shapes of RudderStack's router contract (`POST /routerTransform`, rudderstack-profile.md §8).
 */
import type { CallOp } from '../ops/index.js';
import type { RudderStackRequest } from './request.js';

/** One router input element, as rudder-server sends it. */
export interface RouterInputEvent {
  message: unknown;
  metadata?: unknown;
  destination?: unknown;
}

export interface RouterBody {
  input: RouterInputEvent[];
  destType?: string;
}

/** A request on its way to delivery: a produced request, or a passed-through one (any shape). */
export type RouterRequest = RudderStackRequest | Record<string, unknown>;

export interface RouterBatched {
  batchedRequest: RouterRequest | RouterRequest[];
  metadata: unknown[];
  batched: true;
  statusCode: 200;
  destination: unknown;
}

export interface RouterSingle {
  batchedRequest: RouterRequest;
  metadata: unknown[];
  batched: false;
  statusCode: 200;
  destination: unknown;
}

export interface RouterFailure {
  metadata: unknown[];
  batched: false;
  statusCode: number;
  error: string;
  statTags: Record<string, unknown>;
  destination: unknown;
}

export type RouterOutputEntry = RouterBatched | RouterSingle | RouterFailure;

export interface RouterResponse {
  output: RouterOutputEntry[];
}

/** Limits, injectable so that tests can exercise chunking and splitting with small inputs. */
export interface RouterOptions {
  /** Events per users/bulkUpdate or events/trackBulk chunk (RudderStack: 1000). */
  chunkSize?: number;
  /** Running-sum limit of record bytes per bulk request (RudderStack: 4,000,000). */
  maxBytes?: number;
  /** Catalog items per catalog request (RudderStack: 1000). */
  catalogChunkSize?: number;
}

/** An event after the per-event step: the request it carries, with its job's metadata. */
export interface TransformedEvent {
  message: Record<string, unknown>;
  /** The op that produced the request; absent for a passed-through, already-built request. */
  op?: CallOp;
  metadata: unknown;
  destination: unknown;
}
