/**
 * identify → users/update (rudderstack-profile.md §6.1), plus a token registration (§6.2, §6.3)
 * when the event carries a device or browser token and a registration key is configured.
 */
import type { UpdateUserBody } from '../iterable/payloads.js';
import type { ResolvedSettings } from '../settings.js';
import { requireIdentity, traitsValue, userIdentity, type Identity } from './identity.js';
import { userDataFields } from './mapping.js';
import { isRetl, withExternalIdTrait } from './retl.js';
import { tokenRegistration } from './tokens.js';
import type { IterableCall, MapInput, MapOutput } from './types.js';
import { cleaned, isKept, type JsonObject } from './values.js';

/** `retl`: whether the event is a warehouse (rETL) record, when the caller has looked already. */
export function mapIdentify(input: MapInput, retl: boolean = isRetl(input.message)): MapOutput {
  const message = retl ? withExternalIdTrait(input.message) : input.message;
  const { settings } = input;
  const identity = userIdentity(message, settings);
  const body = userBody(message, settings, identity);
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  const calls: IterableCall[] = [{ op: 'updateUser', body }];
  const registration = tokenRegistration(message === input.message ? input : { ...input, message }, identity);
  if (registration.call) calls.push(registration.call);
  return registration.warning ? { calls, warnings: [registration.warning] } : { calls };
}

/** The users/update body: the user's fields, with null and undefined top-level keys dropped. */
export function userBody(message: JsonObject, settings: ResolvedSettings, identity: Identity): UpdateUserBody {
  const body: JsonObject = {};
  writeUserFields(body, 'top-level', message, settings, identity);
  return body as unknown as UpdateUserBody;
}

/**
 * A user's fields, as both users/update and the `user` of purchase and cart calls carry them,
 * written into `out` in their final order, one named store per key (each store then sees only the
 * few shapes a body has at that point, which V8 keeps fast). The callers clean them differently:
 * RudderStack cleans only top-level bodies (null and undefined dropped, NaN sent as null), so a
 * `nested` user keeps a configured `preferUserId: null` and loses only undefined keys.
 */
export function writeUserFields(
  out: JsonObject,
  place: 'top-level' | 'nested',
  message: JsonObject,
  settings: ResolvedSettings,
  identity: Identity,
): void {
  const topLevel = place === 'top-level';
  const { email, userId } = identity;
  const dataFields = userDataFields(message, settings, traitsValue(message));
  const { preferUserId, mergeNestedObjects } = settings;
  if (keeps(email, topLevel)) out.email = topLevel ? cleaned(email) : email;
  if (keeps(dataFields, topLevel)) out.dataFields = topLevel ? cleaned(dataFields) : dataFields;
  if (keeps(userId, topLevel)) out.userId = topLevel ? cleaned(userId) : userId;
  if (keeps(preferUserId, topLevel)) out.preferUserId = preferUserId;
  if (keeps(mergeNestedObjects, topLevel)) out.mergeNestedObjects = mergeNestedObjects;
}

function keeps(value: unknown, topLevel: boolean): boolean {
  return topLevel ? isKept(value) : value !== undefined;
}
