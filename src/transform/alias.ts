/**
 * alias → users/updateEmail (rudderstack-profile.md §6.9): the previous id is the current email,
 * the new userId the new email.
 */
import type { UpdateEmailBody } from '../iterable/payloads.js';
import { requireValue } from './fields.js';
import type { MapInput, MapOutput } from './types.js';
import { safeString } from './values.js';

export function mapAlias({ message, settings }: MapInput): MapOutput {
  const currentEmail = requireValue(message, 'previousId');
  const newEmail = requireValue(message, 'userId');
  const strict = settings.profile === 'strict';
  const body = (strict
    ? { currentEmail: safeString(currentEmail), newEmail: safeString(newEmail) }
    : { currentEmail, newEmail }) as UpdateEmailBody;
  return { calls: [{ op: 'updateEmail', body }] };
}
