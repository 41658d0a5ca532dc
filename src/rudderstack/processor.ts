/**
 * RudderStack's processor contract (`POST /v0/destinations/iterable`): one response entry per
 * produced request, in input order, or one error entry per failed event. Never throws.
 */
import { TransformationError, type IterableDestinationError } from '../errors.js';
import { transformWith } from '../transform/transform.js';
import { isObject } from '../transform/values.js';
import { configResolver, type ConfigResolver } from './config-cache.js';
import { rudderStackRequest, type RudderStackRequest } from './request.js';
import { processorStatTags } from './stat-tags.js';

export interface ProcessorInput {
  message: unknown;
  metadata?: unknown;
  destination?: { Config?: unknown; ID?: string; [key: string]: unknown };
}

export type ProcessorSuccess = { output: RudderStackRequest & { userId: '' }; metadata: unknown; statusCode: 200 };
export type ProcessorFailure = { metadata: unknown; statusCode: number; error: string; statTags: Record<string, unknown> };
export type ProcessorResponse = ProcessorSuccess | ProcessorFailure;

/**
 * RudderStack's processor transform (`POST /v0/destinations/iterable`): one response per input
 * event, each the request RudderStack would send for it or an error with its status code.
 *
 * @param body - the array of `{ message, metadata, destination }` rudder-server posts
 * @returns one response per event, in order; never throws (a malformed body gives error responses)
 * @example
 * ```ts
 * const [response] = processorTransform([{ message: { type: 'identify', userId: 'u1' }, metadata: { jobId: 1 }, destination: { Config: { apiKey: 'k' } } }]);
 * console.log(response.statusCode); // 200
 * ```
 */
export function processorTransform(body: unknown): ProcessorResponse[] {
  const events: unknown[] = Array.isArray(body) ? body : [];
  const out: ProcessorResponse[] = [];
  // rudder-server sends one Config copy per event: equal Configs are validated once per body.
  const resolve = configResolver();
  for (const event of events) {
    const metadata = isObject(event) ? event.metadata : undefined;
    try {
      for (const response of processOne(event, resolve)) out.push(response);
    } catch (cause) {
      out.push(failure(new TransformationError(cause instanceof Error ? cause.message : String(cause), { cause }), metadata));
    }
  }
  return out;
}

function processOne(event: unknown, resolve: ConfigResolver): ProcessorResponse[] {
  if (!isObject(event)) {
    return [failure(new TransformationError(`Cannot read properties of ${event === null ? 'null' : typeof event} (reading 'message')`), undefined)];
  }
  const { metadata } = event;
  const destination = event.destination;
  if (!isObject(destination)) {
    return [failure(new TransformationError("Cannot read properties of undefined (reading 'Config')"), metadata)];
  }
  const settings = resolve(destination.Config);
  if (!settings.ok) return [failure(settings.error, metadata)];
  const result = transformWith(event.message, settings.settings);
  if (!result.ok) return [failure(result.error, metadata)];
  const out: ProcessorResponse[] = [];
  for (const call of result.calls) {
    // The processor envelope is the request plus `userId: ''`, written last.
    const output = rudderStackRequest(call, settings.settings) as ProcessorSuccess['output'];
    output.userId = '';
    out.push({ output, metadata, statusCode: 200 });
  }
  return out;
}

function failure(error: IterableDestinationError, metadata: unknown): ProcessorFailure {
  return { metadata, statusCode: error.statusCode, error: error.message, statTags: processorStatTags(error, metadata) };
}
