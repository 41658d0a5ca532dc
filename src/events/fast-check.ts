/**
 * A check of events against the schemas of schemas.ts that only reads: no copy of the event, no
 * issue objects. It mirrors the zod schemas field by field, in their order, and returns the path of
 * the first field zod would report, or undefined when zod would accept the event. The zod schemas
 * stay the definition: `validateEvent` asks zod again whenever this check finds a problem, and zod
 * builds the error. A property test holds the two to the same answer and the same field.
 *
 * Values JSON cannot carry (class instances, NaN, Infinity) are problems here, so that zod, which
 * knows their rules, decides about them.
 */
import { EVENT_TYPE_PATTERNS } from './type-patterns.js';

export type FieldPath = ReadonlyArray<string | number>;

type Json = Record<string, unknown>;
// Leaf rules; every leaf of these schemas is nullish. Identifiers, times, prices and quantities
// are all "a string or a finite number".
function nullish(value: unknown): boolean {
  return value === undefined || value === null;
}
function isString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}
function isIdentifier(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

const OBJECT_PROTOTYPE = Object.prototype;

/** zod's `isObject`: what `z.object` accepts. */
function isObjectValue(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What `z.looseRecord(z.string(), z.unknown())` accepts, when sure: a plain object (zod's
 * isPlainObject: its constructor is Object, or it has none). Symbol keys need no look: the loose
 * record passes them through. Anything rarer is left to zod.
 */
function isRecordValue(value: unknown): boolean {
  if (!isObjectValue(value)) return false;
  // zod passes every object whose constructor is Object while Object.prototype has its own
  // isPrototypeOf (Object.prototype has no prototype, so a read of it finds only its own keys):
  // that answers for parsed JSON without looking the prototype up.
  if (value.constructor === Object && OBJECT_PROTOTYPE.isPrototypeOf !== undefined) return true;
  // The rest of what zod passes, when sure: an object without a prototype or a constructor.
  return Object.getPrototypeOf(value) === null && value.constructor === undefined;
}
function isRecord(value: unknown): boolean {
  return value === undefined || value === null || isRecordValue(value);
}

/** `context.device`: an object whose `token` is an id and whose `name` and `type` are strings. */
function deviceProblem(device: unknown, withName: boolean): FieldPath | undefined {
  if (nullish(device)) return undefined;
  const key = withName ? 'device' : 'os';
  if (!isObjectValue(device)) return ['context', key];
  if (!isIdentifier(device.token)) return ['context', key, 'token'];
  if (!withName) return undefined;
  if (!isString(device.name)) return ['context', key, 'name'];
  if (!isString(device.type)) return ['context', key, 'type'];
  return undefined;
}

/** EventContext, key by key in the schema's order (named reads: this runs for every strict event). */
function contextProblem(context: unknown): FieldPath | undefined {
  if (nullish(context)) return undefined;
  if (!isObjectValue(context)) return ['context'];
  if (!isRecord(context.traits)) return ['context', 'traits'];
  const device = deviceProblem(context.device, true) ?? deviceProblem(context.os, false);
  if (device) return device;
  if (!isRecord(context.app)) return ['context', 'app'];
  if (!isString(context.locale)) return ['context', 'locale'];
  if (!isString(context.userAgent)) return ['context', 'userAgent'];
  const externalId = context.externalId;
  if (!(nullish(externalId) || Array.isArray(externalId) || isRecordValue(externalId))) return ['context', 'externalId'];
  return undefined;
}

/** The type pattern of the schema for `type` (lower-cased), or undefined when no schema checks that type. */
function patternOf(type: string): RegExp | undefined {
  // A switch, not a table: a few comparisons of short strings cost less than a keyed read.
  switch (type) {
    case 'identify':
      return EVENT_TYPE_PATTERNS.identify;
    case 'track':
      return EVENT_TYPE_PATTERNS.track;
    case 'page':
    case 'screen':
      return EVENT_TYPE_PATTERNS.page;
    case 'alias':
      return EVENT_TYPE_PATTERNS.alias;
    default:
      return undefined;
  }
}

/**
 * The first field of `message` the schema of `type` (lower-cased) would refuse, or undefined when
 * it accepts the message. A type without a schema has nothing to refuse. BaseEvent's fields come
 * first, in the schema's order, then those the type adds.
 */
export function firstEventProblem(message: Json, type: string): FieldPath | undefined {
  const pattern = patternOf(type);
  if (!pattern) return undefined;
  const rawType = message.type;
  // `type` is a lower-case ASCII name the pattern matches: a raw type equal to it needs no regex run.
  if (typeof rawType !== 'string' || (rawType !== type && !pattern.test(rawType))) return ['type'];
  if (!isIdentifier(message.userId)) return ['userId'];
  if (!isIdentifier(message.anonymousId)) return ['anonymousId'];
  if (!isIdentifier(message.messageId)) return ['messageId'];
  if (!isIdentifier(message.timestamp)) return ['timestamp'];
  if (!isIdentifier(message.originalTimestamp)) return ['originalTimestamp'];
  if (!isIdentifier(message.sentAt)) return ['sentAt'];
  if (!isString(message.channel)) return ['channel'];
  const context = contextProblem(message.context);
  if (context) return context;
  if (!isRecord(message.traits)) return ['traits'];
  if (!isRecord(message.properties)) return ['properties'];
  if (!isRecord(message.integrations)) return ['integrations'];
  switch (type) {
    case 'track':
      return isString(message.event) ? undefined : ['event'];
    case 'page':
    case 'screen':
      if (!isIdentifier(message.name)) return ['name'];
      return isString(message.category) ? undefined : ['category'];
    case 'alias':
      return isIdentifier(message.previousId) ? undefined : ['previousId'];
    default:
      return undefined;
  }
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) if (typeof value[index] !== 'string') return false;
  return true;
}

/** The first bad field of a product, in Product's order; `prefix` locates the product. */
function productProblem(product: unknown, prefix: FieldPath): FieldPath | undefined {
  if (!isObjectValue(product)) return prefix;
  const bad = productField(product);
  return bad === undefined ? undefined : [...prefix, bad];
}

function productField(product: Json): string | undefined {
  if (!isIdentifier(product.product_id)) return 'product_id';
  if (!isIdentifier(product.sku)) return 'sku';
  if (!isIdentifier(product.name)) return 'name';
  if (!isString(product.description)) return 'description';
  if (!(isString(product.category) || isStringArray(product.category))) return 'category';
  if (!isIdentifier(product.price)) return 'price';
  if (!isIdentifier(product.quantity)) return 'quantity';
  if (!isString(product.image_url)) return 'image_url';
  if (!isString(product.url)) return 'url';
  if (!isRecord(product.properties)) return 'properties';
  return undefined;
}

/**
 * The e-commerce check of `properties` (an object): each of `products` when it is there, else the
 * properties themselves as the one product. Paths are relative to `properties`.
 */
export function firstProductsProblem(properties: Json): FieldPath | undefined {
  const products = properties.products;
  if (nullish(products)) return productProblem(properties, []);
  if (!Array.isArray(products)) return ['products'];
  for (let index = 0; index < products.length; index += 1) {
    const problem = productProblem(products[index], ['products', index]);
    if (problem) return problem;
  }
  return undefined;
}
