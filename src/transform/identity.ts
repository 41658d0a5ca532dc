/**
 * The one place where email and userId are resolved (rudderstack-profile.md §4, product.md §9).
 *
 * Both are sent whenever found; there is no precedence logic. `preferUserId` is only forwarded.
 */
import { ConfigurationError, InstrumentationError } from '../errors.js';
import { describePathProblem, getAtSegments, parseUserPath } from '../guard/index.js';
import type { ResolvedSettings } from '../settings.js';
import { dotPath, firstUsable, getPath, idString, isUsable, type DotPath } from './values.js';

const USER_ID_CHAIN = ['userId', 'traits.userId', 'traits.id', 'context.traits.userId', 'context.traits.id', 'anonymousId'].map(dotPath);
const USER_ID_CHAIN_NO_ANONYMOUS = USER_ID_CHAIN.slice(0, -1);
/** Where a user's email lives on identify, commerce and token calls. */
const PROFILE_EMAIL_CHAIN = ['traits.email', 'context.traits.email'].map(dotPath);
/** Where a user's email lives on track, page and screen calls (not `traits.email`). */
const EVENT_EMAIL_CHAIN = ['properties.email', 'context.traits.email'].map(dotPath);
/** The traits object: the root `traits` wins, even when empty. */
const TRAITS_CHAIN = [
  { at: dotPath('traits'), path: 'traits' },
  { at: dotPath('context.traits'), path: 'context.traits' },
] as const;

export const PLACEHOLDER_EMAIL_DOMAIN = 'placeholder.email';

export interface Identity {
  /** Values are raw JSON in the `rudderstack` profile; strings in `strict`. */
  email?: unknown;
  userId?: unknown;
}

export function userIdentity(message: unknown, settings: ResolvedSettings): Identity {
  return resolve(message, settings, PROFILE_EMAIL_CHAIN);
}

export function eventIdentity(message: unknown, settings: ResolvedSettings): Identity {
  return resolve(message, settings, EVENT_EMAIL_CHAIN);
}

function resolve(message: unknown, settings: ResolvedSettings, emailChain: readonly DotPath[]): Identity {
  const strict = settings.profile === 'strict';
  const email = strict ? firstOf(message, emailChain, nonEmptyString) : firstUsable(message, emailChain);
  const userId = settings.userIdPath
    ? configuredUserId(message, settings.userIdPath, strict)
    : strict
      ? firstOf(message, settings.anonymousIdFallback ? USER_ID_CHAIN : USER_ID_CHAIN_NO_ANONYMOUS, idString)
      : firstUsable(message, settings.anonymousIdFallback ? USER_ID_CHAIN : USER_ID_CHAIN_NO_ANONYMOUS);
  if (settings.placeholderEmail && !email && userId) {
    return { email: `${String(userId)}@${PLACEHOLDER_EMAIL_DOMAIN}`, userId };
  }
  return { email, userId };
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

function firstOf(message: unknown, chain: readonly DotPath[], read: (value: unknown) => string | undefined): string | undefined {
  for (const path of chain) {
    const value = read(getPath(message, path));
    if (value !== undefined) return value;
  }
  return undefined;
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

/** The traits object (root `traits`, else `context.traits`) and where it was found. */
export function traitsOf(message: unknown): { value: unknown; path: 'traits' | 'context.traits' | undefined } {
  for (const { at, path } of TRAITS_CHAIN) {
    const value = getPath(message, at);
    if (isUsable(value)) return { value, path };
  }
  return { value: undefined, path: undefined };
}
