/**
 * List subscriptions (product.md §9, iterable-api.md §4): an identify joins `listId` and its own
 * `integrations.Iterable.listIds`; an audience enter / exit track subscribes / unsubscribes its user
 * instead of being tracked. Off unless configured. One subscriber per call: the planner merges
 * the subscribers of one list into one request.
 *
 * Subscribers carry identity only, never dataFields: the identify's `updateUser` already carries
 * them (it is planned before list calls), so repeating them would double the bytes for nothing.
 */
import { ConfigurationError, InstrumentationError, describeValue } from '../errors.js';
import type { ListSubscriber, SubscribeBody, UnsubscribeBody } from '../iterable/payloads.js';
import type { ResolvedSettings } from '../settings.js';
import { positiveId } from '../settings-extensions.js';
import { eventIdentity, requireIdentity, type Identity } from './identity.js';
import type { IterableCall, MapInput, MapOutput } from './types.js';
import { compact, dotPath, getPath, idString } from './values.js';

const AT_EVENT = dotPath('event');
const AT_PROPERTIES_AUDIENCE_KEY = dotPath('properties.audience_key');
const AT_PROPERTIES_LIST_ID = dotPath('properties.list_id');

const EVENT_LIST_IDS_PATH = 'integrations.Iterable.listIds';
const AT_EVENT_LIST_IDS = dotPath(EVENT_LIST_IDS_PATH);
/** Most identifies name no list: one shared, frozen empty answer instead of two new arrays each. */
const NO_EVENT_LISTS: { ids: number[]; warnings: InstrumentationError[] } = Object.freeze({
  ids: Object.freeze([]) as unknown as number[],
  warnings: Object.freeze([]) as unknown as InstrumentationError[],
});
const NO_LIST_CALLS: MapOutput = Object.freeze({ calls: Object.freeze([]) as unknown as IterableCall[] });

/**
 * Extra list calls for an identify; none unless list settings (or, in `strict`, the event) ask for
 * them. A list id in the event that is not one is a warning: the user update and the other lists
 * still go (product.md §4: optional parts that cannot be built are reported, never fatal).
 */
export function listCallsForIdentify(input: MapInput, identify: MapOutput): MapOutput {
  const { message, settings } = input;
  const fromEvent = readsEventLists(settings) ? eventListIds(message) : NO_EVENT_LISTS;
  // Most identifies join no list: nothing to build.
  if (settings.listId === undefined && fromEvent.ids.length === 0) return fromEvent.warnings.length > 0 ? { calls: [], warnings: fromEvent.warnings } : NO_LIST_CALLS;
  const listIds = unique([settings.listId, ...fromEvent.ids]);
  // The identify's own user update: the list subscriber is the same user, resolved once.
  const update = identify.calls.find((call) => call.op === 'updateUser');
  const calls = update && listIds.length > 0 ? listIds.map((listId) => subscribeCall(listId, { email: update.body.email, userId: update.body.userId }, settings)) : [];
  return fromEvent.warnings.length > 0 ? { calls, warnings: fromEvent.warnings } : { calls };
}

/**
 * `integrations.Iterable.listIds` is ours, not RudderStack's: the `rudderstack` profile reads it
 * only when the config opted into lists, so a RudderStack pipeline's output stays RudderStack's.
 */
function readsEventLists(settings: ResolvedSettings): boolean {
  return settings.profile === 'strict' || settings.listId !== undefined || settings.audiencesEnabled;
}

/** The event's list ids (one id or an array, each a positive whole number or digit string); the rest as warnings. */
function eventListIds(message: unknown): { ids: number[]; warnings: InstrumentationError[] } {
  const raw = getPath(message, AT_EVENT_LIST_IDS);
  if (raw === undefined || raw === null) return NO_EVENT_LISTS;
  const items = Array.isArray(raw) ? raw : [raw];
  const ids: number[] = [];
  const warnings: InstrumentationError[] = [];
  items.forEach((item, index) => {
    const id = positiveId(item);
    if (id !== undefined) {
      ids.push(id);
      return;
    }
    const field = Array.isArray(raw) ? `${EVENT_LIST_IDS_PATH}.${index}` : EVENT_LIST_IDS_PATH;
    warnings.push(
      new InstrumentationError(`Invalid event field \`${field}\`: expected a positive whole number (an Iterable list id), got ${describeValue(item)}`, {
        code: 'INVALID_FIELD',
        field,
      }),
    );
  });
  return { ids, warnings };
}

