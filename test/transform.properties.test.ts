/**
 * Invariants of `transform` over arbitrary input, in both profiles: it never throws, never mutates
 * its inputs, is deterministic, returns either ≥1 call or a typed error, and every `strict` body
 * satisfies its Iterable schema.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IterableDestinationError } from '../src/errors.js';
import { BODY_SCHEMAS } from '../src/iterable/payloads.js';
import { transform } from '../src/transform/index.js';
import type { TransformResult } from '../src/transform/types.js';

const NUM_RUNS = Number(process.env.P1_RUNS ?? 300);
const OPS = Object.keys(BODY_SCHEMAS);

// ---- generators ---------------------------------------------------------------------------

/** Any JSON-ish leaf, biased towards the values the usable-value rules treat specially. */
const oddValue = fc.oneof(
  fc.constantFrom(null, '', 0, false, true, -1, 1.5, '0', 'abc', '12abc', ' a, b ,', '1598631966468'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 3 }),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
);

const timestamp = fc.oneof(
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 0, max: 2_000_000_000_000 }),
  fc.integer({ min: 0, max: 2_000_000_000_000 }).map(String),
  fc.constantFrom('yesterday', '', '2020-13-45'),
);
const email = fc.constantFrom('a@example.com', 'b@example.com', '', 'not-an-email');
const id = fc.oneof(fc.constantFrom('u1', 'user-2', '', '0', 'x'.repeat(513)), fc.integer({ min: -5, max: 99999 }));

const maybeWith = (oddWeight: number) => <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 24, arbitrary: arb }, { weight: oddWeight, arbitrary: oddValue });
const maybe = maybeWith(8);

/** Events of every type with plausible fields; each field is a value of any type at odds `oddWeight` : 24. */
function eventsWith(oddWeight: number) {
  const maybe = maybeWith(oddWeight);
  const product = fc.record(
    {
      product_id: maybe(id),
      sku: maybe(id),
      name: maybe(fc.constantFrom('Chair', 'Table', '')),
      description: maybe(fc.string({ maxLength: 8 })),
      category: maybe(fc.constantFrom('a', 'a, b', 'x,,y', ' ')),
      price: maybe(fc.oneof(fc.double({ min: 0, max: 1000, noNaN: true }), fc.constantFrom('19', '1.5', 'abc'))),
      quantity: maybe(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom('2', '2.5', 'x'))),
      image_url: maybe(fc.constant('https://example.com/i.png')),
      url: maybe(fc.constant('https://example.com/p')),
      properties: maybe(fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 })),
    },
    { requiredKeys: [] },
  );

  const traits = fc.record({ email: maybe(email), userId: maybe(id), id: maybe(id), createdAt: maybe(timestamp), plan: oddValue }, { requiredKeys: [] });

  const externalId = fc.record(
    {
      id: maybe(id),
      identifierType: maybe(fc.constantFrom('email', 'userId', 'crm_id', 'a.b')),
      type: maybe(fc.constantFrom('ITERABLE-users', 'ITERABLE-products', 'SALESFORCE-contact', 'ITERABLE-')),
    },
    { requiredKeys: [] },
  );

  const context = fc.record(
    {
      traits: maybe(traits),
      device: maybe(
        fc.record(
          { token: maybe(fc.oneof(fc.constantFrom('tok', ''), fc.integer())), type: maybe(fc.constantFrom('ios', 'Android', 'tvOS')), name: maybe(fc.constantFrom('Pixel', 'com.example.app')) },
          { requiredKeys: [] },
        ),
      ),
      os: maybe(fc.record({ token: maybe(fc.oneof(fc.constant('web-tok'), fc.integer())) }, { requiredKeys: [] })),
      app: maybe(fc.record({ namespace: maybe(fc.constantFrom('com.example.app', '')) }, { requiredKeys: [] })),
      mappedToDestination: maybe(fc.constantFrom(true, 'false', false)),
      externalId: maybe(fc.oneof(fc.array(externalId, { maxLength: 3 }), externalId)),
    },
    { requiredKeys: [] },
  );

  const properties = fc.record(
    {
      products: maybe(fc.array(product, { maxLength: 3 })),
      product_id: maybe(id),
      name: maybe(fc.constantFrom('Home', 'Chair', '')),
      price: maybe(fc.constantFrom(5, '5', 'x')),
      quantity: maybe(fc.constantFrom(1, '1', 'x')),
      total: maybe(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('1000', 'abc'))),
      order_id: maybe(id),
      event_id: maybe(id),
      email: maybe(email),
      category: maybe(fc.constantFrom('Docs', '')),
      campaignId: maybe(fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom('123', '0', '12abc', 'abc'))),
      templateId: maybe(fc.oneof(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom('456', 'x'))),
      timestamp: maybe(timestamp),
    },
    { requiredKeys: [] },
  );

  return fc.record(
    {
      type: maybe(fc.constantFrom('identify', 'track', 'page', 'screen', 'alias', 'Identify', 'TRACK', 'group')),
      event: maybe(fc.constantFrom('Order Completed', 'product added', 'Product Removed', 'Clicked', '')),
      name: maybe(fc.constantFrom('Home', '', 'Pricing')),
      category: maybe(fc.constantFrom('Docs', '')),
      userId: maybe(id),
      anonymousId: maybe(id),
      previousId: maybe(fc.oneof(email, id)),
      messageId: maybe(fc.constantFrom('msg-1', '', 'm'.repeat(600))),
      channel: maybe(fc.constantFrom('sources', 'web')),
      timestamp: maybe(timestamp),
      originalTimestamp: maybe(timestamp),
      traits: maybe(traits),
      properties: maybe(properties),
      context: maybe(context),
    },
    { requiredKeys: [] },
  );
}

