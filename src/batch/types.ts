/**
 * The planner's values: what goes in (calls tagged with the caller's reference), what comes out
 * (requests ready to send, and calls that can never be sent). Plain data: print it, compare it,
 * replay it. A planned request never holds an API key, only which key it needs (`keyRole`).
 */
import type { InstrumentationError } from '../errors.js';
import type { EndpointName, HttpMethod } from '../iterable/endpoints.js';
import type { ResolvedSettings } from '../settings.js';
import type { IterableCall } from '../transform/types.js';

export interface PlanEntry {
  /** The caller's reference for this call (an event index, a record id): carried through untouched. */
  readonly ref: number;
  readonly call: IterableCall;
}

/** Options of {@link planRequests}: the resolved settings and the batch limits (items and bytes per bulk request). */
export interface PlanOptions {
  readonly settings: ResolvedSettings;
  /** Most records per bulk request (also capped by the catalogue's `maxItems`). @default 1000 */
  readonly maxBatchItems?: number;
  /** Most serialized body bytes per bulk request, envelope included (also capped by the catalogue). @default 4_000_000 */
  readonly maxBatchBytes?: number;
}

/** `main` is sent with `apiKey`; `token` with `registerDeviceOrBrowserApiKey`. */
export type KeyRole = 'main' | 'token';

/** One HTTP request of a plan: endpoint, exact JSON body and size, and which input entries (records) it carries. */
export interface PlannedRequest {
  /** The catalogue entry this request goes to (`bulkUpdateUsers`, `trackBulk`, `trackPurchase`…). */
  readonly endpoint: EndpointName;
  readonly method: HttpMethod;
  /** The filled path, e.g. `/api/catalogs/products/items`. */
  readonly path: string;
  /** The data-centre host from the settings (a client's `baseUrl` replaces it). */
  readonly host: string;
  readonly keyRole: KeyRole;
  /** The body as a value (`{}` for a DELETE, which carries its data in the path). */
  readonly body: Readonly<Record<string, unknown>>;
  /** Exactly the bytes sent (`''` for a DELETE). `JSON.parse(json)` deep-equals `body`. */
  readonly json: string;
  /** `Buffer.byteLength(json)`. */
  readonly bytes: number;
  /** The callers' references, one per call, in input order. */
  readonly refs: readonly number[];
  readonly calls: readonly IterableCall[];
  /**
   * Send order within one plan: every request of phase n is answered before phase n + 1 starts.
   * 0 user updates (and catalog items), 1 email changes, 2 events, purchases, carts, tokens,
   * list memberships, 3 user deletions.
   */
  readonly phase: number;
}

/** What {@link planRequests} returns: the requests to send, in order, and the entries that could not be planned. */
export interface PlanResult {
  /** Ordered by phase, then by the position of each request's first call in the input. */
  readonly requests: PlannedRequest[];
  /** Calls that cannot be sent in any request (too large, no catalog name…), with the reason. */
  readonly rejected: { ref: number; error: InstrumentationError }[];
}

/** What a bulk reply says about one call of the request it answers. */
export type RecordResult =
  /** `code` notes a delivery worth telling apart (`NO_OP`: accepted, nothing changed). */
  | { readonly status: 'delivered'; readonly code?: string }
  | { readonly status: 'rejected'; readonly code: string; readonly message: string }
  /** The reply cannot tell whether this record failed: send it again in a request of its own. */
  | { readonly status: 'resend-singly'; readonly reason: string };
