/**
 * The shape of one Iterable op as the registry declares it (`OpSpec`), and `defineOp`, which keeps
 * every literal of a declaration (op name, endpoint names, error codes) so that the call union,
 * the endpoint names and the error codes are inferred from the registry instead of written again.
 *
 * An op is what a transform emits (`{ op, body }`); it is sent through one of its endpoints: a
 * single-record endpoint, or a bulk endpoint that many calls share. Everything the planner, the
 * reply attribution, the sync modes, the RudderStack router and the emulator need to know about
 * the op is a field or a hook here; hooks are pure and only read the call.
 */
import type { z } from 'zod';

export type HttpMethod = 'POST' | 'GET' | 'DELETE';

/** `main` is sent with `apiKey`; `token` with `registerDeviceOrBrowserApiKey`. */
export type KeyRole = 'main' | 'token';

/**
 * Send order within one plan: every request of phase n is answered before phase n + 1 starts.
 * 0 user updates (and catalog items), 1 email changes, 2 events, purchases, carts, tokens,
 * list memberships, 3 user deletions.
 */
export type Phase = 0 | 1 | 2 | 3;
export const PHASE_COUNT = 4;
/** The last phase that changes user profiles (later phases may rely on the users existing). */
export const LAST_PROFILE_PHASE = 1;

/**
 * The name of an emulator handler: an export of src/emulator/handlers/index.ts. The emulator's
 * server checks at compile time that every name the registry uses is exported there, so the
 * registry itself never depends on emulator code.
 */
export type EmulatorHandlerName = string;

/** How RudderStack's router sorts an op's requests (users/update, catalogs, tokens, tracks, the rest). */
export type RouterBucket = 'users' | 'catalog' | 'registration' | 'events' | 'single';

/**
 * One list of a 2xx bulk reply that names failed records by identifier value (Iterable names
 * failures by email, userId or event name, never by position).
 */
export interface ReplyFailureList {
  /** Where the list is in the reply: a key, or `parent.key`. */
  readonly list: string;
  /** Which identifier of a record the list's values are. */
  readonly kind: 'email' | 'userId' | 'eventName';
  /** The outcome code of a record the list names. */
  readonly code: string;
  /** Whether the identifier alone decides the failure (then every record carrying it failed). */
  readonly byIdentifier: boolean;
  /**
   * The list names records that were accepted, with a note rather than a failure (bulkUpdate's
   * `noOpEmails`: accepted, nothing changed). Its records are delivered with `code`.
   */
  readonly delivered?: boolean;
  /** Iterable failed internally for these records: resend each alone (a record already alone is rejected with `code`). */
  readonly retryAlone?: boolean;
}

/** One HTTP endpoint of Iterable. */
export interface EndpointDef<Name extends string = string> {
  /** The catalogue name (`bulkUpdateUsers`): what rate limits, counters, faults and stats are keyed by. */
  readonly name: Name;
  readonly method: HttpMethod;
  /** Path below the data-centre host; `{name}` segments are filled from the call. */
  readonly path: string;
  /** Requests per second Iterable allows for this endpoint. */
  readonly ratePerSecond: number;
  /** Whether Iterable documents the limit (false: our default of 100/s). */
  readonly ratePublished: boolean;
  /** Whether the limit is counted per project (the default) or per API key. */
  readonly rateScope: 'project' | 'apiKey';
  /** The request body (absent when the data travels in the path or the query). */
  readonly body?: z.ZodType;
  /** What a 2xx answer carries (parsed leniently). */
  readonly reply: z.ZodType;
  /** Whether a 2xx reply reports record by record (then it is attributed to each call). */
  readonly recordReplies?: boolean;
  /** For record replies: the lists naming failed records, read in this order. */
  readonly failureLists?: readonly ReplyFailureList[];
  /** For bulk endpoints: the body key holding the records. */
  readonly itemsKey?: string;
  /** For bulk endpoints: whether the records are an object keyed by item id instead of an array. */
  readonly itemsAreMap?: boolean;
  /** For bulk endpoints: the most records one request may carry. */
  readonly maxItems?: number;
  /** For bulk endpoints: the most serialized body bytes (envelope included). */
  readonly maxBytes?: number;
  /** The emulator's handler for this endpoint. */
  readonly handler: EmulatorHandlerName;
}

/** The request-level fields around the records of a bulk request. */
export interface EnvelopeFields {
  /** Fields written before the records (`listId`), in order. */
  readonly head?: Readonly<Record<string, unknown>>;
  /** Fields written after the records (`updateOnly`, `campaignId`…), in order. */
  readonly tail?: Readonly<Record<string, unknown>>;
}

/** What the planner knows of the whole plan when it builds an envelope. */
export interface EnvelopeContext {
  /** Iterable's request-level `updateOnly` flag on bulkUpdate (syncMode updateOnly + existenceCheck flag). */
  readonly updateOnly: boolean;
}

/** How an op's calls travel in the bulk endpoint they share. */
export interface BulkRule<Call, E extends string> {
  readonly endpoint: E;
  /**
   * What else (beyond op and key) two calls must share to travel in one request: the list id,
   * the catalog name. An op without it has one envelope per plan, worked out once.
   */
  readonly groupKey?: (call: Call) => string;
  /** `{name}` segments of the bulk path. */
  readonly params?: (call: Call) => Readonly<Record<string, string>>;
  /** The envelope around the records (may read the call only when the op has a `groupKey`). */
  readonly envelope?: (call: Call, ctx: EnvelopeContext) => EnvelopeFields;
  /** The records the call contributes (a list call: its subscribers; a catalog item: one keyed document). */
  readonly records?: (call: Call) => { readonly values: readonly unknown[]; readonly key?: string };
  /** A record the reply reports as not found achieved its aim (unsubscribing someone who is not on the list). */
  readonly notFoundIsDone?: boolean;
  /** Whether this bulk body asked Iterable not to create unknown users (their "not found" is then a skip). */
  readonly skipsUnknownUsers?: (body: Readonly<Record<string, unknown>>) => boolean;
}

