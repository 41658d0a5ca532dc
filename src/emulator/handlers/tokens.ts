/**
 * users/registerDeviceToken and users/registerBrowserToken (iterable-api.md §1.4, §1.5): both create
 * the user when unknown and refuse a 501st token per user with a 400.
 */
import { RegisterBrowserTokenBody, RegisterDeviceTokenBody } from '../../iterable/payloads.js';
import { gateRecord, lookupForWrite, singleFailureReply, writeUser } from '../records.js';
import { badParams, success, type Reply } from '../replies.js';
import { requireIdentity, validateBody, type Handler, type HandlerContext } from '../validate.js';
import type { EmulatorUser } from '../types.js';
import { identityOf } from './users.js';

/** Iterable's per-user cap for devices and for browser tokens. */
const MAX_TOKENS_PER_USER = 500;

function withUser(ctx: HandlerContext, body: { email?: string; userId?: string }, act: (user: EmulatorUser) => Reply): Reply {
  const identity = identityOf(body);
  const failure = gateRecord(identity, ctx.store, ctx.faults);
  if (failure) return singleFailureReply(failure);
  const lookup = lookupForWrite(identity, undefined, ctx.store);
  if (!lookup.ok) return singleFailureReply(lookup.failure);
  return act(writeUser(ctx.store, identity, lookup.user, undefined, false));
}

export const registerDeviceToken: Handler = (ctx) => {
  const invalid = validateBody(RegisterDeviceTokenBody, ctx.body, ctx.strictBodies) ?? requireIdentity(ctx.body, 'body');
  if (invalid) return invalid;
  const body = ctx.body as RegisterDeviceTokenBody;
  return withUser(ctx, body, (user) => {
    const { token, platform, applicationName, dataFields } = body.device;
    const existing = user.devices.find((device) => device.token === token);
    if (existing) {
      Object.assign(existing, { platform, applicationName });
      if (dataFields) existing.dataFields = { ...existing.dataFields, ...dataFields };
      return success();
    }
    if (user.devices.length >= MAX_TOKENS_PER_USER) {
      return badParams(`Too many devices: a user can have at most ${MAX_TOKENS_PER_USER}`, { field: 'device.token' });
    }
    user.devices.push({ token, platform, applicationName, ...(dataFields ? { dataFields } : {}) });
    return success();
  });
};

export const registerBrowserToken: Handler = (ctx) => {
  const invalid = validateBody(RegisterBrowserTokenBody, ctx.body, ctx.strictBodies) ?? requireIdentity(ctx.body, 'body');
  if (invalid) return invalid;
  const body = ctx.body as RegisterBrowserTokenBody;
  return withUser(ctx, body, (user) => {
    if (user.browserTokens.includes(body.browserToken)) return success();
    if (user.browserTokens.length >= MAX_TOKENS_PER_USER) {
      return badParams(`Too many browser tokens: a user can have at most ${MAX_TOKENS_PER_USER}`, { field: 'browserToken' });
    }
    user.browserTokens.push(body.browserToken);
    return success();
  });
};
