/**
 * Order Completed → commerce/trackPurchase, Product Added / Removed → commerce/updateCart
 * (rudderstack-profile.md §6.6–6.8; product.md §3 items 3, 4, 6, 9).
 */
import { InstrumentationError, describeValue } from '../errors.js';
import type { CommerceItem, TrackPurchaseBody, UpdateCartBody, UpdateUserBody } from '../iterable/payloads.js';
import { eventCreatedAt } from './dates.js';
import { attributionId, eventIdString, requireValue } from './fields.js';
import { userFields } from './identify.js';
import { requireIdentity, userIdentity } from './identity.js';
import type { MapInput, MapOutput } from './types.js';
import {
  compact,
  firstUsable,
  getPath,
  idString,
  isObject,
  jsParseFloat,
  jsParseInt,
  nanToNull,
  safeString,
  strictNumber,
  usableAt,
  withoutUndefined,
  type JsonObject,
} from './values.js';

const ORDER_ID_CHAIN = ['properties.order_id', 'properties.orderId', 'properties.event_id'];

export function mapPurchase(input: MapInput): MapOutput {
  const { message, settings } = input;
  const strict = settings.profile === 'strict';
  const rawTotal = requireValue(message, 'properties.total');
  const user = commerceUser(input);
  const total = strict ? strictTotal(rawTotal) : jsParseFloat(rawTotal);
  const body = compact({
    dataFields: usableAt(message, 'properties'),
    id: orderId(message, strict),
    createdAt: eventCreatedAt(message, settings.profile),
    campaignId: attributionId(message, 'properties.campaignId', settings.profile),
    templateId: attributionId(message, 'properties.templateId', settings.profile),
    total,
    user,
    items: commerceItems(message, strict),
  }) as TrackPurchaseBody;
  return { calls: [{ op: 'trackPurchase', body }] };
}

export function mapCart(input: MapInput): MapOutput {
  const user = commerceUser(input);
  const body: UpdateCartBody = { user, items: commerceItems(input.message, input.settings.profile === 'strict') };
  return { calls: [{ op: 'updateCart', body }] };
}

/** The `user` of purchase and cart calls: the identify mapping, validated (nested: not null-cleaned). */
function commerceUser({ message, settings }: MapInput): UpdateUserBody {
  const identity = userIdentity(message, settings);
  const user = withoutUndefined(userFields(message, settings, identity)) as UpdateUserBody;
  const missing = requireIdentity(identity);
  if (missing) throw missing;
  return user;
}

function orderId(message: unknown, strict: boolean): string | undefined {
  if (strict) {
    // Like event ids: an order id Iterable would refuse (over 512 bytes) is skipped.
    for (const path of ORDER_ID_CHAIN) {
      const id = eventIdString(getPath(message, path));
      if (id !== undefined) return id;
    }
    return undefined;
  }
  const raw = firstUsable(message, ORDER_ID_CHAIN);
  return raw === undefined ? undefined : safeString(raw);
}

function strictTotal(raw: unknown): number {
  const total = strictNumber(raw);
  if (total === undefined) {
    throw new InstrumentationError(`Invalid value of "properties.total": expected a number, got ${describeValue(raw)}`, {
      code: 'INVALID_FIELD',
      field: 'properties.total',
    });
  }
  return total;
}

/** `properties.products` when it is an array, else the whole `properties` as one product. */
function commerceItems(message: unknown, strict: boolean): CommerceItem[] {
  const products = getPath(message, 'properties.products');
  const fromArray = Array.isArray(products);
  const sources: unknown[] = fromArray ? products : [getPath(message, 'properties')];
  return sources.map((product, index) =>
    strict ? strictItem(product, fromArray ? `properties.products.${index}` : 'properties') : rudderStackItem(product),
  );
}

function rudderStackItem(product: unknown): CommerceItem {
  // Required checks in table order: product_id, name, price, quantity.
  const id = requireValue(product, 'product_id');
  const sku = usableAt(product, 'sku');
  const name = requireValue(product, 'name');
  const description = usableAt(product, 'description');
  const category = usableAt(product, 'category');
  const price = requireValue(product, 'price');
  const quantity = requireValue(product, 'quantity');
  return withoutUndefined({
    id,
    sku,
    name,
    description,
    categories: typeof category === 'string' ? category.split(',') : category,
    // NaN is written as the null JSON.stringify would send.
    price: nanToNull(jsParseFloat(price)),
    quantity: nanToNull(jsParseInt(quantity)),
    imageUrl: usableAt(product, 'image_url'),
    url: usableAt(product, 'url'),
    dataFields: usableAt(product, 'properties'),
  }) as CommerceItem;
}

function strictItem(product: unknown, path: string): CommerceItem {
  const id = requireValue(product, 'product_id', undefined, `${path}.product_id`);
  const name = requireValue(product, 'name', undefined, `${path}.name`);
  const price = requireValue(product, 'price', undefined, `${path}.price`);
  const quantity = requireValue(product, 'quantity', undefined, `${path}.quantity`);
  const label = `product ${JSON.stringify(safeString(id))}`;
  const parsedPrice = strictNumber(price);
  if (parsedPrice === undefined) throw itemError(label, path, 'price', 'a number', price);
  const parsedQuantity = strictNumber(quantity);
  if (parsedQuantity === undefined || !Number.isSafeInteger(parsedQuantity)) {
    throw itemError(label, path, 'quantity', 'a whole number', quantity);
  }
  const category = getPath(product, 'category');
  const details = getPath(product, 'properties');
  return withoutUndefined({
    id: idString(id) ?? safeString(id),
    sku: idString(getPath(product, 'sku')),
    name: safeString(name),
    description: nonEmpty(getPath(product, 'description')),
    categories: strictCategories(category),
    price: parsedPrice,
    quantity: parsedQuantity,
    imageUrl: nonEmpty(getPath(product, 'image_url')),
    url: nonEmpty(getPath(product, 'url')),
    dataFields: isObject(details) ? (details as JsonObject) : undefined,
  }) as CommerceItem;
}

/** strict: a string is split on "," and trimmed (empty parts dropped); an array keeps its strings. */
function strictCategories(category: unknown): string[] | undefined {
  if (typeof category === 'string') {
    const parts = category.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    return parts.length > 0 ? parts : undefined;
  }
  if (Array.isArray(category)) return category.filter((part): part is string => typeof part === 'string');
  return undefined;
}

function itemError(label: string, path: string, field: string, expected: string, value: unknown): InstrumentationError {
  return new InstrumentationError(
    `Invalid ${field} of ${label} at "${path}.${field}": expected ${expected}, got ${describeValue(value)}`,
    { code: 'INVALID_FIELD', field: `${path}.${field}` },
  );
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

