#!/usr/bin/env node
/**
 * The bench table, rendered from a results object (what bench/run.mjs writes to bench/results.json).
 * Run alone (`node bench/report.mjs`), it prints the table of the committed bench/results.json:
 * that is how docs/bench.md's "A run" section is made, so the doc shows the run the file holds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, fmt } from './lib.mjs';
import { serveRows } from './serve.mjs';

const ROWS = { transform: transformRows, packing: packingRows, delivery: deliveryRows, memory: memoryRows, hostile: hostileRows, serve: serveRows, scale: scaleRows };

/** The header line and the table of every part present in `results.parts`. */
export function renderReport(results) {
  const m = results.machine;
  const rows = Object.entries(results.parts).flatMap(([part, result]) => ROWS[part](result));
  return `iterable-destination bench · node ${m.node} · ${m.cpus} cpus (${m.cpuModel}) · ${m.platform}\n${renderRows(rows)}\n`;
}

const PATH_LABELS = {
  'jsonl-bare': 'JSONL: bare JSON.parse + JSON.stringify',
  'jsonl-strict': 'JSONL: parse + transform strict + stringify',
  'jsonl-rudderstack': 'JSONL: parse + transform rudderstack + stringify',
  'bodies-bare': 'bodies: bare JSON.parse + JSON.stringify',
  processor: 'bodies: processorTransform (parsed)',
  router: 'bodies: routerTransform (parsed)',
};

/** Headline: the median CPU-time ratio to the floor (range over the rounds); then events/s and memory. */
function transformRows(r) {
  const header = ['transform', `${r.rounds} interleaved rounds, CPU time`, 'ratio to floor (min-max) · events/s · bytes/event · peak RSS'];
  return [
    header,
    ...r.rows.map((row) => {
      const ratio = row.floorOf ? `${row.ratio.toFixed(2)}x (${row.ratioMin.toFixed(2)}-${row.ratioMax.toFixed(2)})` : 'floor';
      const rest = `${fmt(row.eventsPerSecond)} events/s · ${fmt(row.bytesPerEvent)} B/event · ${row.peakRssMB} MB`;
      return ['transform', `${PATH_LABELS[row.path] ?? row.path} (${fmt(row.events)} events)`, `${ratio.padEnd(18)} ${rest}`];
    }),
  ];
}

function hostileRows(r) {
  return [
    ['hostile', 'systemFields, 200-byte user agent', `${r.realUserAgentMicros} µs/event`],
    ...r.userAgents.map((u) => ['hostile', `  ${fmt(u.bytes)}-byte UA: ${u.name}`, `${u.micros} µs/event (${u.ratioToReal}x the 200-byte one)`]),
    ['hostile', '  former regexes, 20 KB adversarial UA', `${fmt(r.oldRegex20kMicros)} µs`],
    ['hostile', 'toPath, short path', `${r.pathShortMicros} µs`],
    ...r.pathLong.map((p) => ['hostile', `  ${fmt(p.bytes)}-byte path: ${p.name}`, `${fmt(p.micros)} µs`]),
    ['hostile', 'refusing a 10,000-level event', `${fmt(r.deepEventMicros)} µs/event`],
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
    ['delivery', `${fmt(r.events)} events at real rate limits`, r.seconds === undefined ? `no summary (${r.timedOut ? 'TIMED OUT' : `send exited ${r.exitCode}`})` : `${r.seconds} s`],
    ['delivery', 'rate-limit ceiling', `${r.ceilingSeconds} s (set by ${r.ceilingEndpoint})`],
    ['delivery', 'share of the ceiling', r.shareOfCeiling === undefined ? '-' : `${Math.round(r.shareOfCeiling * 100)}%`],
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

function scaleRows(r) {
  if (r.skipped) return [['scale', 'several processes, one project', `skipped: ${r.skipped}`]];
  return r.runs.map((run) => [
    'scale',
    `${run.processes} process${run.processes > 1 ? 'es' : ''} ${run.shared ? 'with --redis' : 'without --redis'}`,
    `${fmt(run.acceptedPerSecond, 1)} accepted req/s = ${Math.round(run.fractionOfLimit * 100)}% of ${r.endpoint}'s ${r.limit}/s, 429s ${fmt(run.rateLimited429)}, ` +
      `Redis round trips/request ${run.shared ? run.redisRoundTripsPerRequest : '-'}, smallest share ${run.smallestShareVsFair} of fair`,
  ]);
}

function renderRows(rows) {
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}`).join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(renderReport(JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8'))));
}
