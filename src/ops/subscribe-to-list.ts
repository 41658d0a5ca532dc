/** lists/subscribe: subscribers of one list per request; creates users. */
import { z } from 'zod';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/limits.js';
import { BULK_RESPONSE_FAILURES, BulkReply } from '../iterable/responses.js';
import { DataFields, Identity, Int } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { unpublished } from './rates.js';

export const ListSubscriber = z
  .object({
    ...Identity,
    dataFields: DataFields.optional(),
    preferUserId: z.boolean().optional(),
    mergeNestedObjects: z.boolean().optional(),
  })
  .strict();
export type ListSubscriber = z.infer<typeof ListSubscriber>;

export const SubscribeBody = z
  .object({
    listId: Int.positive(),
    subscribers: z.array(ListSubscriber),
    updateExistingUsersOnly: z.boolean().optional(),
  })
  .strict();
export type SubscribeBody = z.infer<typeof SubscribeBody>;

export const subscribeToList = defineOp({
  name: 'subscribeToList',
  summary: 'Add users to a static list.',
  body: SubscribeBody,
  key: 'main',
  phase: 2,
  createsUser: true,
  endpoints: [
    {
      name: 'subscribeToList',
      method: 'POST',
      path: '/api/lists/subscribe',
      ...unpublished,
      body: SubscribeBody,
      reply: BulkReply,
      recordReplies: true,
      failureLists: BULK_RESPONSE_FAILURES,
      itemsKey: 'subscribers',
      maxItems: DEFAULT_MAX_BATCH_ITEMS,
      maxBytes: MAX_BODY_BYTES,
      handler: 'subscribeToList',
    },
  ],
  bulk: {
    endpoint: 'subscribeToList',
    groupKey: (call) => String(call.body.listId),
    envelope: (call) => {
      const { listId, updateExistingUsersOnly } = call.body;
      return { head: { listId }, tail: updateExistingUsersOnly === undefined ? {} : { updateExistingUsersOnly } };
    },
    records: (call) => ({ values: call.body.subscribers }),
    skipsUnknownUsers: (body) => body.updateExistingUsersOnly === true,
  },
  subjects: (call) => call.body.subscribers,
  keepSubjects: (call, keep) => ({ ...call, body: { ...call.body, subscribers: call.body.subscribers.filter((_, index) => keep[index]) } }),
  errorCodes: {},
  routerBucket: 'single',
});
