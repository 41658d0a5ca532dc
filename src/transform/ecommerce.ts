/**
 * Order Completed → commerce/trackPurchase, Product Added / Removed → commerce/updateCart
 * (rudderstack-profile.md §6.6–6.8; product.md §3 items 3, 4, 6, 9).
 */
import { InstrumentationError, describeValue } from '../errors.js';
import type { CommerceItem, TrackPurchaseBody, UpdateCartBody, UpdateUserBody } from '../iterable/payloads.js';
import { eventCreatedAt } from './dates.js';
import { attributionId, eventIdString, requireValue } from './fields.js';
import { writeUserFields } from './identify.js';
import { requireIdentity, userIdentity } from './identity.js';
import type { MapInput, MapOutput } from './types.js';
import {
  firstUsable,
  getPath,
  idString,
  isObject,
  jsParseFloat,
  jsParseInt,
  nanToNull,
  putCompact,
  putDefined,
  safeString,
  strictNumber,
  usableAt,
  type JsonObject,
} from './values.js';

const ORDER_ID_CHAIN = ['properties.order_id', 'properties.orderId', 'properties.event_id'];

export function mapPurchase(input: MapInput): MapOutput {
  const { message, settings } = input;
  const strict = settings.profile === 'strict';
  const rawTotal = requireValue(message, 'properties.total');
  const user = commerceUser(input);
  const total = strict ? strictTotal(rawTotal) : jsParseFloat(rawTotal);
  const body: JsonObject = {};
  putCompact(body, 'dataFields', usableAt(message, 'properties'));
  putCompact(body, 'id', orderId(message, strict));
  putCompact(body, 'createdAt', eventCreatedAt(message, settings.profile));
  putCompact(body, 'campaignId', attributionId(message, 'properties.campaignId', settings.profile));
  putCompact(body, 'templateId', attributionId(message, 'properties.templateId', settings.profile));
  putCompact(body, 'total', total);
  putCompact(body, 'user', user);
  putCompact(body, 'items', commerceItems(message, strict));
  return { calls: [{ op: 'trackPurchase', body: body as unknown as TrackPurchaseBody }] };
}

export function mapCart(input: MapInput): MapOutput {
  const user = commerceUser(input);
  const body: UpdateCartBody = { user, items: commerceItems(input.message, input.settings.profile === 'strict') };
  return { calls: [{ op: 'updateCart', body }] };
}

/** The `user` of purchase and cart calls: the identify mapping, validated (nested: not null-cleaned). */
function commerceUser({ message, settings }: MapInput): UpdateUserBody {
  const identity = userIdentity(message, settings);
  // Nested, so not null-cleaned: only undefined keys are left out.
  const fields: JsonObject = {};
  writeUserFields(fields, putDefined, message, settings, identity);
  const user = fields as unknown as UpdateUserBody;
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
  const item: JsonObject = {};
  putDefined(item, 'id', id);
  putDefined(item, 'sku', sku);
  putDefined(item, 'name', name);
  putDefined(item, 'description', description);
  putDefined(item, 'categories', typeof category === 'string' ? category.split(',') : category);
  // NaN is written as the null JSON.stringify would send.
  putDefined(item, 'price', nanToNull(jsParseFloat(price)));
  putDefined(item, 'quantity', nanToNull(jsParseInt(quantity)));
  putDefined(item, 'imageUrl', usableAt(product, 'image_url'));
  putDefined(item, 'url', usableAt(product, 'url'));
  putDefined(item, 'dataFields', usableAt(product, 'properties'));
  return item as unknown as CommerceItem;
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
  const item: JsonObject = {};
  putDefined(item, 'id', idString(id) ?? safeString(id));
  putDefined(item, 'sku', idString(getPath(product, 'sku')));
  putDefined(item, 'name', safeString(name));
  putDefined(item, 'description', nonEmpty(getPath(product, 'description')));
  putDefined(item, 'categories', strictCategories(category));
  putDefined(item, 'price', parsedPrice);
  putDefined(item, 'quantity', parsedQuantity);
  putDefined(item, 'imageUrl', nonEmpty(getPath(product, 'image_url')));
  putDefined(item, 'url', nonEmpty(getPath(product, 'url')));
  putDefined(item, 'dataFields', isObject(details) ? (details as JsonObject) : undefined);
  return item as unknown as CommerceItem;
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

