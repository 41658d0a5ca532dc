/**
 * The emulated project's data, in memory: users (a hybrid project: email and userId both unique),
 * events and purchases (upserted by id), lists, catalogs, field types, the request log and
 * counters. Handlers decide *whether* to write; this class only knows *how*.
 */
import { assignOwn, nullPrototype } from '../guard/index.js';
import { ENDPOINTS, type EndpointName } from '../iterable/endpoints.js';
import type { CommerceItem } from '../iterable/payloads.js';
import type {
  EmulatorList,
  EmulatorState,
  EmulatorUser,
  EndpointCounter,
  RequestLogEntry,
  StoredEvent,
  StoredPurchase,
  UserDirectory,
} from './types.js';

export interface Identity {
  email?: string | undefined;
  userId?: string | undefined;
}

/** Who a request's identity designates. `conflict` names the identifier owned by someone else. */
export type Resolution =
  | { kind: 'found'; user: EmulatorUser }
  | { kind: 'none' }
  | { kind: 'conflict'; field: 'email' | 'userId' };

export interface StoreOptions {
  lists: ReadonlyArray<{ id: number; name?: string }>;
  forgotten: readonly string[];
  storeEvents: boolean;
  maxLoggedRequests: number;
  clock: () => number;
}

class Directory implements UserDirectory {
  readonly byEmail = new Map<string, EmulatorUser>();
  readonly byUserId = new Map<string, EmulatorUser>();
  private readonly live = new Set<EmulatorUser>();

  all(): EmulatorUser[] {
    return [...this.live];
  }
  find(identifier: string): EmulatorUser | undefined {
    return this.byEmail.get(identifier) ?? this.byUserId.get(identifier);
  }
  get size(): number {
    return this.live.size;
  }
  add(user: EmulatorUser): void {
    this.live.add(user);
    if (user.email !== undefined) this.byEmail.set(user.email, user);
    if (user.userId !== undefined) this.byUserId.set(user.userId, user);
  }
  remove(user: EmulatorUser): void {
    this.live.delete(user);
    if (user.email !== undefined && this.byEmail.get(user.email) === user) this.byEmail.delete(user.email);
    if (user.userId !== undefined && this.byUserId.get(user.userId) === user) this.byUserId.delete(user.userId);
  }
  setIdentifier(user: EmulatorUser, field: 'email' | 'userId', value: string): void {
    const index = field === 'email' ? this.byEmail : this.byUserId;
    const old = user[field];
    if (old !== undefined && index.get(old) === user) index.delete(old);
    user[field] = value;
    index.set(value, user);
  }
}

function emptyCounter(): EndpointCounter {
  return { requests: 0, records: 0, byStatus: {} };
}

export class Store {
  readonly state: EmulatorState;
  private readonly directory = new Directory();
  private readonly eventsById = new Map<string, StoredEvent>();
  private readonly purchasesById = new Map<string, StoredPurchase>();
  private generatedIds = 0;

  constructor(private readonly options: StoreOptions) {
    const counters = { unmatched: emptyCounter() } as Record<EndpointName | 'unmatched', EndpointCounter>;
    for (const name of Object.keys(ENDPOINTS) as EndpointName[]) counters[name] = emptyCounter();
    this.state = {
      users: this.directory,
      events: [],
      purchases: [],
      lists: new Map(options.lists.map((list): [number, EmulatorList] => [list.id, { ...list, members: new Set() }])),
      catalogs: new Map(),
      forgotten: new Set(options.forgotten),
      deletedUsers: [],
      fieldTypes: new Map(),
      requests: [],
      counters,
    };
  }

  now(): number {
    return this.options.clock();
  }

  isForgotten(identifier: string | undefined): boolean {
    return identifier !== undefined && this.state.forgotten.has(identifier);
  }

  /** Email wins when both identifiers are given; a userId or email owned by another user is a conflict. */
  resolve(identity: Identity): Resolution {
    const byEmail = identity.email === undefined ? undefined : this.directory.byEmail.get(identity.email);
    const byUserId = identity.userId === undefined ? undefined : this.directory.byUserId.get(identity.userId);
    if (byEmail && byUserId && byEmail !== byUserId) return { kind: 'conflict', field: 'userId' };
    if (byEmail) {
      if (identity.userId !== undefined && byEmail.userId !== undefined && byEmail.userId !== identity.userId) {
        return { kind: 'conflict', field: 'userId' };
      }
      return { kind: 'found', user: byEmail };
    }
    if (byUserId) {
      if (identity.email !== undefined && byUserId.email !== undefined && byUserId.email !== identity.email) {
        return { kind: 'conflict', field: 'email' };
      }
      return { kind: 'found', user: byUserId };
    }
    return { kind: 'none' };
  }

