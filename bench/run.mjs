#!/usr/bin/env node
/**
 * `npm run bench` (needs a build: `npm run build`). Runs the parts of bench/ (all, or those named
 * with `--only transform,packing,delivery,memory,hostile,serve,scale`), prints one table and writes
 * bench/results.json (a partial run replaces only its own parts there).
 * Benchmarks are not tests: nothing here asserts a duration.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDelivery } from './delivery.mjs';
import { benchHostile } from './hostile.mjs';
import { ROOT, loadDist, machine } from './lib.mjs';
import { benchMemory } from './memory.mjs';
import { benchPacking } from './packing.mjs';
import { benchScale } from './scale.mjs';
import { renderReport } from './report.mjs';
import { benchServe } from './serve.mjs';
import { benchTransform } from './transform.mjs';

const PARTS = {
  transform: (dist) => benchTransform(dist),
  packing: (dist) => benchPacking(dist),
  delivery: (dist) => benchDelivery(dist),
  memory: (dist) => benchMemory(dist),
  hostile: () => benchHostile(),
  serve: (dist) => benchServe(dist),
  scale: (dist) => benchScale(dist),
};

const RESULTS = join(ROOT, 'bench', 'results.json');

function readEarlier() {
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8'));
  } catch {
    return undefined;
  }
}

async function main() {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const selected = values.only ? values.only.split(',').map((part) => part.trim()) : Object.keys(PARTS);
  const unknown = selected.filter((part) => !(part in PARTS));
  if (unknown.length) {
    process.stderr.write(`unknown part(s): ${unknown.join(', ')} (parts: ${Object.keys(PARTS).join(', ')})\n`);
    process.exitCode = 2;
    return;
  }
  const dist = await loadDist();
  const results = { machine: machine(), startedAt: new Date().toISOString(), parts: {} };
  // A partial run (`--only`) replaces its parts in bench/results.json and keeps the others, each
  // part with the time it ran (`ranAt`).
  const earlier = values.only ? readEarlier() : undefined;
  for (const part of selected) {
    process.stderr.write(`bench: ${part}…\n`);
    const started = performance.now();
    const result = await PARTS[part](dist);
    result.benchSeconds = Math.round((performance.now() - started) / 100) / 10;
    result.ranAt = new Date().toISOString();
    results.parts[part] = result;
  }
  process.stdout.write(renderReport(results));
  const written = earlier ? { ...results, parts: { ...earlier.parts, ...results.parts } } : results;
  writeFileSync(RESULTS, `${JSON.stringify(written, null, 2)}\n`);
  process.stderr.write('wrote bench/results.json\n');
}

await main();
