/**
 * Part 3: delivery against Iterable's real rate limits. 100,000 bench-mix events go through
 * `iterable-destination send` to the emulator (both as child processes, each with its own core),
 * which enforces the catalogue's per-endpoint limits with 429s. The rate-limit ceiling is the
 * fastest any client could finish: per endpoint, the lower-bound request count over its rate
 * limit; endpoints run in parallel, so the slowest one sets it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_MIX, generateEvents } from '../scripts/generate-events.mjs';
import { benchPacking } from './packing.mjs';
import { ROOT, runSend, startEmulatorProcess, take } from './lib.mjs';

export async function benchDelivery(dist, { events = 100_000 } = {}) {
  const packing = await benchPacking(dist, { events });
  const slowest = packing.byEndpoint
    .map((row) => ({ endpoint: row.endpoint, seconds: row.lowerBound / row.ratePerSecond }))
    .sort((a, b) => b.seconds - a.seconds)[0];
  const ceilingSeconds = slowest.seconds;
  const timeoutMs = Math.round(ceilingSeconds * 3 * 1000 + 60_000);
  const summaryFile = join(tmpdir(), `iterable-destination-bench-delivery-${process.pid}.json`);
  const emulator = await startEmulatorProcess();
  try {
    const lines = take(generateEvents({ count: events, mix: BENCH_MIX }), (event) => JSON.stringify(event));
    const run = await runSend(['--endpoint', emulator.url, '--summary-json', summaryFile, '--settings', settingsFile()], lines, timeoutMs);
    const ceiling = { ceilingSeconds: Math.round(ceilingSeconds * 10) / 10, ceilingEndpoint: dist.ENDPOINTS[slowest.endpoint].path };
    // A send that timed out (or died) wrote no summary: report the run as such, as memory.mjs does,
    // rather than crash the whole bench on a missing file.
    if (run.timedOut || !existsSync(summaryFile)) {
      return { events, exitCode: run.code, timedOut: run.timedOut, ...ceiling, requestsLowerBound: packing.lowerBound };
    }
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    const seconds = summary.elapsedMs / 1000;
    // Requests actually made (first attempts and retries) against what the planner proves necessary.
    const made = Object.values(summary.requests ?? {}).reduce((sum, row) => sum + (row.requests ?? 0), 0);
    const bulk = new Set(['bulkUpdateUsers', 'trackBulk', 'subscribeToList', 'unsubscribeFromList', 'upsertCatalogItem']);
    const bulkMade = Object.entries(summary.requests ?? {}).reduce((sum, [endpoint, row]) => sum + (bulk.has(endpoint) ? (row.requests ?? 0) : 0), 0);
    const bulkLowerBound = packing.byEndpoint.reduce((sum, row) => sum + (bulk.has(row.endpoint) ? row.lowerBound : 0), 0);
    return {
      events,
      exitCode: run.code,
      timedOut: run.timedOut,
      seconds: Math.round(seconds * 10) / 10,
      ...ceiling,
      shareOfCeiling: Math.round((ceilingSeconds / seconds) * 100) / 100,
      rateLimited429: summary.rateLimited,
      retries: summary.retries,
      outcomes: summary.outcomes,
      requests: summary.requests,
      requestsMade: made,
      requestsLowerBound: packing.lowerBound,
      bulkRequestsMade: bulkMade,
      bulkRequestsLowerBound: bulkLowerBound,
    };
  } finally {
    rmSync(summaryFile, { force: true });
    await emulator.stop();
  }
}

/** RudderStack's keys only: the benchmark mix has no list or form events, so no extension settings. */
export function settingsFile() {
  return join(ROOT, 'bench', 'settings.json');
}