/** Mostly plausible events with frequent wrongly-typed fields. */
const plausibleEvent = eventsWith(8);
/** Nearly well-typed events, so that many transforms succeed and their bodies can be checked. */
const cleanEvent = eventsWith(1);
/** Nearly well-typed purchases and carts (rarer in `cleanEvent`, and with the most rules). */
const cleanCommerceEvent = fc
  .tuple(cleanEvent, fc.constantFrom('Order Completed', 'Product Added', 'product removed'))
  .map(([event, name]) => ({ ...event, type: 'track', event: name }));

const anyEvent = fc.oneof(plausibleEvent, fc.jsonValue({ maxDepth: 3 }));

/** Settings objects: mostly valid RudderStack / library keys, sometimes junk. */
const settingsFor = (profile: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record(
      {
        apiKey: fc.oneof({ weight: 5, arbitrary: fc.constant('testApiKey') }, { weight: 1, arbitrary: oddValue }),
        profile,
        dataCenter: maybe(fc.constantFrom('USDC', 'EUDC')),
        registerDeviceOrBrowserApiKey: maybe(fc.constantFrom('regKey', '')),
        preferUserId: maybe(fc.boolean()),
        mergeNestedObjects: maybe(fc.boolean()),
        trackAllPages: maybe(fc.boolean()),
        trackCategorisedPages: maybe(fc.boolean()),
        trackNamedPages: maybe(fc.boolean()),
        mapToSingleEvent: maybe(fc.boolean()),
      },
      { requiredKeys: ['profile'] },
    ) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

/** Valid strict settings, so that strict bodies are produced and can be checked. */
const validStrictSettings = fc.record(
  {
    apiKey: fc.constant('testApiKey'),
    dataCenter: fc.constantFrom('USDC', 'EUDC'),
    registerDeviceOrBrowserApiKey: fc.constantFrom('regKey', ''),
    preferUserId: fc.boolean(),
    mergeNestedObjects: fc.boolean(),
    trackAllPages: fc.boolean(),
    trackCategorisedPages: fc.boolean(),
    trackNamedPages: fc.boolean(),
    mapToSingleEvent: fc.boolean(),
  },
  { requiredKeys: ['apiKey'] },
);

// ---- helpers ------------------------------------------------------------------------------

/** What a result amounts to on the wire: calls as JSON, errors by class, code, status and text. */
function observable(result: TransformResult): unknown {
  if (!result.ok) {
    const { name, code, statusCode, message } = result.error;
    return { ok: false, error: { name, code, statusCode, message } };
  }
  return {
    ok: true,
    calls: JSON.parse(JSON.stringify(result.calls)),
    warnings: (result.warnings ?? []).map((w) => ({ name: w.name, code: w.code, message: w.message })),
  };
}

function expectWellFormed(result: TransformResult): void {
  if (result.ok) {
    expect(Array.isArray(result.calls)).toBe(true);
    expect(result.calls.length).toBeGreaterThanOrEqual(1);
    for (const call of result.calls) expect(OPS).toContain(call.op);
    for (const warning of result.warnings ?? []) expect(warning).toBeInstanceOf(IterableDestinationError);
  } else {
    expect(result.error).toBeInstanceOf(IterableDestinationError);
    expect(result.error.message.length).toBeGreaterThan(0);
  }
}

const profiles = [
  ['strict', fc.option(fc.constant('strict'), { nil: undefined })],
  ['rudderstack', fc.constant('rudderstack')],
] as const;

// ---- properties ---------------------------------------------------------------------------

describe.each(profiles)('transform in the %s profile', (_name, profile) => {
  const settings = settingsFor(profile);

  it('never throws and returns ≥1 call or a typed error', () => {
    fc.assert(
      fc.property(anyEvent, settings, (event, s) => {
        let result: TransformResult | undefined;
        expect(() => {
          result = transform(event, s);
        }).not.toThrow();
        expectWellFormed(result as TransformResult);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never mutates the event or the settings', () => {
    fc.assert(
      fc.property(anyEvent, settings, (event, s) => {
        const eventBefore = structuredClone(event);
        const settingsBefore = structuredClone(s);
        transform(event, s);
        expect(event).toEqual(eventBefore);
        expect(s).toEqual(settingsBefore);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is deterministic: equal inputs give equal outputs', () => {
    fc.assert(
      fc.property(anyEvent, settings, (event, s) => {
        // Fresh copies, so that neither the settings cache nor object identity can help.
        const first = observable(transform(structuredClone(event), structuredClone(s)));
        const second = observable(transform(structuredClone(event), structuredClone(s)));
        expect(second).toEqual(first);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('strict bodies', () => {
  it('every successful strict body passes its schema in BODY_SCHEMAS', () => {
    let bodiesChecked = 0;
    fc.assert(
      fc.property(fc.oneof(cleanEvent, cleanCommerceEvent), validStrictSettings, (event, s) => {
        const result = transform(event, s);
        if (!result.ok) {
          // The settings are valid: only the event can be at fault.
          expect(result.error.code).not.toBe('INVALID_SETTINGS');
          return;
        }
        for (const call of result.calls) {
          // What is sent is JSON: check the body as it would arrive.
          const body: unknown = JSON.parse(JSON.stringify(call.body));
          const parsed = BODY_SCHEMAS[call.op].safeParse(body);
          expect(parsed.success ? null : { op: call.op, body, issues: parsed.error.issues }).toBeNull();
          bodiesChecked += 1;
        }
      }),
      { numRuns: NUM_RUNS * 2 },
    );
    // The generator must actually reach successful transforms, or this property proves nothing.
    expect(bodiesChecked).toBeGreaterThan(NUM_RUNS / 4);
  });

  it('strict and rudderstack agree on which events are tracked when nothing differs', () => {
    // A plain identify with a string userId is the same call in both profiles (product §3: "no other differences").
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }), (userId, traits) => {
        const event = { type: 'identify', userId, traits };
        const strict = observable(transform(event, { apiKey: 'k' }));
        const rudderstack = observable(transform(event, { apiKey: 'k', profile: 'rudderstack' }));
        expect(strict).toEqual(rudderstack);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
