#!/usr/bin/env node
/**
 * Child of the transform bench: runs one path (bench/transform-paths.mjs) once, alone in this
 * process, and prints its bytes allocated per event and the process's peak RSS as JSON.
 * `node --expose-gc bench/transform-memory.mjs <path> <events> <bodyEvents>`.
 *
 * Allocation is read from V8's GC profiler: every collection reports the heap before and after it,
 * so what was allocated is the growth between collections, summed, plus the growth after the last.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { gc, loadDist } from './lib.mjs';
import { loadTransformApi } from './transform.mjs';
import { buildInputs, buildPaths } from './transform-paths.mjs';

const [name, events, bodyEvents] = process.argv.slice(2);
const api = await loadTransformApi(await loadDist());
const paths = buildPaths(api, buildInputs({ events: Number(events), bodyEvents: Number(bodyEvents) }));
const path = paths[name];
if (!path) throw new Error(`unknown bench path ${name}`);
path.run(path.prepare(0, 1)); // warm-up: compile before measuring
const prepared = path.prepare(0, 1);
gc();
const profiler = new GCProfiler();
let previous = getHeapStatistics().used_heap_size;
profiler.start();
const sink = path.run(prepared);
const after = getHeapStatistics().used_heap_size;
let allocated = 0;
for (const entry of profiler.stop().statistics) {
  allocated += entry.beforeGC.heapStatistics.usedHeapSize - previous;
  previous = entry.afterGC.heapStatistics.usedHeapSize;
}
allocated += after - previous;
process.stdout.write(
  `${JSON.stringify({ sink, bytesPerEvent: Math.round(allocated / path.events), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
