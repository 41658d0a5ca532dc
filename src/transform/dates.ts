/**
 * The one place event times are read. Both profiles send `createdAt` as epoch milliseconds,
 * as RudderStack does.
 */
import type { Profile } from '../settings.js';
import { dotPath, firstUsable, strictNumber } from './values.js';

const RUDDERSTACK_CREATED_AT = ['traits.createdAt', 'context.traits.createdAt', 'timestamp', 'originalTimestamp'].map(dotPath);
const STRICT_CREATED_AT = ['timestamp', 'originalTimestamp'].map(dotPath);

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
  // The ISO shape first: it is what nearly every event carries, and it is never a numeric string.
  const iso = typeof raw === 'string' ? isoUtcMs(raw) : undefined;
  if (iso !== undefined) return iso;
  const numeric = strictNumber(raw);
  const ms = numeric !== undefined ? jsDateMs(numeric) : typeof raw === 'string' ? jsDateMs(raw) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** `new Date(value).getTime()` for any JSON value, without ever throwing. */
export function jsDateMs(value: unknown): number {
  if (typeof value === 'string') return isoUtcMs(value) ?? new Date(value).getTime();
  if (typeof value === 'number' || typeof value === 'boolean') {
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

/**
 * `new Date(text).getTime()` for the one shape nearly every event time has, the one
 * `toISOString()` writes (`2025-01-15T09:30:27.242Z`), read digit by digit; undefined for any other
 * text, which the Date parser then reads. Only values where the two agree are taken: years from
 * 1000 (Date.UTC reads 0–99 as 19xx), days up to 28, times within the day.
 */
export function isoUtcMs(text: string): number | undefined {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return undefined; // - - T
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(19) !== 46) return undefined; // : : .
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  // `digits` gives -1 for a non-digit: every part is checked for it, by its lower bound.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 59 || ms < 0) {
    return undefined;
  }
  return daysSinceEpoch(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1_000 + ms;
}

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (what Date.UTC counts), by
 * arithmetic: years are counted from March, so the leap day ends a year, in 400-year eras of
 * 146,097 days. For years from 1000 on, where every quotient below is of positive numbers.
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const marchYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(marchYear / 400);
  const yearOfEra = marchYear - era * 400;
  const monthFromMarch = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The decimal number of `count` digits at `start`, or -1 when one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}
