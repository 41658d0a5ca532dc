/**
 * RudderStack's processor contract (rudderstack-profile.md §3, §5.6, §7): one entry per produced
 * request in input order, error entries with RudderStack's statTags, the request object exact.
 */
import { describe, expect, it } from 'vitest';
import { processorTransform, type ProcessorFailure, type ProcessorSuccess } from '../src/rudderstack/index.js';

const US = 'https://api.iterable.com/api/';
const EU = 'https://api.eu.iterable.com/api/';
const TS = '2020-08-28T16:26:06.468Z';
const TS_MS = 1598631966468;

const config = {
  apiKey: 'testApiKey',
  dataCenter: 'USDC',
  preferUserId: true,
  mergeNestedObjects: true,
  trackAllPages: false,
  trackCategorisedPages: true,
  trackNamedPages: true,
  mapToSingleEvent: false,
  registerDeviceOrBrowserApiKey: 'randomApiKey',
};
const destination = (Config: Record<string, unknown> = config) => ({ ID: 'dest-1', Config, Enabled: true });
const meta = (jobId: number) => ({ jobId, destinationId: 'dest-1', workspaceId: 'ws-1', sourceId: 'src-1' });

/** The request object of §3, as RudderStack's processor returns it (with `userId: ""`). */
function request(path: string, body: unknown, options: { apiKey?: string | undefined; base?: string; endpointPath?: string } = {}) {
  return {
    version: '1',
    type: 'REST',
    method: 'POST',
    endpoint: `${options.base ?? US}${path}`,
    endpointPath: options.endpointPath ?? path,
    headers: { 'Content-Type': 'application/json', api_key: 'apiKey' in options ? options.apiKey : 'testApiKey' },
    params: {},
    body: { JSON: body, JSON_ARRAY: {}, XML: {}, FORM: {} },
    files: {},
    userId: '',
  };
}

const validationTags = (errorType: string, metadata: { destinationId: string; workspaceId: string }) => ({
  errorCategory: 'dataValidation',
  errorType,
  destType: 'ITERABLE',
  module: 'destination',
  implementation: 'native',
  feature: 'processor',
  destinationId: metadata.destinationId,
  workspaceId: metadata.workspaceId,
});

