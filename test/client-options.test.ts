/**
 * createDestination's options are one zod schema: defaults and resolved types come from it, and
 * every mistake reads in the one configuration style, naming the key and the value.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { DestinationOptionsSchema, resolveOptions, systemClock, type ResolvedOptions } from '../src/client/options.js';

describe('createDestination options', () => {
  it('fills the defaults', () => {
    const resolved = resolveOptions({ settings: { apiKey: 'k' } });
    expect(resolved).toMatchObject({ flushIntervalMs: 1000, maxBatchItems: 1000, maxBatchBytes: 4_000_000, maxAttempts: 5, troubleHoldMs: 2000, rateLimits: {} });
    expect(resolved.baseUrl).toBeUndefined();
    expect(resolved.clock).toBe(systemClock);
    expect(resolved.random).toBe(Math.random);
    expect(resolveOptions({ settings: {}, baseUrl: 'http://127.0.0.1:9/' }).baseUrl).toBe('http://127.0.0.1:9');
  });

  it('names the key and the value; a misspelt key gets the closest one', () => {
    expect(() => resolveOptions({ settings: {}, flushIntervalMS: 5 } as never)).toThrow('Unknown option `flushIntervalMS` (did you mean `flushIntervalMs`?)');
    expect(() => resolveOptions({ settings: {}, troubleHoldMs: -1 })).toThrow('Expected `troubleHoldMs` to be an integer >= 0, got `-1`');
    expect(() => resolveOptions({ settings: {}, onOutcome: 'log' as never })).toThrow('Expected `onOutcome` to be a function, got `"log"`');
    expect(() => resolveOptions({ settings: {}, rateLimits: [] as never })).toThrow('Expected `rateLimits` to be an object of requests per second by endpoint, got `[]`');
  });

  it('types are inferred from the schema', () => {
    expectTypeOf<ResolvedOptions['flushIntervalMs']>().toEqualTypeOf<number>();
    expectTypeOf<ResolvedOptions>().toEqualTypeOf<Readonly<Omit<z.output<typeof DestinationOptionsSchema>, 'settings'>>>();
  });
});
