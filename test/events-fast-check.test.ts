/**
 * The read-only event check (src/events/fast-check.ts) against the zod schemas it mirrors: on
 * arbitrary JSON and on mutated valid events, both accept exactly the same inputs, and on a
 * refusal the check names the field of zod's first issue, which is the field `validateEvent`'s
 * error names. On values JSON cannot carry the check may defer to zod, never accept what zod refuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstEventProblem, firstProductsProblem, type FieldPath } from '../src/events/fast-check.js';
import { EVENT_SCHEMAS, EcommerceProperties, Product, validateEvent } from '../src/events/index.js';
// @ts-expect-error the generator is a plain ESM script without type declarations
import { generateEvents, SAMPLE_MIX } from '../scripts/generate-events.mjs';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 2000);
const TYPES = ['identify', 'track', 'page', 'screen', 'alias'] as const;
type Json = Record<string, unknown>;

const VALID_EVENTS = [...generateEvents({ count: 400, mix: SAMPLE_MIX, seed: 7 })] as Json[];

/** zod's verdict: undefined when the schema accepts, else the path of its first issue. */
function zodProblem(schema: { safeParse(value: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } } }, value: unknown): FieldPath | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : ((result.error?.issues[0]?.path ?? []) as FieldPath);
}

function productSchemaFor(properties: Json) {
  return properties.products === undefined || properties.products === null ? Product : EcommerceProperties;
}

/** Values at the edges of the schemas' rules, then any JSON. */
const leaf = fc.oneof(
  fc.constantFrom(null, '', 0, -0, false, true, 1.5, 'identify', 'TRACK', 'Page', 'screen', 'alias', 'x', [], {}, ['a'], ['a', 1], { token: 1 }, { token: {} }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every key path of a JSON value (arrays by index), for picking what to mutate. */
function pathsOf(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  if (value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf((value as Json)[key], path, out);
  }
  return out;
}

const SCHEMA_PATHS = [
  'type', 'userId', 'anonymousId', 'messageId', 'timestamp', 'originalTimestamp', 'sentAt', 'channel', 'context', 'traits',
  'properties', 'integrations', 'event', 'name', 'category', 'previousId', 'context.traits', 'context.device',
  'context.device.token', 'context.device.name', 'context.device.type', 'context.os', 'context.os.token', 'context.app',
  'context.locale', 'context.userAgent', 'context.externalId', 'properties.products', 'properties.products.0',
  'properties.products.0.price', 'properties.products.1.category', 'properties.product_id', 'properties.sku',
  'properties.name', 'properties.description', 'properties.category', 'properties.price', 'properties.quantity',
  'properties.image_url', 'properties.url', 'properties.properties',
].map((path) => path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)));

