/**
 * The endpoint catalogue, derived from the op registry (src/ops/): every endpoint's path, method,
 * rate limit and, for bulk endpoints, the body key of their records and how many records / bytes
 * one request may carry. Single-record endpoints of ops that Iterable takes in bulk name the bulk
 * entry they fold into (`batchInto`).
 *
 * Rate limits are Iterable's published per-project limits; endpoints with no published limit get
 * `DEFAULT_RATE_PER_SECOND` and say so with `ratePublished: false`.
 */
import { CALL_OPS, ENDPOINT_DEFS, opSpec, type CallOp, type EndpointName, type HttpMethod, type RegistryEndpoint } from '../ops/index.js';

export { DEFAULT_MAX_BATCH_ITEMS, DEFAULT_RATE_PER_SECOND, MAX_BODY_BYTES, MAX_EVENT_ID_BYTES } from './limits.js';
export { DATA_CENTERS, type DataCenter } from './data-centers.js';
export { CALL_OPS, type CallOp, type EndpointName, type HttpMethod };

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
  readonly batchInto?: EndpointName;
  /** For bulk endpoints: the body key holding the records. */
  readonly itemsKey?: string;
  /** For bulk endpoints: the most records one request may carry. */
  readonly maxItems?: number;
  /** For bulk endpoints: the most serialized body bytes (envelope included). */
  readonly maxBytes?: number;
}

type CatalogueEntry<E> = EndpointSpec & Pick<E, Extract<keyof E, 'method' | 'path' | 'ratePerSecond' | 'ratePublished' | 'rateScope' | 'itemsKey' | 'maxItems' | 'maxBytes'>>;

/** The catalogue, keyed by endpoint name, in registry order. */
export type Catalogue = { readonly [E in RegistryEndpoint as E['name']]: CatalogueEntry<E> };

function entryOf(def: RegistryEndpoint, op: CallOp | undefined): EndpointSpec {
  const bulk = op === undefined ? undefined : opSpec(op).bulk;
  const entry: { -readonly [K in keyof EndpointSpec]: EndpointSpec[K] } = {
    method: def.method,
    path: def.path,
    ratePerSecond: def.ratePerSecond,
    ratePublished: def.ratePublished,
    rateScope: def.rateScope,
  };
  if (bulk && def.name === op) entry.batchInto = bulk.endpoint as EndpointName;
  if ('itemsKey' in def) entry.itemsKey = def.itemsKey;
  if ('maxItems' in def) entry.maxItems = def.maxItems;
  if ('maxBytes' in def) entry.maxBytes = def.maxBytes;
  return Object.freeze(entry);
}

/**
 * The endpoint catalogue: for each Iterable endpoint its method, path, published rate limit and
 * bulk counterpart, derived from the op registry (the one source of paths and limits).
 */
export const ENDPOINTS: Catalogue = Object.freeze(
  Object.fromEntries(ENDPOINT_DEFS.map(({ def, op }) => [def.name, entryOf(def as RegistryEndpoint, op)])),
) as unknown as Catalogue;

export function endpointSpec(name: EndpointName): EndpointSpec {
  return ENDPOINTS[name];
}

/** Fills `{name}` segments of a catalogue path; values are URI-encoded. */
export function fillPath(path: string, values: Readonly<Record<string, string | number>>): string {
  return path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(values[key] ?? '')));
}
