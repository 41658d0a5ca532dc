/** commerce/trackPurchase: one purchase per request; creates the user. */
import { z } from 'zod';
import { ApiResponse } from '../iterable/responses.js';
import { CommerceItem, DataFields, EventId, Int } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { unpublished } from './rates.js';
import { UpdateUserBody } from './update-user.js';

export const TrackPurchaseBody = z
  .object({
    id: EventId.optional(),
    user: UpdateUserBody,
    items: z.array(CommerceItem),
    total: z.number().finite(),
    createdAt: Int.optional(),
    dataFields: DataFields.optional(),
    campaignId: Int.optional(),
    templateId: Int.optional(),
  })
  .strict();
export type TrackPurchaseBody = z.infer<typeof TrackPurchaseBody>;

export const trackPurchase = defineOp({
  name: 'trackPurchase',
  summary: 'Record a completed order.',
  body: TrackPurchaseBody,
  key: 'main',
  phase: 2,
  createsUser: true,
  endpoints: [{ name: 'trackPurchase', method: 'POST', path: '/api/commerce/trackPurchase', ...unpublished, body: TrackPurchaseBody, reply: ApiResponse, handler: 'trackPurchase' }],
  single: { endpoint: 'trackPurchase' },
  subjects: (call) => [call.body.user],
  errorCodes: {},
  routerBucket: 'single',
});
