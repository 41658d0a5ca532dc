/**
 * zod schemas of input events (RudderStack / Segment spec). Lenient by design: unknown keys pass
 * through and only the shape of what a mapping reads is checked. The `strict` profile validates
 * every event with them; the `rudderstack` profile reproduces RudderStack, which checks nothing.
 */
import { z } from 'zod';
import { EVENT_TYPE_PATTERNS } from './type-patterns.js';

/** Track names (lower-cased) that become commerce calls instead of custom events. */
export const ECOMMERCE_EVENT_NAMES: ReadonlySet<string> = new Set(['order completed', 'product added', 'product removed']);

/**
 * A plain object. Loose: symbol keys (which JSON cannot carry and no mapping reads) pass through
 * instead of failing the key schema, so a check that only reads need not list them per object.
 */
const JsonObject = z.looseRecord(z.string(), z.unknown());
const Identifier = z.union([z.string(), z.number()]);
const Time = z.union([z.string(), z.number()]);

export const EventContext = z
  .object({
    traits: JsonObject.nullish(),
    // Tokens are strings (numbers are accepted and sent as strings).
    device: z.object({ token: Identifier.nullish(), name: z.string().nullish(), type: z.string().nullish() }).passthrough().nullish(),
    os: z.object({ token: Identifier.nullish() }).passthrough().nullish(),
    app: JsonObject.nullish(),
    locale: z.string().nullish(),
    userAgent: z.string().nullish(),
    externalId: z.union([z.array(z.unknown()), JsonObject]).nullish(),
  })
  .passthrough();

export const BaseEvent = z
  .object({
    type: z.string().min(1),
    userId: Identifier.nullish(),
    anonymousId: Identifier.nullish(),
    messageId: Identifier.nullish(),
    timestamp: Time.nullish(),
    originalTimestamp: Time.nullish(),
    sentAt: Time.nullish(),
    channel: z.string().nullish(),
    context: EventContext.nullish(),
    traits: JsonObject.nullish(),
    properties: JsonObject.nullish(),
    integrations: JsonObject.nullish(),
  })
  .passthrough();
export type BaseEvent = z.infer<typeof BaseEvent>;

export const IdentifyEvent = BaseEvent.extend({ type: z.string().regex(EVENT_TYPE_PATTERNS.identify) });
export type IdentifyEvent = z.infer<typeof IdentifyEvent>;

export const TrackEvent = BaseEvent.extend({ type: z.string().regex(EVENT_TYPE_PATTERNS.track), event: z.string().nullish() });
export type TrackEvent = z.infer<typeof TrackEvent>;

export const PageEvent = BaseEvent.extend({
  type: z.string().regex(EVENT_TYPE_PATTERNS.page),
  name: z.union([z.string(), z.number()]).nullish(),
  category: z.string().nullish(),
});
export type PageEvent = z.infer<typeof PageEvent>;

export const AliasEvent = BaseEvent.extend({ type: z.string().regex(EVENT_TYPE_PATTERNS.alias), previousId: Identifier.nullish() });
export type AliasEvent = z.infer<typeof AliasEvent>;

/** The product fields the e-commerce mappings read. */
export const Product = z
  .object({
    product_id: Identifier.nullish(),
    sku: Identifier.nullish(),
    name: z.union([z.string(), z.number()]).nullish(),
    description: z.string().nullish(),
    category: z.union([z.string(), z.array(z.string())]).nullish(),
    price: z.union([z.number(), z.string()]).nullish(),
    quantity: z.union([z.number(), z.string()]).nullish(),
    image_url: z.string().nullish(),
    url: z.string().nullish(),
    properties: JsonObject.nullish(),
  })
  .passthrough();
export type Product = z.infer<typeof Product>;

export const EcommerceProperties = z
  .object({ products: z.array(Product).nullish() })
  .passthrough();

/** The schema the `strict` profile checks a message against, by lower-cased type. */
export const EVENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  identify: IdentifyEvent,
  track: TrackEvent,
  page: PageEvent,
  screen: PageEvent,
  alias: AliasEvent,
};
