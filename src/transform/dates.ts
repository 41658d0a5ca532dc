/**
 * The one place event times are read. Both profiles send `createdAt` as epoch milliseconds,
 * as RudderStack does.
 */
import type { Profile } from '../settings.js';
import { firstUsable, strictNumber } from './values.js';

const RUDDERSTACK_CREATED_AT = ['traits.createdAt', 'context.traits.createdAt', 'timestamp', 'originalTimestamp'];
const STRICT_CREATED_AT = ['timestamp', 'originalTimestamp'];

/**
 * `createdAt` of track, page, screen and purchase calls.
 * - rudderstack: first usable of the profile chain (a user's `traits.createdAt` wins over the event
 *   time), through `new Date(value).getTime()`; what does not parse is NaN, sent as null.
 * - strict: the event's own time only; a numeric string is read as a number; what does not parse
 *   is left out (Iterable then uses the time it received the event).
 */
export function eventCreatedAt(message: unknown, profile: Profile): number | undefined {
  // rudderstack: NaN is returned as is; `compact` writes it as null, as JSON.stringify would.
  if (profile === 'rudderstack') return jsDateMs(firstUsable(message, RUDDERSTACK_CREATED_AT));
  const raw = firstUsable(message, STRICT_CREATED_AT);
  const numeric = strictNumber(raw);
  const ms = numeric !== undefined ? jsDateMs(numeric) : typeof raw === 'string' ? jsDateMs(raw) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** `new Date(value).getTime()` for any JSON value, without ever throwing. */
export function jsDateMs(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    return new Date(value as number | string).getTime();
  }
  if (value === null) return 0; // new Date(null) is the epoch
  if (Array.isArray(value)) {
    try {
      return new Date(String(value)).getTime();
    } catch {
      return Number.NaN;
    }
  }
  return Number.NaN;
}
