/**
 * The one place where email and userId are resolved (rudderstack-profile.md §4, product.md §9).
 *
 * Both are sent whenever found; there is no precedence logic. `preferUserId` is only forwarded.
 */
import { ConfigurationError, InstrumentationError } from '../errors.js';
import { describePathProblem, getAtSegments, parseUserPath } from '../guard/index.js';
import type { ResolvedSettings } from '../settings.js';
import { dotPath, getPath, idString, isUsable, type DotPath } from './values.js';

/** The traits object: the root `traits` wins, even when empty. */
const TRAITS_CHAIN = [dotPath('traits'), dotPath('context.traits')];
const AT_TRAITS = TRAITS_CHAIN[0] as DotPath;

export const PLACEHOLDER_EMAIL_DOMAIN = 'placeholder.email';

export interface Identity {
  /** Values are raw JSON in the `rudderstack` profile; strings in `strict`. */
  email?: unknown;
  userId?: unknown;
}

/** Identify, commerce and token calls: email from `traits.email`, else `context.traits.email`. */
export function userIdentity(message: unknown, settings: ResolvedSettings): Identity {
  return resolve(message, settings, 'traits');
}

/** Track, page and screen calls: email from `properties.email`, else `context.traits.email` (never `traits.email`). */
export function eventIdentity(message: unknown, settings: ResolvedSettings): Identity {
  return resolve(message, settings, 'properties');
}

const hasOwn = Object.prototype.hasOwnProperty;

type Fields = Record<string, unknown>;

/** `source` when it is an object or an array (something `getPath` would step into), else undefined. */
function container(source: unknown): Fields | undefined {
  return source !== null && typeof source === 'object' ? (source as Fields) : undefined;
}

/**
 * The email and userId chains, first found wins, each object on the way read once (the chains
 * share `traits` and `context.traits`), own properties only, as `getPath` reads them:
 * - email: `<emailSource>.email`, `context.traits.email`;
 * - userId: `userId`, `traits.userId`, `traits.id`, `context.traits.userId`, `context.traits.id`,
 *   then `anonymousId` when `anonymousIdFallback` is on; or the configured `userIdPath` alone.
 * strict takes the first non-empty string email and the first id (a non-empty string or a finite
 * number, as a string); rudderstack the first usable value, raw.
 *
 * Every read is written out by name: each read site then sees only the few shapes of one kind of
 * object (events, traits, contexts), which V8 reads much faster than one shared lookup of any key.
 */
function resolve(message: unknown, settings: ResolvedSettings, emailSource: 'traits' | 'properties'): Identity {
  const strict = settings.profile === 'strict';
  const pickEmail = strict ? nonEmptyString : usableValue;
  const pickId = strict ? idString : usableValue;
  const event = container(message);
  const context = container(event && hasOwn.call(event, 'context') ? event.context : undefined);
  const contextTraits = container(context && hasOwn.call(context, 'traits') ? context.traits : undefined);
  const traits = container(event && hasOwn.call(event, 'traits') ? event.traits : undefined);
  const emailHolder = emailSource === 'traits' ? traits : container(event && hasOwn.call(event, 'properties') ? event.properties : undefined);
  const email =
    pickEmail(emailHolder && hasOwn.call(emailHolder, 'email') ? emailHolder.email : undefined) ??
    pickEmail(contextTraits && hasOwn.call(contextTraits, 'email') ? contextTraits.email : undefined);
  let userId: unknown;
  if (settings.userIdPath) {
    userId = configuredUserId(message, settings.userIdPath, strict);
  } else {
    userId =
      pickId(event && hasOwn.call(event, 'userId') ? event.userId : undefined) ??
      pickId(traits && hasOwn.call(traits, 'userId') ? traits.userId : undefined) ??
      pickId(traits && hasOwn.call(traits, 'id') ? traits.id : undefined) ??
      pickId(contextTraits && hasOwn.call(contextTraits, 'userId') ? contextTraits.userId : undefined) ??
      pickId(contextTraits && hasOwn.call(contextTraits, 'id') ? contextTraits.id : undefined) ??
      (settings.anonymousIdFallback ? pickId(event && hasOwn.call(event, 'anonymousId') ? event.anonymousId : undefined) : undefined);
  }
  if (settings.placeholderEmail && !email && userId) {
    return { email: `${String(userId)}@${PLACEHOLDER_EMAIL_DOMAIN}`, userId };
  }
  return { email, userId };
}

function usableValue(value: unknown): unknown {
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

/** The traits object: root `traits` if usable, else `context.traits`. */
export function traitsValue(message: unknown): unknown {
  for (const at of TRAITS_CHAIN) {
    const value = getPath(message, at);
    if (isUsable(value)) return value;
  }
  return undefined;
}

/** The traits object (root `traits`, else `context.traits`) and where it was found. */
export function traitsOf(message: unknown): { value: unknown; path: 'traits' | 'context.traits' | undefined } {
  const value = traitsValue(message);
  if (value === undefined) return { value, path: undefined };
  // The root wins when usable, and a usable value equals only itself (NaN is never usable).
  return { value, path: value === getPath(message, AT_TRAITS) ? 'traits' : 'context.traits' };
}
