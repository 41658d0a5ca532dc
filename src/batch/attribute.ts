/**
 * Reads a 200 bulk reply record by record. Iterable names failed records by identifier value
 * (email, userId, event name), never by position, so each call of the request is matched against
 * the reply's failure lists:
 *
 * - a reason that depends only on the identifier (malformed email or userId, forgotten user, not
 *   found, disallowed event name) rejects every record carrying that identifier;
 * - a reason that depends on the record's data (`invalidData*`, `conflict*`) rejects the record
 *   when its identifier is unique in the request; when the identifier repeats, the reply cannot
 *   tell which of them failed, so those records are resent singly;
 * - `notFound*` on an unsubscribe means the user is already off the list: delivered;
 * - bulkUpdate's `noOpEmails` / `noOpUserIds` name records accepted that changed nothing:
 *   delivered with code `NO_OP`;
 * - when `failCount` is larger than the failures the reply names, the records that could hide the
 *   extra failures (those with repeated identifiers, or all unnamed ones if none repeat) are resent
 *   singly. A request of one record never asks for a resend: its unexplained failure is a rejection.
 *
 * Pure: the request and the reply are only read.
 */
import { RECORD_REPLY_ENDPOINTS, endpointDef, opSpec, type EndpointName, type ReplyFailureList } from '../ops/index.js';
import type { IterableCall } from '../transform/types.js';
import { recordsOf } from './shape.js';
import type { PlannedRequest, RecordResult } from './types.js';

type Kind = 'email' | 'userId' | 'eventName';

interface FailureSource {
  readonly label: string;
  readonly kind: Kind;
  readonly code: string;
  /** Whether the identifier alone decides the failure (then every record carrying it failed). */
  readonly byIdentifier: boolean;
  /** The list names accepted records (noOp): delivered with `code`, not failures. */
  readonly delivered: boolean;
  /** Iterable failed internally (bulkUpdateSubscriptions' `valid*Failures`): the records are resent alone. */
  readonly retryAlone?: boolean;
  readonly values: readonly string[];
}

/** One record inside the request: a user, an event or one subscriber of a list call. */
interface Item {
  readonly callIndex: number;
  readonly email: string | undefined;
  readonly userId: string | undefined;
  readonly eventName: string | undefined;
  result?: RecordResult;
}

/** Endpoints whose 2xx reply reports record by record (a `BulkResponse`): declared per endpoint in the op registry. */
export const BULK_REPLY_ENDPOINTS: ReadonlySet<string> = RECORD_REPLY_ENDPOINTS;

/**
 * One result per call of `request` (same order as `request.calls`).
 * @param reply the parsed JSON of a 2xx reply to `request`.
 */
export function attributeBulkReply(request: PlannedRequest, reply: unknown): RecordResult[] {
  const delivered: RecordResult = { status: 'delivered' };
  // Catalog uploads are asynchronous (202) and singles answer for their one record: nothing to read.
  if (!BULK_REPLY_ENDPOINTS.has(request.endpoint)) {
    return request.calls.map(() => delivered);
  }
  const def = endpointDef(request.endpoint as EndpointName);
  const parsed = def.reply.safeParse(reply);
  if (!parsed.success || parsed.data === null || typeof parsed.data !== 'object') {
    return settleLoneRecord(request, request.calls.map(() => undefined), 'the reply is not a bulk reply');
  }
  const body = parsed.data as Readonly<Record<string, unknown>>;
  const items = itemsOf(request.calls);
  const index = indexItems(items);
  // Every call of one request has the same op.
  const first = request.calls[0];
  const notFoundIsDone = first !== undefined && opSpec(first.op).bulk?.notFoundIsDone === true;

  let named = 0;
  for (const source of failureSources(body, def.failureLists ?? [])) {
    for (const value of new Set(source.values)) {
      const holders = index[source.kind].get(value) ?? [];
      if (holders.length === 0) continue;
      if (source.delivered) {
        // Accepted without change: not a failure, so not counted against failCount.
        for (const item of holders) item.result ??= { status: 'delivered', code: source.code };
        continue;
      }
      if (notFoundIsDone && source.code === 'NOT_FOUND') {
        // E.g. already off the list: the unsubscribe achieved its aim.
        named += holders.filter((item) => item.result === undefined).length;
        for (const item of holders) item.result ??= { status: 'delivered' };
        continue;
      }
      const message = `${source.label}: ${value}`;
      if (source.retryAlone) {
        for (const item of holders) {
          if (item.result !== undefined) continue;
          named += 1;
          // Alone already: resending would loop, so the failure stands.
          item.result =
            request.calls.length === 1
              ? { status: 'rejected', code: source.code, message: `Iterable could not apply it (${message})` }
              : { status: 'resend-singly', reason: `Iterable could not apply it (${message})` };
        }
      } else if (source.byIdentifier || holders.length === 1) {
        for (const item of holders) {
          if (item.result?.status === 'rejected') continue;
          if (item.result === undefined) named += 1;
          item.result = { status: 'rejected', code: source.code, message };
        }
      } else {
        for (const item of holders) {
          if (item.result !== undefined) continue;
          named += 1;
          item.result = { status: 'resend-singly', reason: `${message} names ${holders.length} records of this request` };
        }
      }
    }
  }

  const failCount = typeof body.failCount === 'number' ? body.failCount : 0;
  if (failCount > named) {
    const open = items.filter((item) => item.result === undefined);
    const repeated = open.filter((item) => isRepeated(item, index));
    const suspects = repeated.length > 0 ? repeated : open;
    const reason = `failCount ${failCount} is more than the ${named} failures the reply names`;
    for (const item of suspects) item.result = { status: 'resend-singly', reason };
  }
  return settleLoneRecord(request, perCall(request.calls.length, items), 'the reply names no reason');
}

