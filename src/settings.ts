/**
 * Settings: RudderStack's destination keys (so a RudderStack `destination.Config` can be passed as
 * is) plus our own. Validated once, at the boundary; the result is cached per settings object, so
 * calling `transform(event, settings)` in a loop validates the settings only the first time.
 */
import { z } from 'zod';
import { fromZodError, typeOf } from './config-error.js';
import { ConfigurationError } from './errors.js';
import { DATA_CENTERS, type DataCenter } from './iterable/endpoints.js';
import { ExtensionSettingsShape, checkExtensions, resolveExtensions, type ParsedExtensions } from './settings-extensions.js';
import { settingsKeyProblem, unknownSettingProblem } from './settings-keys.js';

export const PROFILES = ['strict', 'rudderstack'] as const;
/** `'strict'` (default: correct requests) or `'rudderstack'` (RudderStack's requests, quirks included). */
export type Profile = (typeof PROFILES)[number];

/** RudderStack's keys, as the library's own API reads them; every key says what it means. */
const StrictCoreShape = {
  apiKey: z.string().min(1).describe('server-side Iterable API key, sent as the `Api-Key` header'),
  dataCenter: z.enum(['USDC', 'EUDC']).default('USDC').describe('`USDC` → api.iterable.com, `EUDC` → api.eu.iterable.com'),
  registerDeviceOrBrowserApiKey: z.string().optional().describe('key for device / browser token registration; without it no token is registered'),
  preferUserId: z.boolean().default(true).describe('copied into user bodies (Iterable creates unknown users by userId)'),
  mergeNestedObjects: z.boolean().default(true).describe('copied into user bodies (merge top-level objects instead of replacing them)'),
  trackAllPages: z.boolean().default(false).describe('send every page / screen'),
  trackCategorisedPages: z.boolean().default(true).describe('send pages / screens with a `category`'),
  trackNamedPages: z.boolean().default(true).describe('send pages / screens with a `name`'),
  mapToSingleEvent: z.boolean().default(true).describe('name all pages "Loaded a Page", all screens "Loaded a Screen" (else `"<name> page"`)'),
  profile: z.enum(PROFILES).default('strict').describe('`strict` (our mapping) or `rudderstack` (RudderStack\'s, quirks included: [profiles](#profiles-strict-and-rudderstack))'),
};

/** The shape both profiles resolve to, from the profile-specific reading of RudderStack's keys. */
interface CoreValues {
  profile: Profile;
  apiKey?: string | undefined;
  dataCenter: DataCenter;
  registerDeviceOrBrowserApiKey?: string | undefined;
  preferUserId: boolean | null;
  mergeNestedObjects: boolean | null;
  trackAllPages: boolean;
  trackCategorisedPages: boolean;
  trackNamedPages: boolean;
  mapToSingleEvent: boolean;
}

/** Settings after validation and defaults; the type every transform reads is inferred from this function. */
function resolved(core: CoreValues, extensions: ParsedExtensions) {
  return {
    ...resolveExtensions(extensions),
    profile: core.profile,
    /** May be absent only in the `rudderstack` profile (RudderStack then sends an undefined header). */
    apiKey: core.apiKey,
    dataCenter: core.dataCenter,
    /** `https://api.iterable.com` or `https://api.eu.iterable.com` (no trailing slash, no `/api`). */
    host: DATA_CENTERS[core.dataCenter] as string,
    registerDeviceOrBrowserApiKey: core.registerDeviceOrBrowserApiKey || undefined,
    /** Copied into bodies. In the `rudderstack` profile a configured `null` is kept (and then dropped). */
    preferUserId: core.preferUserId,
    mergeNestedObjects: core.mergeNestedObjects,
    trackAllPages: core.trackAllPages,
    trackCategorisedPages: core.trackCategorisedPages,
    trackNamedPages: core.trackNamedPages,
    mapToSingleEvent: core.mapToSingleEvent,
  };
}

/** Every key of the `strict` profile with its schema and description (the README table and CLI help come from it). */
export const SettingsShape = { ...StrictCoreShape, ...ExtensionSettingsShape };

/** The settings of the library's own API (`strict` profile): every key checked, defaults applied. */
export const SettingsSchema = z
  .object(SettingsShape)
  .superRefine(checkExtensions)
  .transform((s) => resolved(s, s));

/**
 * RudderStack copies the configured value as is; only `undefined` falls back to `true`.
 * (`.optional()` first: a transform of an absent key runs only behind an optional input.)
 */
const rawDefaultTrue = z.unknown().optional().transform((value): boolean | null => (value === undefined ? true : (value as boolean | null)));
const truthy = z.unknown().optional().transform((value) => Boolean(value));

