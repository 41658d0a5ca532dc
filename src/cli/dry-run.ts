/**
 * `send --dry-run`: the exact requests the client would make (method, URL, headers, body), planned
 * by the same planner, printed as JSON lines. Nothing is sent. The API key is shown as `***`.
 *
 * Events are planned in chunks of `chunkEvents` (the client also plans what it holds at one time),
 * so a large input runs in bounded memory.
 */
import type { Writable } from 'node:stream';
import { planRequests } from '../batch/index.js';
import type { PlanEntry, PlannedRequest } from '../batch/types.js';
import type { ResolvedSettings } from '../settings.js';
import { transformWith } from '../transform/transform.js';
import type { JsonLine } from './jsonl.js';
import { lineWriter } from './output.js';
import { RunTally } from './tally.js';

export const MASKED_KEY = '***';

export interface DryRunOptions {
  settings: ResolvedSettings;
  /** Replaces the data-centre host, as `send --endpoint` does. */
  baseUrl?: string | undefined;
  chunkEvents: number;
  out: Writable;
}

/** One printed request: the wire request, plus which events (0-based input indexes) it carries. */
export function requestView(request: PlannedRequest, baseUrl: string | undefined): Record<string, unknown> {
  const headers: Record<string, string> = { 'Api-Key': MASKED_KEY };
  if (request.method !== 'GET' && request.method !== 'DELETE') headers['Content-Type'] = 'application/json';
  return {
    method: request.method,
    url: `${baseUrl ?? request.host}${request.path}`,
    headers,
    key: request.keyRole === 'token' ? 'registerDeviceOrBrowserApiKey' : 'apiKey',
    events: [...new Set(request.refs)],
    bytes: request.bytes,
    ...(request.json === '' ? {} : { body: request.body }),
  };
}

export async function dryRun(lines: AsyncIterable<JsonLine>, options: DryRunOptions): Promise<RunTally> {
  const out = lineWriter(options.out);
  const tally = new RunTally();
  let chunk: PlanEntry[] = [];
  // Per chunk: its requests in send order, then its events that cannot be sent, by index.
  let rejected: Array<{ index: number; code: string; message: string }> = [];
  const flush = async (): Promise<void> => {
    const plan = planRequests(chunk, { settings: options.settings });
    chunk = [];
    for (const request of plan.requests) {
      tally.request(request.endpoint, request.refs.length);
      await out.write(JSON.stringify(requestView(request, options.baseUrl)));
    }
    const planRejected = new Set<number>();
    for (const { ref, error } of plan.rejected) {
      // An event with several calls is counted once, by its first call the planner refused.
      if (planRejected.has(ref)) continue;
      planRejected.add(ref);
      rejected.push({ index: ref, code: error.code, message: error.message });
    }
    rejected.sort((a, b) => a.index - b.index);
    for (const line of rejected) {
      tally.outcome({ status: 'rejected', code: line.code });
      await out.write(JSON.stringify({ index: line.index, status: 'rejected', code: line.code, message: line.message }));
    }
    rejected = [];
  };
  let events = 0;
  for await (const line of lines) {
    events += 1;
    const result = line.ok ? transformWith(line.value, options.settings) : { ok: false as const, error: line.error };
    tally.event(line.ok ? line.value : undefined);
    if (!result.ok) {
      rejected.push({ index: line.index, code: result.error.code, message: result.error.message });
      continue;
    }
    for (const call of result.calls) chunk.push({ ref: line.index, call });
    if (events % options.chunkEvents === 0) await flush();
  }
  if (chunk.length > 0 || rejected.length > 0) await flush();
  return tally;
}
