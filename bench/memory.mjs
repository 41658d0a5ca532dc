/**
 * Part 4: peak memory of `iterable-destination send` streaming 100,000 and 1,000,000 events with
 * backpressure. Events are generated on the fly and written to the child's stdin as it reads them;
 * rate limits are off on both sides (client and emulator) so the run is bounded by CPU, not by
 * Iterable's limits. The child reports its own peak RSS (process.resourceUsage().maxRSS).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_MIX, generateEvents } from '../scripts/generate-events.mjs';
import { settingsFile } from './delivery.mjs';
import { runSend, startEmulatorProcess, take } from './lib.mjs';

export async function benchMemory(_dist, { sizes = [100_000, 1_000_000], timeoutMs = 600_000 } = {}) {
  const runs = [];
  for (const events of sizes) {
    const summaryFile = join(tmpdir(), `iterable-destination-bench-memory-${process.pid}-${events}.json`);
    const emulator = await startEmulatorProcess(['--no-rate-limits']);
    try {
      const lines = take(generateEvents({ count: events, mix: BENCH_MIX }), (event) => JSON.stringify(event));
      const args = ['--endpoint', emulator.url, '--no-rate-limits', '--summary-json', summaryFile, '--settings', settingsFile()];
      const run = await runSend(args, lines, timeoutMs);
      const summary = run.timedOut ? undefined : JSON.parse(readFileSync(summaryFile, 'utf8'));
      runs.push({
        events,
        exitCode: run.code,
        timedOut: run.timedOut,
        seconds: summary ? Math.round(summary.elapsedMs / 100) / 10 : undefined,
        eventsPerSecond: summary ? Math.round(events / (summary.elapsedMs / 1000)) : undefined,
        peakRssMB: summary ? Math.round(summary.peakRssBytes / 1048576) : undefined,
        outcomes: summary?.outcomes,
      });
    } finally {
      rmSync(summaryFile, { force: true });
      await emulator.stop();
    }
  }
  return { runs };
}
