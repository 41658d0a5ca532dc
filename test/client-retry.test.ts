import fc from 'fast-check';
/**
 * The retry decision (`classify`, `retryDelay`) from tables, and option validation.
 */
import { describe, expect, it } from 'vitest';
import { classify, createDestination, retryDelay, type DestinationOptions } from '../src/client/index.js';
import { EndpointQueues, interval } from '../src/client/limits.js';
import { ConfigurationError } from '../src/errors.js';

const envelope = (code: string, msg = 'm') => JSON.stringify({ msg, code, params: null });
const HTML = '<html><body>Bad Gateway</body></html>';

describe('classify', () => {
  const table: Array<[string, number, string, Record<string, string>, { reply?: 'bulk' | 'single' | 'lookup'; now?: number }, object]> = [
    ['2xx single call', 200, envelope('Success'), {}, {}, { action: 'deliver' }],
    ['2xx bulk reply, readable', 200, '{"successCount":1,"failCount":0}', {}, { reply: 'bulk' }, { action: 'deliver', reply: { successCount: 1, failCount: 0 } }],
    ['2xx bulk reply, empty', 200, '', {}, { reply: 'bulk' }, { action: 'retry', rateLimited: false, error: { code: 'MALFORMED_REPLY', retryable: true } }],
    ['2xx bulk reply, HTML', 200, HTML, {}, { reply: 'bulk' }, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['2xx bulk reply, truncated JSON', 200, '{"successCount":1,"fa', {}, { reply: 'bulk' }, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['2xx bulk reply, counts as strings', 200, '{"successCount":"500","failCount":"0"}', {}, { reply: 'bulk' }, { action: 'retry', error: { code: 'MALFORMED_REPLY', retryable: true } }],
    ['2xx bulk reply without failCount', 200, '{"successCount":1}', {}, { reply: 'bulk' }, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['2xx single call, empty body', 200, '', {}, {}, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['2xx single call, HTML login page', 200, HTML, {}, {}, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['2xx single call, bulk-looking body', 200, '{"successCount":"500"}', {}, {}, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['2xx single call, msg not a string', 200, '{"msg":1,"code":"Success"}', {}, {}, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['202 async catalog upload', 202, envelope('Success'), {}, {}, { action: 'deliver' }],
    ['202 with an empty body', 202, '', {}, {}, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['2xx lookup, known user', 200, '{"user":{"email":"a@b.c"}}', {}, { reply: 'lookup' }, { action: 'deliver' }],
    ['2xx lookup, unknown user', 200, '{}', {}, { reply: 'lookup' }, { action: 'deliver' }],
    ['2xx lookup, user not an object', 200, '{"user":"a@b.c"}', {}, { reply: 'lookup' }, { action: 'retry', error: { code: 'MALFORMED_REPLY' } }],
    ['429 with Retry-After seconds', 429, envelope('RateLimitExceeded'), { 'retry-after': '3' }, {}, { action: 'retry', rateLimited: true, retryAfterMs: 3000, error: { code: 'RateLimitExceeded', statusCode: 429 } }],
    ['429 with an HTTP-date Retry-After', 429, '', { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, { now: Date.parse('2026-01-01T00:00:00Z') }, { action: 'retry', retryAfterMs: 5000, error: { code: 'RateLimitExceeded' } }],
    ['429 without Retry-After', 429, '', {}, {}, { action: 'retry', rateLimited: true, retryAfterMs: undefined }],
    ['500', 500, envelope('GenericError'), {}, {}, { action: 'retry', rateLimited: false, error: { code: 'GenericError', statusCode: 500 } }],
    ['502 HTML', 502, HTML, {}, {}, { action: 'retry', error: { code: 'HTTP_502' } }],
    ['503', 503, envelope('GenericError'), {}, {}, { action: 'retry' }],
    ['504 empty', 504, '', {}, {}, { action: 'retry', error: { code: 'HTTP_504' } }],
    ['501 is not retried', 501, '', {}, {}, { action: 'reject', error: { code: 'HTTP_501', retryable: false } }],
    ['400 type mismatch: split', 400, envelope('RequestFieldsTypesMismatched'), {}, {}, { action: 'split', error: { code: 'RequestFieldsTypesMismatched' } }],
    ['400 BatchTooLarge: split', 400, envelope('BatchTooLarge'), {}, {}, { action: 'split', error: { code: 'BatchTooLarge' } }],
    ['400 BadParams: split', 400, envelope('BadParams'), {}, {}, { action: 'split' }],
    ['413 HTML: split', 413, HTML, {}, {}, { action: 'split', error: { code: 'BatchTooLarge', statusCode: 413 } }],
    ['400 with code "Success" is an error', 400, envelope('Success', 'error.lists.invalidListId(9)'), {}, {}, { action: 'reject', error: { code: 'HTTP_400', iterableCode: 'Success', iterableMessage: 'error.lists.invalidListId(9)' } }],
    ['400 HTML is judged by status', 400, HTML, {}, {}, { action: 'reject', error: { code: 'HTTP_400' } }],
    ['401 bad key', 401, envelope('BadApiKey', 'Invalid API key'), {}, {}, { action: 'fatal', error: { code: 'FATAL_AUTH', iterableCode: 'BadApiKey', statusCode: 401 } }],
    ['401 with code "Success" is still a refused key', 401, envelope('Success'), {}, {}, { action: 'fatal', error: { code: 'FATAL_AUTH', statusCode: 401 } }],
    ['401 HTML', 401, HTML, {}, {}, { action: 'fatal', error: { code: 'FATAL_AUTH' } }],
    ['403 Forbidden', 403, envelope('Forbidden'), {}, {}, { action: 'fatal', error: { code: 'FATAL_AUTH', statusCode: 403 } }],
    ['403 with another code', 403, envelope('GenericError'), {}, {}, { action: 'fatal', error: { code: 'FATAL_AUTH' } }],
    ['400 InvalidApiKey', 400, envelope('InvalidApiKey'), {}, {}, { action: 'fatal', error: { code: 'FATAL_AUTH', iterableCode: 'InvalidApiKey' } }],
    ['500 BadApiKey', 500, envelope('BadApiKey'), {}, {}, { action: 'fatal', error: { code: 'FATAL_AUTH' } }],
    ['400 ForbiddenParamsError is not about the key', 400, envelope('ForbiddenParamsError'), {}, {}, { action: 'reject', error: { code: 'ForbiddenParamsError' } }],
    ['404 HTML route', 404, HTML, {}, {}, { action: 'reject', error: { code: 'HTTP_404' } }],
    ['408 is a 4xx: not retried', 408, '', {}, {}, { action: 'reject' }],
    ['409 forgotten user', 409, envelope('ForgottenUserError'), {}, {}, { action: 'reject', error: { code: 'ForgottenUserError' } }],
  ];

  it.each(table)('%s', (_name, status, body, headers, context, expected) => {
    expect(classify(status, body, headers, context)).toMatchObject(expected);
  });

  it('says what the unreadable body was, not its content', () => {
    const verdict = classify(200, HTML, {}, { reply: 'bulk' });
    expect(verdict.action === 'retry' && verdict.error.message).toBe('Iterable answered 200 with an HTML body, which is not a valid bulk reply');
  });
});

describe('retryDelay', () => {
  const table: Array<[string, { rateLimited: boolean; retryAfterMs: number | undefined }, number, number, number]> = [
    ['Retry-After wins', { rateLimited: true, retryAfterMs: 7000 }, 1, 0.5, 7000],
    ['first retry: jitter over [0, 500)', { rateLimited: false, retryAfterMs: undefined }, 1, 0.5, 250],
    ['third retry: jitter over [0, 2000)', { rateLimited: false, retryAfterMs: undefined }, 3, 0.5, 1000],
    ['full jitter can be zero', { rateLimited: false, retryAfterMs: undefined }, 4, 0, 0],
    ['capped at 30 s', { rateLimited: false, retryAfterMs: undefined }, 30, 0.999999, 29_999],
    ['a 429 waits at least a second', { rateLimited: true, retryAfterMs: undefined }, 1, 0, 1000],
  ];
  it.each(table)('%s', (_name, verdict, attempt, random, expected) => {
    expect(retryDelay(verdict, attempt, () => random)).toBe(expected);
  });
});

describe('rate windows', () => {
  it('spreads per-second rates into short p-queue windows with a margin', () => {
    expect(interval(5)).toEqual({ intervalCap: 1, interval: 220 });
    expect(interval(2.5)).toEqual({ intervalCap: 1, interval: 550 });
    expect(interval(0.5)).toEqual({ intervalCap: 1, interval: 2200 });
    expect(interval(100)).toEqual({ intervalCap: 2, interval: 22 });
    expect(interval(2000)).toEqual({ intervalCap: 40, interval: 22 });
  });

  it('never lets more requests start in any rolling second than the rate allows', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 10_000, noNaN: true }), (rate) => {
        const { intervalCap, interval: window } = interval(rate);
        // p-queue's strict mode: at most intervalCap starts in any rolling window. A rolling second
        // splits into ceil(1000 / window) such windows, each holding at most intervalCap starts.
        const worstCase = Math.ceil(1000 / window) * intervalCap;
        // Below 1/s a request needs the whole 1 / rate seconds to itself.
        if (rate < 1) return intervalCap === 1 && window >= 1000 / rate;
        return intervalCap >= 1 && worstCase <= Math.floor(rate);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('endpoint queues after a 429', () => {
  it('grow back only on successes of requests started after the slow-down', () => {
    const never = { now: () => 0, sleep: () => new Promise<void>(() => undefined) };
    const queues = new EndpointQueues({}, 8, never);
    const signal = new AbortController().signal;
    const before = queues.generation('trackBulk');
    queues.slowDown('trackBulk', 1000, signal);
    expect(queues.concurrencyOf('trackBulk')).toBe(1);
    // Replies to requests that left before the 429 say nothing about room.
    queues.recovered('trackBulk', before);
    queues.recovered('trackBulk', before);
    expect(queues.concurrencyOf('trackBulk')).toBe(1);
    const after = queues.generation('trackBulk');
    queues.recovered('trackBulk', after);
    expect(queues.concurrencyOf('trackBulk')).toBe(2);
    queues.recovered('trackBulk', after);
    queues.recovered('trackBulk', after);
    queues.recovered('trackBulk', after);
    expect(queues.concurrencyOf('trackBulk')).toBe(8);
    // Another endpoint was never slowed.
    expect(queues.concurrencyOf('bulkUpdateUsers')).toBe(8);
  });
});

describe('createDestination options', () => {
  const settings = { apiKey: 'secret-key-123' };
  const table: Array<[Partial<DestinationOptions> & Record<string, unknown>, string]> = [
    [{ flushIntervalMs: -1 }, 'Expected `flushIntervalMs` to be a positive integer, got `-1`'],
    [{ maxBatchItems: 1.5 }, 'Expected `maxBatchItems` to be a positive integer, got `1.5`'],
    [{ maxBatchItems: 5000 }, 'Expected `maxBatchItems` to be at most 1000, got `5000`'],
    [{ maxBatchBytes: 4_000_001 }, 'Expected `maxBatchBytes` to be at most 4000000, got `4000001`'],
    [{ maxQueuedEvents: 0 }, 'Expected `maxQueuedEvents` to be a positive integer, got `0`'],
    [{ requestTimeoutMs: '30s' as unknown as number }, 'Expected `requestTimeoutMs` to be a positive integer, got `"30s"`'],
    [{ rateLimits: { trackBulk: 0 } }, 'Expected `rateLimits.trackBulk` to be a positive number of requests per second, got `0`'],
    [{ rateLimits: { nope: 1 } as never }, 'Expected `rateLimits.nope` to be a key among'],
    [{ baseUrl: 'http://127.0.0.1:9/api' }, 'a URL without the "/api" suffix'],
    [{ baseUrl: 'localhost:9' }, 'Expected `baseUrl` to be an http(s) URL'],
    [{ flushInterval: 5 }, 'Unknown option `flushInterval`'],
    [{ clock: { now: () => 0 } as never }, 'Expected `clock` to be an object with now() and sleep(ms, signal)'],
  ];
  it.each(table)('%o', (options, message) => {
    expect(() => createDestination({ settings, ...options })).toThrow(ConfigurationError);
    expect(() => createDestination({ settings, ...options })).toThrow(message);
  });

  it('validates settings once, naming the key and never echoing the API key', () => {
    expect(() => createDestination({ settings: {} })).toThrow(/`apiKey`/);
    try {
      createDestination({ settings: { apiKey: 'secret-key-123', dataCenter: 'MOON' } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(String((error as Error).message)).toMatch(/dataCenter/);
      expect(JSON.stringify(error) + String(error)).not.toContain('secret-key-123');
    }
  });
});
