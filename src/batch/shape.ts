/**
 * Where one call goes: its endpoint, key, phase and, for ops Iterable takes in bulk, the envelope
 * its request shares with the calls it may be merged with. Two calls can share a request exactly
 * when their `groupKey`s are equal.
 */
import { InstrumentationError, describeValue, type ErrorCode } from '../errors.js';
import { MAX_BODY_BYTES, fillPath } from '../iterable/endpoints.js';
import { endpointDef, opSpec, type EndpointName } from '../ops/index.js';
import type { ResolvedSettings } from '../settings.js';
import type { IterableCall } from '../transform/types.js';
import { jsonMembers, utf8Bytes } from './size.js';
import type { KeyRole } from './types.js';

export { PHASE_COUNT, LAST_PROFILE_PHASE } from '../ops/index.js';
export { catalogItemKey } from '../ops/upsert-catalog-item.js';

/** The request-level fields around the records of a bulk request. */
export interface Envelope {
  /** Body key holding the records. */
  readonly itemsKey: string;
  /** Whether the records are an object keyed by item id (catalog `documents`) instead of an array. */
  readonly itemsAreMap: boolean;
  /** Fields written before the records (`listId`), in order. */
  readonly head: Readonly<Record<string, unknown>>;
  /** Fields written after the records (`updateOnly`, `campaignId`…), in order. */
  readonly tail: Readonly<Record<string, unknown>>;
}

export interface CallShape {
  readonly host: string;
  readonly endpoint: EndpointName;
  readonly path: string;
  readonly keyRole: KeyRole;
  readonly phase: number;
  /** Present for bulk ops. */
  readonly envelope?: Envelope;
  readonly groupKey: string;
  readonly maxItems: number;
  readonly maxBytes: number;
}

/** Request-level context shared by every call of one plan. */
export interface ShapeContext {
  readonly host: string;
  /** Iterable's request-level `updateOnly` flag on bulkUpdate (syncMode updateOnly + existenceCheck flag). */
  readonly updateOnly: boolean;
  readonly maxBatchItems: number;
  readonly maxBatchBytes: number;
}

export function shapeContext(settings: ResolvedSettings, maxBatchItems: number, maxBatchBytes: number): ShapeContext {
  return {
    host: settings.host,
    updateOnly: settings.syncMode === 'updateOnly' && settings.existenceCheck === 'flag',
    maxBatchItems,
    maxBatchBytes,
  };
}

/** The shape of a call, or the reason it can never be sent. Everything op-specific comes from its OpSpec. */
export function shapeOf(call: IterableCall, ctx: ShapeContext): CallShape | InstrumentationError {
  const spec = opSpec(call.op);
  const keyRole: KeyRole = spec.key;
  const problem = spec.check?.(call);
  if (problem) return new InstrumentationError(problem.message, { code: problem.code as ErrorCode, ...(problem.field === undefined ? {} : { field: problem.field }) });
  const bulkRule = spec.bulk;
  if (bulkRule) {
    const def = endpointDef(bulkRule.endpoint as EndpointName);
    const path = bulkRule.params ? fillPath(def.path, bulkRule.params(call)) : def.path;
    const fields = bulkRule.envelope?.(call, ctx) ?? {};
    const envelope: Envelope = { itemsKey: def.itemsKey ?? 'items', itemsAreMap: def.itemsAreMap === true, head: fields.head ?? {}, tail: fields.tail ?? {} };
    return bulk(def.name, path, keyRole, spec.phase, ctx, envelope);
  }
  const rule = spec.single as NonNullable<typeof spec.single>;
  const routed = rule.route?.(call);
  const def = endpointDef((routed?.endpoint ?? rule.endpoint) as EndpointName);
  return single(def.name, routed ? fillPath(def.path, routed.params) : def.path, keyRole, spec.phase, ctx);
}

/** Whether the shape of an op's calls depends on nothing but the op and the key role (then it is worked out once per plan). */
export function hasFixedShape(op: IterableCall['op']): boolean {
  const spec = opSpec(op);
  return spec.check === undefined && spec.bulk?.groupKey === undefined && spec.bulk?.params === undefined && spec.single?.route === undefined;
}

function bulk(endpoint: EndpointName, path: string, keyRole: KeyRole, phase: number, ctx: ShapeContext, envelope: Envelope): CallShape {
  const spec = endpointDef(endpoint);
  const specItems = spec.maxItems ?? Number.POSITIVE_INFINITY;
  const specBytes = spec.maxBytes ?? MAX_BODY_BYTES;
  return {
    host: ctx.host,
    endpoint,
    path,
    keyRole,
    phase,
    envelope,
    groupKey: JSON.stringify([ctx.host, keyRole, endpoint, path, envelope.head, envelope.tail]),
    maxItems: Math.min(ctx.maxBatchItems, specItems),
    maxBytes: Math.min(ctx.maxBatchBytes, specBytes),
  };
}

function single(endpoint: EndpointName, path: string, keyRole: KeyRole, phase: number, ctx: ShapeContext): CallShape {
  // Singles are never merged: a unique group key. Their limit is Iterable's body limit, not the batch option.
  return { host: ctx.host, endpoint, path, keyRole, phase, groupKey: '', maxItems: 1, maxBytes: MAX_BODY_BYTES };
}

/** One call's records serialized as they appear inside the envelope (comma-joined), and their count. */
export interface Fragment {
  readonly text: string;
  readonly bytes: number;
  readonly items: number;
  /** The records as values, in the order written. */
  readonly values: readonly unknown[];
  /** For catalog items: the `documents` key. */
  readonly key?: string;
}

/** The records a call contributes to a request: its op's `records` hook, else the body itself. */
export function recordsOf(call: IterableCall): { readonly values: readonly unknown[]; readonly key?: string } {
  const records = opSpec(call.op).bulk?.records;
  return records ? records(call) : { values: [call.body] };
}

export function fragmentOf(call: IterableCall): Fragment {
  const { values, key } = recordsOf(call);
  const parts = key === undefined ? values.map(stringify) : values.map((value) => `${JSON.stringify(key)}:${stringify(value)}`);
  const text = parts.join(',');
  return key === undefined
    ? { text, bytes: utf8Bytes(text), items: values.length, values }
    : { text, bytes: utf8Bytes(text), items: values.length, values, key };
}

function stringify(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${describeValue(value)} has no JSON form`);
  return text;
}

/** The envelope's text before and after the records, and its byte count. */
export function envelopeText(envelope: Envelope): { open: string; close: string; bytes: number } {
  const isMap = envelope.itemsAreMap;
  const head = jsonMembers(envelope.head);
  const tail = jsonMembers(envelope.tail);
  const open = `{${[...head, `${JSON.stringify(envelope.itemsKey)}:${isMap ? '{' : '['}`].join(',')}`;
  const close = `${isMap ? '}' : ']'}${tail.map((member) => `,${member}`).join('')}}`;
  return { open, close, bytes: utf8Bytes(open) + utf8Bytes(close) };
}
