/**
 * Settings of RudderStack Configs resolved once per distinct content: by identity, then by
 * comparison with the recent distinct Configs, then by stable JSON. Equal Configs share a
 * resolution (and a router group), different ones never do, whatever order their keys come in,
 * and a Config object changed after use does not leak its old settings into a new equal-looking one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processorTransform, routerTransform } from '../src/rudderstack/index.js';
import { ConfigCopy, configKeyer, configResolver } from '../src/rudderstack/config-cache.js';
import { sameJson } from '../src/rudderstack/same-json.js';
import { stableJson } from '../src/rudderstack/stable-json.js';

const message = { type: 'identify', userId: 'u1', traits: { email: 'a@example.com' } };
const apiKeyOf = (config: Record<string, unknown>) => {
  const [entry] = processorTransform([{ message, metadata: { jobId: 1 }, destination: { Config: config } }]);
  return (entry as { output?: { headers: { api_key: unknown } } }).output?.headers.api_key;
};

describe('ConfigCopy', () => {
  // Configs that differ by little: the same few keys and values, in any order, nested or not.
  const key = fc.constantFrom('apiKey', 'dataCenter', 'preferUserId', 'a', '__proto__', 'toString');
  const value = fc.oneof(fc.constantFrom('k', 'USDC', '', 0, -0, 1, true, false, null, Number.NaN), fc.constant([1]), fc.constant({ x: 1 }));
  const config = fc.dictionary(key, value, { maxKeys: 5 });

  it('matches exactly the Configs sameJson calls the same as its copy', () => {
    let matched = 0;
    fc.assert(
      fc.property(config, config, (copy, other) => {
        const same = new ConfigCopy(copy).matches(other);
        expect(same).toBe(sameJson(copy, other));
        if (same) matched += 1;
        expect(new ConfigCopy(copy).matches(structuredClone(copy))).toBe(sameJson(copy, structuredClone(copy)));
      }),
      { numRuns: 2_000 },
    );
    expect(matched).toBeGreaterThan(0);
  });

  it('never matches what is not a plain object, or a Config with an extra inherited key', () => {
    const copy = new ConfigCopy({ apiKey: 'k' });
    expect(copy.matches(new (class { apiKey = 'k'; })())).toBe(false);
    expect(copy.matches(Object.assign(Object.create({ extra: 1 }), { apiKey: 'k' }))).toBe(false);
    expect(copy.matches(['k'])).toBe(false);
    expect(copy.matches({ apiKey: 'k' })).toBe(true);
  });
});

describe('sameJson', () => {
  it('is true for equal JSON data in any key order, false for any difference', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
    expect(sameJson([], {})).toBe(false);
  });

  it('never vouches for what it cannot compare as JSON', () => {
    expect(sameJson({ d: new Date(0) }, { d: new Date(1) })).toBe(false);
    expect(sameJson({ n: Number.NaN }, { n: Number.NaN })).toBe(false);
    expect(sameJson({ f: () => 1 }, { f: () => 1 })).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i += 1) deep = { deep };
    expect(sameJson(deep, structuredClone(deep))).toBe(false);
  });

  it('agrees with stableJson: the same means the same text', () => {
    const a = { z: 1, a: { y: [1, 'b', null], x: true } };
    const b = { a: { x: true, y: [1, 'b', null] }, z: 1 };
    expect(sameJson(a, b)).toBe(true);
    expect(stableJson(a)).toBe(stableJson(b));
  });
});

describe('configResolver and configKeyer', () => {
  it('resolve equal Configs to one result and different ones to their own', () => {
    const resolve = configResolver();
    const first = resolve({ apiKey: 'k1', dataCenter: 'USDC' });
    expect(resolve({ dataCenter: 'USDC', apiKey: 'k1' })).toBe(first);
    const other = resolve({ apiKey: 'k2', dataCenter: 'USDC' });
    expect(other).not.toBe(first);
    expect(other.ok && other.settings.apiKey).toBe('k2');
  });

  it('key Configs by their stable JSON', () => {
    const keyOf = configKeyer();
    const config = { b: 1, a: { d: 2, c: 3 } };
    expect(keyOf(config)).toBe(stableJson(config));
    expect(keyOf({ a: { c: 3, d: 2 }, b: 1 })).toBe(stableJson(config));
    expect(keyOf({ a: { c: 3, d: 4 }, b: 1 })).toBe(stableJson({ a: { c: 3, d: 4 }, b: 1 }));
    expect(keyOf(undefined)).toBe('undefined');
  });

  it('do not serve the old settings of a Config object changed after use to a new equal-looking Config', () => {
    const config: Record<string, unknown> = { apiKey: 'before-change', dataCenter: 'USDC' };
    expect(apiKeyOf(config)).toBe('before-change');
    config.apiKey = 'after-change';
    // A fresh object with the changed content: compared with the copy kept, not with the changed object.
    expect(apiKeyOf({ apiKey: 'after-change', dataCenter: 'USDC' })).toBe('after-change');
    expect(apiKeyOf({ apiKey: 'before-change', dataCenter: 'USDC' })).toBe('before-change');
  });

  it('group router events by Config content, whatever the key order, and keep different Configs apart', () => {
    const event = (config: Record<string, unknown>, jobId: number) => ({ message, metadata: { jobId }, destination: { ID: 'd', Config: config } });
    const { output } = routerTransform({
      input: [
        event({ apiKey: 'k1', dataCenter: 'USDC' }, 1),
        event({ dataCenter: 'USDC', apiKey: 'k1' }, 2),
        event({ apiKey: 'k2', dataCenter: 'USDC' }, 3),
        event({ apiKey: 'k1', dataCenter: 'USDC' }, 4),
      ],
    });
    const jobs = output.map((entry) => (entry.metadata as Array<{ jobId: number }>).map((m) => m.jobId));
    expect(jobs).toEqual([[1, 2, 4], [3]]);
  });
});
