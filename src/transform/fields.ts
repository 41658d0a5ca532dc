/**
 * Field rules that several mappers share: campaign / template ids and required values.
 */
import { InstrumentationError } from '../errors.js';
import type { Profile } from '../settings.js';
import { MAX_EVENT_ID_BYTES } from '../iterable/endpoints.js';
import { dotPath, idString, isUsable, jsParseInt, strictInteger, usableAt, type DotPath } from './values.js';

/** Where track, page and purchase calls find their campaign and template ids, inside `properties`. */
export const AT_CAMPAIGN_ID = dotPath('campaignId');
export const AT_TEMPLATE_ID = dotPath('templateId');

/**
 * `campaignId` / `templateId`. rudderstack: truthy → `parseInt(value, 10)` (NaN → null, numeric 0
 * dropped, "0" kept). strict: a whole number or a string that is one; anything else left out.
 */
export function attributionId(properties: unknown, path: DotPath, profile: Profile): number | undefined {
  const raw = usableAt(properties, path);
  // rudderstack: NaN stays NaN here and is sent as null by `compact`.
  if (profile === 'rudderstack') return raw ? jsParseInt(raw) : undefined;
  return strictInteger(raw);
}

/**
 * RudderStack's required mapping: the value at `path` if usable, else `Missing required value from
 * "<path>"`. The error's field is `path`, or `<fieldPrefix>.<path>` for a value inside a list
 * (built only when the value is missing).
 */
export function requireValue(source: unknown, path: string, fieldPrefix?: string): unknown {
  const found = usableAt(source, path);
  if (!isUsable(found)) {
    const field = fieldPrefix === undefined ? path : `${fieldPrefix}.${path}`;
    throw new InstrumentationError(`Missing required value from ${JSON.stringify(path)}`, { code: 'MISSING_FIELD', field });
  }
  return found;
}

/** strict: a string or finite number as an id string Iterable accepts (non-empty, ≤ 512 bytes); else undefined. */
export function eventIdString(value: unknown): string | undefined {
  const id = idString(value);
  if (id === undefined) return undefined;
  // A UTF-16 unit is at most 3 UTF-8 bytes: short ids need no count.
  return id.length * 3 <= MAX_EVENT_ID_BYTES || Buffer.byteLength(id) <= MAX_EVENT_ID_BYTES ? id : undefined;
}
