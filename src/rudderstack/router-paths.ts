/**
 * The URLs the router compares and builds (rudderstack-profile.md §8.3–§8.4), derived from the
 * endpoint catalogue so that no path is written twice.
 */
import { DATA_CENTERS, ENDPOINTS } from '../iterable/endpoints.js';
import { OPS, type RouterBucket } from '../ops/index.js';
import { belowApi as below, rudderStackBase } from './request.js';

export const ROUTER_PATHS = {
  bulkUpdate: below(ENDPOINTS.bulkUpdateUsers.path),
  trackBulk: below(ENDPOINTS.trackBulk.path),
} as const;

/** Each op's own single-record path (below the base) and the router bucket the op declares. */
const OP_PATH_BUCKETS: ReadonlyMap<string, RouterBucket> = new Map(
  OPS.flatMap((op) => op.endpoints.filter((def) => def.name === op.name && !def.path.includes('{')).map((def) => [below(def.path), op.routerBucket] as const)),
);

/** RudderStack routes catalogs and tracks by substring (`api/catalogs`, `api/events/track`). */
export const CATALOG_MARKER = ENDPOINTS.upsertCatalogItem.path.slice(1).split('/{')[0] as string;
export const TRACK_MARKER = ENDPOINTS.trackEvent.path.slice(1);

/**
 * The bucket of an already-built request that passed through the router untouched (it has no op):
 * RudderStack sorts those by URL, an op's exact path first, then by substring (`api/catalogs`,
 * `api/events/track`), everything else one request per job. A non-string endpoint fails on the
 * substring test with RudderStack's own TypeError, which fails the group as RudderStack does.
 */
export function passthroughBucket(endpoint: string, base: string): RouterBucket {
  for (const [path, bucket] of OP_PATH_BUCKETS) {
    if ((bucket === 'users' || bucket === 'registration') && endpoint === `${base}${path}`) return bucket;
  }
  if (endpoint.includes(CATALOG_MARKER)) return 'catalog';
  if (endpoint.includes(TRACK_MARKER)) return 'events';
  return 'single';
}

/** The base URL for a `destination.Config`: only `EUDC` selects the EU host (§2). */
export function routerBase(config: unknown): string {
  const dataCenter = (config as { dataCenter?: unknown }).dataCenter;
  return rudderStackBase({ host: dataCenter === 'EUDC' ? DATA_CENTERS.EUDC : DATA_CENTERS.USDC });
}
