/**
 * Part 1: transform cost. Events/s of `transformWith` alone, and the cost of the whole per-event
 * path (JSON.parse + transform + JSON.stringify of the calls) relative to a bare JSON.parse +
 * JSON.stringify of the same lines, measured in the same run (so machine speed cancels out).
 */
import { BENCH_MIX, generateEvents } from '../scripts/generate-events.mjs';
import { bestOf } from './lib.mjs';

export async function benchTransform(dist, { events = 50_000, rounds = 5 } = {}) {
  const settings = dist.parseSettings({ apiKey: 'placeholder-api-key', registerDeviceOrBrowserApiKey: 'placeholder-token-key' });
  const lines = [...generateEvents({ count: events, mix: BENCH_MIX })].map((event) => JSON.stringify(event));
  const parsed = lines.map((line) => JSON.parse(line));
  let sink = 0;
  const baselineMs = bestOf(rounds, () => {
    for (const line of lines) sink += JSON.stringify(JSON.parse(line)).length;
  });
  const transformOnlyMs = bestOf(rounds, () => {
    for (const event of parsed) sink += dist.transformWith(event, settings).ok ? 1 : 0;
  });
  const fullPathMs = bestOf(rounds, () => {
    for (const line of lines) {
      const result = dist.transformWith(JSON.parse(line), settings);
      sink += JSON.stringify(result.ok ? result.calls : result.error).length;
    }
  });
  if (sink === 0) throw new Error('nothing measured');
  return {
    events,
    rounds,
    transformEventsPerSecond: Math.round((events / transformOnlyMs) * 1000),
    fullPathEventsPerSecond: Math.round((events / fullPathMs) * 1000),
    baselineEventsPerSecond: Math.round((events / baselineMs) * 1000),
    costRatio: Math.round((fullPathMs / baselineMs) * 100) / 100,
    microsPerEvent: Math.round((transformOnlyMs / events) * 1000 * 100) / 100,
  };
}
