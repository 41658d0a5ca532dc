/**
 * Subscription preferences (setting `subscriptionPreferences`): identify traits that hold them
 * (names from `subscriptionTraits`, by default the body field names `emailListIds`,
 * `unsubscribedChannelIds`, `unsubscribedMessageTypeIds`, `subscribedMessageTypeIds`) become one
 * `updateSubscriptions` call after the user update.
 *
 * Iterable overwrites each field sent, so only traits present on the event are sent: an absent
 * trait leaves that preference alone, an empty array clears it. Each id is a positive whole number
 * or a string of digits; a trait that is not such a list is left out with a warning (the user
 * update and the other preferences still go).
 */
import { InstrumentationError, describeValue } from '../errors.js';
import { SUBSCRIPTION_FIELDS, positiveId } from '../settings-extensions.js';
import { traitsOf, type Identity } from './identity.js';
import type { CallOf, MapInput, MapOutput } from './types.js';
import { compact, isObject } from './values.js';

export function subscriptionCalls(input: MapInput, identity: Identity): MapOutput {
  const names = input.settings.subscriptionTraits;
  if (!names) return { calls: [] };
  const traits = traitsOf(input.message);
  if (!isObject(traits.value)) return { calls: [] };
  const preferences: Record<string, number[]> = {};
  const warnings: InstrumentationError[] = [];
  for (const field of SUBSCRIPTION_FIELDS) {
    const name = names[field];
    // An own key only: a trait name is data, and inherited properties are not traits.
    if (!Object.hasOwn(traits.value, name)) continue;
    const raw = (traits.value as Record<string, unknown>)[name];
    const ids = Array.isArray(raw) ? raw.map(positiveId) : undefined;
    if (ids === undefined || ids.some((id) => id === undefined)) {
      warnings.push(
        new InstrumentationError(`Invalid trait \`${traits.path}.${name}\`: expected an array of positive whole numbers (Iterable ids for ${field}), got ${describeValue(raw)}`, {
          code: 'INVALID_FIELD',
          field: `${traits.path}.${name}`,
        }),
      );
      continue;
    }
    preferences[field] = [...new Set(ids as number[])];
  }
  if (Object.keys(preferences).length === 0) return warnings.length > 0 ? { calls: [], warnings } : { calls: [] };
  const call: CallOf<'updateSubscriptions'> = {
    op: 'updateSubscriptions',
    body: compact({ email: identity.email, userId: identity.userId, ...preferences }) as CallOf<'updateSubscriptions'>['body'],
  };
  return warnings.length > 0 ? { calls: [call], warnings } : { calls: [call] };
}
