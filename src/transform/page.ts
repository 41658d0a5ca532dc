/**
 * page / screen → events/track (rudderstack-profile.md §6.4; product.md §3 items 1, 3, 8).
 */
import { ConfigurationError } from '../errors.js';
import { eventId, trackEventBody } from './track.js';
import { eventIdentity, requireIdentity } from './identity.js';
import type { MapInput, MapOutput } from './types.js';
import { dotPath, firstUsable, getPath, safeString } from './values.js';

const AT_CATEGORY = dotPath('category');
const AT_NAME = dotPath('name');
const AT_PROPERTIES_CATEGORY = dotPath('properties.category');
const AT_PROPERTIES_NAME = dotPath('properties.name');

const PAGE_NAME_CHAIN = ['name', 'properties.name'].map(dotPath);
const SINGLE_EVENT_NAMES: Readonly<Record<string, string>> = { page: 'Loaded a Page', screen: 'Loaded a Screen' };

export function mapPage(input: MapInput): MapOutput {
  const { message, type, settings } = input;
  const strict = settings.profile === 'strict';
  if (!passesPageGate(input)) {
    throw new ConfigurationError(`Invalid ${type} call`, { code: 'PAGE_NOT_TRACKED', field: 'name' });
  }
  const identity = eventIdentity(message, settings);
  const name = firstUsable(message, PAGE_NAME_CHAIN);
  // The name takes its place in the body's key order now; the final eventName is written below.
  const body = trackEventBody(input, identity, name, strict ? eventId(message) : undefined);
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
  if (settings.trackCategorisedPages && (getPath(message, AT_PROPERTIES_CATEGORY) || getPath(message, AT_CATEGORY))) return true;
  return Boolean(settings.trackNamedPages && (getPath(message, AT_PROPERTIES_NAME) || getPath(message, AT_NAME)));
}
