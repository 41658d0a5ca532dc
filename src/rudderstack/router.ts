/**
 * RudderStack's router contract (`POST /routerTransform`, rudderstack-profile.md §8): groups the
 * input by destination, transforms each event, sorts the requests into buckets by the op that made them and
 * packs the buckets into bulk requests. Pure and synchronous; never throws.
 */
import { IterableDestinationError, TransformationError } from '../errors.js';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/endpoints.js';
import { transformWith } from '../transform/transform.js';
import { isObject } from '../transform/values.js';
import { configKeyer, configResolver, type ConfigResolver } from './config-cache.js';
import { rudderStackBase, rudderStackPath, rudderStackRequest } from './request.js';
import type { ResolvedSettings } from '../settings.js';
import type { IterableCall } from '../transform/types.js';
import { bulkOutputs, catalogOutputs, jobIdOf } from './router-batches.js';
import { opSpec } from '../ops/index.js';
import { passthroughBucket, routerBase } from './router-paths.js';
import type {
  RouterFailure,
  RouterInputEvent,
  RouterOptions,
  RouterOutputEntry,
  RouterResponse,
  RouterSingle,
  TransformedEvent,
} from './router-types.js';
import { TOO_DEEP_KEY } from './stable-json.js';
import { MAX_INPUT_DEPTH, exceedsDepth } from '../guard/index.js';
import { destinationTags, errorClassTags } from './stat-tags.js';

/**
 * RudderStack's router transform (`POST /routerTransform`): turns a batch of events into bulk
 * requests (users/bulkUpdate, events/trackBulk, catalogs) and single requests, with failures as
 * error entries, as RudderStack does.
 *
 * @param body - `{ input: [{ message, metadata, destination }, …], destType }`
 * @param options - chunk and byte limits (defaults 1000 and 4,000,000, as RudderStack)
 * @returns `{ output }`: batched, single and failure entries; never throws
 * @example
 * ```ts
 * const { output } = routerTransform({ input, destType: 'iterable' });
 * ```
 */
export function routerTransform(body: unknown, options: RouterOptions = {}): RouterResponse {
  const input = isObject(body) && Array.isArray(body.input) ? (body.input as unknown[]) : [];
  const limits = {
    chunkSize: options.chunkSize ?? DEFAULT_MAX_BATCH_ITEMS,
    maxBytes: options.maxBytes ?? MAX_BODY_BYTES,
    catalogChunkSize: options.catalogChunkSize ?? DEFAULT_MAX_BATCH_ITEMS,
  };
  const resolve = configResolver();
  const output: RouterOutputEntry[] = [];
  for (const group of groupEvents(input)) {
    // Equal Configs of a group are resolved once, under the key the grouping already computed.
    const resolveGroup: ConfigResolver = (config) => resolve(config, group.configKey);
    output.push(...routeGroup(group.events, limits, resolveGroup));
  }
  return { output };
}

/**
 * Framework grouping (§8.1): destination ID, then Config as stable JSON unless the destination
 * declares `hasDynamicConfig: false`. Groups keep the order of their first event.
 */
function groupEvents(input: readonly unknown[]): EventGroup[] {
  // By ID, then by Config key: two map lookups instead of a key text written per event.
  const byId = new Map<string, Map<string, EventGroup>>();
  const groups: EventGroup[] = [];
  const keyOf = configKeyer();
  for (const raw of input) {
    const event: RouterInputEvent = isObject(raw) ? (raw as unknown as RouterInputEvent) : { message: raw };
    const destination = isObject(event.destination) ? event.destination : {};
    const configKey = destination.hasDynamicConfig !== false ? keyOf(destination.Config) : undefined;
    const idKey = groupIdKey(destination.ID || 'default');
    let byConfig = byId.get(idKey);
    if (!byConfig) byId.set(idKey, (byConfig = new Map()));
    const configPart = configKey ?? 'default';
    const group = byConfig.get(configPart);
    if (group) group.events.push(event);
    else {
      const created = { events: [event], configKey };
      byConfig.set(configPart, created);
      groups.push(created);
    }
  }
  return groups;
}

/**
 * The framework compares IDs as JSON: a string ID stands for itself (prefixed `s`), any other
 * value by its JSON text (prefixed `j`), unless that text is a string's, which is then that string.
 * An ID nested too deep to serialise shares one key; its events then fail on their Config or message.
 */
function groupIdKey(id: unknown): string {
  if (typeof id === 'string') return `s${id}`;
  if (exceedsDepth(id, MAX_INPUT_DEPTH)) return `s${TOO_DEEP_KEY}`;
  const text = JSON.stringify(id) ?? 'null';
  return text.startsWith('"') ? `s${JSON.parse(text) as string}` : `j${text}`;
}

/** A group's events, and the stable JSON their Configs share (absent when grouped by ID alone). */
interface EventGroup {
  readonly events: RouterInputEvent[];
  readonly configKey: string | undefined;
}