describe('processorTransform on a mixed batch', () => {
  const metas = [meta(1), meta(2), meta(3), meta(4), meta(5), meta(6)];
  const input = [
    {
      message: { type: 'track', event: 'Email Opened', anonymousId: 'anonId', timestamp: TS, properties: { subject: 'hi' } },
      metadata: metas[0],
      destination: destination(),
    },
    {
      message: { type: 'identify', userId: 'userId', traits: { email: 'sayan@rudderstack.com' }, context: { device: { token: 'token', type: 'ios' } } },
      metadata: metas[1],
      destination: destination(),
    },
    { message: { type: 'page', userId: 'u1' }, metadata: metas[2], destination: destination() },
    { message: { type: 42, userId: 'u1' }, metadata: metas[3], destination: destination() },
    { message: { type: 'alias', userId: 'new@example.com' }, metadata: metas[4], destination: destination() },
    { message: { type: 'alias', previousId: 'old@example.com', userId: 'new@example.com' }, metadata: metas[5], destination: destination() },
  ];
  const output = processorTransform(input);

  it('returns one entry per request, in input order (two for a registering identify)', () => {
    expect(output.map((entry) => entry.metadata)).toEqual([metas[0], metas[1], metas[1], metas[2], metas[3], metas[4], metas[5]]);
    expect(output.map((entry) => entry.statusCode)).toEqual([200, 200, 200, 400, 500, 400, 200]);
  });

  it('echoes metadata by reference', () => {
    expect(output[0]?.metadata).toBe(metas[0]);
    expect(output[1]?.metadata).toBe(metas[1]);
    expect(output[2]?.metadata).toBe(metas[1]);
    expect(output[3]?.metadata).toBe(metas[2]);
  });

  it('builds the track request of §3', () => {
    expect(output[0]).toEqual({
      output: request('events/track', { userId: 'anonId', createdAt: TS_MS, eventName: 'Email Opened', dataFields: { subject: 'hi' } }),
      metadata: metas[0],
      statusCode: 200,
    });
  });

  it('sends the identify with apiKey and the registration with registerDeviceOrBrowserApiKey', () => {
    const email = 'sayan@rudderstack.com';
    expect(output[1]).toEqual({
      output: request('users/update', { email, dataFields: { email }, userId: 'userId', preferUserId: true, mergeNestedObjects: true }),
      metadata: metas[1],
      statusCode: 200,
    });
    expect(output[2]).toEqual({
      output: request('users/registerDeviceToken', { email, userId: 'userId', preferUserId: true, device: { token: 'token', platform: 'APNS' } }, { apiKey: 'randomApiKey' }),
      metadata: metas[1],
      statusCode: 200,
    });
  });

  it('reports a configuration error with the full processor statTags', () => {
    expect(output[3]).toEqual({ metadata: metas[2], statusCode: 400, error: 'Invalid page call', statTags: validationTags('configuration', metas[2]!) });
  });

  it('reports a programming error (non-string type) as 500 with only the error category', () => {
    expect(output[4]).toEqual({
      metadata: metas[3],
      statusCode: 500,
      error: 'message.type.toLowerCase is not a function',
      statTags: { errorCategory: 'transformation' },
    });
  });

  it('reports an instrumentation error, and the next event still succeeds', () => {
    expect(output[5]).toEqual({
      metadata: metas[4],
      statusCode: 400,
      error: 'Missing required value from "previousId"',
      statTags: validationTags('instrumentation', metas[4]!),
    });
    expect(output[6]).toEqual({
      output: request('users/updateEmail', { currentEmail: 'old@example.com', newEmail: 'new@example.com' }),
      metadata: metas[5],
      statusCode: 200,
    });
  });

  it('sets userId "" on every request and never leaks the API key into an error', () => {
    for (const entry of output) {
      if ('output' in entry) expect(entry.output.userId).toBe('');
      else expect(JSON.stringify(entry)).not.toContain('testApiKey');
    }
  });
});

