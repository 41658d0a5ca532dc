/**
 * Generic track → events/track (rudderstack-profile.md §6.5; product.md §3 items 2, 3, 8).
 */
import { InstrumentationError, describeValue } from '../errors.js';
import type { TrackEventBody } from '../iterable/payloads.js';
import { eventCreatedAt } from './dates.js';
import { AT_CAMPAIGN_ID, AT_TEMPLATE_ID, attributionId, eventIdString } from './fields.js';
import { eventIdentity, requireIdentity, type Identity } from './identity.js';
import type { MapInput, MapOutput } from './types.js';
import { cleaned, dotPath, getPath, isKept, isUsable, safeString, usableAt, type JsonObject } from './values.js';

const AT_EVENT = dotPath('event');
const AT_MESSAGE_ID = dotPath('messageId');
const AT_PROPERTIES = dotPath('properties');
const AT_PROPERTIES_EVENT_ID = dotPath('properties.event_id');

export function mapTrack(input: MapInput): MapOutput {
  const { message, settings } = input;
  const strict = settings.profile === 'strict';
  const identity = eventIdentity(message, settings);
  const eventName = strict ? requiredEventName(message) : usableAt(message, AT_EVENT);
  const body = trackEventBody(input, identity, eventName, strict ? eventId(message) : rudderStackEventId(message));
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return { calls: [{ op: 'trackEvent', body }] };
}

/**
 * The events/track body of a track, page or screen, built key by key in its final order, null and
 * undefined left out (RudderStack's cleaning): a value given as undefined (an `eventName` or `id`
 * the caller has not got) leaves its key out.
 */
export function trackEventBody(input: MapInput, identity: Identity, eventName: unknown, id: unknown): TrackEventBody {
  const { message, settings } = input;
  const properties = getPath(message, AT_PROPERTIES);
  const createdAt = eventCreatedAt(message, settings.profile);
  const campaignId = attributionId(properties, AT_CAMPAIGN_ID, settings.profile);
  const templateId = attributionId(properties, AT_TEMPLATE_ID, settings.profile);
  // One named store per key rather than putCompact's shared keyed store: each store here sees
  // only the few shapes a body can have at that point, which V8 keeps fast.
  const body: JsonObject = {};
  if (isKept(identity.email)) body.email = cleaned(identity.email);
  if (isUsable(properties)) body.dataFields = cleaned(properties);
  if (isKept(identity.userId)) body.userId = cleaned(identity.userId);
  if (isKept(eventName)) body.eventName = cleaned(eventName);
  if (isKept(createdAt)) body.createdAt = cleaned(createdAt);
  if (isKept(campaignId)) body.campaignId = cleaned(campaignId);
  if (isKept(templateId)) body.templateId = cleaned(templateId);
  if (isKept(id)) body.id = cleaned(id);
  return body as TrackEventBody;
}

/** strict: Iterable requires `eventName`, so a track without a name is an instrumentation error. */
function requiredEventName(message: unknown): string {
  const event = getPath(message, AT_EVENT);
  if (typeof event === 'string' && event.length > 0) return event;
  throw new InstrumentationError(
    `Missing required value from "event": a track call needs an event name (Iterable requires eventName), got ${describeValue(event)}`,
    { code: 'MISSING_FIELD', field: 'event' },
  );
}

/** rudderstack: `properties.event_id` through String() before the usable test ("" dropped, 0 → "0"). */
function rudderStackEventId(message: unknown): string | undefined {
  const raw = getPath(message, AT_PROPERTIES_EVENT_ID);
  if (raw === undefined || raw === null) return undefined;
  const text = safeString(raw);
  return isUsable(text) ? text : undefined;
}

/**
 * strict: the event's idempotency key, so a retried request updates the event instead of
 * duplicating it (Iterable upserts events by `id`): `properties.event_id`, else `messageId`.
 */
export function eventId(message: unknown): string | undefined {
  // An id Iterable would refuse (over 512 bytes) is skipped: without an id the event is still tracked.
  return eventIdString(getPath(message, AT_PROPERTIES_EVENT_ID)) ?? eventIdString(getPath(message, AT_MESSAGE_ID));
}
