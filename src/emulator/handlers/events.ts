/**
 * events/track and events/trackBulk (iterable-api.md §2): an event `id` already seen updates that
 * event instead of adding one; blocked event names fail (single) or are listed (bulk).
 */
import { ENDPOINTS } from '../../iterable/endpoints.js';
import { TrackBulkBody, TrackEventBody } from '../../iterable/payloads.js';
import { BulkTally } from '../bulk-reply.js';
import { gateRecord, lookupForWrite, singleFailureReply, writeUser, type RecordFailure } from '../records.js';
import { badParams, success } from '../replies.js';
import { requireIdentity, validateBody, type Handler, type HandlerContext } from '../validate.js';
import { identityOf } from './users.js';

/** Stores one event (creating its user when unknown); returns its id or why it failed. */
function track(ctx: HandlerContext, event: TrackEventBody, via: 'track' | 'trackBulk'): { id: string } | { failure: RecordFailure } {
  const identity = identityOf(event);
  const failure = gateRecord(identity, ctx.store, ctx.faults);
  if (failure) return { failure };
  const lookup = lookupForWrite(identity, undefined, ctx.store);
  if (!lookup.ok) return { failure: lookup.failure };
  writeUser(ctx.store, identity, lookup.user, undefined, false);
  const id = ctx.store.recordEvent({
    id: event.id,
    eventName: event.eventName,
    ...(identity.email === undefined ? {} : { email: identity.email }),
    ...(identity.userId === undefined ? {} : { userId: identity.userId }),
    ...(event.createdAt === undefined ? {} : { createdAt: event.createdAt }),
    ...(event.dataFields === undefined ? {} : { dataFields: event.dataFields }),
    ...(event.campaignId === undefined ? {} : { campaignId: event.campaignId }),
    ...(event.templateId === undefined ? {} : { templateId: event.templateId }),
    via,
  });
  return { id };
}

export const trackEvent: Handler = (ctx) => {
  const invalid = validateBody(TrackEventBody, ctx.body, ctx.strictBodies) ?? requireIdentity(ctx.body, 'body');
  if (invalid) return invalid;
  const event = ctx.body as TrackEventBody;
  if (ctx.disallowedEventNames.has(event.eventName)) {
    return badParams(`Event name ${event.eventName} is disallowed from tracking`, { eventName: event.eventName });
  }
  const result = track(ctx, event, 'track');
  if ('failure' in result) return singleFailureReply(result.failure);
  return success(`Event with id: ${result.id} tracked.`, { id: result.id });
};

export const trackBulk: Handler = (ctx) => {
  const invalid = validateBody(TrackBulkBody, ctx.body, ctx.strictBodies, ENDPOINTS.trackBulk.path);
  if (invalid) return invalid;
  const body = ctx.body as TrackBulkBody;
  for (const [i, event] of body.events.entries()) {
    const missing = requireIdentity(event, `events[${i}]`);
    if (missing) return missing;
  }
  const tally = new BulkTally();
  for (const event of body.events) {
    if (ctx.disallowedEventNames.has(event.eventName)) {
      tally.failDisallowed(event.eventName);
      continue;
    }
    const result = track(ctx, event, 'trackBulk');
    if ('failure' in result) tally.fail(result.failure);
    else tally.succeed();
  }
  return tally.reply('events');
};
