/**
 * The op registry is complete and is the only source of what it declares: every op has a body
 * schema, limits, an emulator handler and a phase; every emulator route belongs to an op (or to a
 * lookup); every call in the fixtures is planned to one of its own op's endpoints, with its op's
 * phase and key, and the emulator routes that request back to the same endpoint.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { planRequests } from '../src/batch/index.js';
import * as handlers from '../src/emulator/handlers/index.js';
import { matchRoute } from '../src/emulator/routes.js';
import { ENDPOINTS, fillPath } from '../src/iterable/endpoints.js';
import { CALL_OPS, ENDPOINT_DEFS, LOOKUPS, OPS, PHASE_COUNT, opSpec, replySchemaOf, type CallOp } from '../src/ops/index.js';
import { parseSettings } from '../src/settings.js';
import type { IterableCall } from '../src/transform/types.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Every `{ op, body }` value anywhere in the fixtures whose op is a registry op. */
function fixtureCalls(): IterableCall[] {
  const found: IterableCall[] = [];
  const ops = new Set<string>(CALL_OPS);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.op === 'string' && ops.has(record.op) && 'body' in record) found.push(record as unknown as IterableCall);
      Object.values(record).forEach(walk);
    }
  };
  for (const file of jsonFiles(FIXTURES)) {
    try {
      walk(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      // Not every file under fixtures/ is JSON meant for this walk (JSONL inputs).
    }
  }
  return found;
}

const settings = parseSettings({ apiKey: 'registry-key', registerDeviceOrBrowserApiKey: 'registry-token-key' });

