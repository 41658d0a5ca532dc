/**
 * User dataFields beyond the traits object: field mapping, static fields and system fields
 * (product.md §9). With none of those settings, the traits object is returned untouched, so the
 * `rudderstack` profile's bodies stay RudderStack's.
 *
 * Precedence, weakest first: system fields (guesses from the context), the traits object (what
 * the user said), static fields, mapped fields (what the config asked for explicitly).
 * `mappedFieldsOnly` drops the traits object only. Settings validation refuses a field that is
 * both static and mapped, so those two never compete.
 */
import type { ResolvedSettings } from '../settings.js';
import { getPath, isObject, type JsonObject } from './values.js';

export function userDataFields(message: JsonObject, settings: ResolvedSettings, traits: unknown): unknown {
  if (!settings.fieldMapping && !settings.staticFields && !settings.systemFields) return traits;
  const keepTraits = !settings.mappedFieldsOnly && isObject(traits);
  const fields: JsonObject = {
    ...(settings.systemFields ? systemFields(message) : {}),
    ...(keepTraits ? traits : {}),
    // A copy per body: the settings are shared by every event, a body is the caller's to change.
    ...(settings.staticFields ? structuredClone(settings.staticFields) : {}),
    ...mappedFields(message, settings.fieldMapping ?? []),
  };
  // Nothing to say and no traits object to keep: leave dataFields out, as without these settings.
  return Object.keys(fields).length === 0 && !keepTraits ? undefined : fields;
}

/** `from` path → `to` field; an absent or null value is left out (a mapping never clears a field). */
function mappedFields(message: JsonObject, mapping: ReadonlyArray<{ from: string; to: string }>): JsonObject {
  const entries: Array<[string, unknown]> = [];
  for (const { from, to } of mapping) {
    const value = getPath(message, from);
    if (value !== undefined && value !== null) entries.push([to, value]);
  }
  // fromEntries defines own keys, so a field named "__proto__" stays a field.
  return Object.fromEntries(entries);
}

/**
 * The visitor's environment, under these Iterable field names (docs/workflows.md):
 * `locale` ← context.locale; `browser` ← context.userAgent; `operatingSystem` ← context.os.name,
 * else context.userAgent; `deviceType` ← context.device.type, else context.userAgent
 * (mobile / tablet / desktop); `countryCode`, `country`, `city` ← context.location.*.
 * Only non-empty strings are used; what is missing is left out.
 */
export function systemFields(message: JsonObject): JsonObject {
  const userAgent = text(getPath(message, 'context.userAgent'));
  const out: JsonObject = {};
  const put = (field: string, value: string | undefined) => {
    if (value !== undefined) out[field] = value;
  };
  put('locale', text(getPath(message, 'context.locale')));
  put('browser', userAgent && matchFirst(BROWSERS, userAgent));
  put('operatingSystem', text(getPath(message, 'context.os.name')) ?? (userAgent && matchFirst(SYSTEMS, userAgent)));
  put('deviceType', text(getPath(message, 'context.device.type')) ?? (userAgent && deviceType(userAgent)));
  put('countryCode', text(getPath(message, 'context.location.countryCode')));
  put('country', text(getPath(message, 'context.location.country')));
  put('city', text(getPath(message, 'context.location.city')));
  return out;
}

/** First match wins, so the more specific tokens come first (Edge and Opera also say "Chrome"). */
const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bMSIE |\bTrident\//, 'Internet Explorer'],
];

/** iOS before macOS (iPads say "Mac OS X"), Android before Linux (Android says "Linux"). */
const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bWindows\b/, 'Windows'],
  [/\bCrOS\b/, 'Chrome OS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function deviceType(userAgent: string): string {
  if (/\biPad\b|\bTablet\b|\bAndroid\b(?!.*\bMobile\b)/.test(userAgent)) return 'tablet';
  if (/\bMobi|\biPhone\b|\biPod\b/.test(userAgent)) return 'mobile';
  return 'desktop';
}

function matchFirst(table: ReadonlyArray<readonly [RegExp, string]>, userAgent: string): string | undefined {
  return table.find(([pattern]) => pattern.test(userAgent))?.[1];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