type Limits = Required<RouterOptions>;

/** One group; anything unexpected fails the whole group as one combined error entry (§8.1). */
function routeGroup(group: RouterInputEvent[], limits: Limits, resolve: ConfigResolver): RouterOutputEntry[] {
  const firstMetadata = group[0]?.metadata;
  try {
    return routeGroupOrThrow(group, limits, firstMetadata, resolve);
  } catch (cause) {
    const error =
      cause instanceof IterableDestinationError
        ? cause
        : new TransformationError(cause instanceof Error ? cause.message : String(cause), { cause });
    return [
      failureEntry(
        error,
        group.map((event) => event.metadata),
        group[0]?.destination,
        firstMetadata,
      ),
    ];
  }
}

function routeGroupOrThrow(
  group: RouterInputEvent[],
  limits: Limits,
  firstMetadata: unknown,
  resolve: ConfigResolver,
): RouterOutputEntry[] {
  const updateUsers: TransformedEvent[] = [];
  const catalogs: TransformedEvent[] = [];
  const tracks: TransformedEvent[] = [];
  const registrations = new Map<unknown, Record<string, unknown>>();
  const singles: RouterSingle[] = [];
  const errors: RouterFailure[] = [];

  for (const event of group) {
    const transformed = transformEvent(event, resolve);
    if (transformed instanceof IterableDestinationError) {
      errors.push(failureEntry(transformed, [event.metadata], event.destination, firstMetadata));
      continue;
    }
    for (const item of transformed) {
      // Categorisation (§8.3): by the op that made the request; a passed-through request by its URL
      // (full URLs use the event's current data centre).
      const bucket =
        item.op !== undefined ? opSpec(item.op).routerBucket : passthroughBucket(item.message.endpoint as string, routerBase((item.destination as { Config: unknown }).Config));
      if (bucket === 'users') updateUsers.push(item);
      else if (bucket === 'catalog') catalogs.push(item);
      else if (bucket === 'registration') registrations.set(jobIdOf(item.metadata), requestOf(item));
      else if (bucket === 'events') tracks.push(item);
      else {
        singles.push({
          batchedRequest: requestOf(item),
          metadata: [item.metadata],
          batched: false,
          statusCode: 200,
          destination: item.destination,
        });
      }
    }
  }

  // Output order within a group (§8.5).
  return [
    ...bulkOutputs(updateUsers, 'users', limits, registrations),
    ...catalogOutputs(catalogs, limits.catalogChunkSize),
    ...bulkOutputs(tracks, 'events', limits),
    ...singles,
    ...errors,
  ];
}

/**
 * The per-event step (§8.2): a message with a truthy `statusCode` is an already-built request and
 * passes through untouched; anything else is transformed with the `rudderstack` profile. Router
 * requests carry no `userId` key (only the processor envelope adds one, §3).
 */
function transformEvent(event: RouterInputEvent, resolve: ConfigResolver): RoutedItem[] | IterableDestinationError {
  const { message, metadata, destination } = event;
  if (isObject(message) && message.statusCode) return [{ message, metadata, destination }];
  if (!isObject(destination)) {
    return new TransformationError("Cannot read properties of undefined (reading 'Config')");
  }
  const settings = resolve(destination.Config);
  if (!settings.ok) return settings.error;
  const result = transformWith(message, settings.settings);
  if (!result.ok) return result.error;
  const items: RoutedItem[] = [];
  for (const call of result.calls) {
    // Only what bucketing and packing read; the whole request is built for the calls sent alone.
    const { path, endpointPath } = rudderStackPath(call);
    const endpoint = `${rudderStackBase(settings.settings)}${path}`;
    items.push({ message: { endpoint, endpointPath, body: { JSON: call.body } }, op: call.op, metadata, destination, call, settings: settings.settings });
  }
  return items;
}

/**
 * A transformed event on its way to a bucket. A call of our own carries its `call` and `settings`,
 * and its `message` holds only the endpoint and the body; a passed-through message is whole.
 */
interface RoutedItem extends TransformedEvent {
  readonly call?: IterableCall;
  readonly settings?: ResolvedSettings;
}

/** The whole request of an item that is sent on its own (a registration, a single call). */
function requestOf(item: RoutedItem): Record<string, unknown> {
  if (item.call && item.settings) return rudderStackRequest(item.call, item.settings) as unknown as Record<string, unknown>;
  return item.message;
}

/** A router error entry; statTags merge the framework's router tags from the group's first job. */
function failureEntry(
  error: IterableDestinationError,
  metadata: unknown[],
  destination: unknown,
  firstMetadata: unknown,
): RouterFailure {
  return {
    metadata,
    batched: false,
    statusCode: error.statusCode,
    error: error.message,
    statTags: { ...errorClassTags(error), ...destinationTags('router', firstMetadata) },
    destination,
  };
}