/** How an op's calls travel one per request. */
export interface SingleRule<Call, E extends string> {
  readonly endpoint: E;
  /** Picks the endpoint and fills its `{name}` segments, for ops whose path depends on the call. */
  readonly route?: (call: Call) => { readonly endpoint: E; readonly params: Readonly<Record<string, string>> };
  /**
   * An error reply that still means the call achieved its aim (deleting a user Iterable does not
   * have): the call is then `delivered` with this code and message instead of `rejected`.
   */
  readonly alreadyDone?: (reply: RefusedReply) => { readonly code: string; readonly message: string } | undefined;
}

/** What an error reply said, as far as an op's `alreadyDone` needs it. */
export interface RefusedReply {
  readonly statusCode: number;
  readonly iterableCode: string | undefined;
  readonly iterableMessage: string | undefined;
}

/** Why a call cannot be sent: one of the op's own error codes, a message naming the field and value. */
export interface OpProblem<Code extends string = string> {
  readonly code: Code;
  readonly message: string;
  readonly field?: string;
}

/** A call of an op: `{ op, body }`, `key: 'token'` for token ops, plus the op's own fields. */
export type CallFor<Name extends string, Body extends z.ZodType, Key extends KeyRole, Fields extends object> = Simplify<
  { op: Name } & (Key extends 'token' ? { key: 'token' } : unknown) & Fields & { body: z.infer<Body> }
>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A type-only marker: `fields: callFields<{ catalog: string | null }>()` adds fields to the call type. */
export interface CallFields<Fields extends object> {
  readonly __fields?: Fields;
}
export function callFields<Fields extends object>(): CallFields<Fields> {
  return {};
}

export interface OpSpec<
  Name extends string = string,
  Body extends z.ZodType = z.ZodType,
  Key extends KeyRole = KeyRole,
  Fields extends object = object,
  Endpoints extends readonly EndpointDef[] = readonly EndpointDef[],
  Codes extends Readonly<Record<string, string>> = Readonly<Record<string, string>>,
  Call = CallFor<Name, Body, Key, Fields>,
> {
  readonly name: Name;
  /** One line for docs and `--help`. */
  readonly summary: string;
  /** The schema every single-record body satisfies in the `strict` profile. */
  readonly body: Body;
  readonly key: Key;
  readonly fields?: CallFields<Fields>;
  readonly phase: Phase;
  /** Whether Iterable has the user once a call of this op succeeded. */
  readonly createsUser: boolean;
  /** Every endpoint this op uses. */
  readonly endpoints: Endpoints;
  /** Exactly one of `single` and `bulk`. */
  readonly single?: SingleRule<Call, Endpoints[number]['name']>;
  readonly bulk?: BulkRule<Call, Endpoints[number]['name']>;
  /** Why a call can never be sent (checked by the planner before anything else, which rejects it with this code), or undefined. */
  readonly check?: (call: Call) => OpProblem<Extract<keyof Codes, string>> | undefined;
  /** The records of a call that name a user (what a sync mode looks up), each `{ email?, userId? }`. */
  readonly subjects: (call: Call) => readonly unknown[];
  /**
   * The call with only the subjects whose `keep` is true (same order as `subjects`), for ops whose
   * records can be sent apart (a list call for some of its subscribers). Absent: the call is sent
   * whole or not at all.
   */
  readonly keepSubjects?: (call: Call, keep: readonly boolean[]) => Call;
  /**
   * RudderStack's path for this op below its `…/api/` base, when it differs from the endpoint's
   * (RudderStack writes the catalog name into the path as it is, and names the endpoint `catalogs`).
   */
  readonly rudderStackPath?: (call: Call) => { readonly path: string; readonly endpointPath: string };
  /** The error codes only this op produces, each with what it means (for the README's table). */
  readonly errorCodes: Codes;
  /** The RudderStack router's bucket for this op's requests. */
  readonly routerBucket: RouterBucket;
}

/** Declares an op; the value is returned as is, with every literal kept for the derived types. */
export function defineOp<
  const Name extends string,
  Body extends z.ZodType,
  const Key extends KeyRole,
  const Endpoints extends readonly EndpointDef[],
  const Codes extends Readonly<Record<string, string>>,
  Fields extends object = object,
>(spec: OpSpec<Name, Body, Key, Fields, Endpoints, Codes>): OpSpec<Name, Body, Key, Fields, Endpoints, Codes> {
  return spec;
}

/** A read the client makes itself (never emitted by a transform): the existence lookups. */
export interface LookupSpec<Name extends string = string, Endpoints extends readonly EndpointDef[] = readonly EndpointDef[]> {
  readonly name: Name;
  readonly summary: string;
  readonly endpoints: Endpoints;
}

export function defineLookup<const Name extends string, const Endpoints extends readonly EndpointDef[]>(
  spec: LookupSpec<Name, Endpoints>,
): LookupSpec<Name, Endpoints> {
  return spec;
}

/** The call type of an op spec. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the hooks' parameter types make any other pattern fail to match
export type CallOfSpec<S> = S extends OpSpec<infer N, infer B, infer K, infer F, any, any> ? CallFor<N, B, K, F> : never;

/** The codes an op spec declares. */
export type ErrorCodesOfSpec<S> = S extends { readonly errorCodes: infer C } ? Extract<keyof C, string> : never;
