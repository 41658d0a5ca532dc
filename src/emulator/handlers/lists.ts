/**
 * lists/subscribe and lists/unsubscribe (iterable-api.md §4). An unknown listId gets Iterable's
 * quirky `400 {code: "Success", msg: "error.lists.invalidListId(<id>)"}`.
 */
import { SubscribeBody, UnsubscribeBody } from '../../iterable/payloads.js';
import { BulkTally } from '../bulk-reply.js';
import { gateRecord, lookupForWrite, notFound, writeUser } from '../records.js';
import { apiReply, type Reply } from '../replies.js';
import type { EmulatorList } from '../types.js';
import { checkUserFieldTypes, requireIdentity, validateBody, type Handler, type HandlerContext } from '../validate.js';
import { identityOf } from './users.js';

/** The list, or the reply for a listId the project does not have. */
function findList(ctx: HandlerContext, listId: number): EmulatorList | Reply {
  return ctx.store.state.lists.get(listId) ?? apiReply(400, 'Success', `error.lists.invalidListId(${listId})`, { listId });
}

function requireIdentities(subscribers: readonly unknown[]): Reply | undefined {
  for (const [i, subscriber] of subscribers.entries()) {
    const missing = requireIdentity(subscriber, `subscribers[${i}]`);
    if (missing) return missing;
  }
  return undefined;
}

/** What both list endpoints check first: the body, the list, every subscriber's identity. */
function listRequest<T extends SubscribeBody | UnsubscribeBody>(
  ctx: HandlerContext,
  schema: typeof SubscribeBody | typeof UnsubscribeBody,
): { body: T; list: EmulatorList } | Reply {
  const invalid = validateBody(schema, ctx.body, ctx.strictBodies);
  if (invalid) return invalid;
  const body = ctx.body as T;
  const list = findList(ctx, body.listId);
  if ('status' in list) return list;
  return requireIdentities(body.subscribers) ?? { body, list };
}

export const subscribeToList: Handler = (ctx) => {
  const request = listRequest<SubscribeBody>(ctx, SubscribeBody);
  if ('status' in request) return request;
  const { body, list } = request;
  const types = checkUserFieldTypes(
    ctx.store,
    body.subscribers.map((subscriber) => subscriber.dataFields),
  );
  if (!types.ok) return types.reply;
  const tally = new BulkTally();
  tally.createdFields.push(...types.commit());
  for (const subscriber of body.subscribers) {
    const identity = identityOf(subscriber);
    const failure = gateRecord(identity, ctx.store, ctx.faults);
    if (failure) {
      tally.fail(failure);
      continue;
    }
    const lookup = lookupForWrite(identity, subscriber.dataFields, ctx.store);
    if (!lookup.ok) {
      tally.fail(lookup.failure);
      continue;
    }
    if (!lookup.user && body.updateExistingUsersOnly === true) {
      tally.fail(notFound(identity));
      continue;
    }
    const user = writeUser(ctx.store, identity, lookup.user, subscriber.dataFields, subscriber.mergeNestedObjects ?? false);
    list.members.add(user);
    tally.succeed();
  }
  return tally.reply('lists');
};

export const unsubscribeFromList: Handler = (ctx) => {
  const request = listRequest<UnsubscribeBody>(ctx, UnsubscribeBody);
  if ('status' in request) return request;
  const { body, list } = request;
  const tally = new BulkTally();
  for (const subscriber of body.subscribers) {
    const identity = identityOf(subscriber);
    const failure = gateRecord(identity, ctx.store, ctx.faults);
    if (failure) {
      tally.fail(failure);
      continue;
    }
    const resolution = ctx.store.resolve(identity);
    // Unknown users and non-members are both "not found" for unsubscribe.
    if (resolution.kind !== 'found' || !list.members.has(resolution.user)) {
      tally.fail(notFound(identity));
      continue;
    }
    list.members.delete(resolution.user);
    tally.succeed();
  }
  return tally.reply('lists');
};
