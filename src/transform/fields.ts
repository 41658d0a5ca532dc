/**
 * Field rules that several mappers share: campaign / template ids and required values.
 */
import { InstrumentationError } from '../errors.js';
import type { Profile } from '../settings.js';
import { MAX_EVENT_ID_BYTES } from '../iterable/endpoints.js';
import { idString, isUsable, jsParseInt, strictInteger, usableAt } from './values.js';

/**
 * `campaignId` / `templateId`. rudderstack: truthy → `parseInt(value, 10)` (NaN → null, numeric 0
 * dropped, "0" kept). strict: a whole number or a string that is one; anything else left out.
 */
export function attributionId(source: unknown, path: string, profile: Profile): number | undefined {
  const raw = usableAt(source, path);
  // rudderstack: NaN stays NaN here and is sent as null by `compact`.
  if (profile === 'rudderstack') return raw ? jsParseInt(raw) : undefined;
  return strictInteger(raw);
}

/** RudderStack's required mapping: the value at `path` if usable, else `Missing required value from "<path>"`. */
export function requireValue(source: unknown, path: string, value?: unknown, field = path): unknown {
  const found = value === undefined ? usableAt(source, path) : value;
  if (!isUsable(found)) {
    throw new InstrumentationError(`Missing required value from ${JSON.stringify(path)}`, { code: 'MISSING_FIELD', field });
  }
  return found;
}

/** strict: a string or finite number as an id string Iterable accepts (non-empty, ≤ 512 bytes); else undefined. */
export function eventIdString(value: unknown): string | undefined {
  const id = idString(value);
  return id !== undefined && Buffer.byteLength(id) <= MAX_EVENT_ID_BYTES ? id : undefined;
}