/** A valid event with 1–3 values replaced or deleted, at its own paths or at the schemas' paths. */
const mutatedEvent = fc
  .record({
    index: fc.nat({ max: VALID_EVENTS.length - 1 }),
    edits: fc.array(fc.record({ pick: fc.nat(), value: leaf, remove: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ index, edits }) => {
    const event = structuredClone(VALID_EVENTS[index]) as Json;
    for (const edit of edits) {
      const candidates = [...pathsOf(event), ...SCHEMA_PATHS];
      const path = candidates[edit.pick % candidates.length] as Array<string | number>;
      let parent: unknown = event;
      for (const segment of path.slice(0, -1)) {
        if (parent === null || typeof parent !== 'object') break;
        const holder = parent as Record<string | number, unknown>;
        if (holder[segment] === null || typeof holder[segment] !== 'object') holder[segment] = {};
        parent = holder[segment];
      }
      if (parent === null || typeof parent !== 'object') continue;
      const holder = parent as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      if (edit.remove) delete holder[last];
      else holder[last] = structuredClone(edit.value); // a copy: constants of the arbitraries are shared between runs
    }
    return event;
  });

/** Arbitrary JSON objects, with a type the dispatcher could have matched. */
const arbitraryEvent = fc
  .tuple(fc.dictionary(fc.constantFrom(...SCHEMA_PATHS.map((path) => String(path[0])), 'other'), leaf, { maxKeys: 8 }), fc.constantFrom(...TYPES), fc.constantFrom('same', 'upper', 'other'))
  .map(([fields, type, how]) => {
    const event: Json = { ...fields };
    if (how === 'same') event.type = type;
    else if (how === 'upper') event.type = type.toUpperCase();
    return event;
  });

function agreeOnEvent(event: Json, type: string) {
  const schema = EVENT_SCHEMAS[type];
  if (!schema) throw new Error(`no schema for ${type}`);
  const expected = zodProblem(schema, event);
  expect(firstEventProblem(event, type)).toEqual(expected);
  if (expected === undefined) return;
  // What users see: validateEvent's error names the field the check found.
  expect(validateEvent(event, type, false)?.field).toBe(expected.join('.'));
}

function agreeOnProducts(event: Json) {
  const properties = event.properties;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) return;
  const fields = properties as Json;
  const expected = zodProblem(productSchemaFor(fields), fields);
  expect(firstProductsProblem(fields)).toEqual(expected);
}

describe('read-only event check agrees with the zod schemas', () => {
  it('on mutated valid events: same verdict and same field, for every type', () => {
    fc.assert(
      fc.property(mutatedEvent, fc.constantFrom(...TYPES), (event, type) => {
        agreeOnEvent(event, type);
        agreeOnProducts(event);
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });

  it('on arbitrary JSON objects: same verdict and same field', () => {
    fc.assert(
      fc.property(arbitraryEvent, fc.constantFrom(...TYPES), (event, type) => {
        agreeOnEvent(event, type);
        agreeOnProducts(event);
      }),
      { numRuns: RUNS, seed: 20261203 },
    );
  });

  it('on arbitrary product lists: same verdict and same field', () => {
    const product = fc.dictionary(fc.constantFrom('product_id', 'sku', 'name', 'description', 'category', 'price', 'quantity', 'image_url', 'url', 'properties', 'other'), leaf, { maxKeys: 6 });
    const properties = fc.oneof(product, fc.record({ products: fc.oneof(fc.array(fc.oneof(product, leaf), { maxLength: 4 }), leaf) }));
    fc.assert(
      fc.property(properties, (fields) => agreeOnProducts({ properties: fields })),
      { numRuns: RUNS, seed: 20261204 },
    );
  });

  it('finds both valid and invalid events among the mutated ones (the properties above test both sides)', () => {
    const verdicts = fc.sample(mutatedEvent, { numRuns: 500, seed: 1 }).map((event) => firstEventProblem(event, String(event.type ?? '').toLowerCase()) === undefined);
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(50);
    expect(verdicts.filter((valid) => !valid).length).toBeGreaterThan(50);
  });

  it('never accepts a value JSON cannot carry that zod refuses (it may defer to zod)', () => {
    class Traits {
      plan = 'pro';
    }
    const odd: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, new Traits(), Object.create(null), { [Symbol('s')]: 1 }, new Date(0), () => 1, 10n];
    for (const value of odd) {
      for (const key of ['userId', 'traits', 'context', 'properties']) {
        for (const type of TYPES) {
          const event: Json = { type, [key]: value };
          const zodAccepts = zodProblem(EVENT_SCHEMAS[type] as never, event) === undefined;
          if (firstEventProblem(event, type) === undefined) expect(zodAccepts).toBe(true);
        }
      }
    }
  });

  it('never accepts a plain object zod refuses once Object.prototype has lost isPrototypeOf (zod then refuses every one)', () => {
    const event: Json = { type: 'identify', userId: 'u1', traits: { plan: 'pro' } };
    expect(firstEventProblem(event, 'identify')).toBeUndefined();
    const descriptor = Object.getOwnPropertyDescriptor(Object.prototype, 'isPrototypeOf');
    if (!descriptor) throw new Error('Object.prototype.isPrototypeOf is missing before the test');
    // Removed on purpose (put back below): zod then refuses every plain object.
    delete (Object.prototype as { isPrototypeOf?: unknown }).isPrototypeOf;
    try {
      const zodAccepts = zodProblem(EVENT_SCHEMAS.identify as never, event) === undefined;
      expect(zodAccepts).toBe(false);
      if (firstEventProblem(event, 'identify') === undefined) expect(zodAccepts).toBe(true);
    } finally {
      Object.defineProperty(Object.prototype, 'isPrototypeOf', descriptor);
    }
    expect(firstEventProblem(event, 'identify')).toBeUndefined();
  });
});
