/**
 * Pieces that several request bodies share (Iterable's own API description names them the same
 * way everywhere): data fields, whole numbers, event ids, the email / userId pair, commerce items.
 */
import { z } from 'zod';
import { MAX_EVENT_ID_BYTES } from './limits.js';

export const DataFields = z.record(z.string(), z.unknown());
/** Iterable's int64 / int32 fields: whole numbers. */
export const Int = z.number().int();
/** Event / purchase id: Iterable upserts by it and refuses more than 512 bytes. */
export const EventId = z.string().min(1).refine((id) => Buffer.byteLength(id) <= MAX_EVENT_ID_BYTES, 'at most 512 bytes');
export const Identity = { email: z.string().min(1).optional(), userId: z.string().min(1).optional() };

export const CommerceItem = z
  .object({
    id: z.string().min(1),
    sku: z.string().optional(),
    name: z.string(),
    description: z.string().optional(),
    categories: z.array(z.string()).optional(),
    price: z.number().finite(),
    quantity: Int,
    imageUrl: z.string().optional(),
    url: z.string().optional(),
    dataFields: DataFields.optional(),
  })
  .strict();
export type CommerceItem = z.infer<typeof CommerceItem>;
