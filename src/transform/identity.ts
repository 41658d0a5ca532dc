/**
 * The one place where email and userId are resolved (rudderstack-profile.md §4, product.md §9).
 *
 * Both are sent whenever found; there is no precedence logic. `preferUserId` is only forwarded.
 */
import { ConfigurationError, InstrumentationError } from '../errors.js';
import { describePathProblem, getAtSegments, parseUserPath } from '../guard/index.js';
import type { ResolvedSettings } from '../settings.js';
import { EventView, ownField } from './event-view.js';
import { idString, isUsable } from './values.js';

export const PLACEHOLDER_EMAIL_DOMAIN = 'placeholder.email';

export interface Identity {
  /** Values are raw JSON in the `rudderstack` profile; strings in `strict`. */
  email?: unknown;
  userId?: unknown;
}

/** The user's identity on identify, commerce and token calls (email from `traits`, else `context.traits`). */
export function userIdentity(view: EventView, settings: ResolvedSettings): Identity {
  return resolve(view, settings, view.traits);
}

/** The user's identity on track, page and screen calls (email from `properties`, not `traits`). */
export function eventIdentity(view: EventView, settings: ResolvedSettings): Identity {
  return resolve(view, settings, view.properties);
}

/**
 * Email: `<emailSource>.email`, else `context.traits.email`. userId: `userId`, `traits.userId`,
 * `traits.id`, `context.traits.userId`, `context.traits.id`, then (with anonymousIdFallback)
 * `anonymousId`; the first one usable (rudderstack) or that is an id (strict).
 */
function resolve(view: EventView, settings: ResolvedSettings, emailSource: unknown): Identity {
  const strict = settings.profile === 'strict';
  const read = strict ? nonEmptyString : usable;
  const email = read(ownField(emailSource, 'email')) ?? read(ownField(view.contextTraits, 'email'));
  const userId = settings.userIdPath
    ? configuredUserId(view.message, settings.userIdPath, strict)
    : chainUserId(view, strict ? idString : usable, settings.anonymousIdFallback);
  if (settings.placeholderEmail && !email && userId) {
    return { email: `${String(userId)}@${PLACEHOLDER_EMAIL_DOMAIN}`, userId };
  }
  return { email, userId };
}

function chainUserId(view: EventView, read: (value: unknown) => unknown, anonymousIdFallback: boolean): unknown {
  const { traits, contextTraits } = view;
  return (
    read(view.userId) ??
    read(ownField(traits, 'userId')) ??
    read(ownField(traits, 'id')) ??
    read(ownField(contextTraits, 'userId')) ??
    read(ownField(contextTraits, 'id')) ??
    (anonymousIdFallback ? read(view.anonymousId) : undefined)
  );
}

/** RudderStack's usable test as a reading: the value when usable, else undefined. */
function usable(value: unknown): unknown {
  return isUsable(value) ? value : undefined;
}

/** The value at the configured `userIdPath` (lodash path syntax, checked by the guard). */
function configuredUserId(message: unknown, userIdPath: string, strict: boolean): unknown {
  const path = parseUserPath(userIdPath);
  // Resolved settings have been checked already; this guards hand-built ones.
  if (!path.ok) {
    throw new ConfigurationError(`Invalid setting \`userIdPath\`: ${describePathProblem(path.problem)}`, { field: 'userIdPath' });
  }
  const value = getAtSegments(message, path.segments);
  if (strict) return idString(value);
  return isUsable(value) ? value : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export const MISSING_IDENTITY_MESSAGE = 'userId or email is mandatory for this request';

/** RudderStack's `validateMandatoryField`: email or userId must be truthy. */
export function requireIdentity(identity: Identity): InstrumentationError | undefined {
  if (identity.email || identity.userId) return undefined;
  return new InstrumentationError(MISSING_IDENTITY_MESSAGE, { code: 'MISSING_IDENTITY', field: 'userId' });
}

/** The traits object (root `traits`, else `context.traits`; the root wins, even when empty) and where it was found. */
export function traitsOf(view: EventView): { value: unknown; path: 'traits' | 'context.traits' | undefined } {
  if (isUsable(view.traits)) return { value: view.traits, path: 'traits' };
  if (isUsable(view.contextTraits)) return { value: view.contextTraits, path: 'context.traits' };
  return { value: undefined, path: undefined };
}
