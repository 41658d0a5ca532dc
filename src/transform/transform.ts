/**
 * `transform(event, settings)`: one event in, the Iterable calls it becomes (or a typed error) out.
 * Pure: no I/O, no clock, input never mutated, never throws.
 */
import { ECOMMERCE_EVENT_NAMES, validateEvent } from '../events/index.js';
import { IterableDestinationError, InstrumentationError, TransformationError, describeValue } from '../errors.js';
import { MAX_INPUT_DEPTH, exceedsDepth, pathBeyondDepth, shortPath } from '../guard/index.js';
import { resolveSettings, type ResolvedSettings } from '../settings.js';
import { mapAlias } from './alias.js';
import { mapCatalogItem } from './catalog.js';
import { isTombstone, mapTombstone } from './deletion.js';
import { mapCart, mapPurchase } from './ecommerce.js';
import { mapIdentify } from './identify.js';
import { mapPage } from './page.js';
import { isRetl, retlObject } from './retl.js';
import { subscriptionCalls } from './subscriptions.js';
import { mapTrack } from './track.js';
import { userIdentity } from './identity.js';
import type { MapInput, MapOutput, TransformResult } from './types.js';
import { dotPath, firstUsable, getPath, isObject, type JsonObject } from './values.js';
import { mapListEvent, listCallsForIdentify } from './lists.js';

const AT_CHANNEL = dotPath('channel');
const AT_CONTEXT_MAPPED_TO_DESTINATION = dotPath('context.mappedToDestination');
const AT_EVENT = dotPath('event');
const AT_TYPE = dotPath('type');

/**
 * Turns one RudderStack / Segment event into Iterable calls.
 *
 * @param event any JSON value; anything that is not a usable event yields `{ ok: false, error }`.
 * @param settings a settings object (validated once per object, then cached).
 */
export function transform(event: unknown, settings: unknown): TransformResult {
  const resolved = resolveSettings(settings);
  if (!resolved.ok) return { ok: false, error: resolved.error };
  return transformWith(event, resolved.settings);
}

/** `transform` with settings already resolved (for callers that resolve them once themselves). */
export function transformWith(event: unknown, settings: ResolvedSettings): TransformResult {
  try {
    // Before any mapping copies or serialises it: deep nesting would overflow the stack there.
    if (exceedsDepth(event, MAX_INPUT_DEPTH)) return { ok: false, error: tooDeep(event) };
    const output = dispatch(event, settings);
    return output.warnings?.length ? { ok: true, calls: output.calls, warnings: output.warnings } : { ok: true, calls: output.calls };
  } catch (error) {
    if (error instanceof IterableDestinationError) return { ok: false, error };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: new TransformationError(message, { cause: error }) };
  }
}


function dispatch(event: unknown, settings: ResolvedSettings): MapOutput {
  const strict = settings.profile === 'strict';
  if (!isObject(event)) {
    if (strict) {
      throw new InstrumentationError(`Expected the event to be a JSON object, got ${describeValue(event)}`, { code: 'INVALID_EVENT' });
    }
    // RudderStack reads `message.type` from whatever it got: null throws, other values have no type.
    if (event === null || event === undefined) {
      throw new TransformationError(`Cannot read properties of ${String(event)} (reading 'type')`);
    }
    throw missingType();
  }
  const rawType = getPath(event, AT_TYPE);
  if (!rawType) throw missingType();
  if (typeof rawType !== 'string') {
    if (!strict) throw new TransformationError('message.type.toLowerCase is not a function');
    throw new InstrumentationError(`Invalid event field \`type\`: expected a string, got ${describeValue(rawType)}`, {
      code: 'INVALID_EVENT',
      field: 'type',
    });
  }
  const type = rawType.toLowerCase();
  const message = withRetlTimestamp(event, type);
  const eventName = type === 'track' ? getPath(message, AT_EVENT) : undefined;
  const trackName = typeof eventName === 'string' ? eventName.toLowerCase() : undefined;
  if (strict) {
    const invalid = validateEvent(message, type, trackName !== undefined && ECOMMERCE_EVENT_NAMES.has(trackName));
    if (invalid) throw invalid;
  }
  const input: MapInput = { message, type, settings };
  if (isTombstone(input, trackName)) return mapTombstone(input);
  switch (type) {
    case 'identify': {
      const retl = isRetl(message);
      if (retl && retlObject(message).objectType !== 'users') return mapCatalogItem(input);
      return withSubscriptionCalls(withListCalls(mapIdentify(input, retl), input), input);
    }
    case 'page':
    case 'screen':
      return mapPage(input);
    case 'track':
      if (trackName === 'order completed') return mapPurchase(input);
      if (trackName === 'product added' || trackName === 'product removed') return mapCart(input);
      return mapListEvent(input) ?? mapTrack(input);
    case 'alias':
      return mapAlias(input);
    default:
      throw new InstrumentationError(`Message type ${type} not supported`, { code: 'UNSUPPORTED_TYPE', field: 'type' });
  }
}

function tooDeep(event: unknown): InstrumentationError {
  const path = pathBeyondDepth(event, MAX_INPUT_DEPTH);
  const shown = shortPath(path);
  return new InstrumentationError(
    `The event nests deeper than ${MAX_INPUT_DEPTH} levels (at \`${shown}\`); events that deep are refused`,
    { code: 'TOO_DEEP', field: path[0] },
  );
}

function missingType(): InstrumentationError {
  return new InstrumentationError('Event type is required', { code: 'MISSING_TYPE', field: 'type' });
}

function withListCalls(output: MapOutput, input: MapInput): MapOutput {
  const lists = listCallsForIdentify(input, output);
  if (lists.calls.length === 0 && !lists.warnings?.length) return output;
  const warnings = [...(output.warnings ?? []), ...(lists.warnings ?? [])];
  return { calls: [...output.calls, ...lists.calls], ...(warnings.length > 0 ? { warnings } : {}) };
}

/** The identify's subscription preferences, after its user update (off unless `subscriptionPreferences`). */
function withSubscriptionCalls(output: MapOutput, input: MapInput): MapOutput {
  if (!input.settings.subscriptionTraits) return output;
  const extra = subscriptionCalls(input, userIdentity(input.message, input.settings));
  if (extra.calls.length === 0 && !extra.warnings?.length) return output;
  const warnings = [...(output.warnings ?? []), ...(extra.warnings ?? [])];
  return { calls: [...output.calls, ...extra.calls], ...(warnings.length > 0 ? { warnings } : {}) };
}

const RETL_IDENTIFY_TIME = ['context.timestamp', 'context.traits.timestamp', 'traits.timestamp', 'timestamp', 'originalTimestamp'].map(dotPath);
const RETL_TRACK_TIME = ['properties.timestamp', 'timestamp', 'originalTimestamp'].map(dotPath);

/**
 * RudderStack's framework step for warehouse (rETL) sources: events from `channel: "sources"`
 * without `context.mappedToDestination` get `timestamp` from the record's own time fields.
 * Returns a new message; the input is not touched.
 */
function withRetlTimestamp(message: JsonObject, type: string): JsonObject {
  if (getPath(message, AT_CHANNEL) !== 'sources' || getPath(message, AT_CONTEXT_MAPPED_TO_DESTINATION)) return message;
  const chain = type === 'identify' ? RETL_IDENTIFY_TIME : type === 'track' ? RETL_TRACK_TIME : undefined;
  if (!chain) return message;
  return { ...message, timestamp: firstUsable(message, chain) };
}
