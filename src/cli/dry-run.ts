/**
 * `send --dry-run`: the exact requests the client would make (method, URL, headers, body), planned
 * by the same planner, printed as JSON lines. Nothing is sent. The API key is shown as `***`.
 *
 * Events are planned in chunks of `chunkEvents` (the client also plans what it holds at one time),
 * so a large input runs in bounded memory. Like createDestination, a list call that a later one in
 * the same chunk replaces (client/list-order.ts) is not sent: it is printed as an outcome line
 * {index, status: "delivered", code: "SUPERSEDED", message}. The user lookups of createOnly /
 * existenceCheck "lookup" need the network, so they never appear here.
 */
import type { Writable } from 'node:stream';
import { planRequests } from '../batch/index.js';
import { SUPERSEDED, SUPERSEDED_MESSAGE, supersededListCalls } from '../client/list-order.js';
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
export function requestView(request: PlannedRequest, baseUrl: string | undefined, eventOf: (ref: number) => number = (ref) => ref): Record<string, unknown> {
  const headers: Record<string, string> = { 'Api-Key': MASKED_KEY };
  if (request.method !== 'GET' && request.method !== 'DELETE') headers['Content-Type'] = 'application/json';
  return {
    method: request.method,
    url: `${baseUrl ?? request.host}${request.path}`,
    headers,
    key: request.keyRole === 'token' ? 'registerDeviceOrBrowserApiKey' : 'apiKey',
    events: [...new Set(request.refs.map(eventOf))],
    bytes: request.bytes,
    ...(request.json === '' ? {} : { body: request.body }),
  };
}

type OutcomeLine = { index: number; status: 'rejected' | 'delivered'; code: string; message: string };

export async function dryRun(lines: AsyncIterable<JsonLine>, options: DryRunOptions): Promise<RunTally> {
  const out = lineWriter(options.out);
  const tally = new RunTally();
  // Each call gets its own ref (as in the client), so superseding one list call of an event
  // leaves that event's other calls alone; eventOfRef maps a ref back to the input index.
  let chunk: PlanEntry[] = [];
  let eventOfRef: number[] = [];
  // Per chunk: its requests in send order, then its calls that are not sent, by event index.
  let outcomes: OutcomeLine[] = [];
  const flush = async (): Promise<void> => {
    // What createDestination does before planning: a list call replaced by a later one for the
    // same list and user is settled as delivered (SUPERSEDED) and never sent.
    const replaced = supersededListCalls(chunk);
    for (const ref of [...replaced].sort((a, b) => a - b)) {
      outcomes.push({ index: eventOfRef[ref] as number, status: 'delivered', code: SUPERSEDED, message: SUPERSEDED_MESSAGE });
    }
    const plan = planRequests(replaced.size === 0 ? chunk : chunk.filter((entry) => !replaced.has(entry.ref)), { settings: options.settings });
    const eventOf = (ref: number): number => eventOfRef[ref] as number;
    for (const request of plan.requests) {
      tally.request(request.endpoint, request.refs.length);
      await out.write(JSON.stringify(requestView(request, options.baseUrl, eventOf)));
    }
    const planRejected = new Set<number>();
    for (const { ref, error } of plan.rejected) {
      // An event with several calls is counted once, by its first call the planner refused.
      const index = eventOf(ref);
      if (planRejected.has(index)) continue;
      planRejected.add(index);
      outcomes.push({ index, status: 'rejected', code: error.code, message: error.message });
    }
    chunk = [];
    eventOfRef = [];
    // Stable sort: within one event, superseded lines stay before its rejection.
    outcomes.sort((a, b) => a.index - b.index);
    for (const line of outcomes) {
      if (line.status === 'rejected') tally.outcome({ status: 'rejected', code: line.code });
      await out.write(JSON.stringify(line));
    }
    outcomes = [];
  };
  let events = 0;
  for await (const line of lines) {
    events += 1;
    const result = line.ok ? transformWith(line.value, options.settings) : { ok: false as const, error: line.error };
    tally.event(line.ok ? line.value : undefined);
    if (!result.ok) {
      outcomes.push({ index: line.index, status: 'rejected', code: result.error.code, message: result.error.message });
      continue;
    }
    for (const call of result.calls) {
      chunk.push({ ref: eventOfRef.length, call });
      eventOfRef.push(line.index);
    }
    if (events % options.chunkEvents === 0) await flush();
  }
  if (chunk.length > 0 || outcomes.length > 0) await flush();
  return tally;
}
