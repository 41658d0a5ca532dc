/**
 * No prototype pollution, anywhere: hostile keys (`__proto__`, `constructor`, `prototype`) thrown
 * into every place of events and settings (object keys at any depth, path strings, rETL
 * identifierTypes, field names, audience keys), through `transform`, `processorTransform`,
 * `routerTransform`, and over HTTP through the transformer service. After every run the shared
 * prototypes must be exactly as before, and every hostile path or key in settings (or a hostile
 * identifierType that would be written) must be refused with a 400 naming the field.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transform } from '../src/transform/index.js';
import { createServer, processorTransform, routerTransform } from '../src/rudderstack/index.js';
import {
  FORBIDDEN,
  arbHostileObject,
  arbHostilePath,
  arbKey,
  arbTree,
  array,
  fieldNameText,
  isHostilePath,
  json,
  object,
  pathText,
  type Json,
} from './support/hostile-json.js';

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype] as const;

type Snapshot = Array<Map<PropertyKey, PropertyDescriptor>>;

function snapshot(): Snapshot {
  return PROTOTYPES.map((proto) => new Map(Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)!])));
}

/** Fails when any shared prototype gained, lost or changed a property, or plain objects see a planted one. */
function expectPrototypesUntouched(before: Snapshot): void {
  const after = snapshot();
  after.forEach((now, index) => {
    const was = before[index]!;
    expect([...now.keys()].map(String)).toEqual([...was.keys()].map(String));
    for (const [key, descriptor] of now) {
      const old = was.get(key)!;
      expect(descriptor.value === old.value && descriptor.get === old.get && descriptor.set === old.set, `prototype ${index} key ${String(key)}`).toBe(true);
    }
  });
  expect(Object.getPrototypeOf(Object.prototype)).toBeNull();
  const probes: Array<Record<string, unknown>> = [{}, [] as unknown as Record<string, unknown>, (() => 0) as unknown as Record<string, unknown>];
  for (const probe of probes) {
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
  }
}

interface Case {
  event: Json;
  settings: Json;
  /** The settings hold a hostile key or path: they must be refused. */
  settingsHostile: boolean;
  /** The event is a rETL users identify whose identifierType is a hostile path: it must be refused. */
  identifierHostile: boolean;
}

const arbUserAgent = fc.constantFrom(
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1',
  '__proto__',
);

const arbEvent = fc
  .record({
    type: fc.oneof({ arbitrary: fc.constantFrom('identify', 'Identify'), weight: 3 }, { arbitrary: fc.constantFrom('track', 'page', 'alias'), weight: 2 }),
    event: fc.constantFrom('Audience Entered', 'Order Completed', 'Signed Up'),
    retl: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    identifierType: fc.oneof(arbHostilePath, fc.constantFrom('email', 'customerId', 'address.city')),
    traits: arbHostileObject,
    contextTraits: arbHostileObject,
    properties: arbHostileObject,
    audienceKey: fc.constantFrom(...FORBIDDEN, 'vip'),
    extraKey: arbKey,
    extraValue: arbTree,
    userAgent: arbUserAgent,
  })
  .map((e) => {
    const identifierType = pathText(e.identifierType);
    const properties = object([['audience_key', json(e.audienceKey)], ['list_id', json(7)], ['products', array([e.properties])], ['nested', e.properties]]);
    const event = object([
      ['type', json(e.type)],
      ['event', json(e.event)],
      ['userId', json('u1')],
      ['previousId', json('old@example.com')],
      [
        'context',
        object([
          ['mappedToDestination', e.retl ? json(true) : undefined],
          ['externalId', array([object([['type', json('ITERABLE-users')], ['identifierType', identifierType], ['id', json('x-1')]])])],
          ['traits', e.contextTraits],
          ['userAgent', json(e.userAgent)],
          ['device', object([['token', json('t-1')], ['type', json('ios')]])],
        ]),
      ],
      ['traits', e.traits],
      ['properties', properties],
      ['integrations', object([['Iterable', object([['listIds', array([json(3)])]])]])],
      [e.extraKey, e.extraValue],
    ]);
    const identifierHostile = e.retl && e.type.toLowerCase() === 'identify' && identifierType.hostile > 0;
    return { event, identifierHostile };
  });