describe('the op registry', () => {
  it.each(OPS.map((op) => [op.name, op] as const))('%s is declared completely', (_name, op) => {
    expect(op.body).toBeInstanceOf(z.ZodType);
    expect(Number.isInteger(op.phase) && op.phase >= 0 && op.phase < PHASE_COUNT).toBe(true);
    expect(['main', 'token']).toContain(op.key);
    expect(typeof op.createsUser).toBe('boolean');
    expect(typeof op.subjects).toBe('function');
    expect(op.summary.length).toBeGreaterThan(0);
    // Exactly one way to travel, through one of the op's own endpoints.
    const spec = opSpec(op.name);
    expect(Number(spec.single !== undefined) + Number(spec.bulk !== undefined)).toBe(1);
    const own = op.endpoints.map((def) => def.name as string);
    const target = (spec.bulk?.endpoint ?? spec.single?.endpoint) as string;
    expect(own).toContain(target);
    if (spec.bulk) {
      const def = op.endpoints.find((d) => d.name === target);
      expect(def && 'itemsKey' in def && typeof def.itemsKey).toBe('string');
      expect(def && 'maxItems' in def && def.maxItems).toBeGreaterThan(0);
      expect(def && 'maxBytes' in def && def.maxBytes).toBeGreaterThan(0);
    }
  });

  it.each(ENDPOINT_DEFS.map(({ def, owner }) => [def.name, owner, def] as const))('endpoint %s (of %s) has a limit, a reply schema and a handler', (_name, _owner, def) => {
    expect(def.ratePerSecond).toBeGreaterThan(0);
    expect(['project', 'apiKey']).toContain(def.rateScope);
    expect(def.reply).toBeInstanceOf(z.ZodType);
    expect(typeof (handlers as Record<string, unknown>)[def.handler]).toBe('function');
    expect(def.path.startsWith('/api/')).toBe(true);
    // A reply read record by record says where it names failed records.
    if (def.recordReplies) expect(def.failureLists?.length).toBeGreaterThan(0);
    // The catalogue is derived: the same path, method and limit.
    expect(ENDPOINTS[def.name]).toMatchObject({ method: def.method, path: def.path, ratePerSecond: def.ratePerSecond });
  });

  it('endpoint names are unique and the catalogue has exactly the declared endpoints', () => {
    const names = ENDPOINT_DEFS.map(({ def }) => def.name);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(ENDPOINTS)).toEqual(names);
    expect(CALL_OPS).toEqual(OPS.map((op) => op.name));
    expect(LOOKUPS.length).toBeGreaterThan(0);
  });

  it('every emulator route belongs to an op or a lookup, and answers for its own endpoint only', () => {
    const owners = new Set<string>([...OPS.map((op) => op.name), ...LOOKUPS.map((lookup) => lookup.name)]);
    const segment = fc.stringMatching(/^[A-Za-z0-9_.@+-]{1,20}$/);
    fc.assert(
      fc.property(fc.constantFrom(...ENDPOINT_DEFS), segment, ({ def, owner }, value) => {
        expect(owners.has(owner)).toBe(true);
        const path = fillPath(def.path, new Proxy({}, { get: () => value }));
        const match = matchRoute(def.method, path);
        expect(match?.endpoint).toBe(def.name);
        for (const key of [...def.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)) expect(match?.params[key]).toBe(value);
      }),
    );
  });

  it('paths no op declares are not routed', () => {
    const declared = new Set(ENDPOINT_DEFS.map(({ def }) => `${def.method} ${def.path}`));
    fc.assert(
      fc.property(fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), fc.stringMatching(/^\/api\/[a-z]{1,12}\/[a-z]{1,12}$/), (method, path) => {
        fc.pre(!declared.has(`${method} ${path}`));
        const match = matchRoute(method, path);
        if (match) {
          // Only a parameterised route may take it, and then its own endpoint's method matches.
          const def = ENDPOINT_DEFS.find((entry) => entry.def.name === match.endpoint)?.def;
          expect(def?.path.includes('{')).toBe(true);
          expect(def?.method).toBe(method);
        }
      }),
    );
  });

  it('every op has calls in the fixtures, and each is planned to its own op’s endpoint, phase and key, and routed back there', () => {
    const calls = fixtureCalls();
    const seen = new Set<CallOp>(calls.map((call) => call.op));
    expect([...CALL_OPS].filter((op) => !seen.has(op))).toEqual([]);
    for (const call of calls) {
      const spec = opSpec(call.op);
      const { requests } = planRequests([{ ref: 0, call }], { settings });
      for (const request of requests) {
        expect(spec.endpoints.map((def) => def.name)).toContain(request.endpoint);
        expect(request.phase).toBe(spec.phase);
        expect(request.keyRole).toBe(spec.key);
        expect(matchRoute(request.method, request.path)?.endpoint).toBe(request.endpoint);
      }
    }
  });
});

describe('reply schemas of the registry (what the client accepts as a 2xx)', () => {
  const recordReplyEndpoints = ENDPOINT_DEFS.filter(({ def }) => def.recordReplies === true).map(({ def }) => def.name);

  it('has record-by-record endpoints to check', () => {
    expect(recordReplyEndpoints.length).toBeGreaterThanOrEqual(5);
  });

  it.each(recordReplyEndpoints)('%s refuses counts that are strings, missing counts and HTML', (name) => {
    const schema = replySchemaOf(name);
    expect(schema.safeParse({ successCount: '500', failCount: '0' }).success).toBe(false);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse('<html>login</html>').success).toBe(false);
    expect(schema.safeParse({ successCount: 1, failCount: 0 }).success).toBe(true);
  });

  it.each(ENDPOINT_DEFS.filter(({ def }) => def.recordReplies !== true && def.method !== 'GET').map(({ def }) => def.name))(
    '%s (single record) needs string msg and code',
    (name) => {
      const schema = replySchemaOf(name);
      expect(schema.safeParse({ msg: '', code: 'Success' }).success).toBe(true);
      expect(schema.safeParse({ msg: 1, code: 'Success' }).success).toBe(false);
      expect(schema.safeParse('<html></html>').success).toBe(false);
    },
  );
});
