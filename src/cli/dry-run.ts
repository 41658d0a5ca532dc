/**
 * `send --dry-run`: the exact requests the client would make (method, URL, headers, body), planned
 * by the same planner, printed as JSON lines. Nothing is sent. The API key is shown as `***`.
 *
 * Events are planned in chunks of `chunkEvents` (the client also plans what it holds at one time),
 * so a large input runs in bounded memory. Like createDestination, a list call that a later one in
 * the same chunk replaces (the flush's select stage) is not sent: it is printed as an outcome line
 * {index, status: "delivered", code: "SUPERSEDED", message}. The user lookups of createOnly /
 * existenceCheck "lookup" need the network, so they never appear here.
 */
import type { Writable } from 'node:stream';
import { rejectedResult, stageFlush, supersededResult } from '../batch/flush-stages.js';
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
    // The same stages createDestination runs: a list call replaced by a later one for the same list
    // and user is settled as delivered (SUPERSEDED) and never sent; the rest is planned.
    const staged = stageFlush(chunk, { settings: options.settings });
    const eventOf = (ref: number): number => eventOfRef[ref] as number;
    const opOf = (ref: number) => (chunk[ref] as PlanEntry).call.op;
    for (const ref of staged.superseded) {
      const result = supersededResult(opOf(ref));
      outcomes.push({ index: eventOf(ref), status: 'delivered', code: result.code as string, message: result.message as string });
    }
    for (const request of staged.requests) {
      tally.request(request.endpoint, request.refs.length);
      await out.write(JSON.stringify(requestView(request, options.baseUrl, eventOf)));
    }
    const planRejected = new Set<number>();
    for (const { ref, error } of staged.rejected) {
      // An event with several calls is counted once, by its first call the planner refused.
      const index = eventOf(ref);
      if (planRejected.has(index)) continue;
      planRejected.add(index);
      const result = rejectedResult(opOf(ref), error);
      outcomes.push({ index, status: 'rejected', code: result.code as string, message: result.message as string });
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
