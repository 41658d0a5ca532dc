/**
 * Validates `startEmulator` options once, up front, and fills in defaults. A bad option throws a
 * ConfigurationError naming the option and the value.
 */
import { ConfigurationError, describeValue } from '../errors.js';
import { ENDPOINTS, MAX_BODY_BYTES, type EndpointName } from '../iterable/endpoints.js';
import type { EmulatorOptions, RequestLogEntry } from './types.js';

export interface ResolvedOptions {
  port: number;
  host: string;
  apiKeys: ReadonlySet<string> | undefined;
  /** Requests per second for an endpoint (Infinity: unlimited). */
  rateLimit: (endpoint: EndpointName) => number;
  lists: Array<{ id: number; name?: string }>;
  /** Lower-cased names of the catalogs that exist; undefined: every catalog exists. */
  catalogs: ReadonlySet<string> | undefined;
  disabledApiKeys: ReadonlySet<string>;
  forgotten: string[];
  disallowedEventNames: ReadonlySet<string>;
  clock: () => number;
  seed: number;
  maxBodyBytes: number;
  oversizeStatus: 400 | 413;
  strictBodies: boolean;
  storeEvents: boolean;
  maxLoggedRequests: number;
  onRequest: ((entry: RequestLogEntry) => void) | undefined;
}

/** Catalog names: letters, digits and dashes, at most 255 characters (a character class, no backtracking). */
export const CATALOG_NAME = /^[A-Za-z0-9-]{1,255}$/;

function invalid(field: string, value: unknown, expected: string): ConfigurationError {
  return new ConfigurationError(`Expected \`${field}\` to be ${expected}, got ${describeValue(value)}`, {
    field,
    code: 'INVALID_EMULATOR_OPTIONS',
  });
}

function positiveInteger(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value > 0)) throw invalid(field, value, 'a positive integer');
  return value;
}

function stringList(field: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw invalid(field, value, 'an array of strings');
  return value;
}

function resolveRateLimits(value: EmulatorOptions['rateLimits']): (endpoint: EndpointName) => number {
  if (value === false) return () => Infinity;
  const overrides = value ?? {};
  for (const [name, limit] of Object.entries(overrides)) {
    if (!Object.hasOwn(ENDPOINTS, name)) throw invalid('rateLimits', name, 'keyed by catalogue endpoint names');
    if (!(typeof limit === 'number' && limit > 0)) throw invalid(`rateLimits.${name}`, limit, 'a positive number (Infinity: unlimited)');
  }
  return (endpoint) => overrides[endpoint] ?? ENDPOINTS[endpoint].ratePerSecond;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw invalid('port', port, 'an integer from 0 to 65535');
  const apiKeys = options.apiKeys === undefined ? undefined : stringList('apiKeys', options.apiKeys);
  if (apiKeys?.some((key) => key === '')) throw invalid('apiKeys', '', 'non-empty keys');
  const lists = options.lists ?? [];
  if (!Array.isArray(lists) || !lists.every((list) => Number.isInteger(list?.id) && list.id > 0)) {
    throw invalid('lists', lists, 'an array of { id: positive integer, name? }');
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') throw invalid('clock', options.clock, 'a function returning milliseconds');
  if (options.oversizeStatus !== undefined && options.oversizeStatus !== 400 && options.oversizeStatus !== 413) {
    throw invalid('oversizeStatus', options.oversizeStatus, '400 or 413');
  }
  const catalogs = options.catalogs === undefined ? undefined : stringList('catalogs', options.catalogs);
  if (catalogs?.some((name) => !CATALOG_NAME.test(name))) {
    throw invalid('catalogs', catalogs.find((name) => !CATALOG_NAME.test(name)), 'catalog names (letters, digits and dashes, at most 255)');
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw invalid('seed', seed, 'an integer');
  return {
    port,
    host: options.host ?? '127.0.0.1',
    apiKeys: apiKeys === undefined ? undefined : new Set(apiKeys),
    rateLimit: resolveRateLimits(options.rateLimits),
    lists: lists.map((list) => ({ id: list.id, ...(list.name === undefined ? {} : { name: list.name }) })),
    catalogs: catalogs === undefined ? undefined : new Set(catalogs.map((name) => name.toLowerCase())),
    disabledApiKeys: new Set(stringList('disabledApiKeys', options.disabledApiKeys)),
    forgotten: stringList('forgotten', options.forgotten),
    disallowedEventNames: new Set(stringList('disallowedEventNames', options.disallowedEventNames)),
    clock: options.clock ?? Date.now,
    seed,
    maxBodyBytes: positiveInteger('maxBodyBytes', options.maxBodyBytes, MAX_BODY_BYTES),
    oversizeStatus: options.oversizeStatus ?? 400,
    strictBodies: options.strictBodies ?? false,
    storeEvents: options.storeEvents ?? true,
    maxLoggedRequests: positiveInteger('maxLoggedRequests', options.maxLoggedRequests, 50_000),
    onRequest: options.onRequest,
  };
}
