/**
 * The emulator's public shapes: its options, the in-memory state a test inspects, and the fault
 * injection API. Everything a caller of `startEmulator` can see is declared here.
 */
import type { EndpointName } from '../iterable/endpoints.js';
import type { CommerceItem } from '../iterable/payloads.js';
import type { FailedUpdateKey } from '../iterable/responses.js';

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** When given, only these keys are accepted; otherwise any non-empty key is. */
  apiKeys?: string[];
  /** Requests per second per endpoint (per project, or per API key where the catalogue says so); defaults to the catalogue's; `false` = unlimited. */
  rateLimits?: Partial<Record<EndpointName, number>> | false;
  /** Static lists that exist in the emulated project (default: none, so every listId is invalid). */
  lists?: Array<{ id: number; name?: string }>;
  /**
   * Catalogs that exist in the emulated project (names are case-insensitive). When given, items
   * for any other catalog get Iterable's 404 "Catalog not found"; when omitted, every catalog
   * exists (created on first use).
   */
  catalogs?: string[];
  /**
   * Keys that exist but are disabled (or lack the privilege): refused with 401 "Disabled API key
   * or insufficient privileges", naming the key by an identifier that is not the key.
   */
  disabledApiKeys?: string[];
  /** Emails or userIds that are GDPR-forgotten from the start. */
  forgotten?: string[];
  /** Event names the project blocks (trackBulk reports them in `disallowedEventNames`). */
  disallowedEventNames?: string[];
  /** Milliseconds clock for rate limits and timestamps; default Date.now. */
  clock?: () => number;
  /** Seed of the RNG behind `inject.serverErrors({ rate })`; default 1. */
  seed?: number;
  /** Largest accepted request body in bytes; default MAX_BODY_BYTES (4,000,000). */
  maxBodyBytes?: number;
  /**
   * How an oversized body is refused. Iterable's reply is unconfirmed: 400 `BatchTooLarge` (a code
   * in Iterable's own enum; the default) or 413 with an HTML page (what a proxy in front would send).
   */
  oversizeStatus?: 400 | 413;
  /** Reject bodies carrying keys Iterable does not define (default false: Iterable ignores them). */
  strictBodies?: boolean;
  /** Keep every tracked event in `state.events` (default true; false only counts them, for soak runs). */
  storeEvents?: boolean;
  /** Request-log entries kept: at least the latest this many (oldest trimmed in chunks); default 50,000. */
  maxLoggedRequests?: number;
  /** Called after every reply (the only way the emulator reports anything; it never prints). */
  onRequest?: (entry: RequestLogEntry) => void;
}

/** A push token the emulator registered for a user (registerDeviceToken / registerBrowserToken). */
export interface DeviceRecord {
  token: string;
  platform: string;
  applicationName: string;
  dataFields?: Record<string, unknown>;
}

/** A user profile in the emulator: identifiers, `dataFields`, devices and list memberships. */
export interface EmulatorUser {
  email?: string;
  userId?: string;
  dataFields: Record<string, unknown>;
  devices: DeviceRecord[];
  browserTokens: string[];
  /** `shoppingCartItems`: replaced by updateCart, cleared by trackPurchase. */
  cart: CommerceItem[];
  /** What users/updateSubscriptions last set (list membership lives on the lists). */
  subscriptions: { unsubscribedChannelIds?: number[]; unsubscribedMessageTypeIds?: number[]; subscribedMessageTypeIds?: number[] };
  createdAt: number;
  updatedAt: number;
}

/** A custom event the emulator accepted (events/track or trackBulk). */
export interface StoredEvent {
  /** The caller's id, or one the emulator generated. */
  id: string;
  eventName: string;
  email?: string;
  userId?: string;
  createdAt?: number;
  dataFields?: Record<string, unknown>;
  campaignId?: number;
  templateId?: number;
  via: 'track' | 'trackBulk';
  receivedAt: number;
  /** How many times a later request with the same id replaced this event. */
  updates: number;
}

/** A purchase the emulator accepted (commerce/trackPurchase). */
export interface StoredPurchase {
  id: string;
  email?: string;
  userId?: string;
  items: CommerceItem[];
  total: number;
  createdAt?: number;
  dataFields?: Record<string, unknown>;
  campaignId?: number;
  templateId?: number;
  receivedAt: number;
  updates: number;
}

/** A list of the emulated project: its id, optional name and current members. */
export interface EmulatorList {
  id: number;
  name?: string;
  members: Set<EmulatorUser>;
}

/** A user the emulator deleted (through users/delete or a RudderStack deleteUsers call), kept so tests can check it. */
export interface DeletedUser {
  userId?: string;
  email?: string;
  at: number;
}

