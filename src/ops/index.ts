/**
 * The op registry: every Iterable operation is declared once, in one file of this folder, and
 * every table that used to list ops (the endpoint catalogue, the call union, the body schemas, the
 * phases, the bulk grouping, the reply attribution, the "creates a user" set, the router's
 * buckets, the emulator's routes) is derived from `OPS` and `LOOKUPS` below.
 *
 * How to add an op:
 *   1. Write `src/ops/<op-name>.ts`: its body schema (zod) and `defineOp({...})` with its
 *      endpoint(s) (path, method, rate limit, size limits, reply schema, emulator handler name),
 *      `single` or `bulk` (how its calls travel), phase, key, `createsUser`, `subjects`, its own
 *      error codes and its RudderStack router bucket. Copy the closest existing op.
 *   2. Add it to `OPS` here (order = catalogue order).
 *   3. Write the emulator handler(s) it names and export them from src/emulator/handlers/index.ts
 *      (the type of `handler` refuses a name that is not exported there).
 *   4. Add fixtures: transform (fixtures/<dir>/) and planner (fixtures/planner/).
 * test/ops-registry.test.ts checks that the declaration is complete.
 */
import type { z } from 'zod';
import type { CallOfSpec, EndpointDef, ErrorCodesOfSpec, OpSpec } from './define.js';
import { deleteUser } from './delete-user.js';
import { getUser } from './get-user.js';
import { registerBrowserToken } from './register-browser-token.js';
import { registerDeviceToken } from './register-device-token.js';
import { subscribeToList } from './subscribe-to-list.js';
import { trackEvent } from './track-event.js';
import { trackPurchase } from './track-purchase.js';
import { unsubscribeFromList } from './unsubscribe-from-list.js';
import { updateCart } from './update-cart.js';
import { updateEmail } from './update-email.js';
import { updateSubscriptions } from './update-subscriptions.js';
import { updateUser } from './update-user.js';
import { upsertCatalogItem } from './upsert-catalog-item.js';

/** The ops a transform can emit, in catalogue order. */
export const OPS = [
  updateUser,
  trackEvent,
  trackPurchase,
  updateCart,
  updateEmail,
  registerDeviceToken,
  registerBrowserToken,
  subscribeToList,
  unsubscribeFromList,
  upsertCatalogItem,
  updateSubscriptions,
  deleteUser,
] as const;

/** Reads the client makes itself (not emitted by transforms). */
export const LOOKUPS = [getUser] as const;

type AnyOp = (typeof OPS)[number];
/** Every endpoint declaration, with its literals. */
export type RegistryEndpoint = AnyOp['endpoints'][number] | (typeof LOOKUPS)[number]['endpoints'][number];
type AnyEndpoint = RegistryEndpoint;

/** The name of an Iterable operation a transform can produce (`updateUser`, `trackEvent`, …). */
export type CallOp = AnyOp['name'];
/** One Iterable API call as a plain value (see src/transform/types.ts), inferred from the registry. */
export type RegistryCall = { [K in keyof typeof OPS]: CallOfSpec<(typeof OPS)[K]> }[number];
/** The name of one Iterable endpoint of the catalogue (single-record or bulk), a key of `ENDPOINTS`. */
export type EndpointName = AnyEndpoint['name'];
/** The error codes that individual ops declare. */
export type OpErrorCode = ErrorCodesOfSpec<AnyOp>;
/** The emulator handler names the registry uses. */
export type RegistryHandlerName = AnyEndpoint['handler'];

/** The names of the ops a transform emits, in catalogue order. */
export const CALL_OPS = OPS.map((op) => op.name) as unknown as readonly CallOp[];

/** The spec of one op, looser-typed so that generic code can call its hooks with any call. */
export type LooseOpSpec = OpSpec<CallOp, z.ZodType, 'main' | 'token', object, readonly EndpointDef[], Readonly<Record<string, string>>, RegistryCall>;

const OP_BY_NAME: ReadonlyMap<string, LooseOpSpec> = new Map(OPS.map((op) => [op.name, op as unknown as LooseOpSpec]));

export function opSpec(name: CallOp): LooseOpSpec {
  const spec = OP_BY_NAME.get(name);
  if (!spec) throw new RangeError(`Unknown op ${JSON.stringify(name)}`);
  return spec;
}

/** Every endpoint, in catalogue order, with the op (or lookup) it belongs to. */
export const ENDPOINT_DEFS: readonly { readonly def: EndpointDef<EndpointName>; readonly owner: string; readonly op: CallOp | undefined }[] = [
  ...OPS.flatMap((op) => op.endpoints.map((def) => ({ def: def as EndpointDef<EndpointName>, owner: op.name, op: op.name as CallOp }))),
  ...LOOKUPS.flatMap((lookup) => lookup.endpoints.map((def) => ({ def: def as EndpointDef<EndpointName>, owner: lookup.name, op: undefined }))),
];

const ENDPOINT_BY_NAME: ReadonlyMap<string, EndpointDef<EndpointName>> = new Map(ENDPOINT_DEFS.map(({ def }) => [def.name, def]));

export function endpointDef(name: EndpointName): EndpointDef<EndpointName> {
  const def = ENDPOINT_BY_NAME.get(name);
  if (!def) throw new RangeError(`Unknown endpoint ${JSON.stringify(name)}`);
  return def;
}

/** The endpoint a call of `op` travels to when it is not routed per call (its bulk or single endpoint). */
export function defaultEndpoint(op: CallOp): EndpointName {
  const spec = opSpec(op);
  return (spec.bulk?.endpoint ?? spec.single?.endpoint) as EndpointName;
}

/** The single-record body schema of every op. */
export const BODY_SCHEMAS = Object.fromEntries(OPS.map((op) => [op.name, op.body])) as unknown as { readonly [O in AnyOp as O['name']]: O['body'] };

/** Ops after whose success Iterable has the user. */
export const CREATES_USER: ReadonlySet<CallOp> = new Set(OPS.filter((op) => op.createsUser).map((op) => op.name));

/** Endpoints whose 2xx reply reports record by record (attributed to each call of the request). */
export const RECORD_REPLY_ENDPOINTS: ReadonlySet<EndpointName> = new Set(
  ENDPOINT_DEFS.filter(({ def }) => def.recordReplies === true).map(({ def }) => def.name),
);

/** The zod schema a 2xx reply of `endpoint` must match (its declaration's `reply`). */
export function replySchemaOf(endpoint: EndpointName): z.ZodType {
  return endpointDef(endpoint).reply;
}

export type { CallOfSpec, EndpointDef, OpSpec, LookupSpec, OpProblem, ReplyFailureList, KeyRole, Phase, RouterBucket, HttpMethod, EnvelopeContext, EnvelopeFields } from './define.js';
export { PHASE_COUNT, LAST_PROFILE_PHASE, defineOp, defineLookup, callFields } from './define.js';
