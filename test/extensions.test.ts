/**
 * Our settings beyond RudderStack's (product.md §9): validation of every key, the system-field
 * user-agent table, purity, and properties over random settings and events. The behaviour of
 * each setting on events lives in fixtures/{lists,mapping,identity-options,extension-settings},
 * run by test/fixtures.test.ts; here we also check that their strict bodies pass the schemas.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, describeValue } from '../src/errors.js';
import { BODY_SCHEMAS, SubscribeBody, UnsubscribeBody, UpdateUserBody } from '../src/iterable/payloads.js';
import { resolveSettings } from '../src/settings.js';
import { isJsonValue, positiveId } from '../src/settings-extensions.js';
import { processorTransform } from '../src/rudderstack/processor.js';
import { systemFields } from '../src/transform/mapping.js';
import { transform } from '../src/transform/index.js';

const API_KEY = 'key-extensions-test-9f3a';

describe('extension settings are validated once, naming the key and the value', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  // [what, settings, key named in the message, value shown in the message]
  const bad: Array<[string, Record<string, unknown>, string, string]> = [
    ['negative list id', { listId: -3 }, 'listId', '-3'],
    ['zero list id', { listId: 0 }, 'listId', '0'],
    ['fractional list id', { listId: 2.5 }, 'listId', '2.5'],
    ['list id beyond safe integers', { listId: 2 ** 60 }, 'listId', String(2 ** 60)],
    ['list id as a word', { listId: 'main' }, 'listId', '"main"'],
    ['list id as an object', { listId: { id: 1 } }, 'listId', '{"id":1}'],
    ['audience key with no list (null)', { audienceLists: { vip: null } }, 'audienceLists.vip', 'null'],
    ['audience key with no list (undefined)', { audienceLists: { vip: undefined } }, 'audienceLists.vip', 'undefined'],
    ['audience key with a bad list id', { audienceLists: { vip: -1 } }, 'audienceLists.vip', '-1'],
    ['audienceLists not an object', { audienceLists: [501] }, 'audienceLists', '[501]'],
    ['empty audience event name', { audienceEnteredEvent: '' }, 'audienceEnteredEvent', '""'],
    ['campaign id not a number', { campaignId: 'spring' }, 'campaignId', '"spring"'],
    ['channelUnsubscribe not a boolean', { channelUnsubscribe: 'yes' }, 'channelUnsubscribe', '"yes"'],
    ['mapping from with spaces', { fieldMapping: [{ from: 'traits.first name', to: 'firstName' }] }, 'fieldMapping.0.from', '"traits.first name"'],
    ['mapping from with a leading dot', { fieldMapping: [{ from: '.traits', to: 'x' }] }, 'fieldMapping.0.from', '".traits"'],
    ['mapping from not a string', { fieldMapping: [{ from: 42, to: 'x' }] }, 'fieldMapping.0.from', '42'],
    ['mapping with a stray key', { fieldMapping: [{ from: 'traits.a', to: 'a', default: 1 }] }, 'fieldMapping.0', '"default"'],
    ['mapping not an array', { fieldMapping: { from: 'traits.a', to: 'a' } }, 'fieldMapping', '{"from":"traits.a","to":"a"}'],
    ['static NaN', { staticFields: { score: Number.NaN } }, 'staticFields.score', 'NaN'],
    ['static Infinity', { staticFields: { score: Number.POSITIVE_INFINITY } }, 'staticFields.score', 'Infinity'],
    ['static undefined', { staticFields: { source: undefined } }, 'staticFields.source', 'undefined'],
    ['static function', { staticFields: { source: () => 'x' } }, 'staticFields.source', 'function'],
    ['static Date', { staticFields: { since: new Date(0) } }, 'staticFields.since', '"1970-01-01T00:00:00.000Z"'],
    ['static Map', { staticFields: { tags: new Map() } }, 'staticFields.tags', '{}'],
    ['static nested NaN', { staticFields: { consent: { score: [1, Number.NaN] } } }, 'staticFields.consent', '{"score":[1,null]}'],
    ['static cyclic object', { staticFields: { loop: cyclic } }, 'staticFields.loop', 'object'],
    ['static bigint', { staticFields: { big: 10n } }, 'staticFields.big', 'bigint'],
    ['unknown sync mode', { syncMode: 'sync' }, 'syncMode', '"sync"'],
    ['userIdPath not a path', { userIdPath: 'traits[0' }, 'userIdPath', '"traits[0"'],
    ['userIdPath through a prototype', { userIdPath: 'traits.constructor.name' }, 'userIdPath', '"traits.constructor.name"'],
    ['mapping from through a prototype', { fieldMapping: [{ from: 'traits["__proto__"].x', to: 'x' }] }, 'fieldMapping.0.from', '"traits[\\"__proto__\\"].x"'],
    ['mapping to a prototype', { fieldMapping: [{ from: 'traits.a', to: '__proto__' }] }, 'fieldMapping.0.to', '"__proto__"'],
    ['static field through a prototype', { staticFields: { 'address.prototype': 1 } }, 'staticFields.address.prototype', '1'],
    ['placeholderEmail not a boolean', { placeholderEmail: 1 }, 'placeholderEmail', '1'],
    ['mappedFieldsOnly alone', { mappedFieldsOnly: true }, 'mappedFieldsOnly', 'true'],
    ['lookup with upsert', { existenceCheck: 'lookup' }, 'existenceCheck', '"upsert"'],
    ['equal audience event names', { audienceEnteredEvent: 'Segment', audienceExitedEvent: 'Segment' }, 'audienceExitedEvent', '"Segment"'],
    ['exited name equal to the default entered name', { audienceExitedEvent: 'audience entered' }, 'audienceExitedEvent', '"audience entered"'],
    ['audience event named like an e-commerce event', { audienceExitedEvent: 'Product Removed' }, 'audienceExitedEvent', '"Product Removed"'],
    ['duplicate mapping target', { fieldMapping: [{ from: 'traits.a', to: 'x' }, { from: 'traits.b', to: 'x' }] }, 'fieldMapping.1.to', '"x"'],
    ['mapping target also static', { fieldMapping: [{ from: 'traits.a', to: 'x' }], staticFields: { x: 1 } }, 'fieldMapping.0.to', '"x"'],
  ];

  describe.each(['strict', 'rudderstack'] as const)('%s profile', (profile) => {
    it.each(bad)('%s', (_what, extra, key, shown) => {
      const result = resolveSettings({ apiKey: API_KEY, profile, ...extra });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(ConfigurationError);
      expect(result.error.statusCode).toBe(400);
      expect(result.error.retryable).toBe(false);
      expect(result.error.message).toContain(`\`${key}\``);
      expect(result.error.message).toContain(shown);
      expect(result.error.field).toBe(key);
      expect(result.error.message).not.toContain(API_KEY);
    });
  });

  it('reports a bad setting on the first transform, without reading the event', () => {
    const result = transform({ type: 'identify', userId: 'u1' }, { apiKey: API_KEY, listId: -1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(ConfigurationError);
  });

  const good: Array<[string, Record<string, unknown>]> = [
    ['list id as digits', { listId: '42' }],
    ['list id with spaces around digits', { listId: ' 42 ' }],
    ['audience list ids as digits', { audienceLists: { vip: '7', churn: 8 } }],
    ['campaign id', { campaignId: 1234 }],
    ['nested static JSON', { staticFields: { consent: { email: true, channels: ['sms', null] }, score: -1.5 } }],
    ['static object with a null prototype', { staticFields: Object.assign(Object.create(null) as object, { a: 1 }) }],
    ['mapping into arrays', { fieldMapping: [{ from: 'properties.items.0.sku', to: 'firstSku' }] }],
    ['system fields only', { systemFields: true, mappedFieldsOnly: true }],
    ['lookup with updateOnly', { existenceCheck: 'lookup', syncMode: 'updateOnly' }],
  ];
  it.each(good)('accepts %s', (_what, extra) => {
    const result = resolveSettings({ apiKey: API_KEY, ...extra });
    expect(result.ok ? null : result.error.message).toBeNull();
  });

  it('reads list ids given as digit strings as numbers', () => {
    const result = resolveSettings({ apiKey: API_KEY, listId: '42', audienceLists: { vip: '7' } });
    expect(result.ok && [result.settings.listId, result.settings.audienceLists]).toEqual([42, { vip: 7 }]);
  });

  it('turns audience tracks on only when audience settings are present', () => {
    const on = (extra: Record<string, unknown>) => {
      const result = resolveSettings({ apiKey: API_KEY, ...extra });
      return result.ok && result.settings.audiencesEnabled;
    };
    expect([on({}), on({ listId: 1 }), on({ audienceLists: {} }), on({ audienceEnteredEvent: 'In' }), on({ audienceExitedEvent: 'Out' })]).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });
});

describe('positiveId and isJsonValue', () => {
  it.each([
    [1, 1],
    ['17', 17],
    ['007', 7],
    [0, undefined],
    ['0', undefined],
    [-1, undefined],
    [1.5, undefined],
    ['1e3', undefined],
    ['', undefined],
    [null, undefined],
    [true, undefined],
    [Number.MAX_SAFE_INTEGER + 1, undefined],
    ['99999999999999999999', undefined],
  ])('positiveId(%j) is %j', (input, expected) => {
    expect(positiveId(input)).toBe(expected);
  });

  it('accepts exactly what JSON.parse can produce', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => isJsonValue(value)));
    fc.assert(fc.property(fc.json(), (text) => isJsonValue(JSON.parse(text))));
  });
});

describe('system fields from the context', () => {
  // [user agent, browser, operating system, device type]
  const agents: Array<[string, string, string, string]> = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome', 'Windows', 'desktop'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox', 'Windows', 'desktop'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', 'Safari', 'macOS', 'desktop'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80', 'Edge', 'Windows', 'desktop'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0', 'Opera', 'Windows', 'desktop'],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36', 'Samsung Internet', 'Android', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36', 'Chrome', 'Android', 'mobile'],
    ['Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome', 'Android', 'tablet'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1', 'Chrome', 'iOS', 'mobile'],
    ['Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 'Safari', 'iOS', 'tablet'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox', 'Linux', 'desktop'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome', 'Chrome OS', 'desktop'],
    ['Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko', 'Internet Explorer', 'Windows', 'desktop'],
  ];
  it.each(agents)('%s', (userAgent, browser, operatingSystem, deviceType) => {
    expect(systemFields({ context: { userAgent } })).toEqual({ browser, operatingSystem, deviceType });
  });

  it('leaves out what it cannot name (an unknown agent is still a desktop)', () => {
    expect(systemFields({ context: { userAgent: 'curl/8.4.0', locale: '', location: { city: 42 } } })).toEqual({ deviceType: 'desktop' });
    expect(systemFields({})).toEqual({});
  });
});

const MY_FIXTURE_DIRS = ['lists', 'mapping', 'identity-options', 'extension-settings'];

describe('strict fixture bodies pass the payload schemas', () => {
  const cases = MY_FIXTURE_DIRS.flatMap((dir) =>
    readdirSync(join(import.meta.dirname, '..', 'fixtures', dir))
      .filter((file) => file.endsWith('.json'))
      .map((file) => [`${dir}/${file}`, JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', dir, file), 'utf8'))] as const),
  );
  const strictOk = cases.filter(([, f]) => f.expected.ok && (f.settings?.profile ?? 'strict') === 'strict');

  it('covers every setting of the issue in the strict profile', () => {
    const keys = new Set(strictOk.flatMap(([, f]) => Object.keys(f.settings as object)));
    for (const key of ['listId', 'audienceLists', 'audienceEnteredEvent', 'audienceExitedEvent', 'channelUnsubscribe', 'campaignId', 'fieldMapping', 'mappedFieldsOnly', 'staticFields', 'systemFields', 'syncMode', 'userIdPath', 'anonymousIdFallback', 'placeholderEmail']) {
      expect(keys, key).toContain(key);
    }
  });

  it.each(strictOk)('%s', (_file, fixture) => {
    const result = transform(fixture.input, fixture.settings);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const call of result.calls) {
      const parsed = BODY_SCHEMAS[call.op].safeParse(call.body);
      expect(parsed.success ? null : parsed.error.issues, call.op).toBeNull();
    }
  });
});

describe('purity', () => {
  const settings = {
    apiKey: API_KEY,
    listId: 9,
    audienceLists: { vip: 501 },
    fieldMapping: [{ from: 'traits.first_name', to: 'firstName' }],
    staticFields: { consent: { email: true } },
    systemFields: true,
    placeholderEmail: true,
  };
  const identify = {
    type: 'identify',
    userId: 'u1',
    traits: { first_name: 'Ann', plan: 'pro' },
    context: { locale: 'fr-FR', location: { city: 'Lyon' } },
    integrations: { Iterable: { listIds: [10] } },
  };

  it('never mutates the event or the settings, and gives the same output twice', () => {
    const before = structuredClone({ settings, identify });
    const first = transform(identify, settings);
    const second = transform(identify, settings);
    expect({ settings, identify }).toEqual(before);
    expect(second).toEqual(first);
    expect(first.ok && first.calls.map((c) => c.op)).toEqual(['updateUser', 'subscribeToList', 'subscribeToList']);
  });

  it('does not share static values with the caller: editing a body cannot change the settings', () => {
    const result = transform(identify, settings);
    if (!result.ok) throw result.error;
    const body = result.calls[0]!.body as { dataFields: { consent: { email: boolean } } };
    expect(body.dataFields.consent).not.toBe(settings.staticFields.consent);
    // Editing one event's body must not reach the next event's (the resolved settings are cached).
    const original = body.dataFields.consent.email;
    body.dataFields.consent.email = !original;
    const next = transform(identify, settings);
    if (!next.ok) throw next.error;
    expect((next.calls[0]!.body as { dataFields: { consent: { email: boolean } } }).dataFields.consent.email).toBe(original);
  });
});

describe('RudderStack processor contract with list settings', () => {
  it('sends the extra subscribe to lists/subscribe with the server key', () => {
    const out = processorTransform([
      {
        message: { type: 'identify', userId: 'u1', traits: { email: 'ann@example.com' } },
        metadata: { jobId: 1 },
        destination: { Config: { apiKey: API_KEY, listId: 101 } },
      },
    ]);
    expect(out.map((entry) => ('output' in entry ? [entry.output.endpoint, entry.output.headers.api_key] : entry))).toEqual([
      ['https://api.iterable.com/api/users/update', API_KEY],
      ['https://api.iterable.com/api/lists/subscribe', API_KEY],
    ]);
  });

  it('reports a bad list setting as an error entry for the event, without the key', () => {
    const [entry] = processorTransform([
      { message: { type: 'identify', userId: 'u1' }, metadata: { jobId: 2 }, destination: { Config: { apiKey: API_KEY, listId: 'main' } } },
    ]);
    expect(entry && 'error' in entry && [entry.statusCode, entry.error]).toEqual([
      400,
      'Expected `listId` to be a positive whole number (an iterable list id), got `"main"`',
    ]);
  });
});

// ---- properties over random settings and events ----

// Settings with prototype keys are refused outright (test/pollution.test.ts); events may still name them.
const AUDIENCE_KEYS = ['vip', 'churn', 'gold'];
const EVENT_AUDIENCE_KEYS = [...AUDIENCE_KEYS, '__proto__', 'constructor'];
const PATHS = ['traits.email', 'traits.first_name', 'traits.a.b', 'context.traits.id', 'properties.items.0', 'properties.items[0]', 'userId', 'context.locale', 'traits["a"].b'];

const arbExtensionSettings = fc.record(
  {
    profile: fc.constantFrom('strict', 'rudderstack'),
    listId: fc.integer({ min: 1, max: 1e6 }),
    audienceLists: fc.dictionary(fc.constantFrom(...AUDIENCE_KEYS), fc.integer({ min: 1, max: 1e6 })),
    audienceEnteredEvent: fc.constantFrom('Audience Entered', 'Joined'),
    audienceExitedEvent: fc.constantFrom('Audience Exited', 'Left'),
    channelUnsubscribe: fc.boolean(),
    campaignId: fc.integer({ min: 1, max: 1e6 }),
    fieldMapping: fc.uniqueArray(fc.record({ from: fc.constantFrom(...PATHS), to: fc.constantFrom('m1', 'm2', 'email', 'toString') }), {
      selector: (m) => m.to,
      maxLength: 4,
    }),
    staticFields: fc.dictionary(fc.constantFrom('s1', 's2', 'plan'), fc.jsonValue({ maxDepth: 2 })),
    systemFields: fc.boolean(),
    syncMode: fc.constantFrom('upsert', 'updateOnly', 'createOnly'),
    userIdPath: fc.constantFrom(...PATHS),
    anonymousIdFallback: fc.boolean(),
    placeholderEmail: fc.boolean(),
    preferUserId: fc.boolean(),
  },
  { requiredKeys: [] },
).map((s) => ({ apiKey: API_KEY, ...s, mappedFieldsOnly: Boolean(s.fieldMapping?.length) }));

const arbAnything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
/** Mostly the expected shape (so that runs reach the list code), sometimes anything at all. */
const mostly = <T>(usual: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 5 }, { arbitrary: arbAnything, weight: 1 });
const arbId = fc.oneof(fc.constantFrom('u1', 'c-9', ''), fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.constant(undefined));

