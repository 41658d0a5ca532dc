/**
 * The processor and router routes of the service: full or compacted bodies in, the contract's
 * reply out, API keys kept out of error text, other destination types refused with a 404.
 */
import { isObject } from '../transform/values.js';
import { expandCompacted } from './compacted-request.js';
import { processorTransform } from './processor.js';
import { collectConfigKeys, redactEntryErrors } from './redact-keys.js';
import { routerTransform } from './router.js';
import type { Reply } from './server-reply.js';

const SERVED_TYPE = 'iterable';

/** The 404 for a destination type this service does not transform. */
export function notServed(destType: unknown): Reply {
  return {
    status: 404,
    body: {
      error: `Destination type ${JSON.stringify(destType)} is not served here: this service transforms only Iterable; send other destinations to rudder-transformer`,
    },
  };
}

export function processorRoute(body: unknown, compacted: boolean): Reply | Promise<Reply> {
  let events: unknown[];
  if (compacted) {
    const expanded = expandCompacted(body);
    if (!expanded.ok) return { status: 400, body: { error: expanded.error } };
    events = expanded.events;
  } else if (Array.isArray(body)) {
    events = body;
  } else {
    return { status: 400, body: { error: 'Expected an array of { message, metadata, destination }' } };
  }
  if (events.length <= PROCESSOR_SLICE) return processorReply(processorTransform(events), events);
  return processorInSlices(events);
}

/**
 * Events per synchronous step of a big processor body. Each event's answer depends on that event
 * alone, so slices give exactly the answer of the whole, and the event loop gets a turn between
 * slices (other requests, signals) instead of waiting for the whole body.
 */
export const PROCESSOR_SLICE = 250;

async function processorInSlices(events: unknown[]): Promise<Reply> {
  const output: ReturnType<typeof processorTransform> = [];
  for (let start = 0; start < events.length; start += PROCESSOR_SLICE) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const entry of processorTransform(events.slice(start, start + PROCESSOR_SLICE))) output.push(entry);
  }
  return processorReply(output, events);
}

function processorReply(output: ReturnType<typeof processorTransform>, events: unknown[]): Reply {
  if (output.some((entry) => 'error' in entry)) redactEntryErrors(output, keysOf(events));
  return { status: 200, body: output };
}

export function routerRoute(body: unknown, compacted: boolean): Reply {
  let request: { input: unknown[]; destType?: unknown };
  if (compacted) {
    const expanded = expandCompacted(body);
    if (!expanded.ok) return { status: 400, body: { error: expanded.error } };
    request = { input: expanded.events, destType: expanded.destType };
  } else if (isObject(body) && Array.isArray(body.input)) {
    request = body as { input: unknown[]; destType?: unknown };
  } else {
    return { status: 400, body: { error: 'Expected { input: [{ message, metadata, destination }, ...], destType }' } };
  }
  // rudder-server lower-cases the type; a caller writing ITERABLE means the same destination.
  const { destType } = request;
  if (destType !== undefined && (typeof destType !== 'string' || destType.toLowerCase() !== SERVED_TYPE)) return notServed(destType);
  const result = routerTransform(request);
  if (result.output.some((entry) => 'error' in entry)) redactEntryErrors(result.output, keysOf(request.input));
  return { status: 200, body: result };
}

/** The secrets of every destination in a request, to keep them out of its error messages. */
function keysOf(events: readonly unknown[]): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<unknown>();
  for (const event of events) {
    const destination = isObject(event) ? event.destination : undefined;
    if (!isObject(destination) || seen.has(destination)) continue;
    seen.add(destination);
    collectConfigKeys(destination.Config, keys);
  }
  return keys;
}
