/**
 * Runs every fixture in fixtures/planner/: `<behaviour>.json` plans entries and compares the
 * requests and rejections; `attribute-<behaviour>.json` plans its entries into one request and reads
 * a bulk reply for it. Expected requests list only the keys a case is about (`toMatchObject`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attributeBulkReply, planRequests, type PlanEntry } from '../src/batch/index.js';
import { parseSettings } from '../src/settings.js';

interface PlanFixture {
  name: string;
  input: { entries: PlanEntry[]; settings?: Record<string, unknown>; options?: { maxBatchItems?: number; maxBatchBytes?: number }; reply?: unknown };
  expected: unknown;
}

const dir = join(import.meta.dirname, '..', 'fixtures', 'planner');
const files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
const load = (file: string): [string, PlanFixture] => [file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as PlanFixture];
const planCases = files.filter((file) => !file.startsWith('attribute-')).map(load);
const attributeCases = files.filter((file) => file.startsWith('attribute-')).map(load);

function plan(fixture: PlanFixture) {
  const settings = parseSettings(fixture.input.settings ?? { apiKey: 'fixture-key' });
  return planRequests(fixture.input.entries, { settings, ...fixture.input.options });
}

describe('planner fixtures', () => {
  it('finds the fixtures', () => {
    expect(planCases.length).toBeGreaterThanOrEqual(8);
    expect(attributeCases.length).toBeGreaterThanOrEqual(8);
  });

  describe.each(planCases)('%s', (_file, fixture) => {
    it(fixture.name, () => {
      const expected = fixture.expected as { requests: object[]; rejected: { ref: number; code: string }[] };
      const result = plan(fixture);
      expect(result.requests).toHaveLength(expected.requests.length);
      result.requests.forEach((request, i) => {
        expect(request).toMatchObject(expected.requests[i] as object);
        expect(request.bytes).toBe(Buffer.byteLength(request.json));
        if (request.json !== '') expect(JSON.parse(request.json)).toEqual({ ...request.body });
        expect(request.json).not.toContain('fixture-key');
      });
      expect(result.rejected.map(({ ref, error }) => ({ ref, code: error.code }))).toEqual(expected.rejected);
      for (const { error } of result.rejected) expect(error.message.length).toBeGreaterThan(20);
    });
  });

  describe.each(attributeCases)('%s', (_file, fixture) => {
    it(fixture.name, () => {
      const { requests, rejected } = plan(fixture);
      expect(rejected).toEqual([]);
      expect(requests).toHaveLength(1);
      const results = attributeBulkReply(requests[0]!, fixture.input.reply);
      expect(results).toHaveLength(fixture.input.entries.length);
      results.forEach((result, i) => expect(result).toMatchObject((fixture.expected as object[])[i] as object));
    });
  });
});
