/**
 * users/updateSubscriptions and users/bulkUpdateSubscriptions. Like Iterable, every field sent
 * overwrites (never merges): `emailListIds` makes the user a member of exactly those lists, the
 * other arrays replace what the user had. Unknown users are created. The bulk reply is Iterable's
 * `BulkUpdateSubscriptionsResponse`: malformed identifiers under `invalidEmails` / `invalidUserIds`,
 * records that could not be applied (a list the project does not have) under
 * `validEmailFailures` / `validUserIdFailures`.
 */
import { BulkUpdateSubscriptionsBody, UpdateSubscriptionsBody } from '../../ops/update-subscriptions.js';
import { gateRecord, lookupForWrite, singleFailureReply, writeUser } from '../records.js';
import { apiReply, json, success, type Reply } from '../replies.js';
import type { Store } from '../store.js';
import type { EmulatorUser } from '../types.js';
import { requireIdentity, validateBody, type Handler, type HandlerContext } from '../validate.js';
import { identityOf } from './users.js';

type Applied = { ok: true } | { ok: false; reply: Reply; key: 'invalid' | 'failure' };

const PREFERENCE_FIELDS = ['unsubscribedChannelIds', 'unsubscribedMessageTypeIds', 'subscribedMessageTypeIds'] as const;

function apply(ctx: HandlerContext, request: UpdateSubscriptionsBody): Applied {
  const identity = identityOf(request);
  const failure = gateRecord(identity, ctx.store, ctx.faults);
  if (failure) return { ok: false, reply: singleFailureReply(failure), key: 'invalid' };
  const lookup = lookupForWrite(identity, undefined, ctx.store);
  if (!lookup.ok) return { ok: false, reply: singleFailureReply(lookup.failure), key: 'invalid' };
  const unknown = (request.emailListIds ?? []).find((id) => !ctx.store.state.lists.has(id));
  if (unknown !== undefined) return { ok: false, reply: apiReply(400, 'BadParams', `error.lists.invalidListId(${unknown})`, { listId: unknown }), key: 'failure' };
  const user = writeUser(ctx.store, identity, lookup.user, undefined, false);
  overwrite(ctx.store, user, request);
  return { ok: true };
}

function overwrite(store: Store, user: EmulatorUser, request: UpdateSubscriptionsBody): void {
  if (request.emailListIds !== undefined) {
    const keep = new Set(request.emailListIds);
    for (const list of store.state.lists.values()) {
      if (keep.has(list.id)) list.members.add(user);
      else list.members.delete(user);
    }
  }
  for (const field of PREFERENCE_FIELDS) {
    const ids = request[field];
    if (ids !== undefined) user.subscriptions[field] = [...ids];
  }
  user.updatedAt = store.now();
}

export const updateSubscriptions: Handler = (ctx) => {
  const invalid = validateBody(UpdateSubscriptionsBody, ctx.body, ctx.strictBodies) ?? requireIdentity(ctx.body, 'body');
  if (invalid) return invalid;
  const applied = apply(ctx, ctx.body as UpdateSubscriptionsBody);
  return applied.ok ? success() : applied.reply;
};

export const bulkUpdateSubscriptions: Handler = (ctx) => {
  const invalid = validateBody(BulkUpdateSubscriptionsBody, ctx.body, ctx.strictBodies);
  if (invalid) return invalid;
  const body = ctx.body as BulkUpdateSubscriptionsBody;
  for (const [i, request] of body.updateSubscriptionsRequests.entries()) {
    const missing = requireIdentity(request, `updateSubscriptionsRequests[${i}]`);
    if (missing) return missing;
  }
  const reply = { successCount: 0, failCount: 0, invalidEmails: [] as string[], invalidUserIds: [] as string[], validEmailFailures: [] as string[], validUserIdFailures: [] as string[] };
  for (const request of body.updateSubscriptionsRequests) {
    const applied = apply(ctx, request);
    if (applied.ok) {
      reply.successCount += 1;
      continue;
    }
    reply.failCount += 1;
    const byEmail = request.email !== undefined;
    const list = applied.key === 'invalid' ? (byEmail ? reply.invalidEmails : reply.invalidUserIds) : byEmail ? reply.validEmailFailures : reply.validUserIdFailures;
    const value = (byEmail ? request.email : request.userId) as string;
    if (!list.includes(value)) list.push(value);
  }
  return json(200, reply);
};
