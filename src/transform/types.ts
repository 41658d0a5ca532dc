import type { IterableDestinationError } from '../errors.js';
import type { RegistryCall } from '../ops/index.js';
import type { ResolvedSettings } from '../settings.js';
import type { JsonObject } from './values.js';

/**
 * One Iterable API call, as a plain value: which op, and the body (the union is inferred from the op
 * registry in src/ops/). Calls never carry an API key;
 * `key: 'token'` says the call is made with `registerDeviceOrBrowserApiKey` instead of `apiKey`.
 *
 * In the `strict` profile every body satisfies its op's schema (`BODY_SCHEMAS`). The
 * `rudderstack` profile reproduces RudderStack's bodies, quirks included (`createdAt: null`,
 * numeric ids), so its bodies only have the declared shape loosely.
 */
export type IterableCall = RegistryCall;

/** The member of {@link IterableCall} for one op, e.g. `CallOf<'trackEvent'>` (its `body` typed for that endpoint). */
export type CallOf<Op extends IterableCall['op']> = Extract<IterableCall, { op: Op }>;

/**
 * What `transform` returns: `{ ok: true, calls }` (plus `warnings` when an optional part was left
 * out) or `{ ok: false, error }`. Check `ok` to narrow it.
 */
export type TransformResult =
  | { ok: true; calls: IterableCall[]; warnings?: IterableDestinationError[] }
  | { ok: false; error: IterableDestinationError };

/** What every mapper receives: the (never mutated) message, its lower-cased type, the settings. */
export interface MapInput {
  readonly message: JsonObject;
  readonly type: string;
  readonly settings: ResolvedSettings;
}

/** What a mapper returns; errors are thrown as IterableDestinationError and caught by `transform`. */
export interface MapOutput {
  calls: IterableCall[];
  warnings?: IterableDestinationError[];
}
