/**
 * commerce/trackPurchase and commerce/updateCart (iterable-api.md §3): both update the user from
 * `user`; a purchase (upserted by id) clears the cart, updateCart replaces it whole.
 */
import { TrackPurchaseBody, UpdateCartBody } from '../../iterable/payloads.js';
import { gateRecord, lookupForWrite, singleFailureReply, writeUser } from '../records.js';
import { success, type Reply } from '../replies.js';
import type { EmulatorUser } from '../types.js';
import { checkUserFieldTypes, requireIdentity, validateBody, type HandlerContext, type Handler } from '../validate.js';
import { identityOf } from './users.js';

function withPurchaser(ctx: HandlerContext, user: UpdateCartBody['user'], act: (stored: EmulatorUser) => Reply): Reply {
  const identity = identityOf(user);
  const failure = gateRecord(identity, ctx.store, ctx.faults);
  if (failure) return singleFailureReply(failure);
  const types = checkUserFieldTypes(ctx.store, [user.dataFields]);
  if (!types.ok) return types.reply;
  const lookup = lookupForWrite(identity, user.dataFields, ctx.store);
  if (!lookup.ok) return singleFailureReply(lookup.failure);
  types.commit();
  return act(writeUser(ctx.store, identity, lookup.user, user.dataFields, user.mergeNestedObjects ?? false));
}

export const trackPurchase: Handler = (ctx) => {
  const invalid = validateBody(TrackPurchaseBody, ctx.body, ctx.strictBodies) ?? requireIdentity((ctx.body as { user?: unknown }).user, 'user');
  if (invalid) return invalid;
  const body = ctx.body as TrackPurchaseBody;
  return withPurchaser(ctx, body.user, (user) => {
    ctx.store.setCart(user, []);
    const id = ctx.store.recordPurchase({
      id: body.id,
      ...(user.email === undefined ? {} : { email: user.email }),
      ...(user.userId === undefined ? {} : { userId: user.userId }),
      items: body.items,
      total: body.total,
      ...(body.createdAt === undefined ? {} : { createdAt: body.createdAt }),
      ...(body.dataFields === undefined ? {} : { dataFields: body.dataFields }),
      ...(body.campaignId === undefined ? {} : { campaignId: body.campaignId }),
      ...(body.templateId === undefined ? {} : { templateId: body.templateId }),
    });
    return success(`Purchase with id: ${id} tracked.`, { id });
  });
};

export const updateCart: Handler = (ctx) => {
  const invalid = validateBody(UpdateCartBody, ctx.body, ctx.strictBodies) ?? requireIdentity((ctx.body as { user?: unknown }).user, 'user');
  if (invalid) return invalid;
  const body = ctx.body as UpdateCartBody;
  return withPurchaser(ctx, body.user, (user) => {
    ctx.store.setCart(user, body.items);
    return success();
  });
};
