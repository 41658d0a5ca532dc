/**
 * page / screen → events/track (rudderstack-profile.md §6.4; product.md §3 items 1, 3, 8).
 */
import { ConfigurationError } from '../errors.js';
import type { TrackEventBody } from '../iterable/payloads.js';
import { eventCreatedAt } from './dates.js';
import { eventId } from './track.js';
import { attributionId } from './fields.js';
import { eventIdentity, requireIdentity } from './identity.js';
import type { MapInput, MapOutput } from './types.js';
import { firstUsable, getPath, putCompact, safeString, usableAt, type JsonObject } from './values.js';

const SINGLE_EVENT_NAMES: Readonly<Record<string, string>> = { page: 'Loaded a Page', screen: 'Loaded a Screen' };

export function mapPage(input: MapInput): MapOutput {
  const { message, type, settings } = input;
  const strict = settings.profile === 'strict';
  if (!passesPageGate(input)) {
    throw new ConfigurationError(`Invalid ${type} call`, { code: 'PAGE_NOT_TRACKED', field: 'name' });
  }
  const identity = eventIdentity(message, settings);
  const name = firstUsable(message, ['name', 'properties.name']);
  // Built key by key in its final order, null and undefined left out (RudderStack's cleaning).
  const fields: JsonObject = {};
  putCompact(fields, 'email', identity.email);
  putCompact(fields, 'dataFields', usableAt(message, 'properties'));
  putCompact(fields, 'userId', identity.userId);
  putCompact(fields, 'eventName', name);
  putCompact(fields, 'createdAt', eventCreatedAt(message, settings.profile));
  putCompact(fields, 'campaignId', attributionId(message, 'properties.campaignId', settings.profile));
  putCompact(fields, 'templateId', attributionId(message, 'properties.templateId', settings.profile));
  if (strict) putCompact(fields, 'id', eventId(message));
  const body = fields as TrackEventBody;
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  const singleName = SINGLE_EVENT_NAMES[type] ?? 'Loaded a Page';
  if (settings.mapToSingleEvent || (strict && name === undefined)) {
    body.eventName = singleName;
  } else {
    // RudderStack writes `${name} ${type}` even without a name: "undefined page" (strict never does).
    body.eventName = `${name === undefined ? 'undefined' : safeString(name)} ${type}`;
  }
  return { calls: [{ op: 'trackEvent', body }] };
}

/** trackAllPages, or a categorised page with trackCategorisedPages, or a named one with trackNamedPages. */
function passesPageGate({ message, settings }: MapInput): boolean {
  if (settings.trackAllPages) return true;
  if (settings.trackCategorisedPages && (getPath(message, 'properties.category') || getPath(message, 'category'))) return true;
  return Boolean(settings.trackNamedPages && (getPath(message, 'properties.name') || getPath(message, 'name')));
}
