/**
 * Hostile input is cheap and never crashes: events nested 10,000 levels deep are a 400 from
 * `transform`, `processorTransform` and `routerTransform` (never a RangeError or a throw);
 * `transform` never throws on any JSON value; the user-agent scan gives the answers the former
 * regexes gave, on any string. Times are not asserted here: `npm run bench -- --only hostile`
 * measures them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processorTransform, routerTransform } from '../src/rudderstack/index.js';
import { transform } from '../src/transform/index.js';
import { browserOf, deviceTypeOf, operatingSystemOf } from '../src/transform/user-agent.js';

const SETTINGS = [
  { apiKey: 'key-hostile-1234' },
  { apiKey: 'key-hostile-1234', profile: 'rudderstack' },
  { apiKey: 'key-hostile-1234', systemFields: true, fieldMapping: [{ from: 'traits.a', to: 'a' }], staticFields: { plan: 'pro' } },
] as const;

/** `{ a: { a: … } }` nested `levels` deep, built from text as a client would send it. */
function nested(levels: number, leaf = '1'): unknown {
  return JSON.parse(`${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`);
}
function nestedArrays(levels: number): unknown {
  return JSON.parse(`${'['.repeat(levels)}1${']'.repeat(levels)}`);
}

describe('deeply nested input (10,000 levels) is a 400, never a stack overflow', () => {
  const deep = nested(10_000);
  const deepArrays = nestedArrays(10_000);
  const events: Array<[string, unknown]> = [
    ['traits', { type: 'identify', userId: 'u1', traits: deep }],
    ['properties (arrays)', { type: 'track', userId: 'u1', event: 'x', properties: { list: deepArrays } }],
    ['rETL traits', { type: 'identify', userId: 'u1', context: { mappedToDestination: true, externalId: [{ type: 'ITERABLE-users', identifierType: 'a', id: 1 }] }, traits: { a: deep } }],
    ['the whole event', deep],
    ['an event inside arrays', deepArrays],
  ];

  it.each(events)('transform: %s', (_where, event) => {
    for (const settings of SETTINGS) {
      const result = transform(event, settings);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.statusCode).toBe(400);
      expect(result.error.code).toBe('TOO_DEEP');
    }
  });

  it('an event just inside the limit (100 levels) still transforms', () => {
    // The event object, then 99 nested objects under `properties`: 100 levels of containers.
    const event = JSON.parse(`{"type":"track","userId":"u1","event":"x","properties":${'{"a":'.repeat(99)}1${'}'.repeat(99)}}`);
    const result = transform(event, SETTINGS[0]);
    expect(result.ok ? null : result.error.message).toBeNull();
    expect(transform({ ...event, properties: { b: event.properties } }, SETTINGS[0]).ok).toBe(false);
  });

  it('processorTransform: a deep message or a deep Config is a 400 entry for that event only', () => {
    const out = processorTransform([
      { message: { type: 'identify', userId: 'u1', traits: deep }, metadata: { jobId: 1 }, destination: { Config: { apiKey: 'k' } } },
      { message: { type: 'identify', userId: 'u2' }, metadata: { jobId: 2 }, destination: { Config: { apiKey: 'k', extra: deep } } },
      { message: { type: 'identify', userId: 'u3' }, metadata: { jobId: 3 }, destination: { Config: { apiKey: 'k' } } },
    ]);
    expect(out.map((entry) => entry.statusCode)).toEqual([400, 400, 200]);
  });

  it('routerTransform: deep messages, Configs and destination IDs are 400 entries, the rest is delivered', () => {
    const { output } = routerTransform({
      destType: 'iterable',
      input: [
        { message: { type: 'identify', userId: 'u1', traits: deep }, metadata: { jobId: 1 }, destination: { ID: 'd', Config: { apiKey: 'k' } } },
        { message: { type: 'identify', userId: 'u2' }, metadata: { jobId: 2 }, destination: { ID: 'd', Config: { apiKey: 'k', extra: deep } } },
        { message: { type: 'identify', userId: 'u3' }, metadata: { jobId: 3 }, destination: { ID: deep, Config: { apiKey: 'k', extra: deep } } },
        { message: { type: 'identify', userId: 'u4' }, metadata: { jobId: 4 }, destination: { ID: 'd', Config: { apiKey: 'k' } } },
      ],
    });
    const byJob = new Map(output.flatMap((entry) => (entry.metadata as Array<{ jobId: number }>).map((m) => [m.jobId, entry.statusCode] as const)));
    expect(Object.fromEntries(byJob)).toEqual({ 1: 400, 2: 400, 3: 400, 4: 200 });
  });
});

