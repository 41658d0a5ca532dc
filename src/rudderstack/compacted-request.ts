/**
 * rudder-server's compacted request format (`X-Content-Format: json+compactedv1`): each event
 * carries only `message` and `metadata`; its destination comes once per request in `destinations`
 * (keyed by `metadata.destinationId`) and its connection in `connections` (keyed
 * `sourceId:destinationId`). The router variant adds `destType`. Expanding it gives the full form,
 * with every event of one destination sharing one destination object, so the processor and the
 * router produce exactly what they produce for the full form and resolve each destination's
 * settings once.
 */
import { isObject } from '../transform/values.js';

export const COMPACTED_FORMAT = 'json+compactedv1';

export type Expanded = { ok: true; events: unknown[]; destType: unknown } | { ok: false; error: string };

const SHAPE = 'Expected a compacted request { input: [{ message, metadata }], destinations: { <destinationId>: destination }, connections: { "<sourceId>:<destinationId>": connection } }';

/** The full-form events of a compacted body (processor or router), or what is wrong with it. */
export function expandCompacted(body: unknown): Expanded {
  if (!isObject(body) || !Array.isArray(body.input)) return { ok: false, error: SHAPE };
  const destinations = body.destinations === undefined ? {} : body.destinations;
  const connections = body.connections === undefined ? {} : body.connections;
  if (!isObject(destinations) || !isObject(connections)) return { ok: false, error: SHAPE };
  const events = (body.input as unknown[]).map((event) => expandEvent(event, destinations, connections));
  return { ok: true, events, destType: body.destType };
}

function expandEvent(event: unknown, destinations: Record<string, unknown>, connections: Record<string, unknown>): unknown {
  // Not an event object: passed on as is, so it fails exactly as it does in the full form.
  if (!isObject(event)) return event;
  const metadata = isObject(event.metadata) ? event.metadata : {};
  const destinationId = String(metadata.destinationId ?? '');
  const connectionKey = `${String(metadata.sourceId ?? '')}:${destinationId}`;
  // Own keys only: an id such as "__proto__" must not find Object.prototype.
  return {
    message: event.message,
    metadata: event.metadata,
    destination: Object.hasOwn(destinations, destinationId) ? destinations[destinationId] : undefined,
    connection: Object.hasOwn(connections, connectionKey) ? connections[connectionKey] : undefined,
  };
}
