/** lists/unsubscribe: subscribers of one list per request. */
import { z } from 'zod';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/limits.js';
import { BULK_RESPONSE_FAILURES, BulkReply } from '../iterable/responses.js';
import { Identity, Int } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { unpublished } from './rates.js';

export const Unsubscriber = z.object(Identity).strict();
export const UnsubscribeBody = z
  .object({
    listId: Int.positive(),
    subscribers: z.array(Unsubscriber),
    campaignId: Int.optional(),
    channelUnsubscribe: z.boolean().optional(),
  })
  .strict();
export type UnsubscribeBody = z.infer<typeof UnsubscribeBody>;

export const unsubscribeFromList = defineOp({
  name: 'unsubscribeFromList',
  summary: 'Remove users from a static list.',
  body: UnsubscribeBody,
  key: 'main',
  phase: 2,
  createsUser: false,
  endpoints: [
    {
      name: 'unsubscribeFromList',
      method: 'POST',
      path: '/api/lists/unsubscribe',
      ...unpublished,
      body: UnsubscribeBody,
      reply: BulkReply,
      recordReplies: true,
      failureLists: BULK_RESPONSE_FAILURES,
      itemsKey: 'subscribers',
      maxItems: DEFAULT_MAX_BATCH_ITEMS,
      maxBytes: MAX_BODY_BYTES,
      handler: 'unsubscribeFromList',
    },
  ],
  bulk: {
    endpoint: 'unsubscribeFromList',
    groupKey: (call) => String(call.body.listId),
    envelope: (call) => {
      const { listId, campaignId, channelUnsubscribe } = call.body;
      const tail: Record<string, unknown> = {};
      if (campaignId !== undefined) tail.campaignId = campaignId;
      if (channelUnsubscribe !== undefined) tail.channelUnsubscribe = channelUnsubscribe;
      return { head: { listId }, tail };
    },
    records: (call) => ({ values: call.body.subscribers }),
    // "Not found" on an unsubscribe means the user is already off the list.
    notFoundIsDone: true,
  },
  subjects: (call) => call.body.subscribers,
  keepSubjects: (call, keep) => ({ ...call, body: { ...call.body, subscribers: call.body.subscribers.filter((_, index) => keep[index]) } }),
  errorCodes: {},
  routerBucket: 'single',
});