describe('transform never throws on any JSON input', () => {
  /** Wraps a value in `levels` objects or arrays: deep nesting the generators would not reach. */
  const arbDeep = fc
    .tuple(fc.jsonValue({ maxDepth: 3 }), fc.integer({ min: 0, max: 3000 }), fc.boolean())
    .map(([leaf, levels, arrays]) => {
      let value: unknown = leaf;
      for (let i = 0; i < levels; i += 1) value = arrays ? [value] : { a: value };
      return value;
    });
  const arbEventLike = fc.record(
    {
      type: fc.constantFrom('identify', 'track', 'page', 'screen', 'alias', 'Track', 'group'),
      event: fc.constantFrom('Order Completed', 'Product Added', 'x'),
      userId: fc.oneof(fc.string(), fc.integer()),
      traits: fc.oneof(fc.jsonValue(), arbDeep),
      properties: fc.oneof(fc.jsonValue(), arbDeep),
      context: fc.oneof(fc.jsonValue(), arbDeep),
    },
    { requiredKeys: ['type'] },
  );

  it('returns { ok } or { ok: false, error } for every value, both profiles', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), arbDeep, arbEventLike), fc.constantFrom(...SETTINGS), (event, settings) => {
        let result: ReturnType<typeof transform> | undefined;
        expect(() => {
          result = transform(event, settings);
        }).not.toThrow();
        expect(typeof result?.ok).toBe('boolean');
        if (result && !result.ok) expect(result.error.statusCode).toBeLessThan(600);
        // What transform accepts, JSON can carry: serialising a result never overflows either.
        if (result?.ok) expect(() => JSON.stringify(result)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

/** The user-agent rules as regexes, as they were before the linear scan (the reference). */
const REFERENCE = {
  browser: [
    [/\bEdg(e|A|iOS)?\//, 'Edge'],
    [/\b(OPR|Opera)\//, 'Opera'],
    [/\bSamsungBrowser\//, 'Samsung Internet'],
    [/\b(Firefox|FxiOS)\//, 'Firefox'],
    [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
    [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
    [/\bMSIE |\bTrident\//, 'Internet Explorer'],
  ],
  system: [
    [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
    [/\bAndroid\b/, 'Android'],
    [/\bWindows\b/, 'Windows'],
    [/\bCrOS\b/, 'Chrome OS'],
    [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
    [/\bLinux\b/, 'Linux'],
  ],
} as const;
const referenceMatch = (table: ReadonlyArray<readonly [RegExp, string]>, ua: string) => table.find(([re]) => re.test(ua))?.[1];
function referenceDevice(ua: string): string {
  if (/\biPad\b|\bTablet\b|\bAndroid\b(?!.*\bMobile\b)/.test(ua)) return 'tablet';
  if (/\bMobi|\biPhone\b|\biPod\b/.test(ua)) return 'mobile';
  return 'desktop';
}

const UA_PIECES = [
  'Mozilla/5.0 ', '(Linux; ', 'Android', ' 14', 'Mobile', ' Safari/', 'Safari/537.36', 'Version/', '17.0', '.', 'Chrome/',
  'CriOS/', 'Edg/', 'EdgA/', 'Edge/', 'OPR/', 'Opera/', 'Firefox/', 'FxiOS/', 'SamsungBrowser/', 'MSIE ', 'Trident/',
  'iPhone', 'iPad', 'iPod', 'Windows', 'CrOS', 'Mac OS X', 'Macintosh', 'Linux', 'Tablet', 'Mobi', 'x', '_', '1', ' ',
  '/', '\n', '\r', '\u2028', 'é',
];
const arbUserAgent = fc.array(fc.constantFrom(...UA_PIECES), { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('user-agent scan', () => {
  it('gives the same browser, OS and device type as the reference regexes on any string built from UA tokens', () => {
    fc.assert(
      fc.property(fc.oneof(arbUserAgent, fc.string({ maxLength: 40 })), (ua) => {
        expect(browserOf(ua)).toBe(referenceMatch(REFERENCE.browser, ua));
        expect(operatingSystemOf(ua)).toBe(referenceMatch(REFERENCE.system, ua));
        expect(deviceTypeOf(ua)).toBe(referenceDevice(ua));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers on long adversarial strings (200 KB of repeated tokens) with a valid value', () => {
    // The inputs that made the regexes quadratic: many "Android" with no "Mobile", many "Version/1" with no "Safari/".
    const arbLong = fc
      .tuple(fc.constantFrom('Android ', 'Version/1 ', 'Version/ ', 'Edg', 'Mac OS ', 'iPhon', 'Android\n', 'a'), fc.constantFrom('', ' Safari/', ' Mobile'))
      .map(([piece, tail]) => piece.repeat(Math.ceil(200_000 / piece.length)) + tail);
    fc.assert(
      fc.property(arbLong, (ua) => {
        const result = transform(
          { type: 'identify', userId: 'u1', context: { userAgent: ua } },
          { apiKey: 'key-hostile-1234', systemFields: true },
        );
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const fields = (result.calls[0]!.body as { dataFields: Record<string, unknown> }).dataFields;
        expect(['tablet', 'mobile', 'desktop']).toContain(fields.deviceType);
        // The scan's answer is the reference's answer where the reference is cheap enough to ask.
        const prefix = ua.slice(0, 2_000) + ua.slice(-40);
        expect(deviceTypeOf(prefix)).toBe(referenceDevice(prefix));
        expect(browserOf(prefix)).toBe(referenceMatch(REFERENCE.browser, prefix));
      }),
      { numRuns: 24 },
    );
  });
});
