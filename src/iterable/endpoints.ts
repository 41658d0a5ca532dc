/**
 * The endpoint catalogue: the only place where Iterable paths, body limits and rate limits live.
 *
 * Every op a transform can emit is an entry; ops that Iterable can take in bulk name the bulk
 * entry they fold into (`batchInto`), and bulk entries say under which key their records go
 * (`itemsKey`) and how many records / bytes one request may carry.
 *
 * Rate limits are Iterable's published per-project limits (iterable-openapi.json); endpoints with
 * no published limit get `DEFAULT_RATE_PER_SECOND` and say so with `ratePublished: false`.
 */

export const MAX_BODY_BYTES = 4_000_000;
/** Iterable's limit on event and purchase ids (`id` upserts the event): 512 bytes. */
export const MAX_EVENT_ID_BYTES = 512;
export const DEFAULT_MAX_BATCH_ITEMS = 1000;
export const DEFAULT_RATE_PER_SECOND = 100;

export type HttpMethod = 'POST' | 'GET' | 'DELETE';

/** One entry of the endpoint catalogue: method, path, rate limit and, for single-record ops, the bulk endpoint they batch into. */
export interface EndpointSpec {
  readonly method: HttpMethod;
  /** Path below the data-centre host; `{name}` segments are filled from the call. */
  readonly path: string;
  /** Requests per second Iterable allows for this endpoint. */
  readonly ratePerSecond: number;
  /** Whether Iterable documents the limit (false: our default of 100/s). */
  readonly ratePublished: boolean;
  /** Whether the limit is counted per project (the default) or per API key. */
  readonly rateScope: 'project' | 'apiKey';
  /** The bulk endpoint this single-record op folds into, if any. */
  readonly batchInto?: string;
  /** For bulk endpoints: the body key holding the records. */
  readonly itemsKey?: 'users' | 'events' | 'subscribers' | 'documents';
  /** For bulk endpoints: the most records one request may carry. */
  readonly maxItems?: number;
  /** For bulk endpoints: the most serialized body bytes (envelope included). */
  readonly maxBytes?: number;
}

const project = { ratePublished: true, rateScope: 'project' } as const;
const unpublished = { ratePerSecond: DEFAULT_RATE_PER_SECOND, ratePublished: false, rateScope: 'project' } as const;

/**
 * The endpoint catalogue: for each Iterable endpoint its method, path, published rate limit and
 * bulk counterpart. The one source of paths and limits; every other table is derived from it.
 */
export const ENDPOINTS = {
  updateUser: { method: 'POST', path: '/api/users/update', ratePerSecond: 500, ...project, batchInto: 'bulkUpdateUsers' },
  bulkUpdateUsers: {
    method: 'POST',
    path: '/api/users/bulkUpdate',
    ratePerSecond: 5,
    ...project,
    itemsKey: 'users',
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES,
  },
  trackEvent: { method: 'POST', path: '/api/events/track', ratePerSecond: 2000, ...project, batchInto: 'trackBulk' },
  trackBulk: {
    method: 'POST',
    path: '/api/events/trackBulk',
    ratePerSecond: 10,
    ...project,
    itemsKey: 'events',
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES,
  },
  trackPurchase: { method: 'POST', path: '/api/commerce/trackPurchase', ...unpublished },
  updateCart: { method: 'POST', path: '/api/commerce/updateCart', ...unpublished },
  updateEmail: { method: 'POST', path: '/api/users/updateEmail', ...unpublished },
  registerDeviceToken: { method: 'POST', path: '/api/users/registerDeviceToken', ratePerSecond: 500, ...project },
  registerBrowserToken: { method: 'POST', path: '/api/users/registerBrowserToken', ...unpublished },
  subscribeToList: {
    method: 'POST',
    path: '/api/lists/subscribe',
    ...unpublished,
    batchInto: 'subscribeToList',
    itemsKey: 'subscribers',
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES,
  },
  unsubscribeFromList: {
    method: 'POST',
    path: '/api/lists/unsubscribe',
    ...unpublished,
    batchInto: 'unsubscribeFromList',
    itemsKey: 'subscribers',
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES,
  },
  upsertCatalogItem: {
    method: 'POST',
    path: '/api/catalogs/{catalogName}/items',
    ratePerSecond: 100,
    ratePublished: true,
    rateScope: 'apiKey',
    batchInto: 'upsertCatalogItem',
    itemsKey: 'documents',
    maxItems: DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: MAX_BODY_BYTES,
  },
  deleteUser: { method: 'DELETE', path: '/api/users/byUserId/{userId}', ratePerSecond: 100, ...project },
  getUserByEmail: { method: 'GET', path: '/api/users/getByEmail', ratePerSecond: 100, ...project },
  getUserByUserId: { method: 'GET', path: '/api/users/byUserId/{userId}', ratePerSecond: 100, ...project },
} as const satisfies Record<string, EndpointSpec>;

/** A key of {@link ENDPOINTS}: one Iterable endpoint (single-record or bulk). */
export type EndpointName = keyof typeof ENDPOINTS;

/** The ops a transform emits (a subset of the catalogue: bulk-only and lookup entries are not ops). */
export const CALL_OPS = [
  'updateUser',
  'trackEvent',
  'trackPurchase',
  'updateCart',
  'updateEmail',
  'registerDeviceToken',
  'registerBrowserToken',
  'subscribeToList',
  'unsubscribeFromList',
  'upsertCatalogItem',
  'deleteUser',
] as const satisfies readonly EndpointName[];

/** The name of an Iterable operation a transform can produce (`updateUser`, `trackEvent`, …): one per single-record endpoint. */
export type CallOp = (typeof CALL_OPS)[number];

/** The API host of each Iterable data centre: `USDC` (api.iterable.com) and `EUDC` (api.eu.iterable.com). */
export const DATA_CENTERS = {
  USDC: 'https://api.iterable.com',
  EUDC: 'https://api.eu.iterable.com',
} as const;

/** `'USDC'` or `'EUDC'`: which Iterable data centre a project lives in (the `dataCenter` setting). */
export type DataCenter = keyof typeof DATA_CENTERS;

export function endpointSpec(name: EndpointName): EndpointSpec {
  return ENDPOINTS[name];
}

/** Fills `{name}` segments of a catalogue path; values are URI-encoded. */
export function fillPath(path: string, values: Readonly<Record<string, string | number>>): string {
  return path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(values[key] ?? '')));
}
