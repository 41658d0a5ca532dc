/**
 * A check of events against the schemas of schemas.ts that only reads: no copy of the event, no
 * issue objects. It mirrors the zod schemas field by field, in their order, and returns the path of
 * the first field zod would report, or undefined when zod would accept the event. The zod schemas
 * stay the definition: `validateEvent` asks zod again whenever this check finds a problem, and zod
 * builds the error. A property test holds the two to the same answer and the same field.
 *
 * Values JSON cannot carry (class instances, symbol keys, NaN, Infinity) are problems here, so that
 * zod, which knows their rules, decides about them.
 */
import { EVENT_TYPE_PATTERNS } from './type-patterns.js';

export type FieldPath = ReadonlyArray<string | number>;

type Json = Record<string, unknown>;
/** A leaf rule: true when the value passes. Every leaf of these schemas is nullish. */
type Rule = (value: unknown) => boolean;

const nullish = (value: unknown): boolean => value === undefined || value === null;
const isString: Rule = (value) => nullish(value) || typeof value === 'string';
const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isIdentifier: Rule = (value) => nullish(value) || typeof value === 'string' || isNumber(value);
const isArray: Rule = (value) => Array.isArray(value);

/** zod's `isObject`: what `z.object` accepts. */
function isObjectValue(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What `z.record(z.string(), z.unknown())` accepts, when sure: a plain object (zod's test: its
 * constructor is Object or absent) without symbol keys. Anything rarer is left to zod.
 */
function isRecordValue(value: unknown): boolean {
  if (!isObjectValue(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto === Object.prototype) {
    if (value.constructor !== Object) return false;
  } else if (proto !== null) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}
const isRecord: Rule = (value) => nullish(value) || isRecordValue(value);

/** `context.device`: an object whose `token` is an id and whose `name` and `type` are strings. */
const isDevice: Rule = (value) =>
  nullish(value) || (isObjectValue(value) && isIdentifier(value.token) && isString(value.name) && isString(value.type));
const isOs: Rule = (value) => nullish(value) || (isObjectValue(value) && isIdentifier(value.token));
const isExternalId: Rule = (value) => nullish(value) || isArray(value) || isRecordValue(value);

/** EventContext, key by key in the schema's order. */
const CONTEXT_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ['traits', isRecord],
  ['device', isDevice],
  ['os', isOs],
  ['app', isRecord],
  ['locale', isString],
  ['userAgent', isString],
  ['externalId', isExternalId],
];

function contextProblem(value: unknown): FieldPath | undefined {
  if (nullish(value)) return undefined;
  if (!isObjectValue(value)) return ['context'];
  for (const [key, rule] of CONTEXT_RULES) {
    if (!rule(value[key])) {
      // zod reports a bad `device` / `os` object at its first bad field, a non-object at the key itself.
      if ((key === 'device' || key === 'os') && isObjectValue(value[key])) return ['context', key, deviceField(key, value[key])];
      return ['context', key];
    }
  }
  return undefined;
}

function deviceField(key: string, device: Json): string {
  if (!isIdentifier(device.token)) return 'token';
  if (key === 'device' && !isString(device.name)) return 'name';
  return 'type';
}

/** BaseEvent after `type`, in the schema's order; `context` is checked in its place. */
const BASE_RULES: ReadonlyArray<readonly [string, Rule | 'context']> = [
  ['userId', isIdentifier],
  ['anonymousId', isIdentifier],
  ['messageId', isIdentifier],
  ['timestamp', isIdentifier],
  ['originalTimestamp', isIdentifier],
  ['sentAt', isIdentifier],
  ['channel', isString],
  ['context', 'context'],
  ['traits', isRecord],
  ['properties', isRecord],
  ['integrations', isRecord],
];

/** The fields each event type adds after the base ones. */
const EXTRA_RULES: Readonly<Record<string, ReadonlyArray<readonly [string, Rule]>>> = {
  identify: [],
  track: [['event', isString]],
  page: [
    ['name', isIdentifier],
    ['category', isString],
  ],
  alias: [['previousId', isIdentifier]],
};

const PATTERN_OF: Readonly<Record<string, RegExp>> = {
  identify: EVENT_TYPE_PATTERNS.identify,
  track: EVENT_TYPE_PATTERNS.track,
  page: EVENT_TYPE_PATTERNS.page,
  screen: EVENT_TYPE_PATTERNS.page,
  alias: EVENT_TYPE_PATTERNS.alias,
};

/**
 * The first field of `message` the schema of `type` (lower-cased) would refuse, or undefined when
 * it accepts the message. A type without a schema has nothing to refuse.
 */
export function firstEventProblem(message: Json, type: string): FieldPath | undefined {
  const pattern = PATTERN_OF[type];
  if (!pattern) return undefined;
  const rawType = message.type;
  if (typeof rawType !== 'string' || !pattern.test(rawType)) return ['type'];
  for (const [key, rule] of BASE_RULES) {
    if (rule === 'context') {
      const problem = contextProblem(message.context);
      if (problem) return problem;
    } else if (!rule(message[key])) return [key];
  }
  for (const [key, rule] of EXTRA_RULES[type === 'screen' ? 'page' : type] ?? []) {
    if (!rule(message[key])) return [key];
  }
  return undefined;
}

/** Product, key by key in the schema's order. */
const PRODUCT_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ['product_id', isIdentifier],
  ['sku', isIdentifier],
  ['name', isIdentifier],
  ['description', isString],
  ['category', (value) => isString(value) || isStringArray(value)],
  ['price', isIdentifier],
  ['quantity', isIdentifier],
  ['image_url', isString],
  ['url', isString],
  ['properties', isRecord],
];

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let index = 0; index < value.length; index += 1) if (typeof value[index] !== 'string') return false;
  return true;
}

function productProblem(product: unknown, prefix: FieldPath): FieldPath | undefined {
  if (!isObjectValue(product)) return prefix;
  for (const [key, rule] of PRODUCT_RULES) if (!rule(product[key])) return [...prefix, key];
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
