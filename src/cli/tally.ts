/**
 * What a run did, counted as it goes: events by type, requests by endpoint and records per
 * request, outcomes by status and code, retries and 429s. Rendered as the summary tables.
 */
import { ENDPOINTS, type EndpointName } from '../iterable/endpoints.js';
import { formatNumber, renderTable } from './table.js';

const ECOMMERCE_TRACKS = new Set(['order completed', 'product added', 'product removed']);

/** The row an event counts under: its type, e-commerce tracks by name, oddities by what is wrong. */
export function eventKind(event: unknown): string {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return '(not an object)';
  const { type, event: name } = event as { type?: unknown; event?: unknown };
  if (type === undefined || type === null || type === '') return '(no type)';
  if (typeof type !== 'string') return '(type not a string)';
  const lower = type.toLowerCase();
  if (lower === 'track' && typeof name === 'string' && ECOMMERCE_TRACKS.has(name.toLowerCase())) return `track: ${name}`;
  return lower;
}

export interface OutcomeLike {
  status: 'delivered' | 'rejected' | 'failed';
  code?: string | undefined;
}

export interface RequestCount {
  requests: number;
  /** Records carried by those requests (the client's recordsByEndpoint, or the emulator's count). */
  records: number;
}

export class RunTally {
  readonly events = new Map<string, number>();
  readonly requests = new Map<string, RequestCount>();
  readonly outcomes = new Map<string, number>();
  readonly byStatus = { delivered: 0, rejected: 0, failed: 0 };
  retries = 0;
  rateLimited = 0;
  /** Mean records per request over every endpoint, when known. */
  recordsPerRequest: number | undefined;
  elapsedMs = 0;
  peakRssBytes = 0;

  get done(): number {
    return this.byStatus.delivered + this.byStatus.rejected + this.byStatus.failed;
  }

  event(event: unknown): void {
    const kind = eventKind(event);
    this.events.set(kind, (this.events.get(kind) ?? 0) + 1);
  }

  outcome(outcome: OutcomeLike): void {
    this.byStatus[outcome.status] += 1;
    const key = outcome.status === 'delivered' ? 'delivered' : `${outcome.status}\t${outcome.code ?? '(no code)'}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }

  request(endpoint: string, records: number): void {
    const count = this.requests.get(endpoint) ?? { requests: 0, records: 0 };
    count.requests += 1;
    count.records += records;
    this.requests.set(endpoint, count);
  }

  /** Mean records per request from the per-endpoint counts (undefined before any request). */
  meanRecords(): number | undefined {
    let requests = 0;
    let records = 0;
    for (const count of this.requests.values()) {
      requests += count.requests;
      records += count.records;
    }
    return requests === 0 ? undefined : records / requests;
  }

  toJSON(): Record<string, unknown> {
    return {
      events: Object.fromEntries(this.events),
      requests: Object.fromEntries(this.requests),
      recordsPerRequest: this.recordsPerRequest ?? this.meanRecords(),
      outcomes: { ...this.byStatus, byCode: Object.fromEntries([...this.outcomes].filter(([key]) => key !== 'delivered').map(([key, n]) => [key.replace('\t', ':'), n])) },
      retries: this.retries,
      rateLimited: this.rateLimited,
      elapsedMs: Math.round(this.elapsedMs),
      peakRssBytes: this.peakRssBytes,
    };
  }
}

/** `users/bulkUpdate` rather than `bulkUpdateUsers`: the path is what people know. */
export function endpointLabel(endpoint: string): string {
  const spec = (ENDPOINTS as Record<string, { path: string } | undefined>)[endpoint as EndpointName];
  return spec ? spec.path.replace(/^\/api\//, '') : endpoint;
}

/** `live: false` (dry runs) leaves out what only sending measures: retries, 429s, time, memory. */
export function renderSummary(tally: RunTally, { title = 'summary', live = true }: { title?: string; live?: boolean } = {}): string {
  const sections: string[] = [];
  const total = [...tally.events.values()].reduce((sum, n) => sum + n, 0);
  sections.push(
    renderTable({
      title: `${title}: ${formatNumber(total)} events`,
      headers: ['events by type', 'count'],
      rows: [...tally.events].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => [kind, n]),
    }),
  );
  const requestRows = [...tally.requests]
    .sort(([a], [b]) => endpointLabel(a).localeCompare(endpointLabel(b)))
    .map(([endpoint, c]) => [
      endpointLabel(endpoint),
      c.requests,
      c.records,
      (c.requests ? c.records / c.requests : 0).toFixed(1),
    ]);
  const allRequests = [...tally.requests.values()].reduce((sum, c) => sum + c.requests, 0);
  const mean = tally.recordsPerRequest ?? tally.meanRecords();
  const perRequest = mean === undefined ? '' : `, ${mean.toFixed(1)} records per request`;
  sections.push(
    renderTable({ title: `requests: ${formatNumber(allRequests)}${perRequest}`, headers: ['endpoint', 'requests', 'records', 'records/request'], rows: requestRows }),
  );
  sections.push(
    renderTable({
      title: 'outcomes',
      headers: ['status', 'code', 'events'],
      rows: [...tally.outcomes]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, n]) => {
          const [status = '', code = ''] = key.split('\t');
          return [status, code, n];
        }),
    }),
  );
  const rss = tally.peakRssBytes ? ` · peak RSS ${formatNumber(tally.peakRssBytes / 1048576)} MB` : '';
  if (live) sections.push(`retries ${formatNumber(tally.retries)} · 429s ${formatNumber(tally.rateLimited)} · elapsed ${(tally.elapsedMs / 1000).toFixed(1)} s${rss}`);
  return `${sections.join('\n\n')}\n`;
}
