/**
 * The URLs the router compares and builds (rudderstack-profile.md §8.3–§8.4), derived from the
 * endpoint catalogue so that no path is written twice.
 */
import { DATA_CENTERS, ENDPOINTS } from '../iterable/endpoints.js';
import { belowApi as below, rudderStackBase } from './request.js';

export const ROUTER_PATHS = {
  updateUser: below(ENDPOINTS.updateUser.path),
  registerDeviceToken: below(ENDPOINTS.registerDeviceToken.path),
  registerBrowserToken: below(ENDPOINTS.registerBrowserToken.path),
  bulkUpdate: below(ENDPOINTS.bulkUpdateUsers.path),
  trackBulk: below(ENDPOINTS.trackBulk.path),
} as const;

/** RudderStack routes catalogs and tracks by substring (`api/catalogs`, `api/events/track`). */
export const CATALOG_MARKER = ENDPOINTS.upsertCatalogItem.path.slice(1).split('/{')[0] as string;
export const TRACK_MARKER = ENDPOINTS.trackEvent.path.slice(1);

/** The full URLs the router compares endpoints with, per data centre, written once. */
export interface RouterUrls {
  readonly updateUser: string;
  readonly registerDeviceToken: string;
  readonly registerBrowserToken: string;
}

function urlsFor(base: string): RouterUrls {
  return {
    updateUser: `${base}${ROUTER_PATHS.updateUser}`,
    registerDeviceToken: `${base}${ROUTER_PATHS.registerDeviceToken}`,
    registerBrowserToken: `${base}${ROUTER_PATHS.registerBrowserToken}`,
  };
}

const US_URLS = urlsFor(rudderStackBase({ host: DATA_CENTERS.USDC }));
const EU_URLS = urlsFor(rudderStackBase({ host: DATA_CENTERS.EUDC }));

/** The router's URLs for a `destination.Config`, by the same rule as `routerBase`. */
export function routerUrls(config: unknown): RouterUrls {
  return (config as { dataCenter?: unknown }).dataCenter === 'EUDC' ? EU_URLS : US_URLS;
}

/** The base URL for a `destination.Config`: only `EUDC` selects the EU host (§2). */
export function routerBase(config: unknown): string {
  const dataCenter = (config as { dataCenter?: unknown }).dataCenter;
  return rudderStackBase({ host: dataCenter === 'EUDC' ? DATA_CENTERS.EUDC : DATA_CENTERS.USDC });
}
