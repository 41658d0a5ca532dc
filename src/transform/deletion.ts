/**
 * User deletion as a call: `deleteUser({ email } | { userId })` of the library, and the tombstones
 * of syncMode `mirror` (a track named `tombstoneEvent`, default "Record Removed", or an identify
 * with `context.removed: true`): the source says the record is gone, so the user goes too.
 *
 * In the other sync modes a tombstone is refused (400) with a message naming the mode that
 * allows it, so a source that sends removals never has them silently tracked as plain events.
 * The `rudderstack` profile sees tombstones only when `syncMode` is `mirror`, so RudderStack's
 * own output is unchanged.
 */
import { ConfigurationError, InstrumentationError, describeValue } from '../errors.js';
import type { ResolvedSettings } from '../settings.js';
import { eventIdentity, requireIdentity, userIdentity } from './identity.js';
import type { CallOf, MapInput, MapOutput } from './types.js';
import { dotPath, getPath, isObject } from './values.js';

const AT_CONTEXT_REMOVED = dotPath('context.removed');
const AT_EMAIL = dotPath('email');
const AT_USER_ID = dotPath('userId');

export const TOMBSTONE_NEEDS_MIRROR = 'TOMBSTONE_NEEDS_MIRROR';

/** The call that deletes the user named by `who` (`{ email }` or `{ userId }`, non-empty strings). */
export function deletionCall(who: unknown): CallOf<'deleteUser'> {
  if (!isObject(who)) {
    throw new InstrumentationError(`Expected the user to delete to be { email } or { userId }, got ${describeValue(who)}`, { code: 'MISSING_IDENTITY' });
  }
  const email = getPath(who, AT_EMAIL);
  const userId = getPath(who, AT_USER_ID);
  if (email !== undefined && userId !== undefined) {
    throw new InstrumentationError('Expected the user to delete to be named by one of `email` or `userId`, got both', { code: 'INVALID_FIELD', field: 'userId' });
  }
  if (userId !== undefined) return { op: 'deleteUser', body: { userId: idText('userId', userId) } };
  if (email !== undefined) return { op: 'deleteUser', body: { email: idText('email', email) } };
  throw new InstrumentationError('Expected the user to delete to have an `email` or a `userId`, got neither', { code: 'MISSING_IDENTITY', field: 'userId' });
}

function idText(field: 'email' | 'userId', value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (field === 'userId' && typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new InstrumentationError(`Expected \`${field}\` of the user to delete to be a non-empty string, got ${describeValue(value)}`, { code: 'INVALID_FIELD', field });
}

/** Whether the event is a tombstone these settings must look at. */
export function isTombstone(input: MapInput, trackName: string | undefined): boolean {
  const { settings } = input;
  if (settings.profile !== 'strict' && settings.syncMode !== 'mirror') return false;
  if (input.type === 'track') return trackName !== undefined && trackName === lowerCased(settings.tombstoneEvent);
  return input.type === 'identify' && getPath(input.message, AT_CONTEXT_REMOVED) === true;
}

let lastName = '';
let lastLowerCased = '';
/** `name.toLowerCase()`, remembered for the last name: every track compares with the same settings' name. */
function lowerCased(name: string): string {
  if (name !== lastName) {
    lastLowerCased = name.toLowerCase();
    lastName = name;
  }
  return lastLowerCased;
}

/** A tombstone's deletion call (syncMode mirror), or the 400 that names the mode that allows it. */
export function mapTombstone(input: MapInput): MapOutput {
  const { settings, message } = input;
  const what = input.type === 'track' ? `a track named ${describeValue(settings.tombstoneEvent)}` : 'an identify with `context.removed: true`';
  if (settings.syncMode !== 'mirror') throw notMirrored(what, settings);
  const identity = input.type === 'track' ? eventIdentity(message, settings) : userIdentity(message, settings);
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  // By userId when there is one: it works in every project type (email deletion does not in userID-based ones).
  const who = identity.userId !== undefined && identity.userId !== null && identity.userId !== '' ? { userId: identity.userId } : { email: identity.email };
  return { calls: [deletionCall(who)] };
}

function notMirrored(what: string, settings: ResolvedSettings): ConfigurationError {
  return new ConfigurationError(
    `This event is a tombstone (${what}), which deletes the user only in syncMode "mirror"; this destination's syncMode is ${describeValue(settings.syncMode)}`,
    { code: TOMBSTONE_NEEDS_MIRROR, field: 'syncMode' },
  );
}
