/**
 * Settings: RudderStack's destination keys (so a RudderStack `destination.Config` can be passed as
 * is) plus our own. Validated once, at the boundary; the result is cached per settings object, so
 * calling `transform(event, settings)` in a loop validates the settings only the first time.
 */
import { z } from 'zod';
import { ConfigurationError, describeValue } from './errors.js';
import { DATA_CENTERS, type DataCenter } from './iterable/endpoints.js';
import { ExtensionSettingsShape, resolveExtensions, type ExtensionSettings } from './settings-extensions.js';
import { settingsKeyProblem, unknownSettingProblem } from './settings-keys.js';

export const PROFILES = ['strict', 'rudderstack'] as const;
/** `'strict'` (default: correct requests) or `'rudderstack'` (RudderStack's requests, quirks included). */
export type Profile = (typeof PROFILES)[number];

/** The settings of the library's own API (`strict` profile unless `profile` says otherwise). */
export const SettingsSchema = z.object({
  /** Server-side Iterable API key (sent as the `Api-Key` header). */
  apiKey: z.string().min(1),
  /** `USDC` → api.iterable.com, `EUDC` → api.eu.iterable.com. */
  dataCenter: z.enum(['USDC', 'EUDC']).default('USDC'),
  /** Key for token registration; without it no token is registered. */
  registerDeviceOrBrowserApiKey: z.string().optional(),
  preferUserId: z.boolean().default(true),
  mergeNestedObjects: z.boolean().default(true),
  trackAllPages: z.boolean().default(false),
  trackCategorisedPages: z.boolean().default(true),
  trackNamedPages: z.boolean().default(true),
  mapToSingleEvent: z.boolean().default(true),
  profile: z.enum(PROFILES).default('strict'),
  ...ExtensionSettingsShape,
});

/** What callers pass: every key but `apiKey` may be left out. */
export type SettingsInput = z.input<typeof SettingsSchema>;

/** Settings after validation and defaults; what every transform reads. */
export interface ResolvedSettings extends ExtensionSettings {
  readonly profile: Profile;
  /** May be absent only in the `rudderstack` profile (RudderStack then sends an undefined header). */
  readonly apiKey: string | undefined;
  readonly dataCenter: DataCenter;
  /** `https://api.iterable.com` or `https://api.eu.iterable.com` (no trailing slash, no `/api`). */
  readonly host: string;
  readonly registerDeviceOrBrowserApiKey: string | undefined;
  /** Copied into bodies. In the `rudderstack` profile a configured `null` is kept (and then dropped). */
  readonly preferUserId: boolean | null;
  readonly mergeNestedObjects: boolean | null;
  readonly trackAllPages: boolean;
  readonly trackCategorisedPages: boolean;
  readonly trackNamedPages: boolean;
  readonly mapToSingleEvent: boolean;
}

/** What {@link resolveSettings} returns: `{ ok: true, settings }` or `{ ok: false, error }` naming the bad setting. */
export type SettingsResult = { ok: true; settings: ResolvedSettings } | { ok: false; error: ConfigurationError };

const cache = new WeakMap<object, SettingsResult>();

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
  const profile = ownValue(raw, 'profile') ?? 'strict';
  if (profile === 'rudderstack') return resolveRudderStack(raw);
  // strict: a key we do not know is a typo more often than not, and a typo must not silently do nothing.
  const unknown = unknownSettingProblem(raw, Object.keys(SettingsSchema.shape));
  if (unknown) return { ok: false, error: unknown };
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: settingsError(parsed.error, raw) };
  const s = parsed.data;
  const extensions = resolveExtensions(s);
  if (!extensions.ok) return extensions;
  return {
    ok: true,
    settings: {
      ...extensions.value,
      profile: s.profile,
      apiKey: s.apiKey,
      dataCenter: s.dataCenter,
      host: DATA_CENTERS[s.dataCenter],
      registerDeviceOrBrowserApiKey: s.registerDeviceOrBrowserApiKey || undefined,
      preferUserId: s.preferUserId,
      mergeNestedObjects: s.mergeNestedObjects,
      trackAllPages: s.trackAllPages,
      trackCategorisedPages: s.trackCategorisedPages,
      trackNamedPages: s.trackNamedPages,
      mapToSingleEvent: s.mapToSingleEvent,
    },
  };
}

/**
 * The `rudderstack` profile reads a RudderStack `destination.Config` the way RudderStack's
 * transformer does: nothing is rejected, absent page keys are false, `preferUserId` and
 * `mergeNestedObjects` default to true only when undefined, `mapToSingleEvent` must be exactly
 * `true`, and any data centre other than `EUDC` is the US one. Our own extension keys are still
 * validated (they are absent from a RudderStack config, and then change nothing).
 */
function resolveRudderStack(raw: Record<string, unknown>): SettingsResult {
  const dataCenter: DataCenter = ownValue(raw, 'dataCenter') === 'EUDC' ? 'EUDC' : 'USDC';
  const apiKey = ownValue(raw, 'apiKey');
  const registerKey = ownValue(raw, 'registerDeviceOrBrowserApiKey');
  const extensionInput = z.object(ExtensionSettingsShape).safeParse(raw);
  if (!extensionInput.success) return { ok: false, error: settingsError(extensionInput.error, raw) };
  const extensions = resolveExtensions(extensionInput.data);
  if (!extensions.ok) return extensions;
  return {
    ok: true,
    settings: {
      ...extensions.value,
      profile: 'rudderstack',
      apiKey: apiKey === undefined || apiKey === null ? undefined : String(apiKey),
      dataCenter,
      host: DATA_CENTERS[dataCenter],
      registerDeviceOrBrowserApiKey: registerKey ? String(registerKey) : undefined,
      preferUserId: rawDefaultTrue(ownValue(raw, 'preferUserId')),
      mergeNestedObjects: rawDefaultTrue(ownValue(raw, 'mergeNestedObjects')),
      trackAllPages: Boolean(ownValue(raw, 'trackAllPages')),
      trackCategorisedPages: Boolean(ownValue(raw, 'trackCategorisedPages')),
      trackNamedPages: Boolean(ownValue(raw, 'trackNamedPages')),
      mapToSingleEvent: ownValue(raw, 'mapToSingleEvent') === true,
    },
  };
}

/** RudderStack copies the configured value as is; only `undefined` falls back to `true`. */
function rawDefaultTrue(value: unknown): boolean | null {
  return value === undefined ? true : (value as boolean | null);
}

function ownValue(raw: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(raw, key) ? raw[key] : undefined;
}

/** Turns the first zod issue into a message that names the key and the value found. */
export function settingsError(error: z.ZodError, raw: unknown): ConfigurationError {
  const issue = error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const key = path.join('.') || '(settings)';
  let value: unknown = raw;
  for (const segment of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined;
  }
  const expected = issue ? describeIssue(issue, value) : 'a valid value';
  // Secrets are described by their type only: a wrongly typed key is still a key.
  const got = /apikey$/i.test(key) ? typeOf(value) : describeValue(value);
  return new ConfigurationError(`Invalid setting \`${key}\`: expected ${expected}, got ${got}`, {
    field: key,
    cause: error,
  });
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'string' && value === undefined ? 'a non-empty string (it is required)' : `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'a non-empty string' : `a value >= ${String(issue.minimum)}`;
    default:
      return issue.message.replace(/^Invalid input: /, '').toLowerCase();
  }
}

/** `a number`, `an array`, `null`…: how a value is described when the value itself must not be shown. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