const arbSettings = fc
  .record(
    {
      profile: fc.constantFrom('strict', 'rudderstack'),
      fieldMapping: fc.array(
        fc.record({ from: fc.oneof(arbHostilePath, fc.constantFrom('traits.email', 'traits["a"]', 'properties.nested.a')), to: fc.oneof(fc.constantFrom(...FORBIDDEN, 'a.__proto__', 'x.prototype'), fc.constantFrom('m1', 'm2')) }),
        { maxLength: 2 },
      ),
      userIdPath: fc.oneof(arbHostilePath, fc.constantFrom('traits.email', 'userId')),
      staticFields: arbHostileObject,
      audienceLists: fc.array(fc.tuple(arbKey, fc.integer({ min: 1, max: 99 })), { maxLength: 3 }),
      audienceEnteredEvent: fc.constant('Audience Entered'),
      extra: fc.tuple(arbKey, arbTree),
      systemFields: fc.boolean(),
      registerDeviceOrBrowserApiKey: fc.constant('token-key-1234'),
    },
    { requiredKeys: ['profile'] },
  )
  .map((s) => {
    const mappings = s.fieldMapping?.map((m) => object([['from', pathText(m.from)], ['to', fieldNameText(m.to)]]));
    // The strict profile refuses unknown keys: an extra key is only added where it is hostile or rudderstack.
    const extra = s.extra && (s.profile === 'rudderstack' || (FORBIDDEN as readonly string[]).includes(s.extra[0])) ? s.extra : undefined;
    const settings = object([
      ['apiKey', json('key-pollution-1234')],
      ['profile', json(s.profile)],
      ['fieldMapping', mappings ? array(mappings) : undefined],
      ['userIdPath', s.userIdPath === undefined ? undefined : pathText(s.userIdPath)],
      ['staticFields', s.staticFields],
      ['audienceLists', s.audienceLists ? object(s.audienceLists.map(([key, id]) => [key, json(id)] as const)) : undefined],
      ['audienceEnteredEvent', s.audienceEnteredEvent === undefined ? undefined : json(s.audienceEnteredEvent)],
      ['systemFields', s.systemFields === undefined ? undefined : json(s.systemFields)],
      ['registerDeviceOrBrowserApiKey', s.registerDeviceOrBrowserApiKey === undefined ? undefined : json(s.registerDeviceOrBrowserApiKey)],
      ...(extra ? [[extra[0], extra[1]] as const] : []),
    ]);
    return settings;
  });

/** Settings without anything hostile, so that runs also reach the event-side refusals. */
const arbCleanSettings = fc
  .record({ profile: fc.constantFrom('strict', 'rudderstack'), systemFields: fc.boolean() })
  .map((s) => object([['apiKey', json('key-pollution-1234')], ['profile', json(s.profile)], ['systemFields', json(s.systemFields)]]));

const arbCase: fc.Arbitrary<Case> = fc.tuple(arbEvent, fc.oneof({ arbitrary: arbSettings, weight: 2 }, { arbitrary: arbCleanSettings, weight: 1 })).map(([{ event, identifierHostile }, settings]) => ({
  event,
  settings,
  settingsHostile: settings.hostile > 0,
  identifierHostile,
}));

/** A hostile key named in a settings error: the message and `field` both carry the key or path. */
function expectSettingsRefused(error: { name: string; statusCode: number; field?: string | undefined; message: string }): void {
  expect(error.name).toBe('ConfigurationError');
  expect(error.statusCode).toBe(400);
  expect(error.field).toBeTruthy();
  expect(error.message).toContain(`\`${error.field}`);
}

const processorBody = (c: Case) => `[{"message":${c.event.text},"metadata":{"jobId":1},"destination":{"ID":"d1","Config":${c.settings.text}}}]`;
const routerBody = (c: Case) => `{"destType":"iterable","input":[{"message":${c.event.text},"metadata":{"jobId":1},"destination":{"ID":"d1","Config":${c.settings.text}}}]}`;

/** Pollution attempts made by this file (hostile keys and paths sent × entry points), for the report. */
let attempts = 0;

