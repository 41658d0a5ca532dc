#!/usr/bin/env node
/**
 * The seeded event generator (src/sample, built to dist/sample.js) for the repo's scripts and
 * benchmarks: `generateEvents({ count, seed, mix })` streams any number of events in flat memory.
 *
 * Run as a script, it writes the demo's sample to a directory (default: ./sample-events), for
 * looking at it or feeding it to `send`; the demo itself builds the same events in memory:
 *   sample.jsonl           10,000 good events + a few deliberately bad ones
 *   sample.expected.json   which lines are bad and the error code each must get
 *   settings.us.json / settings.eu.json
 * Needs the build (`npm run build`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSample, SAMPLE_SETTINGS } from '../dist/sample.js';

export { AUDIENCE_LISTS, BENCH_MIX, buildSample, DEFAULT_SEED, FORM_LIST_ID, generateEvents, mulberry32, SAMPLE_MIX, SAMPLE_SETTINGS } from '../dist/sample.js';

function writeSample(outDir) {
  mkdirSync(outDir, { recursive: true });
  const { lines, expected } = buildSample();
  writeFileSync(join(outDir, 'sample.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(join(outDir, 'sample.expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
  writeFileSync(join(outDir, 'settings.us.json'), `${JSON.stringify(SAMPLE_SETTINGS.us, null, 2)}\n`);
  writeFileSync(join(outDir, 'settings.eu.json'), `${JSON.stringify(SAMPLE_SETTINGS.eu, null, 2)}\n`);
  return { events: lines.length, bad: expected.bad.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2] ?? join(process.cwd(), 'sample-events');
  const { events, bad } = writeSample(outDir);
  process.stdout.write(`wrote ${events} events (${bad} deliberately bad) to ${outDir}\n`);
}