const arbEvent = fc.record(
  {
    type: fc.oneof({ arbitrary: fc.constantFrom('identify', 'track'), weight: 6 }, { arbitrary: fc.constantFrom('Identify', 'page', 'alias', 'group', 42), weight: 1 }),
    event: fc.oneof(
      { arbitrary: fc.constantFrom('Audience Entered', 'Joined', 'audience exited', 'Audience Exited', 'Left'), weight: 4 },
      { arbitrary: fc.constantFrom('Order Completed', 'Viewed', ''), weight: 1 },
    ),
    userId: arbId,
    anonymousId: arbId,
    traits: mostly(fc.dictionary(fc.constantFrom('email', 'first_name', 'a', 'id', 'customerId'), mostly(fc.constantFrom('ann@example.com', 'x')))),
    properties: mostly(
      fc.record(
        {
          audience_key: mostly(fc.constantFrom(...EVENT_AUDIENCE_KEYS, 'unknown')),
          list_id: fc.oneof(fc.integer({ min: -1, max: 100 }), fc.constantFrom('12', '0', 'x'), arbAnything),
          email: mostly(fc.constant('ann@example.com')),
          total: fc.oneof(fc.integer(), arbAnything),
        },
        { requiredKeys: [] },
      ),
    ),
    context: fc.record(
      {
        traits: mostly(fc.dictionary(fc.constantFrom('email', 'id', 'userId', 'first_name'), mostly(fc.constantFrom('ann@example.com', 'c-1')))),
        userAgent: fc.oneof(fc.string(), fc.constantFrom('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Mobile Safari/604.1')),
        locale: mostly(fc.constantFrom('fr-FR', '')),
        location: mostly(fc.record({ city: arbAnything, country: arbAnything, countryCode: arbAnything }, { requiredKeys: [] })),
        os: arbAnything,
        device: arbAnything,
      },
      { requiredKeys: [] },
    ),
    integrations: mostly(fc.record({ Iterable: fc.record({ listIds: mostly(fc.array(fc.integer({ min: -1, max: 50 }), { maxLength: 3 })) }) })),
  },
  { requiredKeys: ['type'] },
);