afterAll(() => {
  console.info(`pollution attempts: ${attempts}`);
});

describe('no prototype pollution', () => {
  it('transform: hostile keys anywhere never touch a prototype; hostile settings and identifierTypes are refused with a 400', () => {
    const before = snapshot();
    let refusedSettings = 0;
    let refusedIdentifiers = 0;
    fc.assert(
      fc.property(arbCase, (c) => {
        const event: unknown = JSON.parse(c.event.text);
        // Strict settings get every chance: the same text, once with the profile it names.
        const result = transform(event, JSON.parse(c.settings.text));
        attempts += c.event.hostile + c.settings.hostile;
        expectPrototypesUntouched(before);
        if (c.settingsHostile) {
          expect(result.ok).toBe(false);
          if (!result.ok) expectSettingsRefused(result.error);
          refusedSettings += 1;
        } else if (c.identifierHostile && !result.ok && result.error.name !== 'ConfigurationError') {
          expect(result.error.statusCode).toBe(400);
          expect(result.error.field).toBe('context.externalId.0.identifierType');
          refusedIdentifiers += 1;
        } else if (c.identifierHostile) {
          // Only a settings problem (mappedFieldsOnly, a duplicate target…) may stop it earlier.
          expect(result.ok).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
    // The generators reach both refusals often enough to mean something.
    expect(refusedSettings).toBeGreaterThan(100);
    expect(refusedIdentifiers).toBeGreaterThan(10);
  });

  it('processorTransform and routerTransform: the same, per event, never throwing', () => {
    const before = snapshot();
    fc.assert(
      fc.property(arbCase, (c) => {
        const processed = processorTransform(JSON.parse(processorBody(c)));
        const routed = routerTransform(JSON.parse(routerBody(c)));
        attempts += 2 * (c.event.hostile + c.settings.hostile);
        expectPrototypesUntouched(before);
        if (c.settingsHostile) {
          expect(processed.map((entry) => entry.statusCode)).toEqual([400]);
          expect(routed.output.map((entry) => entry.statusCode)).toEqual([400]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a known attack stays refused: rETL identifierType "__proto__.polluted" (issue 10)', () => {
    const before = snapshot();
    const text = '{"type":"identify","userId":"u1","context":{"mappedToDestination":true,"externalId":[{"type":"ITERABLE-users","identifierType":"__proto__.polluted","id":"yes"}]},"traits":{"a":1}}';
    for (const profile of ['strict', 'rudderstack']) {
      const result = transform(JSON.parse(text), { apiKey: 'key-pollution-1234', profile });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.statusCode).toBe(400);
        expect(result.error.code).toBe('FORBIDDEN_KEY');
        expect(result.error.message).toContain('context.externalId.0.identifierType');
      }
    }
    expectPrototypesUntouched(before);
  });
});

describe('no prototype pollution over HTTP (the transformer service)', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('processor and router routes: hostile bodies leave every prototype untouched, hostile Configs get 400 entries', async () => {
    const before = snapshot();
    await fc.assert(
      fc.asyncProperty(arbCase, async (c) => {
        const post = async (path: string, body: string) => {
          const reply = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          expect(reply.status).toBeLessThan(500);
          return (await reply.json()) as unknown;
        };
        const processed = (await post('/v0/destinations/iterable', processorBody(c))) as Array<{ statusCode: number }>;
        const routed = (await post('/routerTransform', routerBody(c))) as { output: Array<{ statusCode: number }> };
        attempts += 2 * (c.event.hostile + c.settings.hostile);
        expectPrototypesUntouched(before);
        if (c.settingsHostile) {
          expect(processed.map((entry) => entry.statusCode)).toEqual([400]);
          expect(routed.output.map((entry) => entry.statusCode)).toEqual([400]);
        }
      }),
      { numRuns: 100 },
    );
  });
});

it('the hostile-path reference agrees with the guard on the listed attacks', () => {
  // The test's own oracle (lodash toPath) must see every listed attack as hostile.
  for (const path of ['__proto__.polluted', '["__proto__"].polluted', 'a["__pro\\to__"].polluted', "a['constructor']['prototype'].polluted"]) {
    expect(isHostilePath(path), path).toBe(true);
  }
});
