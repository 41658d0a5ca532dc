/**
 * What Iterable accepts: one zod schema per request body, types inferred from them. Each op's
 * schemas are declared with the op (src/ops/); this module gathers them under their usual names.
 * Shapes follow Iterable's own API description; nothing here knows about CDP events.
 *
 * Schemas are `.strict()` on the keys we emit so that a body carrying a stray key (the leak that
 * spreading input causes) fails validation.
 */
export { CommerceItem } from './schema-parts.js';
export { UpdateUserBody, BulkUpdateUsersBody } from '../ops/update-user.js';
export { TrackEventBody, TrackBulkBody } from '../ops/track-event.js';
export { TrackPurchaseBody } from '../ops/track-purchase.js';
export { UpdateCartBody } from '../ops/update-cart.js';
export { UpdateEmailBody } from '../ops/update-email.js';
export { DevicePlatform, RegisterDeviceTokenBody } from '../ops/register-device-token.js';
export { RegisterBrowserTokenBody } from '../ops/register-browser-token.js';
export { ListSubscriber, SubscribeBody } from '../ops/subscribe-to-list.js';
export { Unsubscriber, UnsubscribeBody } from '../ops/unsubscribe-from-list.js';
export { CatalogItemBody, CatalogBulkBody } from '../ops/upsert-catalog-item.js';
export { DeleteUserBody } from '../ops/delete-user.js';
/** The schema every op's single-record body must satisfy (the `strict` profile always does). */
export { BODY_SCHEMAS } from '../ops/index.js';
