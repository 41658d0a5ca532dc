/**
 * The batch planner: calls in, requests out. Pure: no clock, no I/O, input never mutated, the same
 * input always gives the same plan.
 *
 * Calls that Iterable takes in bulk are grouped by everything that must be equal inside one
 * request (host, key, bulk endpoint, list id and the other request-level fields, catalog name) and
 * packed in input order into as few requests as the count and byte limits allow. A group's open
 * request is closed as soon as the next call does not fit, so each call is measured once and the
 * whole plan is O(n). Calls with no bulk endpoint go one per request.
 */
import { InstrumentationError } from '../errors.js';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/endpoints.js';
import { CALL_OPS, endpointDef } from '../ops/index.js';
import type { IterableCall } from '../transform/types.js';
import { envelopeText, fragmentOf, hasFixedShape, shapeContext, shapeOf, type CallShape, type Fragment, type ShapeContext } from './shape.js';
import type { PlanEntry, PlanOptions, PlanResult, PlannedRequest } from './types.js';

interface Member {
  readonly ref: number;
  readonly call: IterableCall;
  readonly fragment: Fragment;
}

interface OpenRequest {
  readonly shape: CallShape;
  /** Position of the first call in the input: requests are ordered by it within a phase. */
  readonly order: number;
  readonly members: Member[];
  bytes: number;
  items: number;
  /** Catalog ids already in this request: a repeated id starts a new request so no update is lost. */
  readonly keys: Set<string>;
}

/**
 * Packs calls into Iterable requests: bulk endpoints by exact body bytes (at most 4,000,000, the
 * envelope included) and a count ceiling, single-record endpoints one per call, in an order that
 * keeps each user's calls in sequence. Pure: no I/O, input never mutated.
 *
 * @param entries - the calls to send, each with its position in the input
 * @param options - the resolved settings and the batch limits
 * @returns the planned requests and the entries that could not be planned
 * @throws never for bad calls (they come back in the result); only for invalid options
 * @example
 * ```ts
 * const { requests } = planRequests(entries, { settings });
 * for (const request of requests) console.log(request.endpoint, request.bytes);
 * ```
 */
export function planRequests(entries: readonly PlanEntry[], options: PlanOptions): PlanResult {
  const ctx = shapeContext(options.settings, options.maxBatchItems ?? DEFAULT_MAX_BATCH_ITEMS, options.maxBatchBytes ?? MAX_BODY_BYTES);
  const open = new Map<string, OpenRequest>();
  const closed: OpenRequest[] = [];
  const rejected: PlanResult['rejected'] = [];

  const shapes = new ShapeCache(ctx);
  entries.forEach(({ ref, call }, order) => {
    const { shape, envelopeBytes } = shapes.of(call);
    if (shape instanceof InstrumentationError) {
      rejected.push({ ref, error: shape });
      return;
    }
    let fragment: Fragment;
    try {
      fragment = fragmentOf(call);
    } catch (cause) {
      rejected.push({ ref, error: new InstrumentationError(`Cannot serialize the ${call.op} body: ${String(cause)}`, { code: 'UNSERIALIZABLE', cause }) });
      return;
    }
    const unsendable = oversize(shape, fragment, envelopeBytes);
    if (unsendable) {
      rejected.push({ ref, error: unsendable });
      return;
    }
    const member = { ref, call, fragment };
    if (!shape.envelope) {
      closed.push({ shape, order, members: [member], bytes: fragment.bytes, items: 1, keys: new Set() });
      return;
    }
    const current = open.get(shape.groupKey);
    if (current && fits(current, fragment)) {
      add(current, member);
      return;
    }
    if (current) closed.push(current);
    const fresh: OpenRequest = { shape, order, members: [], bytes: envelopeBytes, items: 0, keys: new Set() };
    add(fresh, member);
    open.set(shape.groupKey, fresh);
  });

  closed.push(...open.values());
  closed.sort((a, b) => a.shape.phase - b.shape.phase || a.order - b.order);
  return { requests: closed.map((request) => render(request.shape, request.members)), rejected };
}

function oversize(shape: CallShape, fragment: Fragment, envelopeBytes: number): InstrumentationError | undefined {
  if (fragment.items === 0) {
    // A list call with no subscribers would make an empty request, which Iterable rejects.
    return new InstrumentationError(`The ${shape.endpoint} call carries no records (\`subscribers\` is empty)`, {
      code: 'EMPTY_CALL',
      field: 'subscribers',
    });
  }
  const bytes = envelopeBytes + fragment.bytes;
  if (bytes > shape.maxBytes) {
    return new InstrumentationError(
      `The ${shape.endpoint} record is ${bytes} bytes once serialized, over the ${shape.maxBytes}-byte limit of one request`,
      { code: 'BATCH_TOO_LARGE' },
    );
  }
  if (fragment.items > shape.maxItems) {
    return new InstrumentationError(
      `The ${shape.endpoint} call carries ${fragment.items} records, over the ${shape.maxItems}-record limit of one request`,
      { code: 'BATCH_TOO_LARGE' },
    );
  }
  return undefined;
}

