/**
 * Order Completed → commerce/trackPurchase, Product Added / Removed → commerce/updateCart
 * (rudderstack-profile.md §6.6–6.8; product.md §3 items 3, 4, 6, 9).
 */
import { InstrumentationError, describeValue } from '../errors.js';
import type { CommerceItem, TrackPurchaseBody, UpdateCartBody, UpdateUserBody } from '../iterable/payloads.js';
import { eventCreatedAt } from './dates.js';
import { AT_CAMPAIGN_ID, AT_TEMPLATE_ID, attributionId, eventIdString, requireValue } from './fields.js';
import { writeUserFields } from './identify.js';
import { requireIdentity, userIdentity } from './identity.js';
import type { MapInput, MapOutput } from './types.js';
import {
  dotPath,
  firstUsable,
  getPath,
  idString,
  isObject,
  isUsable,
  jsParseFloat,
  jsParseInt,
  nanToNull,
  putCompact,
  putDefined,
  safeString,
  strictNumber,
  usableAt,
  type DotPath,
  type JsonObject,
} from './values.js';

const AT_CATEGORY = dotPath('category');
const AT_DESCRIPTION = dotPath('description');
const AT_IMAGE_URL = dotPath('image_url');
const AT_NAME = dotPath('name');
const AT_PRICE = dotPath('price');
const AT_PRODUCT_ID = dotPath('product_id');
const AT_QUANTITY = dotPath('quantity');
const AT_PROPERTIES = dotPath('properties');
const AT_PROPERTIES_PRODUCTS = dotPath('properties.products');
const AT_SKU = dotPath('sku');
const AT_URL = dotPath('url');

const ORDER_ID_CHAIN = ['properties.order_id', 'properties.orderId', 'properties.event_id'].map(dotPath);

export function mapPurchase(input: MapInput): MapOutput {
  const { message, settings } = input;
  const strict = settings.profile === 'strict';
  const rawTotal = requireValue(message, 'properties.total');
  const user = commerceUser(input);
  const total = strict ? strictTotal(rawTotal) : jsParseFloat(rawTotal);
  const properties = getPath(message, AT_PROPERTIES);
  const body: JsonObject = {};
  putCompact(body, 'dataFields', isUsable(properties) ? properties : undefined);
  putCompact(body, 'id', orderId(message, strict));
  putCompact(body, 'createdAt', eventCreatedAt(message, settings.profile));
  putCompact(body, 'campaignId', attributionId(properties, AT_CAMPAIGN_ID, settings.profile));
  putCompact(body, 'templateId', attributionId(properties, AT_TEMPLATE_ID, settings.profile));
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
  writeUserFields(fields, 'nested', message, settings, identity);
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
  const products = getPath(message, AT_PROPERTIES_PRODUCTS);
  const fromArray = Array.isArray(products);
  const sources: unknown[] = fromArray ? products : [getPath(message, AT_PROPERTIES)];
  return sources.map((product, index) => (strict ? strictItem(product, fromArray ? index : 'properties') : rudderStackItem(product)));
}

/** Where a product sits in the event: at an index of `properties.products`, or `properties` itself. */
type ProductPlace = number | 'properties';

function productPath(place: ProductPlace): string {
  return place === 'properties' ? 'properties' : `properties.products.${place}`;
}

/**
 * `requireValue` of one product key: the value if usable, else the missing-value error, whose
 * field is the key (rudderstack) or the key under the product's path (strict, `place` given).
 * The path is put together only for the error.
 */
function requiredProductValue(product: unknown, at: DotPath, place?: ProductPlace): unknown {
  const value = usableAt(product, at);
  if (isUsable(value)) return value;
  return requireValue(product, at.join('.'), place === undefined ? undefined : productPath(place));
}

function rudderStackItem(product: unknown): CommerceItem {
  // Required checks in table order: product_id, name, price, quantity.
  const id = requiredProductValue(product, AT_PRODUCT_ID);
  const sku = usableAt(product, AT_SKU);
  const name = requiredProductValue(product, AT_NAME);
  const description = usableAt(product, AT_DESCRIPTION);
  const category = usableAt(product, AT_CATEGORY);
  const price = requiredProductValue(product, AT_PRICE);
  const quantity = requiredProductValue(product, AT_QUANTITY);
  const item: JsonObject = {};
  putDefined(item, 'id', id);
  putDefined(item, 'sku', sku);
  putDefined(item, 'name', name);
  putDefined(item, 'description', description);
  putDefined(item, 'categories', typeof category === 'string' ? category.split(',') : category);
  // NaN is written as the null JSON.stringify would send.
  putDefined(item, 'price', nanToNull(jsParseFloat(price)));
  putDefined(item, 'quantity', nanToNull(jsParseInt(quantity)));
  putDefined(item, 'imageUrl', usableAt(product, AT_IMAGE_URL));
  putDefined(item, 'url', usableAt(product, AT_URL));
  putDefined(item, 'dataFields', usableAt(product, AT_PROPERTIES));
  return item as unknown as CommerceItem;
}

function strictItem(product: unknown, place: ProductPlace): CommerceItem {
  const id = requiredProductValue(product, AT_PRODUCT_ID, place);
  const name = requiredProductValue(product, AT_NAME, place);
  const price = requiredProductValue(product, AT_PRICE, place);
  const quantity = requiredProductValue(product, AT_QUANTITY, place);
  const parsedPrice = strictNumber(price);
  if (parsedPrice === undefined) throw itemError(id, productPath(place), 'price', 'a number', price);
  const parsedQuantity = strictNumber(quantity);
  if (parsedQuantity === undefined || !Number.isSafeInteger(parsedQuantity)) {
    throw itemError(id, productPath(place), 'quantity', 'a whole number', quantity);
  }
  const category = getPath(product, AT_CATEGORY);
  const details = getPath(product, AT_PROPERTIES);
  const item: JsonObject = {};
  putDefined(item, 'id', idString(id) ?? safeString(id));
  putDefined(item, 'sku', idString(getPath(product, AT_SKU)));
  putDefined(item, 'name', safeString(name));
  putDefined(item, 'description', nonEmpty(getPath(product, AT_DESCRIPTION)));
  putDefined(item, 'categories', strictCategories(category));
  putDefined(item, 'price', parsedPrice);
  putDefined(item, 'quantity', parsedQuantity);
  putDefined(item, 'imageUrl', nonEmpty(getPath(product, AT_IMAGE_URL)));
  putDefined(item, 'url', nonEmpty(getPath(product, AT_URL)));
  putDefined(item, 'dataFields', isObject(details) ? (details as JsonObject) : undefined);
  return item as unknown as CommerceItem;
}

/** strict: a string is split on "," and trimmed (empty parts dropped); an array keeps its strings. */
function strictCategories(category: unknown): string[] | undefined {
  if (typeof category === 'string') {
    // One category (the usual case) needs no split.
    if (!category.includes(',')) {
      const trimmed = category.trim();
      return trimmed.length > 0 ? [trimmed] : undefined;
    }
    const parts = category.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    return parts.length > 0 ? parts : undefined;
  }
  if (Array.isArray(category)) return category.filter((part): part is string => typeof part === 'string');
  return undefined;
}

function itemError(id: unknown, path: string, field: string, expected: string, value: unknown): InstrumentationError {
  const label = `product ${JSON.stringify(safeString(id))}`;
  return new InstrumentationError(
    `Invalid ${field} of ${label} at "${path}.${field}": expected ${expected}, got ${describeValue(value)}`,
    { code: 'INVALID_FIELD', field: `${path}.${field}` },
  );
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

