/**
 * Limits Iterable applies to every endpoint alike (the per-endpoint ones live on each op).
 */

/** Iterable's largest request body, in bytes. */
export const MAX_BODY_BYTES = 4_000_000;
/** Iterable's limit on event and purchase ids (`id` upserts the event): 512 bytes. */
export const MAX_EVENT_ID_BYTES = 512;
/** The most records one bulk request may carry. */
export const DEFAULT_MAX_BATCH_ITEMS = 1000;
/** The rate we assume for endpoints whose limit Iterable does not publish. */
export const DEFAULT_RATE_PER_SECOND = 100;
