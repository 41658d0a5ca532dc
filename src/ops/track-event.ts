/** events/track, always sent folded into events/trackBulk. */
import { z } from 'zod';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/limits.js';
import { ApiResponse, BULK_RESPONSE_FAILURES, BulkReply } from '../iterable/responses.js';
import { DataFields, EventId, Identity, Int } from '../iterable/schema-parts.js';
import { defineOp } from './define.js';
import { project } from './rates.js';

export const TrackEventBody = z
  .object({
    ...Identity,
    eventName: z.string().min(1),
    id: EventId.optional(),
    createdAt: Int.optional(),
    dataFields: DataFields.optional(),
    campaignId: Int.optional(),
    templateId: Int.optional(),
    createNewFields: z.boolean().optional(),
  })
  .strict();
export type TrackEventBody = z.infer<typeof TrackEventBody>;

export const TrackBulkBody = z.object({ events: z.array(TrackEventBody).min(1) }).strict();
export type TrackBulkBody = z.infer<typeof TrackBulkBody>;

export const trackEvent = defineOp({
  name: 'trackEvent',
  summary: 'Record a custom event (track, page, screen).',
  body: TrackEventBody,
  key: 'main',
  phase: 2,
  createsUser: false,
  endpoints: [
    { name: 'trackEvent', method: 'POST', path: '/api/events/track', ratePerSecond: 2000, ...project, body: TrackEventBody, reply: ApiResponse, handler: 'trackEvent' },
    {
      name: 'trackBulk',
      method: 'POST',
      path: '/api/events/trackBulk',
      ratePerSecond: 10,
      ...project,
      body: TrackBulkBody,
      reply: BulkReply,
      recordReplies: true,
      failureLists: BULK_RESPONSE_FAILURES,
      itemsKey: 'events',
      maxItems: DEFAULT_MAX_BATCH_ITEMS,
      maxBytes: MAX_BODY_BYTES,
      handler: 'trackBulk',
    },
  ],
  bulk: { endpoint: 'trackBulk' },
  subjects: (call) => [call.body],
  errorCodes: {},
  routerBucket: 'events',
});