describe('processorTransform endpoints and hosts', () => {
  const one = (message: unknown, Config: Record<string, unknown> = config) =>
    processorTransform([{ message, metadata: meta(1), destination: destination(Config) }]);
  const outputOf = (message: unknown, Config?: Record<string, unknown>) => (one(message, Config)[0] as ProcessorSuccess).output;

  it('uses the EU host for EUDC, the US host for anything else (INVALID, lower-case, absent)', () => {
    const identify = { type: 'identify', userId: 'u1' };
    expect(outputOf(identify, { ...config, dataCenter: 'EUDC' }).endpoint).toBe(`${EU}users/update`);
    expect(outputOf(identify, { ...config, dataCenter: 'INVALID' }).endpoint).toBe(`${US}users/update`);
    expect(outputOf(identify, { ...config, dataCenter: 'eudc' }).endpoint).toBe(`${US}users/update`);
    const { dataCenter: _omit, ...noDataCenter } = config;
    expect(outputOf(identify, noDataCenter).endpoint).toBe(`${US}users/update`);
  });

  it('routes each category to its endpoint and endpointPath', () => {
    const user = { userId: 'u1' };
    const product = { product_id: 'p1', name: 'x', price: 1, quantity: 1 };
    const cases: Array<[unknown, string]> = [
      [{ type: 'page', name: 'Home', ...user }, 'events/track'],
      [{ type: 'screen', name: 'Home', ...user }, 'events/track'],
      [{ type: 'track', event: 'Order Completed', ...user, properties: { total: 1, ...product } }, 'commerce/trackPurchase'],
      [{ type: 'track', event: 'Product Removed', ...user, properties: product }, 'commerce/updateCart'],
      [{ type: 'identify', ...user, context: { os: { token: 'web' } } }, 'users/update'],
    ];
    for (const [message, path] of cases) {
      const out = outputOf(message);
      expect({ endpoint: out.endpoint, endpointPath: out.endpointPath }).toEqual({ endpoint: `${US}${path}`, endpointPath: path });
    }
    const browser = one({ type: 'identify', ...user, context: { os: { token: 'web' } } });
    expect((browser[1] as ProcessorSuccess).output).toEqual(
      request('users/registerBrowserToken', { browserToken: 'web', userId: 'u1' }, { apiKey: 'randomApiKey' }),
    );
  });

  it('sends a catalog item to catalogs/<type>/items with endpointPath "catalogs"', () => {
    const message = { type: 'identify', traits: { name: 'Chair' }, context: { mappedToDestination: true, externalId: [{ id: 'p1', type: 'ITERABLE-products' }] } };
    expect(outputOf(message, { ...config, dataCenter: 'EUDC' })).toEqual(
      request('catalogs/products/items', { update: { name: 'Chair' }, catalogId: 'p1' }, { base: EU, endpointPath: 'catalogs' }),
    );
    const unnamed = { ...message, context: { mappedToDestination: true, externalId: [{ id: 'x', type: 'OTHER' }] } };
    expect(outputOf(unnamed).endpoint).toBe(`${US}catalogs/null/items`);
  });

  it('keeps NaN as null and drops null top-level keys in the JSON body', () => {
    const out = outputOf({ type: 'track', event: 'x', userId: 'u1', timestamp: 'not a date', properties: { campaignId: 'abc' } });
    expect(JSON.parse(JSON.stringify(out.body.JSON))).toEqual({ userId: 'u1', eventName: 'x', createdAt: null, campaignId: null, dataFields: { campaignId: 'abc' } });
  });

  it('sends an undefined api_key when the Config has no apiKey', () => {
    const { apiKey: _omit, ...noKey } = config;
    const out = outputOf({ type: 'identify', userId: 'u1' }, noKey);
    expect(out.headers).toEqual({ 'Content-Type': 'application/json', api_key: undefined });
    expect(Object.keys(out.headers)).toEqual(['Content-Type', 'api_key']);
  });

  it('does not mutate the destination Config or the message', () => {
    const Config = { ...config };
    const message = { type: 'identify', userId: 'u1', context: { device: { token: 't' } } };
    const before = structuredClone({ Config, message });
    one(message, Config);
    expect({ Config, message }).toEqual(before);
  });
});

describe('processorTransform on malformed bodies', () => {
  it('returns no entries for a body that is not an array', () => {
    expect(processorTransform({ message: { type: 'identify', userId: 'u1' } })).toEqual([]);
    expect(processorTransform(null)).toEqual([]);
    expect(processorTransform('[]')).toEqual([]);
  });

  it('reports a missing destination as a 500 for that event only', () => {
    const metadata = meta(9);
    const out = processorTransform([
      { message: { type: 'identify', userId: 'u1' }, metadata },
      { message: { type: 'identify', userId: 'u2' }, metadata: meta(10), destination: destination() },
    ]);
    expect(out).toHaveLength(2);
    const failure = out[0] as ProcessorFailure;
    expect(failure).toEqual({ metadata, statusCode: 500, error: "Cannot read properties of undefined (reading 'Config')", statTags: { errorCategory: 'transformation' } });
    expect(failure.metadata).toBe(metadata);
    expect((out[1] as ProcessorSuccess).output.body.JSON).toEqual({ userId: 'u2', preferUserId: true, mergeNestedObjects: true });
  });

  it('reports a null entry and a null message without throwing', () => {
    const out = processorTransform([null, { message: null, metadata: meta(3), destination: destination() }]);
    expect(out.map((entry) => entry.statusCode)).toEqual([500, 500]);
    expect((out[1] as ProcessorFailure).error).toBe("Cannot read properties of null (reading 'type')");
    expect((out[1] as ProcessorFailure).statTags).toEqual({ errorCategory: 'transformation' });
  });

  it('reports a missing type with the instrumentation tags', () => {
    const metadata = meta(4);
    expect(processorTransform([{ message: { userId: 'u1' }, metadata, destination: destination() }])).toEqual([
      { metadata, statusCode: 400, error: 'Event type is required', statTags: validationTags('instrumentation', metadata) },
    ]);
  });
});