describe('properties', () => {
  it('transform never throws; strict list and user bodies pass their schemas, one subscriber each', () => {
    // Counts what the runs exercised, so that a generator drifting away from list calls is noticed.
    const seen = { subscribeToList: 0, unsubscribeFromList: 0 };
    fc.assert(
      fc.property(arbExtensionSettings, arbEvent, (settings, event) => {
        const result = transform(event, settings);
        for (const call of result.ok ? result.calls : []) {
          if (call.op === 'subscribeToList' || call.op === 'unsubscribeFromList') seen[call.op] += settings.profile === 'strict' ? 1 : 0;
        }
        if (!result.ok) {
          expect(result.error.message).not.toContain(API_KEY);
          return;
        }
        for (const call of result.calls) {
          if (call.op === 'subscribeToList' || call.op === 'unsubscribeFromList') {
            expect(call.body.subscribers).toHaveLength(1);
            const subscriber = call.body.subscribers[0]!;
            expect(subscriber.email !== undefined || subscriber.userId !== undefined).toBe(true);
          }
          if (settings.profile === 'rudderstack') continue;
          const schema = call.op === 'subscribeToList' ? SubscribeBody : call.op === 'unsubscribeFromList' ? UnsubscribeBody : call.op === 'updateUser' ? UpdateUserBody : undefined;
          if (!schema) continue;
          const parsed = schema.safeParse(call.body);
          expect(parsed.success ? null : `${call.op}: ${describeValue(parsed.error.issues)}`).toBeNull();
        }
      }),
      { numRuns: 2000 },
    );
    expect(seen.subscribeToList).toBeGreaterThan(50);
  });

  it('an audience track becomes exactly one list call of the right kind (strict bodies valid), or an error', () => {
    const seen = { subscribeToList: 0, unsubscribeFromList: 0 };
    fc.assert(
      fc.property(arbExtensionSettings, arbEvent, fc.boolean(), (settings, event, entering) => {
        const name = entering ? (settings.audienceEnteredEvent ?? 'Audience Entered') : (settings.audienceExitedEvent ?? 'Audience Exited');
        const result = transform({ ...event, type: 'track', event: name }, settings);
        if (!result.ok) return;
        const audiences = settings.audienceLists !== undefined || settings.audienceEnteredEvent !== undefined || settings.audienceExitedEvent !== undefined;
        if (!audiences) {
          expect(result.calls.map((c) => c.op)).toEqual(['trackEvent']);
          return;
        }
        const op = entering ? 'subscribeToList' : 'unsubscribeFromList';
        expect(result.calls.map((c) => c.op)).toEqual([op]);
        seen[op] += 1;
        const call = result.calls[0]!;
        if (call.op === 'subscribeToList') expect(call.body.updateExistingUsersOnly === true).toBe(settings.syncMode === 'updateOnly');
        if (call.op === 'unsubscribeFromList') {
          expect(call.body.channelUnsubscribe).toBe(settings.channelUnsubscribe ?? false);
          expect(call.body.campaignId).toBe(settings.campaignId);
        }
        if (settings.profile === 'strict') {
          const parsed = (entering ? SubscribeBody : UnsubscribeBody).safeParse(call.body);
          expect(parsed.success ? null : describeValue(parsed.error.issues)).toBeNull();
        }
      }),
      { numRuns: 1000 },
    );
    expect(seen.subscribeToList).toBeGreaterThan(25);
    expect(seen.unsubscribeFromList).toBeGreaterThan(25);
  });

  it('an identify subscribes to `listId` exactly once, after its user update', () => {
    fc.assert(
      fc.property(arbExtensionSettings, arbEvent, (settings, event) => {
        const result = transform({ ...event, type: 'identify' }, settings);
        if (!result.ok || settings.listId === undefined) return;
        const ops = result.calls.map((c) => c.op);
        expect(ops[0]).toBe('updateUser');
        const lists = result.calls.filter((c) => c.op === 'subscribeToList').map((c) => (c.body as SubscribeBody).listId);
        expect(lists.filter((id) => id === settings.listId)).toHaveLength(1);
        expect(new Set(lists).size).toBe(lists.length);
      }),
      { numRuns: 1000 },
    );
  });
});