/** In a request of one call, "resend singly" becomes a rejection: resending it alone again would loop. */
function settleLoneRecord(request: PlannedRequest, results: (RecordResult | undefined)[], fallback: string): RecordResult[] {
  return results.map((result) => {
    const settled: RecordResult = result ?? { status: 'resend-singly', reason: fallback };
    if (settled.status === 'resend-singly' && request.calls.length === 1) {
      return { status: 'rejected', code: 'RECORD_FAILED', message: `Iterable reported a failure for this record: ${settled.reason}` };
    }
    return settled;
  });
}

function perCall(count: number, items: readonly Item[]): (RecordResult | undefined)[] {
  const results: RecordResult[] = Array.from({ length: count }, (): RecordResult => ({ status: 'delivered' }));
  for (const item of items) {
    const current = results[item.callIndex] as RecordResult;
    const next = item.result ?? { status: 'delivered' };
    if (rank(next) > rank(current)) results[item.callIndex] = next;
  }
  return results;
}

/** Worst first: rejected, resend, delivered with a note, delivered. */
function rank(result: RecordResult): number {
  if (result.status === 'rejected') return 3;
  if (result.status === 'resend-singly') return 2;
  return result.code === undefined ? 0 : 1;
}

/** The failure lists the endpoint declares, as found in the reply (absent and empty lists left out). */
function failureSources(body: Readonly<Record<string, unknown>>, lists: readonly ReplyFailureList[]): FailureSource[] {
  const sources: FailureSource[] = [];
  for (const { list, kind, code, byIdentifier, retryAlone, delivered } of lists) {
    const values = listAt(body, list);
    if (values.length > 0) sources.push({ label: list, kind, code, byIdentifier, delivered: delivered === true, values, ...(retryAlone ? { retryAlone } : {}) });
  }
  return sources;
}

/** The strings at `key` or `parent.key` of a reply (own properties only). */
function listAt(body: Readonly<Record<string, unknown>>, path: string): string[] {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function itemsOf(calls: readonly IterableCall[]): Item[] {
  const items: Item[] = [];
  calls.forEach((call, callIndex) => {
    for (const record of recordsOf(call).values) {
      const r = (record ?? {}) as Record<string, unknown>;
      items.push({ callIndex, email: text(r.email), userId: text(r.userId), eventName: text(r.eventName) });
    }
  });
  return items;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

type ItemIndex = Record<Kind, Map<string, Item[]>>;

function indexItems(items: readonly Item[]): ItemIndex {
  const index: ItemIndex = { email: new Map(), userId: new Map(), eventName: new Map() };
  for (const item of items) {
    for (const kind of ['email', 'userId', 'eventName'] as const) {
      const value = item[kind];
      if (value === undefined) continue;
      const list = index[kind].get(value);
      if (list) list.push(item);
      else index[kind].set(value, [item]);
    }
  }
  return index;
}

function isRepeated(item: Item, index: ItemIndex): boolean {
  return (
    (item.email !== undefined && (index.email.get(item.email)?.length ?? 0) > 1) ||
    (item.userId !== undefined && (index.userId.get(item.userId)?.length ?? 0) > 1)
  );
}
