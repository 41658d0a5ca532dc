/** users/update, always sent folded into users/bulkUpdate. */
import { z } from 'zod';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/limits.js';
import { ApiResponse, BULK_RESPONSE_FAILURES, BulkReply } from '../iterable/responses.js';
import { DataFields, Identity } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { project } from './rates.js';

export const UpdateUserBody = z
  .object({
    ...Identity,
    dataFields: DataFields.optional(),
    preferUserId: z.boolean().optional(),
    mergeNestedObjects: z.boolean().optional(),
    createNewFields: z.boolean().optional(),
  })
  .strict();
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const BulkUpdateUsersBody = z
  .object({ users: z.array(UpdateUserBody).min(1), createNewFields: z.boolean().optional(), updateOnly: z.boolean().optional() })
  .strict();
export type BulkUpdateUsersBody = z.infer<typeof BulkUpdateUsersBody>;

/** bulkUpdate names the records it accepted that changed nothing: delivered, noted `NO_OP`. */
const NO_OP_LISTS = [
  { list: 'noOpEmails', kind: 'email', code: 'NO_OP', byIdentifier: true, delivered: true },
  { list: 'noOpUserIds', kind: 'userId', code: 'NO_OP', byIdentifier: true, delivered: true },
] as const;

export const updateUser = defineOp({
  name: 'updateUser',
  summary: 'Create or update a user profile (identify).',
  body: UpdateUserBody,
  key: 'main',
  phase: 0,
  createsUser: true,
  endpoints: [
    { name: 'updateUser', method: 'POST', path: '/api/users/update', ratePerSecond: 500, ...project, body: UpdateUserBody, reply: ApiResponse, handler: 'updateUser' },
    {
      name: 'bulkUpdateUsers',
      method: 'POST',
      path: '/api/users/bulkUpdate',
      ratePerSecond: 5,
      ...project,
      body: BulkUpdateUsersBody,
      reply: BulkReply,
      recordReplies: true,
      failureLists: [...BULK_RESPONSE_FAILURES, ...NO_OP_LISTS],
      itemsKey: 'users',
      maxItems: DEFAULT_MAX_BATCH_ITEMS,
      maxBytes: MAX_BODY_BYTES,
      handler: 'bulkUpdateUsers',
    },
  ],
  bulk: {
    endpoint: 'bulkUpdateUsers',
    envelope: (_call, ctx) => (ctx.updateOnly ? { tail: { updateOnly: true } } : {}),
    skipsUnknownUsers: (body) => body.updateOnly === true,
  },
  subjects: (call) => [call.body],
  errorCodes: {},
  routerBucket: 'users',
});
