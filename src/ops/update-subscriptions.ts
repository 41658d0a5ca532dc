/**
 * users/updateSubscriptions, folded into users/bulkUpdateSubscriptions: a user's subscription
 * preferences (the lists they are on, the channels and message types they left or joined).
 *
 * Iterable OVERWRITES every field the body carries (it does not merge): `emailListIds: [1]` leaves
 * the user on list 1 only. A field left out is left unchanged. Creates unknown users (by email).
 *
 * The bulk reply has its own shape: `successCount`, `failCount`, `invalidEmails`, `invalidUserIds`
 * (malformed identifiers: rejected) and `validEmailFailures`, `validUserIdFailures` (Iterable
 * failed internally: the record is resent alone, and rejected if it fails again).
 */
import { z } from 'zod';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/limits.js';
import { ApiResponse } from '../iterable/responses.js';
import { Identity, Int } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { unpublished } from './rates.js';

const Ids = z.array(Int.positive());

export const UpdateSubscriptionsBody = z
  .object({
    ...Identity,
    emailListIds: Ids.optional(),
    unsubscribedChannelIds: Ids.optional(),
    unsubscribedMessageTypeIds: Ids.optional(),
    subscribedMessageTypeIds: Ids.optional(),
    campaignId: Int.optional(),
    templateId: Int.optional(),
    validateChannelAlignment: z.boolean().optional(),
  })
  .strict();
export type UpdateSubscriptionsBody = z.infer<typeof UpdateSubscriptionsBody>;

export const BulkUpdateSubscriptionsBody = z.object({ updateSubscriptionsRequests: z.array(UpdateSubscriptionsBody).min(1) }).strict();
export type BulkUpdateSubscriptionsBody = z.infer<typeof BulkUpdateSubscriptionsBody>;

const Strings = z.array(z.string()).optional();
/** Iterable's `BulkUpdateSubscriptionsResponse` (every list is required there; read leniently here). */
export const BulkUpdateSubscriptionsReply = z
  .object({
    // Both counts are required numbers: a reply without them is not known to report on the batch.
    successCount: z.number(),
    failCount: z.number(),
    invalidEmails: Strings,
    invalidUserIds: Strings,
    validEmailFailures: Strings,
    validUserIdFailures: Strings,
  })
  .passthrough();
export type BulkUpdateSubscriptionsReply = z.infer<typeof BulkUpdateSubscriptionsReply>;

export const updateSubscriptions = defineOp({
  name: 'updateSubscriptions',
  summary: "Overwrite a user's subscription preferences (lists, unsubscribed channels and message types).",
  body: UpdateSubscriptionsBody,
  key: 'main',
  // After the flush's user updates, before its list calls: a list subscribe of the same flush is applied on top of the overwrite.
  phase: 1,
  createsUser: true,
  endpoints: [
    {
      name: 'updateSubscriptions',
      method: 'POST',
      path: '/api/users/updateSubscriptions',
      ...unpublished,
      body: UpdateSubscriptionsBody,
      reply: ApiResponse,
      handler: 'updateSubscriptions',
    },
    {
      name: 'bulkUpdateSubscriptions',
      method: 'POST',
      path: '/api/users/bulkUpdateSubscriptions',
      ...unpublished,
      body: BulkUpdateSubscriptionsBody,
      reply: BulkUpdateSubscriptionsReply,
      recordReplies: true,
      failureLists: [
        { list: 'invalidEmails', kind: 'email', code: 'INVALID_EMAIL', byIdentifier: true },
        { list: 'invalidUserIds', kind: 'userId', code: 'INVALID_USER_ID', byIdentifier: true },
        { list: 'validEmailFailures', kind: 'email', code: 'SUBSCRIPTION_UPDATE_FAILED', byIdentifier: true, retryAlone: true },
        { list: 'validUserIdFailures', kind: 'userId', code: 'SUBSCRIPTION_UPDATE_FAILED', byIdentifier: true, retryAlone: true },
      ],
      itemsKey: 'updateSubscriptionsRequests',
      maxItems: DEFAULT_MAX_BATCH_ITEMS,
      maxBytes: MAX_BODY_BYTES,
      handler: 'bulkUpdateSubscriptions',
    },
  ],
  bulk: { endpoint: 'bulkUpdateSubscriptions' },
  subjects: (call) => [call.body],
  // SUBSCRIPTION_UPDATE_FAILED is an outcome code: listed in src/error-codes.ts.
  errorCodes: {},
  routerBucket: 'single',
});
