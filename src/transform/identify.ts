/**
 * identify → users/update (rudderstack-profile.md §6.1), plus a token registration (§6.2, §6.3)
 * when the event carries a device or browser token and a registration key is configured.
 */
import type { UpdateUserBody } from '../iterable/payloads.js';
import type { ResolvedSettings } from '../settings.js';
import { requireIdentity, traitsOf, userIdentity, type Identity } from './identity.js';
import { userDataFields } from './mapping.js';
import { isRetl, withExternalIdTrait } from './retl.js';
import { tokenRegistration } from './tokens.js';
import type { IterableCall, MapInput, MapOutput } from './types.js';
import { compact, type JsonObject } from './values.js';

export function mapIdentify(input: MapInput): MapOutput {
  const message = isRetl(input.message) ? withExternalIdTrait(input.message) : input.message;
  const { settings } = input;
  const identity = userIdentity(message, settings);
  const body = userBody(message, settings, identity);
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  const calls: IterableCall[] = [{ op: 'updateUser', body }];
  const registration = tokenRegistration({ ...input, message }, identity);
  if (registration.call) calls.push(registration.call);
  return registration.warning ? { calls, warnings: [registration.warning] } : { calls };
}

/** The users/update body; also the `user` of purchase and cart calls (without null-cleaning there). */
export function userBody(message: JsonObject, settings: ResolvedSettings, identity: Identity): UpdateUserBody {
  return compact({
    email: identity.email,
    dataFields: userDataFields(message, settings, traitsOf(message).value),
    userId: identity.userId,
    preferUserId: settings.preferUserId,
    mergeNestedObjects: settings.mergeNestedObjects,
  }) as UpdateUserBody;
}
