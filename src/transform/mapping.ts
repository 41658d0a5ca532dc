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
import { ConfigurationError } from '../errors.js';
import { describePathProblem, getAtSegments, parseUserPath } from '../guard/index.js';
import { browserOf, deviceTypeOf, operatingSystemOf } from './user-agent.js';
import { dotPath, getPath, isObject, type JsonObject } from './values.js';

const AT_CONTEXT_DEVICE_TYPE = dotPath('context.device.type');
const AT_CONTEXT_LOCALE = dotPath('context.locale');
const AT_CONTEXT_LOCATION_CITY = dotPath('context.location.city');
const AT_CONTEXT_LOCATION_COUNTRY = dotPath('context.location.country');
const AT_CONTEXT_LOCATION_COUNTRY_CODE = dotPath('context.location.countryCode');
const AT_CONTEXT_OS_NAME = dotPath('context.os.name');
const AT_CONTEXT_USER_AGENT = dotPath('context.userAgent');

export function userDataFields(message: JsonObject, settings: ResolvedSettings, traits: unknown): unknown {
  if (!settings.fieldMapping && !settings.staticFields && !settings.systemFields) return traits;
  const keepTraits = !settings.mappedFieldsOnly && isObject(traits);
  // Spread and fromEntries define own properties (they never assign), so a trait named
  // `__proto__` lands as a field and cannot reach a prototype; bodies stay plain objects that
  // print and compare like any other. Settings refuse prototype names in `to` and static names.
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
  for (const [index, { from, to }] of mapping.entries()) {
    const path = parseUserPath(from);
    // Resolved settings have been checked already; this guards hand-built ones.
    if (!path.ok) {
      throw new ConfigurationError(`Invalid setting \`fieldMapping.${index}.from\`: ${describePathProblem(path.problem)}`, {
        field: `fieldMapping.${index}.from`,
      });
    }
    const value = getAtSegments(message, path.segments);
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
  const userAgent = text(getPath(message, AT_CONTEXT_USER_AGENT));
  const out: JsonObject = {};
  const put = (field: string, value: string | undefined) => {
    if (value !== undefined) out[field] = value;
  };
  put('locale', text(getPath(message, AT_CONTEXT_LOCALE)));
  put('browser', userAgent && browserOf(userAgent));
  put('operatingSystem', text(getPath(message, AT_CONTEXT_OS_NAME)) ?? (userAgent && operatingSystemOf(userAgent)));
  put('deviceType', text(getPath(message, AT_CONTEXT_DEVICE_TYPE)) ?? (userAgent && deviceTypeOf(userAgent)));
  put('countryCode', text(getPath(message, AT_CONTEXT_LOCATION_COUNTRY_CODE)));
  put('country', text(getPath(message, AT_CONTEXT_LOCATION_COUNTRY)));
  put('city', text(getPath(message, AT_CONTEXT_LOCATION_CITY)));
  return out;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