function fits(request: OpenRequest, fragment: Fragment): boolean {
  if (fragment.key !== undefined && request.keys.has(fragment.key)) return false;
  const separator = request.members.length > 0 ? 1 : 0;
  return request.items + fragment.items <= request.shape.maxItems && request.bytes + separator + fragment.bytes <= request.shape.maxBytes;
}

function add(request: OpenRequest, member: Member): void {
  request.bytes += (request.members.length > 0 ? 1 : 0) + member.fragment.bytes;
  request.items += member.fragment.items;
  if (member.fragment.key !== undefined) request.keys.add(member.fragment.key);
  request.members.push(member);
}

function render(shape: CallShape, members: readonly Member[]): PlannedRequest {
  const common = {
    endpoint: shape.endpoint,
    method: endpointDef(shape.endpoint).method,
    path: shape.path,
    host: shape.host,
    keyRole: shape.keyRole,
    refs: members.map((m) => m.ref),
    calls: members.map((m) => m.call),
    phase: shape.phase,
  };
  const envelope = shape.envelope;
  if (!envelope) {
    const only = members[0] as Member;
    // A DELETE carries its data in the path and sends no body.
    if (common.method === 'DELETE') return { ...common, body: {}, json: '', bytes: 0 };
    return { ...common, body: only.call.body as Record<string, unknown>, json: only.fragment.text, bytes: only.fragment.bytes };
  }
  const { open, close, bytes: envelopeBytes } = envelopeText(envelope);
  const json = open + members.map((m) => m.fragment.text).join(',') + close;
  let items: unknown;
  if (envelope.itemsAreMap) {
    // A null-prototype map so that an item id such as "__proto__" stays an ordinary key.
    const documents: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const m of members) documents[m.fragment.key as string] = m.fragment.values[0];
    items = documents;
  } else {
    items = members.flatMap((m) => m.fragment.values);
  }
  const bytes = envelopeBytes + members.reduce((sum, m) => sum + m.fragment.bytes, 0) + members.length - 1;
  return { ...common, body: { ...envelope.head, [envelope.itemsKey]: items, ...envelope.tail }, json, bytes };
}

/**
 * A request carrying only some of another request's calls (by index), with the same envelope:
 * what the client sends when it splits a batch Iterable refused, or resends one record alone.
 */
export function subRequest(request: PlannedRequest, indexes: readonly number[]): PlannedRequest {
  if (indexes.length === 0) throw new RangeError('subRequest needs at least one call');
  const ctx: ShapeContext = {
    host: request.host,
    updateOnly: request.body.updateOnly === true,
    maxBatchItems: Number.POSITIVE_INFINITY,
    maxBatchBytes: Number.POSITIVE_INFINITY,
  };
  const members = indexes.map((index): Member => {
    const call = request.calls[index];
    const ref = request.refs[index];
    if (call === undefined || ref === undefined) throw new RangeError(`No call at index ${index} of a ${request.calls.length}-call request`);
    return { ref, call, fragment: fragmentOf(call) };
  });
  const shape = shapeOf(members[0]!.call, ctx);
  if (shape instanceof InstrumentationError) throw shape;
  return render(shape, members);
}

/**
 * Ops whose request shape depends on nothing but the op and the key role: a fixed path, and not
 * merged per list or catalog (derived from the registry, so a new op is classified by its spec).
 */
const FIXED_SHAPE_OPS: ReadonlySet<IterableCall['op']> = new Set(CALL_OPS.filter(hasFixedShape));

/**
 * Shapes and envelope sizes, worked out once per plan for the ops whose shape is fixed (most calls),
 * instead of once per call; list, catalog and deletion calls depend on their body and are not cached.
 */
class ShapeCache {
  private readonly fixed = new Map<string, { shape: CallShape | InstrumentationError; envelopeBytes: number }>();

  constructor(private readonly ctx: ShapeContext) {}

  of(call: IterableCall): { shape: CallShape | InstrumentationError; envelopeBytes: number } {
    if (!FIXED_SHAPE_OPS.has(call.op)) return this.compute(call);
    const key = 'key' in call && call.key === 'token' ? `${call.op}:token` : call.op;
    let found = this.fixed.get(key);
    if (!found) {
      found = this.compute(call);
      this.fixed.set(key, found);
    }
    return found;
  }

  private compute(call: IterableCall): { shape: CallShape | InstrumentationError; envelopeBytes: number } {
    const shape = shapeOf(call, this.ctx);
    const envelopeBytes = !(shape instanceof InstrumentationError) && shape.envelope ? envelopeText(shape.envelope).bytes : 0;
    return { shape, envelopeBytes };
  }
}