/**
 * The `rudderstack` profile reads a RudderStack `destination.Config` the way RudderStack's
 * transformer does: nothing is rejected, absent page keys are false, `preferUserId` and
 * `mergeNestedObjects` default to true only when undefined, `mapToSingleEvent` must be exactly
 * `true`, and any data centre other than `EUDC` is the US one. Our own extension keys are still
 * validated (they are absent from a RudderStack config, and then change nothing).
 */
export const RudderStackSettingsSchema = z
  .object({
    profile: z.literal('rudderstack'),
    apiKey: z.unknown().optional().transform((value) => (value === undefined || value === null ? undefined : String(value))),
    dataCenter: z.unknown().optional().transform((value): DataCenter => (value === 'EUDC' ? 'EUDC' : 'USDC')),
    registerDeviceOrBrowserApiKey: z.unknown().optional().transform((value) => (value ? String(value) : undefined)),
    preferUserId: rawDefaultTrue,
    mergeNestedObjects: rawDefaultTrue,
    trackAllPages: truthy,
    trackCategorisedPages: truthy,
    trackNamedPages: truthy,
    mapToSingleEvent: z.unknown().optional().transform((value) => value === true),
    ...ExtensionSettingsShape,
  })
  .superRefine(checkExtensions)
  .transform((s) => resolved(s, s));

/** The schema of each profile. */
export const PROFILE_SCHEMAS = { strict: SettingsSchema, rudderstack: RudderStackSettingsSchema } as const;

/** What callers pass: every key but `apiKey` may be left out. */
export type SettingsInput = z.input<typeof SettingsSchema>;

/** Settings after validation and defaults; what every transform reads. Inferred from the schemas. */
export type ResolvedSettings = Readonly<z.output<typeof SettingsSchema>>;

/** What {@link resolveSettings} returns: `{ ok: true, settings }` or `{ ok: false, error }` naming the bad setting. */
export type SettingsResult = { ok: true; settings: ResolvedSettings } | { ok: false; error: ConfigurationError };

const cache = new WeakMap<object, SettingsResult>();

/** Our own keys alone, as the `rudderstack` profile checks them (built once: zod compiles each schema on first use). */
const ExtensionSettingsObject = z.object(ExtensionSettingsShape);

/**
 * Validates settings once and returns them resolved, or a `ConfigurationError` naming the key.
 * Never throws. Results are cached per object: treat a settings object as immutable once used.
 */
export function resolveSettings(input: unknown): SettingsResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    // Only the type: a string passed where settings belong may well be the API key itself.
    return { ok: false, error: new ConfigurationError(`Expected settings to be an object, got ${typeOf(input)}`) };
  }
  const cached = cache.get(input);
  if (cached) return cached;
  let result: SettingsResult;
  try {
    result = resolveUncached(input as Record<string, unknown>);
  } catch (cause) {
    result = { ok: false, error: new ConfigurationError('Settings could not be read', { cause }) };
  }
  cache.set(input, result);
  // Resolved settings passed back in (`transform(event, resolved)`) are already valid: they
  // resolve to themselves instead of failing the strict check on keys such as `host`.
  if (result.ok) cache.set(result.settings, result);
  return result;
}

/** Like `resolveSettings`, but throws the `ConfigurationError` (for constructors and the CLI). */
export function parseSettings(input: unknown): ResolvedSettings {
  const result = resolveSettings(input);
  if (!result.ok) throw result.error;
  return result.settings;
}

function resolveUncached(raw: Record<string, unknown>): SettingsResult {
  // Before any schema reads it: a key such as `__proto__` must not reach code that copies objects.
  const keyProblem = settingsKeyProblem(raw);
  if (keyProblem) return { ok: false, error: keyProblem };
  // Own keys only: a value inherited through the prototype chain is not a setting.
  const own: Record<string, unknown> = Object.fromEntries(Object.entries(raw));
  const rudderstack = own.profile === 'rudderstack';
  if (!rudderstack) {
    // strict: a key we do not know is a typo more often than not, and a typo must not silently do nothing.
    const unknown = unknownSettingProblem(own, Object.keys(SettingsShape));
    if (unknown) return { ok: false, error: unknown };
  }
  const parsed = (rudderstack ? RudderStackSettingsSchema : SettingsSchema).safeParse(own);
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, error: settingsError(parsed.error, own) };
}

/** Turns the first zod issue into a message that names the key and the value found. */
export function settingsError(error: z.ZodError, raw: unknown): ConfigurationError {
  return fromZodError(error, raw);
}
