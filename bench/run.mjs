#!/usr/bin/env node
/**
 * `npm run bench` (needs a build: `npm run build`). Runs the parts of bench/ (all, or those named
 * with `--only transform,packing,delivery,memory`), prints one table and writes bench/results.json.
 * Benchmarks are not tests: nothing here asserts a duration.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDelivery } from './delivery.mjs';
import { ROOT, fmt, loadDist, machine } from './lib.mjs';
import { benchMemory } from './memory.mjs';
import { benchPacking } from './packing.mjs';
import { benchTransform } from './transform.mjs';

const PARTS = {
  transform: { run: (dist) => benchTransform(dist), rows: transformRows },
  packing: { run: (dist) => benchPacking(dist), rows: packingRows },
  delivery: { run: (dist) => benchDelivery(dist), rows: deliveryRows },
  memory: { run: (dist) => benchMemory(dist), rows: memoryRows },
};

function transformRows(r) {
  return [
    ['transform', 'transform alone', `${fmt(r.transformEventsPerSecond)} events/s (${r.microsPerEvent} µs/event)`],
    ['transform', 'parse + transform + stringify', `${fmt(r.fullPathEventsPerSecond)} events/s`],
    ['transform', 'bare JSON.parse + JSON.stringify', `${fmt(r.baselineEventsPerSecond)} events/s`],
    ['transform', 'cost vs bare JSON round trip', `${r.costRatio}x (${fmt(r.events)} events, best of ${r.rounds})`],
  ];
}

function packingRows(r) {
  return [
    ['packing', 'requests per 1,000 events', `${r.requestsPer1000} (lower bound ${r.lowerBoundPer1000}; ratio ${r.ratio})`],
    ['packing', '  of which bulk endpoints', `${r.bulkRequestsPer1000} (lower bound ${r.bulkLowerBoundPer1000})`],
    ...r.byEndpoint.map((row) => ['packing', `  ${row.path}`, `${fmt(row.requests)} requests, ${fmt(row.records)} records (lower bound ${fmt(row.lowerBound)})`]),
    ['packing', 'planning time', `${fmt(r.planMs)} ms for ${fmt(r.calls)} calls`],
  ];
}

function deliveryRows(r) {
  return [
    ['delivery', `${fmt(r.events)} events at real rate limits`, `${r.seconds} s${r.timedOut ? ' (TIMED OUT)' : ''}`],
    ['delivery', 'rate-limit ceiling', `${r.ceilingSeconds} s (set by ${r.ceilingEndpoint})`],
    ['delivery', 'share of the ceiling', `${Math.round(r.shareOfCeiling * 100)}%`],
    ['delivery', 'requests made vs lower bound', `${fmt(r.requestsMade ?? 0)} vs ${fmt(r.requestsLowerBound ?? 0)} (bulk endpoints ${fmt(r.bulkRequestsMade ?? 0)} vs ${fmt(r.bulkRequestsLowerBound ?? 0)})`],
    ['delivery', '429s / retries', `${fmt(r.rateLimited429 ?? 0)} / ${fmt(r.retries ?? 0)}`],
    ['delivery', 'outcomes', `delivered ${fmt(r.outcomes?.delivered ?? 0)}, rejected ${fmt(r.outcomes?.rejected ?? 0)}, failed ${fmt(r.outcomes?.failed ?? 0)}`],
  ];
}

function memoryRows(r) {
  return r.runs.map((run) => [
    'memory',
    `send ${fmt(run.events)} events (no rate limits)`,
    run.timedOut ? 'TIMED OUT' : `peak RSS ${run.peakRssMB} MB, ${run.seconds} s, ${fmt(run.eventsPerSecond)} events/s`,
  ]);
}

function renderRows(rows) {
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`).join('\n');
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
  const rows = [];
  for (const part of selected) {
    process.stderr.write(`bench: ${part}…\n`);
    const started = performance.now();
    const result = await PARTS[part].run(dist);
    result.benchSeconds = Math.round((performance.now() - started) / 100) / 10;
    results.parts[part] = result;
    rows.push(...PARTS[part].rows(result));
  }
  const m = results.machine;
  process.stdout.write(`iterable-destination bench · node ${m.node} · ${m.cpus} cpus (${m.cpuModel}) · ${m.platform}\n`);
  process.stdout.write(`${renderRows(rows)}\n`);
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write('wrote bench/results.json\n');
}

await main();