  /** Returns the user `resolve` found (filling in a missing identifier) or a new one. */
  upsertUser(identity: Identity, found: EmulatorUser | undefined): EmulatorUser {
    const now = this.now();
    if (!found) {
      // Keyed by the fields users send: no prototype, so `__proto__` is stored like any other field.
      const user: EmulatorUser = { dataFields: nullPrototype(), devices: [], browserTokens: [], cart: [], subscriptions: {}, createdAt: now, updatedAt: now };
      if (identity.email !== undefined) user.email = identity.email;
      if (identity.userId !== undefined) user.userId = identity.userId;
      this.directory.add(user);
      return user;
    }
    if (identity.email !== undefined && found.email === undefined) this.directory.setIdentifier(found, 'email', identity.email);
    if (identity.userId !== undefined && found.userId === undefined) this.directory.setIdentifier(found, 'userId', identity.userId);
    found.updatedAt = now;
    return found;
  }

  /** Whether `value` is free to become `user`'s identifier (unused, or already theirs). */
  identifierFree(field: 'email' | 'userId', value: string, user: EmulatorUser | undefined): boolean {
    const owner = (field === 'email' ? this.directory.byEmail : this.directory.byUserId).get(value);
    return owner === undefined || owner === user;
  }

  changeIdentifier(user: EmulatorUser, field: 'email' | 'userId', value: string): void {
    this.directory.setIdentifier(user, field, value);
    user.updatedAt = this.now();
  }

  /**
   * Iterable's merge: top-level keys replace (null clears, absent keys stay); with
   * `mergeNestedObjects` a top-level object merges one level deep instead of being replaced.
   */
  mergeDataFields(user: EmulatorUser, fields: Record<string, unknown> | undefined, mergeNestedObjects: boolean): void {
    if (!fields) return;
    for (const [key, value] of Object.entries(fields)) {
      if (value === null) {
        delete user.dataFields[key];
        continue;
      }
      const current = user.dataFields[key];
      user.dataFields[key] = mergeNestedObjects && isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
    }
    user.updatedAt = this.now();
  }

  deleteUsersByUserId(userId: string): number {
    return this.deleteUser(this.directory.byUserId.get(userId));
  }

  deleteUserByEmail(email: string): number {
    return this.deleteUser(this.directory.byEmail.get(email));
  }

  private deleteUser(user: EmulatorUser | undefined): number {
    if (!user) return 0;
    this.directory.remove(user);
    for (const list of this.state.lists.values()) list.members.delete(user);
    this.state.deletedUsers.push({
      ...(user.userId === undefined ? {} : { userId: user.userId }),
      ...(user.email === undefined ? {} : { email: user.email }),
      at: this.now(),
    });
    return 1;
  }

  /** Moves an email and the history recorded under it to `newEmail` (users/updateEmail). */
  migrateEmail(user: EmulatorUser, newEmail: string): void {
    const old = user.email;
    this.changeIdentifier(user, 'email', newEmail);
    if (user.dataFields.email !== undefined) user.dataFields.email = newEmail;
    if (old === undefined) return;
    for (const event of this.state.events) if (event.email === old) event.email = newEmail;
    for (const purchase of this.state.purchases) if (purchase.email === old) purchase.email = newEmail;
  }

  /** Stores an event; an id already seen replaces that event in place. Returns the event id. */
  recordEvent(event: Omit<StoredEvent, 'id' | 'receivedAt' | 'updates'> & { id?: string | undefined }): string {
    const id = event.id ?? this.generateId();
    const stored: StoredEvent = { ...event, id, receivedAt: this.now(), updates: 0 };
    if (!this.options.storeEvents) return id;
    upsert(this.eventsById, this.state.events, stored);
    return id;
  }

  recordPurchase(purchase: Omit<StoredPurchase, 'id' | 'receivedAt' | 'updates'> & { id?: string | undefined }): string {
    const id = purchase.id ?? this.generateId();
    upsert(this.purchasesById, this.state.purchases, { ...purchase, id, receivedAt: this.now(), updates: 0 });
    return id;
  }

  setCart(user: EmulatorUser, items: CommerceItem[]): void {
    user.cart = items;
    user.updatedAt = this.now();
  }

  log(entry: RequestLogEntry): void {
    const counter = this.state.counters[entry.endpoint ?? 'unmatched'];
    counter.requests += 1;
    counter.records += entry.records;
    counter.byStatus[entry.status] = (counter.byStatus[entry.status] ?? 0) + 1;
    const log = this.state.requests;
    log.push(entry);
    // Trim in chunks: splicing one entry per request would make every request O(log size).
    const max = this.options.maxLoggedRequests;
    if (log.length > max + Math.ceil(max / 10)) log.splice(0, log.length - max);
  }

  private generateId(): string {
    this.generatedIds += 1;
    return `emu-${this.generatedIds.toString(16).padStart(8, '0')}`;
  }
}

function upsert<T extends { id: string; updates: number }>(index: Map<string, T>, list: T[], item: T): void {
  const existing = index.get(item.id);
  if (!existing) {
    index.set(item.id, item);
    list.push(item);
    return;
  }
  const updates = existing.updates + 1;
  for (const key of Object.keys(existing)) delete (existing as Record<string, unknown>)[key];
  // Own data properties only: an item key `__proto__` must not replace the stored object's prototype.
  assignOwn(existing, item);
  existing.updates = updates;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
