/**
 * Where one call goes: its endpoint, key, phase and, for ops Iterable takes in bulk, the envelope
 * its request shares with the calls it may be merged with. Two calls can share a request exactly
 * when their `groupKey`s are equal.
 */
import { InstrumentationError, describeValue } from '../errors.js';
import { ENDPOINTS, MAX_BODY_BYTES, fillPath, type EndpointName } from '../iterable/endpoints.js';
import type { ResolvedSettings } from '../settings.js';
import type { IterableCall } from '../transform/types.js';
import { jsonMembers, utf8Bytes } from './size.js';
import type { KeyRole } from './types.js';

/** The request-level fields around the records of a bulk request. */
export interface Envelope {
  /** Body key holding the records. `documents` is an object keyed by item id, the others arrays. */
  readonly itemsKey: 'users' | 'events' | 'subscribers' | 'documents';
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

/** How many phases a plan has, and the last one that changes user profiles (see PlannedRequest.phase). */
export const PHASE_COUNT = 4;
export const LAST_PROFILE_PHASE = 1;

const PHASE: Record<IterableCall['op'], number> = {
  updateUser: 0,
  upsertCatalogItem: 0,
  updateEmail: 1,
  trackEvent: 2,
  trackPurchase: 2,
  updateCart: 2,
  registerDeviceToken: 2,
  registerBrowserToken: 2,
  subscribeToList: 2,
  unsubscribeFromList: 2,
  deleteUser: 3,
};

/** The shape of a call, or the reason it can never be sent. */
export function shapeOf(call: IterableCall, ctx: ShapeContext): CallShape | InstrumentationError {
  const keyRole: KeyRole = 'key' in call && call.key === 'token' ? 'token' : 'main';
  const phase = PHASE[call.op];
  switch (call.op) {
    case 'updateUser':
      return bulk('bulkUpdateUsers', ENDPOINTS.bulkUpdateUsers.path, keyRole, phase, ctx, {
        itemsKey: 'users',
        head: {},
        tail: ctx.updateOnly ? { updateOnly: true } : {},
      });
    case 'trackEvent':
      return bulk('trackBulk', ENDPOINTS.trackBulk.path, keyRole, phase, ctx, { itemsKey: 'events', head: {}, tail: {} });
    case 'subscribeToList': {
      const { listId, updateExistingUsersOnly } = call.body;
      const tail = updateExistingUsersOnly === undefined ? {} : { updateExistingUsersOnly };
      return bulk('subscribeToList', ENDPOINTS.subscribeToList.path, keyRole, phase, ctx, { itemsKey: 'subscribers', head: { listId }, tail });
    }
    case 'unsubscribeFromList': {
      const { listId, campaignId, channelUnsubscribe } = call.body;
      const tail: Record<string, unknown> = {};
      if (campaignId !== undefined) tail.campaignId = campaignId;
      if (channelUnsubscribe !== undefined) tail.channelUnsubscribe = channelUnsubscribe;
      return bulk('unsubscribeFromList', ENDPOINTS.unsubscribeFromList.path, keyRole, phase, ctx, { itemsKey: 'subscribers', head: { listId }, tail });
    }
    case 'upsertCatalogItem': {
      if (typeof call.catalog !== 'string' || call.catalog === '') {
        return new InstrumentationError(`Cannot send a catalog item without a catalog name: got catalog ${describeValue(call.catalog)}`, {
          code: 'MISSING_CATALOG',
          field: 'catalog',
        });
      }
      if (catalogItemKey(call) === undefined) {
        return new InstrumentationError(
          `Cannot send a catalog item without an item id: expected \`catalogId\` to be a string or number, got ${describeValue(call.body.catalogId)}`,
          { code: 'MISSING_CATALOG_ID', field: 'catalogId' },
        );
      }
      const path = fillPath(ENDPOINTS.upsertCatalogItem.path, { catalogName: call.catalog });
      return bulk('upsertCatalogItem', path, keyRole, phase, ctx, { itemsKey: 'documents', head: {}, tail: { replaceUploadedFieldsOnly: true } });
    }
    case 'deleteUser':
      return single('deleteUser', fillPath(ENDPOINTS.deleteUser.path, { userId: call.body.userId }), keyRole, phase, ctx);
    default:
      return single(call.op, ENDPOINTS[call.op].path, keyRole, phase, ctx);
  }
}

function bulk(endpoint: EndpointName, path: string, keyRole: KeyRole, phase: number, ctx: ShapeContext, envelope: Envelope): CallShape {
  const spec = ENDPOINTS[endpoint];
  const specItems = 'maxItems' in spec ? spec.maxItems : Number.POSITIVE_INFINITY;
  const specBytes = 'maxBytes' in spec ? spec.maxBytes : MAX_BODY_BYTES;
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

/** The `documents` key of a catalog item, or undefined when it has no usable id. */
export function catalogItemKey(call: Extract<IterableCall, { op: 'upsertCatalogItem' }>): string | undefined {
  const id = call.body.catalogId;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
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

export function fragmentOf(call: IterableCall): Fragment {
  let values: unknown[];
  let parts: string[];
  let key: string | undefined;
  if (call.op === 'subscribeToList' || call.op === 'unsubscribeFromList') {
    values = call.body.subscribers;
    parts = values.map(stringify);
  } else if (call.op === 'upsertCatalogItem') {
    key = catalogItemKey(call) ?? '';
    values = [call.body.update];
    parts = [`${JSON.stringify(key)}:${stringify(call.body.update)}`];
  } else {
    values = [call.body];
    parts = [stringify(call.body)];
  }
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
  const isMap = envelope.itemsKey === 'documents';
  const head = jsonMembers(envelope.head);
  const tail = jsonMembers(envelope.tail);
  const open = `{${[...head, `${JSON.stringify(envelope.itemsKey)}:${isMap ? '{' : '['}`].join(',')}`;
  const close = `${isMap ? '}' : ']'}${tail.map((member) => `,${member}`).join('')}}`;
  return { open, close, bytes: utf8Bytes(open) + utf8Bytes(close) };
}