/** The faults the emulator can inject (`emulator.inject`): latency, 5xx, a 429 burst, a dropped connection, a malformed reply. */
export type FaultKind = 'latency' | 'serverError' | 'rateLimitBurst' | 'dropConnection' | 'malformedReply';

/** One request the emulator answered (its request log): method, path, status and records. */
export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path without the query string (a key passed as a query parameter never lands here). */
  path: string;
  endpoint?: EndpointName;
  /** HTTP status sent; 0 when the connection was dropped without a reply. */
  status: number;
  /** Request body size in bytes. */
  bytes: number;
  /** Records carried (bulk: items in the body; single: 1; lookups and errors before parsing: 0). */
  records: number;
  fault?: FaultKind;
}

/** Per-endpoint counts of the emulator: requests, records carried, and replies by HTTP status. */
export interface EndpointCounter {
  requests: number;
  records: number;
  byStatus: Record<number, number>;
}

/** The emulator's users, found by email or by userId. */
export interface UserDirectory {
  readonly byEmail: ReadonlyMap<string, EmulatorUser>;
  readonly byUserId: ReadonlyMap<string, EmulatorUser>;
  /** Every live user once (a user known by both identifiers appears once). */
  all(): EmulatorUser[];
  /** The user with this email, else the one with this userId. */
  find(identifier: string): EmulatorUser | undefined;
  readonly size: number;
}

/** The type a user field gets on its first write in Iterable (and the emulator), which later writes must match. */
export type FieldTypeName = 'string' | 'long' | 'double' | 'boolean' | 'object' | 'array';

/** Everything the emulator holds (`emulator.state`): users, events, purchases, lists, counters per endpoint; for assertions in tests. */
export interface EmulatorState {
  users: UserDirectory;
  events: StoredEvent[];
  purchases: StoredPurchase[];
  lists: Map<number, EmulatorList>;
  /** catalog name → item id → item. */
  catalogs: Map<string, Map<string, Record<string, unknown>>>;
  forgotten: Set<string>;
  deletedUsers: DeletedUser[];
  /** User dataField path ("a" or "a.b") → the type its first value fixed. */
  fieldTypes: Map<string, FieldTypeName>;
  requests: RequestLogEntry[];
  counters: Record<EndpointName | 'unmatched', EndpointCounter>;
}

/** Where a fault applies: one endpoint (catalogue name or path) or, when absent, every endpoint. */
export type FaultTarget = EndpointName | `/api/${string}`;

/** Fault injection of a running emulator (`emulator.inject`): make the next requests fail, slow down or refuse records. */
export interface InjectApi {
  /** Delay the next `count` (default 1) matching requests by `ms` before handling them. */
  latency(ms: number, options?: { endpoint?: FaultTarget; count?: number }): void;
  /**
   * The next `count` (default 1) matching requests each fail with `status` (default 500) with
   * probability `rate` (default 1), drawn from the seeded RNG.
   */
  serverErrors(options?: { rate?: number; count?: number; status?: 500 | 502 | 503 | 504; endpoint?: FaultTarget }): void;
  /** The next `count` matching requests get 429 (with `Retry-After` when `retryAfterSeconds` is given). */
  rateLimitBurst(options: { count: number; endpoint?: FaultTarget; retryAfterSeconds?: number }): void;
  /** Destroy the socket of the next `count` matching requests without a reply (after handling them when `afterProcessing`). */
  dropConnections(options: { count: number; endpoint?: FaultTarget; afterProcessing?: boolean }): void;
  /**
   * Answer the next `count` matching requests with a broken body (status default 200): an HTML page,
   * nothing, half the real JSON, or JSON of the wrong shape (`wrongTypes`: counts as strings, no `msg`/`code`).
   */
  malformedReplies(options: {
    count: number;
    kind: 'html' | 'empty' | 'truncated' | 'wrongTypes';
    endpoint?: FaultTarget;
    status?: number;
    afterProcessing?: boolean;
  }): void;
  /**
   * Make records for these identifiers fail `count` times each (default 1): on bulk endpoints they
   * land in `failedUpdates[reason]` (the Emails/UserIds flavour follows the identifier), on single
   * endpoints they get the matching 4xx.
   */
  failRecords(options: { emails?: string[]; userIds?: string[]; reason: FailedUpdateKey; count?: number }): void;
  /** Forget every pending fault. */
  reset(): void;
  /** Faults still armed (for assertions that a fault was consumed). */
  pending(): number;
}

/** A started emulator ({@link startEmulator}): its base `url`, its `state`, fault injection and `close()`. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: no trailing slash, no `/api`. */
  url: string;
  port: number;
  state: EmulatorState;
  inject: InjectApi;
  /** Stops listening, destroys open connections and pending delays; resolves when closed. */
  close(): Promise<void>;
}