/** An audience enter / exit track becomes a list call instead of an event; undefined otherwise. */
export function mapListEvent(input: MapInput): MapOutput | undefined {
  const { message, settings } = input;
  if (!settings.audiencesEnabled) return undefined;
  const name = getPath(message, AT_EVENT);
  if (typeof name !== 'string') return undefined;
  // Case-insensitive, like the e-commerce event names.
  const entered = name.toLowerCase() === settings.audienceEnteredEvent.toLowerCase();
  const exited = name.toLowerCase() === settings.audienceExitedEvent.toLowerCase();
  if (!entered && !exited) return undefined;
  const listId = audienceListId(message, settings, name);
  const identity = eventIdentity(message, settings);
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return { calls: [entered ? subscribeCall(listId, identity, settings) : unsubscribeCall(listId, identity, settings)] };
}

/** `properties.audience_key` through `audienceLists` wins; else `properties.list_id`; else an error naming both. */
function audienceListId(message: unknown, settings: ResolvedSettings, eventName: string): number {
  const rawKey = getPath(message, AT_PROPERTIES_AUDIENCE_KEY);
  if (rawKey !== undefined && rawKey !== null && rawKey !== '') {
    const key = idString(rawKey);
    if (key === undefined) {
      throw new InstrumentationError(`Invalid event field \`properties.audience_key\`: expected a string, got ${describeValue(rawKey)}`, {
        code: 'INVALID_FIELD',
        field: 'properties.audience_key',
      });
    }
    const lists = settings.audienceLists ?? {};
    if (Object.hasOwn(lists, key)) return lists[key] as number;
    throw unknownAudience(key, lists);
  }
  const rawListId = getPath(message, AT_PROPERTIES_LIST_ID);
  if (rawListId !== undefined && rawListId !== null && rawListId !== '') {
    const listId = positiveId(rawListId);
    if (listId !== undefined) return listId;
    throw new InstrumentationError(
      `Invalid event field \`properties.list_id\`: expected a positive whole number (an Iterable list id), got ${describeValue(rawListId)}`,
      { code: 'INVALID_FIELD', field: 'properties.list_id' },
    );
  }
  throw new InstrumentationError(
    `An ${JSON.stringify(eventName)} track needs \`properties.audience_key\` (a key of \`audienceLists\`) or \`properties.list_id\`, got neither`,
    { code: 'MISSING_FIELD', field: 'properties.audience_key' },
  );
}

/**
 * A ConfigurationError: the event names an audience correctly, the settings lack its list.
 * Adding the key to `audienceLists` fixes every such event at once.
 */
function unknownAudience(key: string, lists: Readonly<Record<string, number>>): ConfigurationError {
  const known = Object.keys(lists);
  const shown = known.length === 0 ? 'none' : known.slice(0, 5).map((k) => JSON.stringify(k)).join(', ') + (known.length > 5 ? ', …' : '');
  return new ConfigurationError(
    `Unknown audience key ${JSON.stringify(key)} in \`properties.audience_key\`: \`audienceLists\` has no list for it (known keys: ${shown})`,
    { code: 'UNKNOWN_AUDIENCE', field: 'audienceLists' },
  );
}

function subscribeCall(listId: number, identity: Identity, settings: ResolvedSettings): IterableCall {
  const subscriber = compact({ email: identity.email, userId: identity.userId, preferUserId: settings.preferUserId }) as ListSubscriber;
  const body = compact({
    listId,
    subscribers: [subscriber],
    // Only respected by Iterable in userID-based and hybrid projects (iterable-api.md §4.1).
    updateExistingUsersOnly: settings.syncMode === 'updateOnly' ? true : undefined,
  }) as SubscribeBody;
  return { op: 'subscribeToList', body };
}

function unsubscribeCall(listId: number, identity: Identity, settings: ResolvedSettings): IterableCall {
  const subscriber = compact({ email: identity.email, userId: identity.userId }) as UnsubscribeBody['subscribers'][number];
  const body = compact({
    listId,
    subscribers: [subscriber],
    campaignId: settings.campaignId,
    channelUnsubscribe: settings.channelUnsubscribe,
  }) as UnsubscribeBody;
  return { op: 'unsubscribeFromList', body };
}

function unique(ids: ReadonlyArray<number | undefined>): number[] {
  return [...new Set(ids.filter((id): id is number => id !== undefined))];
}
