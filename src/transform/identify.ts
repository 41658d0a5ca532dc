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
import { putCompact, type JsonObject } from './values.js';

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
  writeUserFields(body, putCompact, message, settings, identity);
  return body as unknown as UpdateUserBody;
}

/**
 * A user's fields, as both users/update and the `user` of purchase and cart calls carry them,
 * written into `out` in their final order, each through `put`. The callers clean them differently:
 * RudderStack cleans null out of top-level bodies only, so a nested `user` keeps a configured
 * `preferUserId: null`.
 */
export function writeUserFields(
  out: JsonObject,
  put: (out: JsonObject, key: string, value: unknown) => void,
  message: JsonObject,
  settings: ResolvedSettings,
  identity: Identity,
): void {
  put(out, 'email', identity.email);
  put(out, 'dataFields', userDataFields(message, settings, traitsValue(message)));
  put(out, 'userId', identity.userId);
  put(out, 'preferUserId', settings.preferUserId);
  put(out, 'mergeNestedObjects', settings.mergeNestedObjects);
}
