/**
 * Part 2: packing. Requests per 1,000 events made by planRequests for the bench mix, against the
 * lower bound: per endpoint, the fewest requests the count and byte limits allow
 * (max(ceil(records / maxItems), ceil(bytes / maxBytes)) for bulk endpoints, one per call otherwise).
 */
import { BENCH_MIX, generateEvents } from '../scripts/generate-events.mjs';

export async function benchPacking(dist, { events = 100_000 } = {}) {
  const settings = dist.parseSettings({ apiKey: 'placeholder-api-key', registerDeviceOrBrowserApiKey: 'placeholder-token-key' });
  const entries = [];
  let index = 0;
  for (const event of generateEvents({ count: events, mix: BENCH_MIX })) {
    const result = dist.transformWith(event, settings);
    if (result.ok) for (const call of result.calls) entries.push({ ref: index, call });
    index += 1;
  }
  const started = performance.now();
  const plan = dist.planRequests(entries, { settings });
  const planMs = performance.now() - started;
  const byEndpoint = new Map();
  for (const request of plan.requests) {
    const row = byEndpoint.get(request.endpoint) ?? { requests: 0, records: 0, bytes: 0 };
    row.requests += 1;
    row.records += request.refs.length;
    row.bytes += request.bytes;
    byEndpoint.set(request.endpoint, row);
  }
  const rows = [...byEndpoint].map(([endpoint, row]) => {
    const spec = dist.ENDPOINTS[endpoint];
    const lowerBound = spec.itemsKey ? Math.max(Math.ceil(row.records / spec.maxItems), Math.ceil(row.bytes / spec.maxBytes)) : row.records;
    return { endpoint, path: spec.path, ...row, lowerBound, ratePerSecond: spec.ratePerSecond };
  });
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const lowerBound = rows.reduce((sum, row) => sum + row.lowerBound, 0);
  const bulk = rows.filter((row) => dist.ENDPOINTS[row.endpoint].itemsKey);
  const bulkRequests = bulk.reduce((sum, row) => sum + row.requests, 0);
  const bulkLowerBound = bulk.reduce((sum, row) => sum + row.lowerBound, 0);
  return {
    events,
    calls: entries.length,
    bulkRequestsPer1000: Math.round((bulkRequests / events) * 1000 * 100) / 100,
    bulkLowerBoundPer1000: Math.round((bulkLowerBound / events) * 1000 * 100) / 100,
    rejected: plan.rejected.length,
    planMs: Math.round(planMs),
    requests,
    lowerBound,
    requestsPer1000: Math.round((requests / events) * 1000 * 100) / 100,
    lowerBoundPer1000: Math.round((lowerBound / events) * 1000 * 100) / 100,
    ratio: Math.round((requests / lowerBound) * 1000) / 1000,
    byEndpoint: rows,
  };
}
