/**
 * Reverse-ETL (warehouse) identifies: RudderStack marks them with `context.mappedToDestination`
 * and names the Iterable object in `context.externalId` (`type: "ITERABLE-<object>"`).
 */
import { InstrumentationError, describeValue } from '../errors.js';
import { describePathProblem, parseUserPath } from '../guard/index.js';
import { dotPath, getPath, isObject, setPathCopy, type JsonObject } from './values.js';
import { traitsOf } from './identity.js';

const AT_CONTEXT = dotPath('context');
const AT_CONTEXT_EXTERNAL_ID = dotPath('context.externalId');
const AT_CONTEXT_MAPPED_TO_DESTINATION = dotPath('context.mappedToDestination');

export interface RetlObject {
  /** `users`, a catalog name, or null when no ITERABLE-* entry exists (→ `catalogs/null/items`). */
  objectType: string | null;
  id: unknown;
}

/** Any truthy value counts, even the string "false" (RudderStack's behaviour). */
export function isRetl(message: JsonObject): boolean {
  return Boolean(getPath(message, AT_CONTEXT_MAPPED_TO_DESTINATION));
}

function externalIds(message: JsonObject): unknown[] {
  const raw = getPath(message, AT_CONTEXT_EXTERNAL_ID);
  if (Array.isArray(raw)) return raw;
  if (isObject(raw) && Object.keys(raw).length > 0) return [raw];
  return [];
}

/** The last externalId whose `type` contains "ITERABLE-"; its type without that prefix is the object type. */
export function retlObject(message: JsonObject): RetlObject {
  const entries = externalIds(message);
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = entries[index];
    const type = isObject(entry) ? entry.type : undefined;
    if (typeof type === 'string' && type.includes('ITERABLE-')) {
      return { objectType: type.replace('ITERABLE-', ''), id: (entry as JsonObject).id };
    }
  }
  return { objectType: null, id: undefined };
}

const IDENTIFIER_TYPE_FIELD = 'context.externalId.0.identifierType';

/**
 * rETL users: `traits[externalId[0].identifierType] = externalId[0].id`, on the traits object the
 * traits chain finds (index 0 whatever its type — RudderStack's rule). Returns a new message; the
 * input is not touched. `identifierType` is a path (lodash syntax, as RudderStack's `set` reads it);
 * one that would reach an object prototype is refused (400), as is one over the length limit.
 */
export function withExternalIdTrait(message: JsonObject): JsonObject {
  const raw = getPath(message, AT_CONTEXT_EXTERNAL_ID);
  const first = Array.isArray(raw) ? raw[0] : undefined;
  if (!isObject(first)) return message;
  const identifierType = first.identifierType;
  if (typeof identifierType !== 'string' || identifierType.length === 0) return message;
  const traits = traitsOf(message);
  if (!isObject(traits.value)) return message;
  const path = parseUserPath(identifierType);
  if (!path.ok) {
    throw new InstrumentationError(
      `Invalid event field \`${IDENTIFIER_TYPE_FIELD}\`: ${describePathProblem(path.problem)}, got ${describeValue(identifierType)}`,
      { code: path.problem.kind === 'forbidden' ? 'FORBIDDEN_KEY' : 'INVALID_FIELD', field: IDENTIFIER_TYPE_FIELD },
    );
  }
  const updated = setPathCopy(traits.value, path.segments, first.id);
  if (traits.path === 'traits') return { ...message, traits: updated };
  const context = getPath(message, AT_CONTEXT) as JsonObject;
  return { ...message, context: { ...context, traits: updated } };
}
