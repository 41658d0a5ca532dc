/**
 * Packing one bucket of transformed events into bulk requests (rudderstack-profile.md §8.4).
 * Pure; reproduces RudderStack's size split exactly, quirks included (§12 items 10, 11).
 */
import { jsonBytesAtMost } from '../util/json-bytes-bound.js';
import { restRequest } from './request.js';
import { routerBase, ROUTER_PATHS } from './router-paths.js';
import type { RouterBatched, TransformedEvent } from './router-types.js';

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** UTF-8 bytes of the record alone: RudderStack ignores the envelope (`{"users":[`, commas). */
function recordBytes(event: TransformedEvent): number {
  return Buffer.byteLength(JSON.stringify(bodyJson(event.message)), 'utf8');
}

function bodyJson(request: Record<string, unknown>): unknown {
  return (request.body as { JSON?: unknown }).JSON;
}

/**
 * True when the records of `chunk` add up to at most `maxBytes`. Usually proven by an upper bound
 * of their JSON size, which builds no text; else worked out with one stringify of them all: the
 * array's text is the records' texts joined by commas inside brackets. Then the running sum never
 * passes the limit and the chunk is one batch. False when it cannot tell (an empty chunk, a record
 * without a JSON body), so the record-by-record split decides.
 */
function fitsWhole(chunk: readonly TransformedEvent[], maxBytes: number): boolean {
  if (chunk.length === 0) return false;
  const bodies: unknown[] = [];
  for (const event of chunk) {
    const body = bodyJson(event.message);
    if (body === undefined || typeof body === 'function' || typeof body === 'symbol') return false;
    bodies.push(body);
  }
  // The array's bound counts its brackets and commas too, so it bounds the records' sum from above.
  if (jsonBytesAtMost(bodies, maxBytes)) return true;
  const recordsBytes = Buffer.byteLength(JSON.stringify(bodies), 'utf8') - 2 - (bodies.length - 1);
  return recordsBytes <= maxBytes;
}

/**
 * Splits a chunk by a running byte sum. An event that pushes the sum over `maxBytes` closes the
 * current batch even when that batch is empty, so an oversize first event yields an empty batch
 * before its own (RudderStack's behaviour, kept on purpose in this profile).
 */
export function splitBySize(chunk: readonly TransformedEvent[], maxBytes: number): TransformedEvent[][] {
  if (fitsWhole(chunk, maxBytes)) return [chunk.slice()];
  const batches: TransformedEvent[][] = [];
  let current: TransformedEvent[] = [];
  let sum = 0;
  for (const event of chunk) {
    const size = recordBytes(event);
    if (sum + size > maxBytes) {
      batches.push(current);
      current = [event];
      sum = size;
    } else {
      current.push(event);
      sum += size;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function configOf(event: TransformedEvent | undefined): Record<string, unknown> {
  return (event?.destination as { Config: Record<string, unknown> }).Config;
}

export type BulkKind = 'users' | 'events';

/**
 * One bulk output per batch. Host, key and destination come from the batch's first event (all
 * events of a group share them unless the group ignores Config, `hasDynamicConfig: false`); an
 * empty batch borrows them from the chunk's first event.
 */
export function bulkOutputs(
  bucket: readonly TransformedEvent[],
  kind: BulkKind,
  limits: { chunkSize: number; maxBytes: number },
  registrations?: ReadonlyMap<unknown, Record<string, unknown>>,
): RouterBatched[] {
  const path = kind === 'users' ? ROUTER_PATHS.bulkUpdate : ROUTER_PATHS.trackBulk;
  const out: RouterBatched[] = [];
  for (const chunk of chunks(bucket, limits.chunkSize)) {
    for (const batch of splitBySize(chunk, limits.maxBytes)) {
      const first = batch[0] ?? chunk[0];
      const config = configOf(first);
      const bulk = restRequest(`${routerBase(config)}${path}`, path, config.apiKey, {
        [kind]: batch.map((event) => bodyJson(event.message)),
      });
      const attached = registrations ? attachedRegistrations(batch, registrations) : [];
      out.push({
        batchedRequest: attached.length > 0 ? [bulk, ...attached] : bulk,
        metadata: batch.map((event) => event.metadata),
        batched: true,
        statusCode: 200,
        destination: first?.destination,
      });
    }
  }
  return out;
}

function attachedRegistrations(
  batch: readonly TransformedEvent[],
  registrations: ReadonlyMap<unknown, Record<string, unknown>>,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const event of batch) {
    const registration = registrations.get(jobIdOf(event.metadata));
    if (registration) out.push(registration);
  }
  return out;
}

export function jobIdOf(metadata: unknown): unknown {
  return metadata !== null && typeof metadata === 'object' ? (metadata as { jobId?: unknown }).jobId : undefined;
}

/**
 * Catalog chunks: no size check, `documents` keyed by catalogId (a repeated id keeps its first
 * position and its last value), endpoint and key from the chunk's first event, whichever catalog
 * the other events named (§12 item 10).
 */
export function catalogOutputs(bucket: readonly TransformedEvent[], chunkSize: number): RouterBatched[] {
  return chunks(bucket, chunkSize).map((chunk) => {
    const first = chunk[0] as TransformedEvent;
    // Keyed by catalog ids from events: no prototype, so an id `__proto__` is a document like any other.
    const documents: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const event of chunk) {
      const { catalogId, update } = (bodyJson(event.message) ?? {}) as { catalogId?: unknown; update?: unknown };
      // An undefined update is dropped by JSON.stringify in RudderStack; leave it out right away.
      if (update === undefined) delete documents[String(catalogId)];
      else documents[String(catalogId)] = update;
    }
    const request = restRequest(
      first.message.endpoint as string,
      first.message.endpointPath as string,
      configOf(first).apiKey,
      { documents, replaceUploadedFieldsOnly: true },
    );
    return {
      batchedRequest: request,
      metadata: chunk.map((event) => event.metadata),
      batched: true,
      statusCode: 200,
      destination: first.destination,
    };
  });
}
