/**
 * RudderStack's request object (rudderstack-profile.md §3): what its transformer hands to its
 * delivery layer for one Iterable call.
 */
import { ENDPOINTS } from '../iterable/endpoints.js';
import { opSpec } from '../ops/index.js';
import { resolveSettings, type ResolvedSettings } from '../settings.js';
import type { IterableCall } from '../transform/types.js';

export interface RudderStackRequest {
  version: '1';
  type: 'REST';
  method: 'POST' | 'DELETE';
  endpoint: string;
  endpointPath: string;
  headers: { 'Content-Type': 'application/json'; api_key: string | undefined };
  params: Record<string, never>;
  body: { JSON: unknown; JSON_ARRAY: Record<string, never>; XML: Record<string, never>; FORM: Record<string, never> };
  files: Record<string, never>;
}

/** `https://api.iterable.com/api/` or the EU host: RudderStack's base URL, trailing slash included. */
export function rudderStackBase(settings: Pick<ResolvedSettings, 'host'>): string {
  return `${settings.host}/api/`;
}

/** `/api/users/update` → `users/update`: a catalogue path below RudderStack's `…/api/` base. */
export function belowApi(path: string): string {
  return path.replace(/^\/api\//, '');
}

/** Per op, its catalogue path below `…/api/`, worked out once instead of per call. */
const PATH_BELOW_API: ReadonlyMap<string, string> = new Map(Object.entries(ENDPOINTS).map(([op, endpoint]) => [op, belowApi(endpoint.path)]));

/** The path below the base, as RudderStack writes it (`users/update`, `catalogs/<type>/items`). */
export function rudderStackPath(call: IterableCall): { path: string; endpointPath: string } {
  const own = opSpec(call.op).rudderStackPath;
  if (own) return own(call);
  // The op's own single-record endpoint (RudderStack sends one request per call).
  const path = PATH_BELOW_API.get(call.op) ?? belowApi(ENDPOINTS[call.op].path);
  return { path, endpointPath: path };
}

/**
 * The request envelope RudderStack uses for one Iterable call (endpoint, headers, JSON body, …),
 * for the given settings. Pure.
 *
 * @param call - one call from `transform`
 * @param settings - resolved settings (data centre and keys)
 * @returns the RudderStack request envelope
 * @example
 * ```ts
 * const request = rudderStackRequest(result.calls[0], settings);
 * ```
 */
export function rudderStackRequest(call: IterableCall, settings: ResolvedSettings): RudderStackRequest {
  const { path, endpointPath } = rudderStackPath(call);
  const isTokenCall = 'key' in call && call.key === 'token';
  const apiKey = isTokenCall ? settings.registerDeviceOrBrowserApiKey : settings.apiKey;
  return restRequest(`${rudderStackBase(settings)}${path}`, endpointPath, apiKey, call.body);
}

/** The request envelope of §3 around a JSON body (the processor's and the router's alike). */
export function restRequest(endpoint: string, endpointPath: string, apiKey: unknown, json: unknown): RudderStackRequest {
  return {
    version: '1',
    type: 'REST',
    method: 'POST',
    endpoint,
    endpointPath,
    headers: { 'Content-Type': 'application/json', api_key: apiKey as string | undefined },
    params: {},
    body: { JSON: json, JSON_ARRAY: {}, XML: {}, FORM: {} },
    files: {},
  };
}

const rudderStackSettings = new WeakMap<object, object>();

/**
 * The library settings for a RudderStack `destination.Config`: the same keys, `rudderstack` profile.
 * Memoised per Config object so that a batch of events sharing one destination validates once.
 */
export function settingsForConfig(config: unknown): unknown {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return config;
  let settings = rudderStackSettings.get(config);
  if (!settings) {
    settings = { ...(config as Record<string, unknown>), profile: 'rudderstack' };
    rudderStackSettings.set(config, settings);
  }
  return settings;
}

export function resolveConfig(config: unknown) {
  return resolveSettings(settingsForConfig(config));
}
