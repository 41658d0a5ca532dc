/**
 * Part 1: transform cost, as CPU time relative to a bare JSON round trip of the same input
 * (bench/transform-paths.mjs lists the paths and their floors).
 *
 * Each floor is measured with its own paths only, one group after the other. Within a group, rounds
 * are interleaved: each round runs every path of the group once, floor included, in slices (every
 * path runs its first tenth of the input, then every path its second tenth, …), and each path's
 * ratio is taken against its floor of the same round, so load that comes and goes on a shared
 * machine touches both sides of a ratio alike. The headline is the median ratio over the rounds, with the
 * lowest and highest next to it to show the noise. Times are CPU time (process.cpuUsage, user +
 * system) rather than wall clock: other processes on the cores do not count. Events/s (from the
 * median CPU time) is secondary. Bytes allocated per event and peak RSS come from one run of each
 * path alone in a child process (bench/transform-memory.mjs).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, gc } from './lib.mjs';
import { SLICES, buildInputs, buildPaths } from './transform-paths.mjs';

export const TRANSFORM_DEFAULTS = { events: 50_000, bodyEvents: 20_000, rounds: 11, memory: true };

export async function loadTransformApi(dist) {
  const rudderstack = await import(pathToFileURL(join(DIST, 'rudderstack.js')).href);
  return { ...dist, processorTransform: rudderstack.processorTransform, routerTransform: rudderstack.routerTransform };
}

function cpuMs(fn, prepared) {
  const started = process.cpuUsage();
  const sink = fn(prepared);
  const used = process.cpuUsage(started);
  if (!sink) throw new Error('a bench path measured nothing');
  return (used.user + used.system) / 1000;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const round2 = (value) => Math.round(value * 100) / 100;

/** Peak RSS and bytes allocated per event of one path, measured alone in a fresh process. */
function memoryOf(name, options) {
  const script = join(ROOT, 'bench', 'transform-memory.mjs');
  const args = ['--expose-gc', script, name, String(options.events), String(options.bodyEvents)];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
}

/** Each floor with the paths measured against it, in the order the paths are listed. */
function floorGroups(paths) {
  const names = Object.keys(paths);
  return names.filter((name) => paths[name].floor).map((floor) => [floor, ...names.filter((name) => paths[name].floorOf === floor)]);
}

export async function benchTransform(dist, options = {}) {
  const { events, bodyEvents, rounds, memory: withMemory } = { ...TRANSFORM_DEFAULTS, ...options };
  const api = await loadTransformApi(dist);
  const paths = buildPaths(api, buildInputs({ events, bodyEvents }));
  const names = Object.keys(paths);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const ratios = Object.fromEntries(names.map((name) => [name, []]));
  // Each floor is measured with its own paths only, group after group: a slice's CPU time includes
  // the garbage collections it triggers, and those also collect what the slice before it left, so
  // a JSONL floor run right after the body paths would pay for their garbage and flatter the ratios.
  for (const group of floorGroups(paths)) {
    // One warm-up round, so that every path runs optimised code when the measured rounds start.
    for (const name of group) paths[name].run(paths[name].prepare(0, 1));
    for (let round = 0; round < rounds; round += 1) {
      gc();
      const thisRound = Object.fromEntries(group.map((name) => [name, 0]));
      // Slice by slice, every path in turn: a path and its floor are never more than a slice apart.
      for (let slice = 0; slice < SLICES; slice += 1) {
        for (const name of group) {
          const prepared = paths[name].prepare(slice, SLICES);
          thisRound[name] += cpuMs(paths[name].run, prepared);
        }
      }
      for (const name of group) {
        times[name].push(thisRound[name]);
        const floor = paths[name].floorOf;
        if (floor) ratios[name].push(thisRound[name] / thisRound[floor]);
      }
    }
  }
  const rows = names.map((name) => {
    const path = paths[name];
    const cpu = median(times[name]);
    const memory = withMemory ? memoryOf(name, { events, bodyEvents }) : {};
    return {
      path: name,
      floorOf: path.floorOf,
      events: path.events,
      medianCpuMs: Math.round(cpu),
      ratio: path.floorOf ? round2(median(ratios[name])) : undefined,
      ratioMin: path.floorOf ? round2(Math.min(...ratios[name])) : undefined,
      ratioMax: path.floorOf ? round2(Math.max(...ratios[name])) : undefined,
      eventsPerSecond: Math.round((path.events / cpu) * 1000),
      bytesPerEvent: memory.bytesPerEvent,
      peakRssMB: memory.peakRssMB,
    };
  });
  return { events, bodyEvents, rounds, rows };
}
