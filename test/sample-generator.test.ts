/**
 * The seeded sample generator (src/sample): the demo builds its events from it in memory, so the
 * package ships none. One seed must always give the same events, byte for byte: the demo's
 * expectations (which lines are bad) and the README's demo block depend on it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_MIX, buildSample, DEFAULT_SEED, generateEvents, SAMPLE_SETTINGS } from '../src/sample/index.js';

const ROOT = join(import.meta.dirname, '..');

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Digests of the sample as 0.1.0 shipped it (fixtures/events/sample.jsonl) and of the first 1,000
 * benchmark events: moving the generator into src/ must not have changed a byte.
 */
const SAMPLE_JSONL_SHA256 = '6822f63af4ef1ee5b35a50c93670f06b0ae50392970884baf0130596b961cf32';
const BENCH_1000_SHA256 = 'fa02fb5cdc6aa377c10b74174a5ca934ae80805dc443a1ddbaed115797e0f8ba';

describe('the sample generator', () => {
  const sample = buildSample();

  it('builds the sample 0.1.0 shipped as a file, byte for byte', () => {
    expect(sample.lines).toHaveLength(10_012);
    expect(sha256(`${sample.lines.join('\n')}\n`)).toBe(SAMPLE_JSONL_SHA256);
    expect(sample.expected.seed).toBe(DEFAULT_SEED);
    expect(sample.expected.events).toBe(10_012);
    expect(sample.expected.bad.map((bad) => bad.index)).toEqual([769, 1539, 2309, 3079, 3849, 4619, 5389, 6159, 6929, 7699, 8469, 9239]);
  });

  it('streams the same benchmark events as before', () => {
    let text = '';
    for (const event of generateEvents({ count: 1000, mix: BENCH_MIX })) text += `${JSON.stringify(event)}\n`;
    expect(sha256(text)).toBe(BENCH_1000_SHA256);
  });

  it('gives the same events for the same seed and other events for another seed', () => {
    const again = buildSample({ goodCount: 500, seed: 7 });
    expect(buildSample({ goodCount: 500, seed: 7 }).lines).toEqual(again.lines);
    expect(buildSample({ goodCount: 500, seed: 8 }).lines).not.toEqual(again.lines);
  });

  it('has 10,000 good lines, each a distinct event, besides the bad ones', () => {
    const badIndexes = new Set(sample.expected.bad.map((bad) => bad.index));
    const good = sample.lines.filter((_, index) => !badIndexes.has(index));
    expect(good).toHaveLength(sample.expected.good);
    expect(new Set(good.map((line) => (JSON.parse(line) as { messageId?: string }).messageId)).size).toBe(10_000);
  });

  it('keeps the sample project settings of fixtures/events/settings.*.json', () => {
    for (const region of ['us', 'eu'] as const) {
      const file = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'events', `settings.${region}.json`), 'utf8')) as unknown;
      expect(SAMPLE_SETTINGS[region]).toEqual(file);
    }
  });

  it('scripts/generate-events.mjs writes the same sample to a directory (from the build)', () => {
    const out = mkdtempSync(join(tmpdir(), 'iterable-destination-gen-'));
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'generate-events.mjs'), out]);
      expect(readdirSync(out).sort()).toEqual(['sample.expected.json', 'sample.jsonl', 'settings.eu.json', 'settings.us.json']);
      expect(sha256(readFileSync(join(out, 'sample.jsonl'), 'utf8'))).toBe(SAMPLE_JSONL_SHA256);
      expect(JSON.parse(readFileSync(join(out, 'sample.expected.json'), 'utf8'))).toEqual(sample.expected);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
