/**
 * What Iterable accepts: one zod schema per request body, types inferred from them.
 * Shapes follow Iterable's own API description (iterable-openapi.json); nothing here knows about
 * CDP events.
 *
 * Schemas are `.strict()` on the keys we emit so that a body carrying a stray key (the leak that
 * spreading input causes) fails validation.
 */
import { z } from 'zod';
import { MAX_EVENT_ID_BYTES } from './endpoints.js';

const DataFields = z.record(z.string(), z.unknown());
/** Iterable's int64 / int32 fields: whole numbers. */
const Int = z.number().int();
/** Event / purchase id: Iterable upserts by it and refuses more than 512 bytes. */
const EventId = z.string().min(1).refine((id) => Buffer.byteLength(id) <= MAX_EVENT_ID_BYTES, 'at most 512 bytes');
const Identity = { email: z.string().min(1).optional(), userId: z.string().min(1).optional() };

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

export const UpdateCartBody = z.object({ user: UpdateUserBody, items: z.array(CommerceItem) }).strict();
export type UpdateCartBody = z.infer<typeof UpdateCartBody>;

export const UpdateEmailBody = z
  .object({
    currentEmail: z.string().min(1).optional(),
    currentUserId: z.string().min(1).optional(),
    newEmail: z.string().min(1),
  })
  .strict();
export type UpdateEmailBody = z.infer<typeof UpdateEmailBody>;

export const DevicePlatform = z.enum(['APNS', 'APNS_SANDBOX', 'GCM']);

export const RegisterDeviceTokenBody = z
  .object({
    ...Identity,
    preferUserId: z.boolean().optional(),
    device: z
      .object({
        token: z.string().min(1),
        platform: DevicePlatform,
        applicationName: z.string().min(1),
        dataFields: DataFields.optional(),
      })
      .strict(),
  })
  .strict();
export type RegisterDeviceTokenBody = z.infer<typeof RegisterDeviceTokenBody>;

export const RegisterBrowserTokenBody = z
  .object({ browserToken: z.string().min(1), ...Identity })
  .strict();
export type RegisterBrowserTokenBody = z.infer<typeof RegisterBrowserTokenBody>;

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

/**
 * One catalog item as a transform emits it (RudderStack's processor shape). The planner turns a
 * group of these into the bulk body `{ documents: { [catalogId]: update }, replaceUploadedFieldsOnly }`.
 */
export const CatalogItemBody = z.object({ update: z.unknown(), catalogId: z.unknown().optional() }).strict();
export type CatalogItemBody = z.infer<typeof CatalogItemBody>;

export const DeleteUserBody = z.object({ userId: z.string().min(1) }).strict();
export type DeleteUserBody = z.infer<typeof DeleteUserBody>;

// ---- bulk envelopes (built by the planner) ----

export const BulkUpdateUsersBody = z
  .object({ users: z.array(UpdateUserBody).min(1), createNewFields: z.boolean().optional(), updateOnly: z.boolean().optional() })
  .strict();
export type BulkUpdateUsersBody = z.infer<typeof BulkUpdateUsersBody>;

export const TrackBulkBody = z.object({ events: z.array(TrackEventBody).min(1) }).strict();
export type TrackBulkBody = z.infer<typeof TrackBulkBody>;

export const CatalogBulkBody = z
  .object({ documents: z.record(z.string(), z.unknown()), replaceUploadedFieldsOnly: z.boolean() })
  .strict();
export type CatalogBulkBody = z.infer<typeof CatalogBulkBody>;

/** The schema every op's single-record body must satisfy (the `strict` profile always does). */
export const BODY_SCHEMAS = {
  updateUser: UpdateUserBody,
  trackEvent: TrackEventBody,
  trackPurchase: TrackPurchaseBody,
  updateCart: UpdateCartBody,
  updateEmail: UpdateEmailBody,
  registerDeviceToken: RegisterDeviceTokenBody,
  registerBrowserToken: RegisterBrowserTokenBody,
  subscribeToList: SubscribeBody,
  unsubscribeFromList: UnsubscribeBody,
  upsertCatalogItem: CatalogItemBody,
  deleteUser: DeleteUserBody,
} as const;
