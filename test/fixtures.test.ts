/**
 * One runner for every transform fixture: fixtures/<dir>/*.json, each
 * `{ name, spec, settings, input, expected }`, run through `transform(input, settings)`.
 *
 * Directories of other shapes (router, proxy, planner, …) are skipped by name; any new directory
 * in the transform format is picked up without touching this file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { transform } from '../src/transform/index.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
/** Fixture directories whose files have another shape (runners of their own). */
const OTHER_SHAPES = new Set(['events', 'router', 'proxy', 'delete-users', 'planner', 'processor', 'golden', 'rudderstack-compacted', 'iterable-replies']);

interface ExpectedIssue {
  name?: string;
  code?: string;
  message: string;
  statusCode?: number;
}

interface Fixture {
  name: string;
  spec: string;
  settings: unknown;
  input: unknown;
  expected: { ok: true; calls: unknown[]; warnings?: ExpectedIssue[] } | { ok: false; error: ExpectedIssue };
}

const directories = readdirSync(FIXTURES)
  .filter((dir) => !OTHER_SHAPES.has(dir) && statSync(join(FIXTURES, dir)).isDirectory())
  .sort();

function load(dir: string): Array<[string, Fixture]> {
  return readdirSync(join(FIXTURES, dir))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => [file, JSON.parse(readFileSync(join(FIXTURES, dir, file), 'utf8')) as Fixture]);
}

it('finds the transform fixture directories', () => {
  expect(directories.length).toBeGreaterThan(0);
});

describe.each(directories)('fixtures/%s', (dir) => {
  const cases = load(dir);

  it('has fixtures in the transform format', () => {
    expect(cases.length).toBeGreaterThan(0);
    for (const [file, fixture] of cases) {
      expect(typeof fixture.name, `${file}: name`).toBe('string');
      expect(typeof fixture.spec, `${file}: spec`).toBe('string');
      expect(fixture, `${file}: keys`).toHaveProperty('input');
      expect([true, false], `${file}: expected.ok`).toContain(fixture.expected?.ok);
    }
  });

  it.each(cases)('%s', (_file, fixture) => {
    const result = transform(fixture.input, fixture.settings);
    const { expected } = fixture;
    if (expected.ok) {
      expect(result.ok ? null : result.error, fixture.name).toBeNull();
      if (!result.ok) return;
      // Bodies travel as JSON: compare what would be sent, not in-memory quirks such as NaN.
      expect(JSON.parse(JSON.stringify(result.calls)), fixture.name).toEqual(expected.calls);
      const warnings = (result.warnings ?? []).map((w) => ({ code: w.code, message: w.message }));
      expect(warnings, fixture.name).toEqual((expected.warnings ?? []).map((w) => ({ code: w.code, message: w.message })));
      return;
    }
    expect(result.ok, `${fixture.name}: expected an error`).toBe(false);
    if (result.ok) return;
    const actual: ExpectedIssue = { name: result.error.name, message: result.error.message, statusCode: result.error.statusCode };
    const wanted: ExpectedIssue = { name: expected.error.name, message: expected.error.message, statusCode: expected.error.statusCode };
    if (expected.error.code !== undefined) {
      actual.code = result.error.code;
      wanted.code = expected.error.code;
    }
    expect(actual, fixture.name).toEqual(wanted);
  });
});
